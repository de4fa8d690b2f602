package config

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/service/rules"
)

var allPolicies = []config.Policy{config.PolicyNever, config.PolicyOnRequest, config.PolicyOnFailure, config.PolicyAuto, config.PolicyYolo}

// readHostileCorpus reads the approval package's attacker corpus: one
// command a line under "# class:" comments, ⏎ standing for a newline.
func readHostileCorpus(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "core", "approval", "testdata", "hostile.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.ReplaceAll(line, "⏎", "\n"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 250 {
		t.Fatalf("the hostile corpus has %d commands", len(out))
	}
	return out
}

// checkDecision is what `config rules check` decides: the manager the
// workflow builds for the repository, under the policy, evaluating the
// request the check builds.
func checkDecision(t *testing.T, svc *rules.Service, dir string, policy config.Policy) func(cmd string, mutating bool) approval.Decision {
	t.Helper()
	m, err := svc.Manager(context.Background(), dir, policy)
	if err != nil {
		t.Fatal(err)
	}
	return func(cmd string, mutating bool) approval.Decision {
		return m.Evaluate(rules.Request(rules.CheckRequest{Shell: cmd, Mutating: mutating}))
	}
}

// TestHostileCorpusIsNeverApproved runs every line of the attacker's
// corpus through the decision `config rules check` shows, under every
// policy, in a clean and a dirty repository, as a command and as a
// change: not one may be approved.
func TestHostileCorpusIsNeverApproved(t *testing.T) {
	if testing.Short() {
		t.Skip("builds git repositories")
	}
	corpus := readHostileCorpus(t)
	approved := 0
	for _, dirty := range []bool{false, true} {
		repo := newRuleRepo(t, dirty)
		svc := rulesFor(repo.root, repo.vars)
		for _, policy := range allPolicies {
			decide := checkDecision(t, svc, repo.root, policy)
			for _, cmd := range corpus {
				for _, mutating := range []bool{false, true} {
					if d := decide(cmd, mutating); d.Approved {
						approved++
						t.Errorf("%s dirty=%v mutating=%v: %q approved by %s: %s", policy, dirty, mutating, cmd, d.DecidedBy, d.Reason)
					}
				}
			}
		}
	}
	t.Logf("%d hostile commands x %d policies x clean and dirty x command and change: %d approved", len(corpus), len(allPolicies), approved)
}
