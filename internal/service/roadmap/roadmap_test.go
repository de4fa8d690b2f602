package roadmap_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
	"github.com/oss-dev/oss-dev/internal/service/roadmap"
)

var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func days(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }

func svc(t *testing.T, s *githubtest.Server, authed bool, cacheDir string) *discovery.Service {
	t.Helper()
	hc := &http.Client{Timeout: 5 * time.Second}
	if authed {
		hc = githubtest.AuthorizedClient()
	}
	c, err := github.New(hc, github.Options{APIURL: s.APIURL(), Anonymous: !authed})
	if err != nil {
		t.Fatal(err)
	}
	var cache *github.GraphQLCache
	if cacheDir != "" {
		cache = &github.GraphQLCache{Dir: cacheDir, TTL: time.Minute}
	}
	src := github.NewDiscoverer(c, cache)
	d := discovery.New(src)
	d.Now = func() time.Time { return now }
	return d
}

func issue(n int, title string, labels ...string) *githubtest.WIssue {
	return &githubtest.WIssue{Number: n, Title: title, Body: "See README.md; it should say `go install`.", Labels: labels,
		CreatedAt: days(10), UpdatedAt: days(1)}
}

func world() *githubtest.World {
	repo := &githubtest.WRepo{Owner: "acme", Name: "tool", Language: "Go", PushedAt: days(1), License: "MIT",
		Files: []string{"CONTRIBUTING.md"}, Commits: []time.Time{days(1)},
		Issues: []*githubtest.WIssue{
			issue(1, "Document the config file", "documentation"),
			issue(2, "Fix the install command", "good first issue"),
			issue(3, "Speed up startup", "help wanted"),
			issue(4, "Add a --quiet flag", "enhancement"),
		}}
	return &githubtest.World{Repos: []*githubtest.WRepo{repo},
		Viewer: githubtest.WUser{Login: "me", RepoLanguages: []string{"Go", "Go", "Python"},
			PullRepos: []string{"acme/tool", "x/y"}, Merged: []bool{true, false}}}
}

