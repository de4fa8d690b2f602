package github_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	"github.com/oss-dev/oss-dev/internal/provider/transport"
)

var discoNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func days(n int) time.Time { return discoNow.Add(-time.Duration(n) * 24 * time.Hour) }

func TestDiscoveryQueriesValidateAgainstTheSchema(t *testing.T) {
	since := "2026-08-22T00:00:00Z"
	tests := []struct {
		name  string
		query string
		vars  map[string]any
	}{
		{"issues", github.DiscoverIssuesQuery, map[string]any{"q": "is:issue is:open", "first": 50, "after": nil, "since": since}},
		{"repos", github.DiscoverReposQuery, map[string]any{"q": "language:go", "first": 50, "after": "Y3Vyc29y", "since": since}},
		{"activity x3", github.ActivityQuery(3, false), map[string]any{"o0": "a", "n0": "b", "o1": "c", "n1": "d", "o2": "e", "n2": "f"}},
		{"activity with signals", github.ActivityQuery(1, true), map[string]any{"since": since, "o0": "a", "n0": "b"}},
		{"user", github.UserPullRequestsQuery, map[string]any{"q": "is:pr author:octocat"}},
		{"viewer", github.ViewerQuery, map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := githubtest.ValidateGraphQL(t, tt.query, tt.vars); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// world has three repositories: a healthy Go one with four issues (one
// assigned, one with an open linked pull request, one with a claim, one
// free), an archived one and a bare one.
func world() *githubtest.World {
	maint := githubtest.WComment{Author: "maint", Association: "MEMBER", Body: "Thanks, looking", At: days(9)}
	healthy := &githubtest.WRepo{
		Owner: "acme", Name: "tool", Language: "Go", Topics: []string{"cli"}, Stars: 1200, PushedAt: days(1),
		License: "MIT", CodeOfConduct: "Contributor Covenant",
		Files:   []string{"CONTRIBUTING.md", ".github/workflows/ci.yml", ".github/workflows/release.yaml", ".github/workflows/README.md"},
		Commits: []time.Time{days(1), days(5), days(40), days(200)},
		Issues: []*githubtest.WIssue{
			{Number: 1, Title: "Fix typo in README", Labels: []string{"good first issue", "documentation"}, CreatedAt: days(10), UpdatedAt: days(2),
				Comments: []githubtest.WComment{maint}},
			{Number: 2, Title: "Add flag", Labels: []string{"good first issue"}, Assignees: []string{"bob"}, CreatedAt: days(10)},
			{Number: 3, Title: "Crash on empty input", Labels: []string{"help wanted"}, CreatedAt: days(10),
				Linked: []githubtest.WLinked{{Number: 7, State: "CLOSED", Author: "x"}, {Number: 8, State: "OPEN", Author: "carol", Connected: true}}},
			{Number: 4, Title: "Support TOML", Labels: []string{"good first issue"}, CreatedAt: days(10), Locked: true,
				Comments: []githubtest.WComment{{Author: "dave", Association: "NONE", Body: "I'd like to work on this", At: days(3)}}},
		},
		Pulls: []*githubtest.WPull{
			{Number: 10, Author: "new1", AuthorAssociation: "FIRST_TIME_CONTRIBUTOR", CreatedAt: days(20), State: "OPEN",
				Reviews: []githubtest.WComment{{Author: "maint", Association: "MEMBER", At: days(19)}}},
			{Number: 11, Author: "new2", AuthorAssociation: "CONTRIBUTOR", CreatedAt: days(30), State: "MERGED"},
		},
	}
	archived := &githubtest.WRepo{Owner: "old", Name: "lib", Language: "Go", Archived: true, PushedAt: days(900),
		Files: []string{"README.md"}, Issues: []*githubtest.WIssue{{Number: 1, Title: "Old bug", Labels: []string{"good first issue"}, CreatedAt: days(1000)}}}
	bare := &githubtest.WRepo{Owner: "solo", Name: "thing", Language: "Rust", PushedAt: days(3)}
	return &githubtest.World{Repos: []*githubtest.WRepo{healthy, archived, bare}, Viewer: githubtest.WUser{Login: "me"}}
}

func newDiscoverer(t *testing.T, s *githubtest.Server, authed bool, cacheDir string) *github.Discoverer {
	t.Helper()
	var cache *github.GraphQLCache
	if cacheDir != "" {
		cache = &github.GraphQLCache{Dir: cacheDir, TTL: time.Minute}
	}
	return github.NewDiscoverer(newClient(t, s, authed), cache)
}

func TestDiscoverIssuesOverGraphQL(t *testing.T) {
	s := githubtest.NewServer(t)
	s.ServeWorld(world())
	d := newDiscoverer(t, s, true, "")
	got, err := d.DiscoverIssues(context.Background(), model.DiscoverQuery{Query: "is:issue is:open", Limit: 30, Since: days(90), Activity: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Issues) != 5 || got.Total != 5 {
		t.Fatalf("issues = %d (total %d), want 5", len(got.Issues), got.Total)
	}
	byNum := map[string]model.DiscoveredIssue{}
	for _, di := range got.Issues {
		byNum[fmt.Sprintf("%s#%d", di.Issue.Repo, di.Issue.Number)] = di
	}
	if a := byNum["acme/tool#2"].Issue.Assignees; len(a) != 1 || a[0] != "bob" {
		t.Errorf("assignees = %v", a)
	}
	linked := byNum["acme/tool#3"].Issue.LinkedPRs
	if len(linked) != 2 || linked[0].State != "closed" || linked[1].State != "open" || linked[1].Author != "carol" {
		t.Errorf("linked = %+v", linked)
	}
	four := byNum["acme/tool#4"]
	if !four.Issue.Locked || len(four.Comments) != 1 || four.Comments[0].Body != "I'd like to work on this" || !four.Checked {
		t.Errorf("issue 4 = %+v", four)
	}
	if one := byNum["acme/tool#1"].Issue; one.Comments != 1 || len(one.Labels) != 2 || one.UpdatedAt != days(2) {
		t.Errorf("issue 1 = %+v", one)
	}
	r := got.Repos["acme/tool"]
	if r.Stars != 1200 || r.License != "MIT" || r.CodeOfConduct == "" || r.HasContributing == nil || !*r.HasContributing ||
		r.CIWorkflows == nil || *r.CIWorkflows != 2 || r.RecentCommits == nil || *r.RecentCommits != 3 || r.GoodFirstIssues != 3 || r.OpenIssues != 4 {
		t.Errorf("signals = %+v", r)
	}
	if len(r.Activity) != 6 {
		t.Errorf("activity = %+v", r.Activity)
	}
	old := got.Repos["old/lib"]
	if !old.Archived || *old.HasContributing || *old.CIWorkflows != 0 || *old.RecentCommits != 0 {
		t.Errorf("archived = %+v", old)
	}
	// One search page and one activity request for the two repositories.
	if got.Fetch.Requests != 2 || got.Fetch.Via != "graphql" || graphqlCalls(s) != 2 {
		t.Errorf("fetch = %+v, server saw %d", got.Fetch, graphqlCalls(s))
	}
}

func TestDiscoverIssuesPagesAndBoundsRequests(t *testing.T) {
	w := world()
	big := w.Repos[2]
	for i := 1; i <= 130; i++ {
		big.Issues = append(big.Issues, &githubtest.WIssue{Number: i, Title: fmt.Sprintf("Issue %d", i), CreatedAt: days(i)})
	}
	s := githubtest.NewServer(t)
	s.ServeWorld(w)
	d := newDiscoverer(t, s, true, "")
	got, err := d.DiscoverIssues(context.Background(), model.DiscoverQuery{Query: "is:issue", Limit: 120, Since: days(90)})
	if err != nil {
		t.Fatal(err)
	}
	// 120 results in pages of 50, 50 and 20: three requests, no activity asked.
	if len(got.Issues) != 120 || got.Fetch.Requests != 3 {
		t.Errorf("issues %d, requests %d; want 120 in 3", len(got.Issues), got.Fetch.Requests)
	}
	// A limit over the bound reads at most 200 results (4 pages).
	got, err = d.DiscoverIssues(context.Background(), model.DiscoverQuery{Query: "is:issue", Limit: 5000, Since: days(90)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Issues) != 135 || got.Fetch.Requests != 3 {
		t.Errorf("issues %d, requests %d; want all 135 in 3", len(got.Issues), got.Fetch.Requests)
	}
}

func TestDiscoveryCacheServesARepeatWithNoRequest(t *testing.T) {
	s := githubtest.NewServer(t)
	s.ServeWorld(world())
	dir := t.TempDir()
	q := model.DiscoverQuery{Query: "is:issue is:open", Limit: 30, Since: days(90), Activity: true}
	first, err := newDiscoverer(t, s, true, dir).DiscoverIssues(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	before := len(s.Requests())
	// A new Discoverer (a new process) over the same folder.
	again, err := newDiscoverer(t, s, true, dir).DiscoverIssues(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if again.Fetch.Requests != 0 || !again.Fetch.Cached || len(s.Requests()) != before {
		t.Errorf("repeat: fetch %+v, server requests %d -> %d", again.Fetch, before, len(s.Requests()))
	}
	if len(again.Issues) != len(first.Issues) || len(again.Repos["acme/tool"].Activity) != len(first.Repos["acme/tool"].Activity) {
		t.Errorf("cached answer differs")
	}
	// Another query is not served by the cache.
	q.Query = "is:issue label:bug"
	other, err := newDiscoverer(t, s, true, dir).DiscoverIssues(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if other.Fetch.Requests == 0 {
		t.Error("a different query was served from the cache")
	}
}

func TestGraphQLCacheExpires(t *testing.T) {
	s := githubtest.NewServer(t)
	s.ServeWorld(world())
	now := discoNow
	cache := &github.GraphQLCache{Dir: t.TempDir(), TTL: time.Minute, Now: func() time.Time { return now }}
	d := github.NewDiscoverer(newClient(t, s, true), cache)
	q := model.DiscoverQuery{Query: "is:issue", Limit: 10, Since: days(90)}
	for i, step := range []struct {
		advance time.Duration
		want    int
	}{{0, 1}, {30 * time.Second, 0}, {31 * time.Second, 1}} {
		now = now.Add(step.advance)
		got, err := d.DiscoverIssues(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if got.Fetch.Requests != step.want {
			t.Errorf("step %d: %d requests, want %d", i, got.Fetch.Requests, step.want)
		}
	}
}

func TestDiscoverReposAndRepoSignals(t *testing.T) {
	s := githubtest.NewServer(t)
	s.ServeWorld(world())
	d := newDiscoverer(t, s, true, "")
	got, err := d.DiscoverRepos(context.Background(), model.DiscoverQuery{Query: "language:go archived:false", Limit: 10, Since: days(90), Activity: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Repos) != 1 || got.Repos[0].FullName != "acme/tool" || len(got.Repos[0].Activity) == 0 || got.Fetch.Requests != 2 {
		t.Errorf("repos = %+v fetch %+v", got.Repos, got.Fetch)
	}
	sig, info, err := d.RepoSignals(context.Background(), "acme", "tool", days(90))
	if err != nil {
		t.Fatal(err)
	}
	if info.Requests != 1 || sig.FullName != "acme/tool" || *sig.RecentCommits != 3 || len(sig.Activity) != 6 {
		t.Errorf("signals %+v info %+v", sig, info)
	}
	if _, _, err := d.RepoSignals(context.Background(), "no", "such", days(90)); !errcode.HasCode(err, errcode.NotFound) {
		t.Errorf("missing repo: %v", err)
	}
}

func TestUserActivity(t *testing.T) {
	w := world()
	w.Viewer = githubtest.WUser{Login: "me", RepoLanguages: []string{"Go", "Go", "Python"}, PullRepos: []string{"acme/tool", "x/y"}, Merged: []bool{true, false}}
	s := githubtest.NewServer(t)
	s.ServeWorld(w)
	got, err := newDiscoverer(t, s, true, "").UserActivity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.Login != "me" || got.RepoLanguages["Go"] != 2 || len(got.PullRequests) != 2 || !got.PullRequests[0].Merged ||
		got.PullRequests[0].Language != "Go" || got.Fetch.Requests != 2 {
		t.Errorf("activity = %+v", got)
	}
	if _, err := newDiscoverer(t, s, false, "").UserActivity(context.Background()); !errcode.HasCode(err, errcode.ProviderAuthMissing) {
		t.Errorf("anonymous: %v", err)
	}
}

// seedREST gives the fake REST answers the fallback reads: two issues in
// one repository, its repository, community profile, commits and workflows.
func seedREST(s *githubtest.Server) {
	s.AddIssue("acme", "tool", githubtest.Issue{Number: 1, Title: "Fix typo", Labels: []string{"good first issue"}, Comments: 1})
	s.AddIssue("acme", "tool", githubtest.Issue{Number: 2, Title: "Add flag", Labels: []string{"good first issue"}})
	s.AddComment("acme", "tool", 1, githubtest.Comment{Author: "dave", Body: "I'd like to work on this", CreatedAt: days(2)})
	s.AddRepo(githubtest.Repo{Owner: "acme", Name: "tool", Language: "Go", Stars: 1200})
	profile := map[string]any{"health_percentage": 80, "description": "", "documentation": nil, "updated_at": "2026-11-01T00:00:00Z",
		"files": map[string]any{
			"contributing":    map[string]any{"url": "x", "html_url": "y"},
			"code_of_conduct": map[string]any{"key": "contributor_covenant", "name": "Contributor Covenant", "url": "x", "html_url": "y"},
			"license":         map[string]any{"key": "mit", "name": "MIT License", "spdx_id": "MIT", "url": "x", "html_url": "y", "node_id": "n"},
			"readme":          nil, "issue_template": nil, "pull_request_template": nil, "code_of_conduct_file": nil,
		}}
	s.Handle("repos/get-community-profile-metrics", githubtest.Reply(http.StatusOK, profile))
	s.Handle("repos/list-commits", func(r *githubtest.Request) githubtest.Response {
		return githubtest.Response{Status: http.StatusOK, Body: []any{map[string]any{"sha": "a"}, map[string]any{"sha": "b"}}}
	})
	s.Handle("repos/get-content", func(r *githubtest.Request) githubtest.Response {
		if r.Params["path"] != ".github/workflows" {
			return githubtest.Response{Status: 404, Body: githubtest.ErrorBody("Not Found")}
		}
		return githubtest.Response{Status: http.StatusOK, Body: []any{
			map[string]any{"type": "file", "name": "ci.yml", "path": ".github/workflows/ci.yml"},
			map[string]any{"type": "file", "name": "notes.txt", "path": ".github/workflows/notes.txt"},
		}}
	})
	s.Handle("issues/list-events-for-timeline", func(r *githubtest.Request) githubtest.Response {
		if r.Params["issue_number"] != "2" {
			return githubtest.Response{Status: http.StatusOK, Body: []any{}}
		}
		return githubtest.Response{Status: http.StatusOK, Body: []any{map[string]any{
			"event": "cross-referenced", "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
			"source": map[string]any{"type": "issue", "issue": map[string]any{
				"number": 9, "state": "open", "html_url": "https://github.com/acme/tool/pull/9", "user": map[string]any{"login": "erin"},
				"repository_url": "https://api.github.com/repos/acme/tool", "pull_request": map[string]any{"url": "u"},
			}},
		}}}
	})
}

func TestDiscoverIssuesWithoutATokenFallsBackToREST(t *testing.T) {
	s := githubtest.NewServer(t)
	seedREST(s)
	d := newDiscoverer(t, s, false, "")
	got, err := d.DiscoverIssues(context.Background(), model.DiscoverQuery{Query: "is:issue is:open label:\"good first issue\"", Limit: 30, Since: days(90), Activity: true})
	if err != nil {
		t.Fatal(err)
	}
	if graphqlCalls(s) != 0 {
		t.Error("the anonymous path sent GraphQL")
	}
	if got.Fetch.Via != "rest" || len(got.Fetch.Notes) == 0 || !strings.Contains(got.Fetch.Notes[0], "without a token") {
		t.Errorf("fetch = %+v", got.Fetch)
	}
	// 1 search + 4 for the repository + 2 per issue for two issues.
	if got.Fetch.Requests != 9 || len(s.Requests()) != 9 {
		t.Errorf("requests = %d (server %d), want 9", got.Fetch.Requests, len(s.Requests()))
	}
	r := got.Repos["acme/tool"]
	if r.Stars != 1200 || r.HasContributing == nil || !*r.HasContributing || r.CodeOfConduct != "Contributor Covenant" ||
		*r.CIWorkflows != 1 || *r.RecentCommits != 2 || r.Activity != nil {
		t.Errorf("signals = %+v", r)
	}
	var one, two model.DiscoveredIssue
	for _, di := range got.Issues {
		switch di.Issue.Number {
		case 1:
			one = di
		case 2:
			two = di
		}
	}
	if !one.Checked || len(one.Comments) != 1 || one.Comments[0].Author != "dave" {
		t.Errorf("issue 1 = %+v", one)
	}
	if !two.Checked || len(two.Issue.LinkedPRs) != 1 || two.Issue.LinkedPRs[0].State != "open" || two.Issue.LinkedPRs[0].Author != "erin" {
		t.Errorf("issue 2 = %+v", two)
	}
	// Enrich bounds the per-issue calls: with 1, the second issue is unchecked.
	s2 := githubtest.NewServer(t)
	seedREST(s2)
	got, err = newDiscoverer(t, s2, false, "").DiscoverIssues(context.Background(), model.DiscoverQuery{Query: "is:issue", Limit: 30, Since: days(90), Enrich: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got.Fetch.Requests != 7 || got.Issues[1].Checked {
		t.Errorf("enrich 1: %d requests, second checked %v", got.Fetch.Requests, got.Issues[1].Checked)
	}
}

func TestDiscoverReposWithoutAToken(t *testing.T) {
	s := githubtest.NewServer(t)
	seedREST(s)
	got, err := newDiscoverer(t, s, false, "").DiscoverRepos(context.Background(), model.DiscoverQuery{Query: "language:go", Limit: 5, Since: days(90)})
	if err != nil {
		t.Fatal(err)
	}
	// GitHub's example search answer has one repository (octocat/Hello-World);
	// it is not seeded, so its details 404 and it keeps the search's fields.
	if len(got.Repos) != 1 || got.Fetch.Via != "rest" || got.Fetch.Requests != 2 {
		t.Errorf("repos = %+v fetch %+v", got.Repos, got.Fetch)
	}
}

// graphqlCalls counts the POSTs to the GraphQL endpoint.
func graphqlCalls(s *githubtest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/graphql") {
			n++
		}
	}
	return n
}

// TestRequestBoundsWithoutAToken: with 12 repositories of 2 issues each,
// the REST path reads one search page, 4 requests for each of the first 5
// repositories and 2 for each of the first 5 issues: 31, under the 60 an
// hour GitHub allows without a token.
func TestRequestBoundsWithoutAToken(t *testing.T) {
	s := githubtest.NewServer(t)
	for r := range 12 {
		name := fmt.Sprintf("r%02d", r)
		s.AddRepo(githubtest.Repo{Owner: "acme", Name: name})
		for n := 1; n <= 2; n++ {
			s.AddIssue("acme", name, githubtest.Issue{Number: n, Title: "t", Labels: []string{"good first issue"}})
		}
	}
	s.Handle("repos/get-community-profile-metrics", githubtest.Reply(http.StatusNotFound, githubtest.ErrorBody("Not Found")))
	s.Handle("repos/list-commits", githubtest.Reply(http.StatusOK, []any{}))
	s.Handle("repos/get-content", githubtest.Reply(http.StatusNotFound, githubtest.ErrorBody("Not Found")))
	s.Handle("issues/list-events-for-timeline", githubtest.Reply(http.StatusOK, []any{}))
	got, err := newDiscoverer(t, s, false, "").DiscoverIssues(context.Background(), model.DiscoverQuery{Query: "is:issue", Limit: 60, Since: days(90)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Issues) != 24 || len(got.Repos) != 5 || got.Fetch.Requests != 31 || len(s.Requests()) != 31 || len(got.Fetch.Notes) != 3 {
		t.Errorf("issues %d repos %d requests %d (server %d) notes %v", len(got.Issues), len(got.Repos), got.Fetch.Requests, len(s.Requests()), got.Fetch.Notes)
	}
}

// TestRequestBoundsWithAToken: 30 repositories of 5 issues each, 150
// results asked: 3 search pages of 50 and activity for the first 20
// repositories in 2 batches of 10: 5 requests.
func TestRequestBoundsWithAToken(t *testing.T) {
	w := &githubtest.World{}
	for r := range 30 {
		repo := &githubtest.WRepo{Owner: "acme", Name: fmt.Sprintf("r%02d", r), PushedAt: days(1)}
		for n := 1; n <= 5; n++ {
			repo.Issues = append(repo.Issues, &githubtest.WIssue{Number: n, Title: "t", CreatedAt: days(n)})
		}
		w.Repos = append(w.Repos, repo)
	}
	s := githubtest.NewServer(t)
	s.ServeWorld(w)
	got, err := newDiscoverer(t, s, true, "").DiscoverIssues(context.Background(), model.DiscoverQuery{Query: "is:issue", Limit: 150, Since: days(90), Activity: true})
	if err != nil {
		t.Fatal(err)
	}
	withActivity := 0
	for _, r := range got.Repos {
		if r.Activity != nil {
			withActivity++
		}
	}
	if len(got.Issues) != 150 || got.Fetch.Requests != 5 || graphqlCalls(s) != 5 || withActivity != 20 || len(got.Fetch.Notes) != 1 {
		t.Errorf("issues %d requests %d (server %d) activity for %d notes %v", len(got.Issues), got.Fetch.Requests, graphqlCalls(s), withActivity, got.Fetch.Notes)
	}
}

// TestGraphQLCacheSharesTheTransportLayout: `oss-dev cache` counts and
// clears GraphQL answers with the transport's own functions.
func TestGraphQLCacheSharesTheTransportLayout(t *testing.T) {
	s := githubtest.NewServer(t)
	s.ServeWorld(world())
	dir := t.TempDir()
	q := model.DiscoverQuery{Query: "is:issue", Limit: 10, Since: days(90), Activity: true}
	if _, err := newDiscoverer(t, s, true, dir).DiscoverIssues(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	st, err := transport.Usage(dir)
	if err != nil || st.Entries != 2 {
		t.Fatalf("usage = %+v %v, want the 2 answers", st, err)
	}
	if _, err := transport.Clear(dir); err != nil {
		t.Fatal(err)
	}
	again, err := newDiscoverer(t, s, true, dir).DiscoverIssues(context.Background(), q)
	if err != nil || again.Fetch.Requests != 2 {
		t.Errorf("after clearing: %+v %v", again.Fetch, err)
	}
}
