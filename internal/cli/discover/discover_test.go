package discover

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
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
)

// The commands read the real clock, so the world is dated from it.
var now = time.Now().UTC()

func days(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }

type env struct {
	srv *githubtest.Server
	f   *cmdutil.Factory
	out *bytes.Buffer
}

func testWorld() *githubtest.World {
	repo := &githubtest.WRepo{Owner: "acme", Name: "tool", Language: "Go", Topics: []string{"cli"}, Stars: 300, PushedAt: days(1),
		Description: "A command-line tool", License: "MIT", Files: []string{"CONTRIBUTING.md", ".github/workflows/ci.yml"},
		Commits: []time.Time{days(1), days(2), days(3)},
		Issues: []*githubtest.WIssue{
			{Number: 1, Title: "Fix the install command in the README", Body: "It says `go get`; it should say `go install`. File: README.md",
				Labels: []string{"good first issue"}, CreatedAt: days(20), UpdatedAt: days(2)},
			{Number: 2, Title: "Add --quiet", Labels: []string{"good first issue"}, CreatedAt: days(20), UpdatedAt: days(2),
				Comments: []githubtest.WComment{{Author: "dave", Association: "NONE", Body: "Can I work on this?", At: days(2)}}},
		}}
	return &githubtest.World{Repos: []*githubtest.WRepo{repo}}
}

func newEnv(t *testing.T, withCache bool) *env {
	t.Helper()
	s := githubtest.NewServer(t)
	s.ServeWorld(testWorld())
	ios, _, out, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}}
	var cache *github.GraphQLCache
	if withCache {
		cache = &github.GraphQLCache{Dir: t.TempDir(), TTL: config.Default().GitHub.CacheTTL}
	}
	f.Discovery = func() (*discovery.Service, error) {
		c, err := github.New(githubtest.AuthorizedClient(), github.Options{APIURL: s.APIURL()})
		if err != nil {
			return nil, err
		}
		return discovery.New(github.NewDiscoverer(c, cache)), nil
	}
	cfg := config.Default()
	cfg.GitHub.Cache = withCache
	cfg.Profile.Languages = []string{"Go"}
	cfg.Profile.Interests = []string{"cli"}
	f.Config = func() (*config.Config, error) { return &cfg, nil }
	return &env{srv: s, f: f, out: out}
}

func (e *env) run(t *testing.T, args ...string) error {
	t.Helper()
	e.out.Reset()
	root := NewCmdDiscover(e.f)
	pf := root.PersistentFlags()
	pf.BoolVar(&e.f.Output.JSON, "json", false, "")
	pf.StringVar(&e.f.Output.JQ, "jq", "", "")
	pf.BoolVar(&e.f.Output.Debug, "debug", false, "")
	root.SetArgs(args)
	root.SetOut(e.out)
	root.SetErr(e.out)
	root.SilenceErrors, root.SilenceUsage = true, true
	return root.ExecuteContext(context.Background())
}

