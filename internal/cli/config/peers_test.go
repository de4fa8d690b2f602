package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// peerLine is a command from a peer tool's command-safety tests with the
// peer's verdict.
type peerLine struct {
	line     int
	label    string
	peer     string
	dirty    bool
	disputed bool
	command  string
}

func readPeerCorpus(t *testing.T) []peerLine {
	t.Helper()
	var out []peerLine
	for _, l := range sharedtest.ReadCorpus(t, filepath.Join("..", "..", "core", "approval", "testdata", "peers.txt")) {
		p := peerLine{line: l.N, label: l.Fields[0], peer: l.Fields[1], command: strings.ReplaceAll(l.Command, "⏎", "\n")}
		for _, m := range l.Fields[2:] {
			p.dirty = p.dirty || m == "dirty"
			p.disputed = p.disputed || m == "disputed"
		}
		out = append(out, p)
	}
	return out
}

// TestPeerCorpus judges the commands of peer tools' command-safety tests
// the way `config rules check` does: what a peer refuses is approved
// neither under on_request (the default) nor under auto, what a peer asks
// for is not approved under on_request, and at least 90% of what a peer
// approves is approved under on_request. Lines marked disputed are where
// the classifier disagrees with the peer, each with its reason in the
// corpus; they are counted, not required.
func TestPeerCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds git repositories")
	}
	corpus := readPeerCorpus(t)
	decide := map[bool]map[config.Policy]func(string, bool) approval.Decision{}
	for _, dirty := range []bool{false, true} {
		repo := newRuleRepo(t, dirty)
		svc := rulesFor(repo.root, repo.vars)
		decide[dirty] = map[config.Policy]func(string, bool) approval.Decision{}
		for _, p := range []config.Policy{config.PolicyOnRequest, config.PolicyAuto} {
			decide[dirty][p] = checkDecision(t, svc, repo.root, p)
		}
	}
	count := map[string]int{}
	for _, c := range corpus {
		count[c.label]++
		if c.disputed {
			count[c.label+" disputed"]++
		}
		switch c.label {
		case "safe":
			if decide[false][config.PolicyOnRequest](c.command, false).Approved {
				count["safe approved"]++
			} else {
				t.Logf("line %d (%s): %q is not approved: %s", c.line, c.peer, c.command, decide[false][config.PolicyOnRequest](c.command, false).Reason)
			}
		case "dangerous":
			for _, p := range []config.Policy{config.PolicyOnRequest, config.PolicyAuto} {
				for _, dirty := range []bool{c.dirty, true} {
					if d := decide[dirty][p](c.command, false); d.Approved {
						count["dangerous approved under "+string(p)]++
						if !c.disputed {
							t.Errorf("line %d (%s): %q is approved under %s: %s", c.line, c.peer, c.command, p, d.Reason)
						}
						break
					}
				}
			}
		case "unsafe":
			d := decide[false][config.PolicyOnRequest](c.command, false)
			if d.Outcome == approval.Reject {
				count["unsafe refused"]++
			}
			if d.Approved {
				count["unsafe approved"]++
				if !c.disputed {
					t.Errorf("line %d (%s): %q is approved under on_request: %s", c.line, c.peer, c.command, d.Reason)
				}
			}
		default:
			t.Fatalf("line %d: unknown label %q", c.line, c.label)
		}
	}
	if count["safe approved"]*10 < count["safe"]*9 {
		t.Errorf("%d of %d safe commands approved under on_request; at least 90%% must be", count["safe approved"], count["safe"])
	}
	t.Logf("safe: %d of %d approved under on_request", count["safe approved"], count["safe"])
	t.Logf("dangerous: %d (%d disputed); approved under on_request %d, under auto %d",
		count["dangerous"], count["dangerous disputed"], count["dangerous approved under on_request"], count["dangerous approved under auto"])
	t.Logf("unsafe: %d (%d disputed); approved under on_request %d, refused outright %d",
		count["unsafe"], count["unsafe disputed"], count["unsafe approved"], count["unsafe refused"])
}
