package roadmap

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
)

func execute(t *testing.T, f *cmdutil.Factory, out *bytes.Buffer, args ...string) error {
	t.Helper()
	out.Reset()
	cmd := NewCmdRoadmap(f, nil)
	cmd.PersistentFlags().BoolVar(&f.Output.JSON, "json", false, "")
	cmd.PersistentFlags().BoolVar(&f.Output.Debug, "debug", false, "")
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(out)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	return cmd.ExecuteContext(context.Background())
}

func factory(t *testing.T) (*cmdutil.Factory, *bytes.Buffer) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	ios, _, out, _ := iostreams.Test()
	cfg := config.Default()
	cfg.Profile.Languages = []string{"Go"}
	cfg.Profile.Interests = []string{"cli"}
	f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}, WorkDir: t.TempDir(),
		Config: func() (*config.Config, error) { return &cfg, nil }}
	return f, out
}

func TestRoadmapOfflineJSON(t *testing.T) {
	f, out := factory(t)
	if err := execute(t, f, out, "--offline", "--json"); err != nil {
		t.Fatal(err)
	}
	var rm struct {
		Skills struct {
			Languages []struct {
				Name    string   `json:"name"`
				Sources []string `json:"sources"`
			} `json:"languages"`
			Interests []string `json:"interests"`
		} `json:"skills"`
		Progress struct {
			Level int `json:"level"`
		} `json:"progress"`
		Steps []struct {
			Name    string   `json:"name"`
			Status  string   `json:"status"`
			Queries []string `json:"queries"`
			Picks   []any    `json:"picks"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(out.Bytes(), &rm); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(rm.Skills.Languages) != 1 || rm.Skills.Languages[0].Name != "Go" || rm.Skills.Interests[0] != "cli" || rm.Progress.Level != 1 {
		t.Errorf("roadmap = %+v", rm)
	}
	if len(rm.Steps) != 4 || rm.Steps[0].Status != "current" || rm.Steps[0].Picks == nil ||
		!strings.Contains(rm.Steps[0].Queries[0], "language:Go") {
		t.Errorf("steps = %+v", rm.Steps)
	}
}

func TestRoadmapText(t *testing.T) {
	s := githubtest.NewServer(t)
	now := time.Now()
	s.ServeWorld(&githubtest.World{
		Repos: []*githubtest.WRepo{{Owner: "acme", Name: "tool", Language: "Go", PushedAt: now, Commits: []time.Time{now},
			Issues: []*githubtest.WIssue{{Number: 1, Title: "Document the config file", Labels: []string{"documentation"}, CreatedAt: now, UpdatedAt: now}}}},
		Viewer: githubtest.WUser{Login: "me", RepoLanguages: []string{"Go"}},
	})
	f, out := factory(t)
	f.Discovery = func() (*discovery.Service, error) {
		c, err := github.New(githubtest.AuthorizedClient(), github.Options{APIURL: s.APIURL()})
		if err != nil {
			return nil, err
		}
		return discovery.New(github.NewDiscoverer(c, nil)), nil
	}
	if err := execute(t, f, out, "--debug"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Skills\n  GitHub: @me\n  Go (1 of your repositories; config profile.languages)\n  interests: cli\n",
		"workflows in none: not inside a git repository",
		"0 contributions: step 1 of 4; 1 more contribution reaches step 2",
		"> 1. Documentation and tests (current): ",
		"     acme/tool#1  Document the config file  score ",
		"       https://github.com/acme/tool/issues/1\n",
		"  4. A first feature (next): ",
		"GitHub requests: 6 (graphql)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