func TestIssuesFlags(t *testing.T) {
	f := &cmdutil.Factory{IO: iostreams.System(), Output: &cmdutil.Output{}}
	var got *IssuesOptions
	cmd := NewCmdIssues(f, func(o *IssuesOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--good-first", "--help-wanted", "--lang", "go", "--lang", "rust", "-l", "docs", "--topic", "cli",
		"--org", "acme", "--updated-within", "30d", "--limit", "5", "--inactive-days", "90"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	fl := got.filter()
	if !fl.GoodFirst || !fl.HelpWanted || len(fl.Languages) != 2 || fl.Labels[0] != "docs" || fl.Topic != "cli" || fl.Org != "acme" ||
		fl.UpdatedWithin != 30*24*time.Hour || fl.Limit != 5 || fl.InactiveDays != 90 {
		t.Errorf("filter = %+v", fl)
	}
	for _, bad := range [][]string{{"--limit", "0"}, {"--limit", "101"}, {"--updated-within", "soon"}, {"extra"}, {"--inactive-days", "0"}} {
		cmd := NewCmdIssues(f, func(*IssuesOptions) error { return nil })
		cmd.SetArgs(bad)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		if err := cmd.Execute(); !cmdutil.IsUsageError(err) {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
}

func TestDiscoverIssuesText(t *testing.T) {
	e := newEnv(t, true)
	if err := e.run(t, "issues", "--good-first", "--lang", "go", "--debug"); err != nil {
		t.Fatal(err)
	}
	out := e.out.String()
	for _, want := range []string{
		"1. acme/tool#1  Fix the install command in the README  score ",
		"   https://github.com/acme/tool/issues/1\n",
		"   why: suitability ",
		" x 0.5 = ", "health ", "freshness 100 x 0.2 = 20.0",
		`+30 labelled "good first issue"`,
		"license MIT (10/10)",
		"Left out 1 of 2 issues found: 1 claimed.",
		`search: is:issue is:open archived:false no:assignee label:"good first issue" language:go`,
		"GitHub requests: 2 (graphql)\n",
		"left out acme/tool#2 (claimed): Add --quiet — claimed by @dave",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("piped output has colour")
	}
	// The same search again within the freshness window makes no request.
	before := len(e.srv.Requests())
	if err := e.run(t, "issues", "--good-first", "--lang", "go", "--debug"); err != nil {
		t.Fatal(err)
	}
	if len(e.srv.Requests()) != before || !strings.Contains(e.out.String(), "GitHub requests: 0 (graphql, answered from the cache)") {
		t.Errorf("repeat made %d requests:\n%s", len(e.srv.Requests())-before, e.out.String())
	}
}

// TestDiscoverIssuesIncludeClaimed lists the claimed issue after the free
// one, saying who claimed it and on what words; discovery.claim_days
// shorter than the claim's age makes it a lapsed claim instead.
func TestDiscoverIssuesIncludeClaimed(t *testing.T) {
	e := newEnv(t, false)
	if err := e.run(t, "issues", "--good-first", "--lang", "go", "--include-claimed"); err != nil {
		t.Fatal(err)
	}
	out := e.out.String()
	free, taken := strings.Index(out, "acme/tool#1"), strings.Index(out, "acme/tool#2")
	if free < 0 || taken < free {
		t.Fatalf("want #1 (free) before #2 (claimed):\n%s", out)
	}
	if !strings.Contains(out, "   free\n") || !strings.Contains(out, `claimed by @dave on `+days(2).Format("2006-01-02")+` in a comment: "Can I work on this?"`) {
		t.Errorf("claim lines missing:\n%s", out)
	}
	cfg, _ := e.f.Config()
	cfg.Discovery.ClaimDays = 1
	if err := e.run(t, "issues", "--good-first", "--lang", "go"); err != nil {
		t.Fatal(err)
	}
	if out := e.out.String(); !strings.Contains(out, "free: a claim by @dave") || strings.Contains(out, "claimed by @dave in") {
		t.Errorf("with claim_days 1 the claim should have lapsed:\n%s", out)
	}
}

func TestDiscoverIssuesJSON(t *testing.T) {
	e := newEnv(t, false)
	if err := e.run(t, "issues", "--good-first", "--json"); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Results []struct {
			Rank       int     `json:"rank"`
			Repo       string  `json:"repo"`
			Number     int     `json:"number"`
			Score      float64 `json:"score"`
			Components []struct {
				Name   string  `json:"name"`
				Points float64 `json:"points"`
			} `json:"components"`
		} `json:"results"`
		Excluded []struct {
			Rule string `json:"rule"`
		} `json:"excluded"`
		Fetch struct {
			Via      string `json:"via"`
			Requests int    `json:"requests"`
		} `json:"fetch"`
	}
	if err := json.Unmarshal(e.out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, e.out.String())
	}
	if len(rep.Results) != 1 || rep.Results[0].Number != 1 || len(rep.Results[0].Components) != 3 ||
		len(rep.Excluded) != 1 || rep.Excluded[0].Rule != "claimed" || rep.Fetch.Via != "graphql" || rep.Fetch.Requests != 2 {
		t.Errorf("json = %+v", rep)
	}
	// Without a cache, the repeat asks again.
	before := len(e.srv.Requests())
	if err := e.run(t, "issues", "--good-first", "--json"); err != nil {
		t.Fatal(err)
	}
	if len(e.srv.Requests()) == before {
		t.Error("with github.cache off the repeat was served from a cache")
	}
}

func TestDiscoverRepos(t *testing.T) {
	e := newEnv(t, false)
	if err := e.run(t, "repos", "--debug"); err != nil {
		t.Fatal(err)
	}
	out := e.out.String()
	for _, want := range []string{
		"1. acme/tool  Go · 300 stars · 2 good first issues  score ",
		"   A command-line tool\n",
		"fit 100 x 0.4 = 40.0",
		"fit: written in Go, matches your interest cli",
		"no --lang given: searched your profile languages Go",
		"search: archived:false fork:false language:Go",
		"GitHub requests: 2 (graphql)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestNoGitHub(t *testing.T) {
	e := newEnv(t, false)
	e.f.Discovery = nil
	if err := e.run(t, "issues"); !errcode.HasCode(err, errcode.ProviderNotFound) {
		t.Errorf("err = %v", err)
	}
}

func TestProgressOnlyOnATerminalAfterASecond(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	ios.SetStderrTTY(true)
	stop := StartProgress(ios, "Searching")
	stop() // done at once: nothing is shown
	time.Sleep(10 * time.Millisecond)
	if errOut.Len() != 0 {
		t.Errorf("progress shown for quick work: %q", errOut.String())
	}
}