// workflows writes one workflow in each status into a repository root.
func workflows(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	st := state.Open(root, stateDir())
	for _, w := range []struct {
		id      string
		phase   workflow.Phase
		updated time.Time
	}{
		{"done", workflow.Complete, days(20)},
		{"stuck", workflow.Blocked, days(50)},
		{"left", workflow.Planning, days(40)},
		{"busy", workflow.Implementation, days(1)},
	} {
		s := workflow.New(w.id, root, "https://github.com/acme/tool/issues/9", 9, w.updated)
		s.Phase = w.phase
		if w.phase == workflow.Blocked {
			s.BlockedFrom, s.BlockReason = workflow.Planning, "tests fail on main"
		}
		if err := st.Create(context.Background(), &s); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestRoadmapLoggedIn(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // no workflow index
	s := githubtest.NewServer(t)
	s.ServeWorld(world())
	cache := t.TempDir()
	deps := roadmap.Deps{StateDir: stateDir(), Discovery: svc(t, s, true, cache), RepoRoot: workflows(t),
		Profile: discovery.Profile{Languages: []string{"go"}, Interests: []string{"cli"}}, Now: func() time.Time { return now }}
	rm, err := roadmap.Build(context.Background(), deps)
	if err != nil {
		t.Fatal(err)
	}
	h := rm.History
	if h.Completed != 1 || h.Blocked != 1 || h.Abandoned != 1 || h.InProgress != 1 || h.MergedPRs != 1 || h.OpenPRs != 1 ||
		!strings.Contains(h.Scope, "the current repository") {
		t.Errorf("history = %+v", h)
	}
	// Go from config, two repositories and one pull request; Python from one repository.
	if len(rm.Skills.Languages) != 2 || rm.Skills.Languages[0].Name != "go" || len(rm.Skills.Languages[0].Sources) != 3 ||
		rm.Skills.Languages[1].Name != "Python" || rm.Skills.Login != "me" {
		t.Errorf("skills = %+v", rm.Skills)
	}
	// One completed workflow and one merged pull request: step 2.
	if rm.Progress.Contributions != 2 || rm.Progress.Level != 2 || rm.Progress.Next != "1 more contribution reaches step 3" {
		t.Errorf("progress = %+v", rm.Progress)
	}
	wantStatus := []string{"done", "current", "next", "next"}
	wantPick := []int{1, 2, 3, 4}
	for i, st := range rm.Steps {
		if st.Status != wantStatus[i] || len(st.Picks) != 1 || st.Picks[0].Number != wantPick[i] {
			t.Errorf("step %d = %+v", i+1, st)
		}
	}
	if !strings.Contains(rm.Steps[0].Queries[0], "label:documentation,docs,tests,testing") {
		t.Errorf("docs query = %v", rm.Steps[0].Queries)
	}
	// Two requests for the user's activity, one search per step for the
	// two languages (go, Python).
	if rm.Fetch.Requests != 2+4*2 {
		t.Errorf("requests = %d, want 10", rm.Fetch.Requests)
	}
	again, err := roadmap.Build(context.Background(), deps)
	if err != nil {
		t.Fatal(err)
	}
	if again.Fetch.Requests != 0 || !again.Fetch.Cached {
		t.Errorf("repeat fetch = %+v", again.Fetch)
	}
}

func TestRoadmapWithoutAToken(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // no workflow index
	s := githubtest.NewServer(t)
	s.AddIssue("acme", "tool", githubtest.Issue{Number: 2, Title: "Fix the install command", Labels: []string{"good first issue"}})
	repo := s.AddRepo(githubtest.Repo{Owner: "acme", Name: "tool", Language: "Go"})
	repo["pushed_at"] = days(1).Format(time.RFC3339)
	s.Handle("repos/get-community-profile-metrics", githubtest.Reply(http.StatusNotFound, githubtest.ErrorBody("Not Found")))
	s.Handle("repos/list-commits", githubtest.Reply(http.StatusOK, []any{}))
	s.Handle("repos/get-content", githubtest.Reply(http.StatusNotFound, githubtest.ErrorBody("Not Found")))
	s.Handle("issues/list-events-for-timeline", githubtest.Reply(http.StatusOK, []any{}))
	// One completed workflow makes good first issues the current step.
	root := t.TempDir()
	done := workflow.New("done", root, "", 0, days(3))
	done.Phase = workflow.Complete
	if err := state.Open(root, stateDir()).Create(context.Background(), &done); err != nil {
		t.Fatal(err)
	}
	rm, err := roadmap.Build(context.Background(), roadmap.Deps{StateDir: stateDir(), Discovery: svc(t, s, false, ""), Profile: discovery.Profile{Languages: []string{"Go"}},
		RepoRoot: root, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if rm.Progress.Level != 2 || len(rm.Notes) == 0 || !strings.Contains(rm.Notes[0], "not logged in") {
		t.Errorf("roadmap = %+v", rm)
	}
	// Only the current step searched: 1 search, 4 for the repository, 2 for the issue.
	if rm.Fetch.Requests != 7 || rm.Fetch.Via != "rest" {
		t.Errorf("fetch = %+v", rm.Fetch)
	}
	if len(rm.Steps[1].Picks) != 1 {
		t.Errorf("current step = %+v", rm.Steps[1])
	}
	for _, st := range []roadmap.Step{rm.Steps[0], rm.Steps[2], rm.Steps[3]} {
		if len(st.Picks) != 0 || st.Note == "" {
			t.Errorf("step %d = %+v", st.Level, st)
		}
	}
}

func TestRoadmapOffline(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // no workflow index
	rm, err := roadmap.Build(context.Background(), roadmap.Deps{StateDir: stateDir(), RepoRoot: workflows(t), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if len(rm.Steps) != 4 || rm.Steps[0].Status != "done" || rm.Steps[1].Status != "current" || len(rm.Steps[1].Queries) != 1 {
		t.Errorf("steps = %+v", rm.Steps)
	}
	if rm.Fetch.Requests != 0 || len(rm.Notes) < 2 || !strings.Contains(rm.History.Scope, "the current repository") {
		t.Errorf("fetch %+v notes %v", rm.Fetch, rm.Notes)
	}
}
