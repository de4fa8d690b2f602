package analyze

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
)

func TestRemoteHealth(t *testing.T) {
	s := githubtest.NewServer(t)
	now := time.Now()
	s.ServeWorld(&githubtest.World{Repos: []*githubtest.WRepo{{Owner: "acme", Name: "tool", PushedAt: now, License: "MIT",
		Files: []string{"CONTRIBUTING.md", ".github/workflows/ci.yml"}, Commits: []time.Time{now}}}})
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}}
	f.Discovery = func() (*discovery.Service, error) {
		c, err := github.New(githubtest.AuthorizedClient(), github.Options{APIURL: s.APIURL()})
		if err != nil {
			return nil, err
		}
		return discovery.New(github.NewDiscoverer(c, nil)), nil
	}
	get := remoteHealth(f)
	remote := analysis.RepoTarget{URL: "https://github.com/acme/tool.git", Host: "github.com", Owner: "acme", Name: "tool"}
	h, warning := healthFor(context.Background(), get, remote)
	if h == nil || warning != nil || h.Score == 0 || len(h.Signals) != 8 {
		t.Fatalf("health %+v warning %+v", h, warning)
	}
	var buf bytes.Buffer
	printHealth(&buf, h)
	for _, want := range []string{"\nHealth: ", "license          MIT", "ci               1 workflow files", "10/10"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("section lacks %q:\n%s", want, buf.String())
		}
	}
	raw, err := json.Marshal(reportWithHealth{RepoReport: &analysis.RepoReport{}, Health: h})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil || doc["health"] == nil || len(doc) < 3 {
		t.Errorf("json keys = %v (%v)", doc, err)
	}

	// A local tree, another host or no provider: no section and no warning.
	for _, tgt := range []analysis.RepoTarget{{Local: "/tmp/x"}, {Host: "gitlab.com", Owner: "a", Name: "b"}} {
		if h, w := healthFor(context.Background(), get, tgt); h != nil || w != nil {
			t.Errorf("%+v: %v %+v", tgt, h, w)
		}
	}
	if h, w := healthFor(context.Background(), nil, remote); h != nil || w != nil {
		t.Errorf("no provider: %v %+v", h, w)
	}
	// A repository GitHub does not have: a warning, not a failure.
	missing := analysis.RepoTarget{Host: "github.com", Owner: "no", Name: "such"}
	if h, w := healthFor(context.Background(), get, missing); h != nil || w == nil || w.Severity != diag.Warning || w.Code != codeNoHealth || !strings.Contains(w.Summary, "repository health could not be read") {
		t.Errorf("missing: %v %+v", h, w)
	}
}
