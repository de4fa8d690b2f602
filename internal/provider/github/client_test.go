package github_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
)

func newClient(t *testing.T, s *githubtest.Server, authed bool) *github.Client {
	t.Helper()
	hc := &http.Client{Timeout: 5 * time.Second}
	if authed {
		hc = githubtest.AuthorizedClient()
	}
	c, err := github.New(hc, github.Options{APIURL: s.APIURL(), Anonymous: !authed})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewDerivesURLs(t *testing.T) {
	tests := []struct {
		opts             github.Options
		api, graphqlWant string
	}{
		{github.Options{}, "https://api.github.com/", "https://api.github.com/graphql"},
		{github.Options{Host: "ghe.example.com"}, "https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql"},
		{github.Options{APIURL: "http://127.0.0.1:5000"}, "http://127.0.0.1:5000/", "http://127.0.0.1:5000/graphql"},
		{github.Options{Host: "ghe.example.com", APIURL: "https://ghe.example.com/api/v3"}, "https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql"},
	}
	for _, tt := range tests {
		c, err := github.New(nil, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if c.APIURL() != tt.api || c.GraphQLURL() != tt.graphqlWant {
			t.Errorf("%+v: api %q graphql %q, want %q %q", tt.opts, c.APIURL(), c.GraphQLURL(), tt.api, tt.graphqlWant)
		}
	}
	if _, err := github.New(nil, github.Options{APIURL: "not a url"}); !errcode.HasCode(err, errcode.ConfigInvalid) {
		t.Errorf("bad api_url: %v", err)
	}
}

func TestFetchIssueFromGitHubsExample(t *testing.T) {
	s := githubtest.NewServer(t)
	c := newClient(t, s, true)
	is, err := c.FetchIssue(context.Background(), "octocat", "Hello-World", 1347)
	if err != nil {
		t.Fatal(err)
	}
	if is.Number != 1347 || is.Title != "Found a bug" || is.State != "open" || is.Author != "octocat" || is.Repo != "octocat/Hello-World" {
		t.Errorf("issue = %+v", is)
	}
	if len(is.Labels) == 0 || is.Labels[0].Name != "bug" || len(is.Assignees) == 0 {
		t.Errorf("labels/assignees = %+v %+v", is.Labels, is.Assignees)
	}
	reqs := s.RequestsFor("issues/get")
	if len(reqs) != 1 || reqs[0].Path != "/repos/octocat/Hello-World/issues/1347" {
		t.Errorf("requests = %+v", reqs)
	}
	if reqs[0].Header.Get("Authorization") != "" {
		t.Error("the recorded request kept the Authorization header")
	}
}

func TestFetchIssueSeeded(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddIssue("cli", "cli", githubtest.Issue{Number: 5, Title: "Crash on start", Author: "alice", Labels: []string{"bug", "good first issue"}, State: "closed", Comments: 2})
	c := newClient(t, s, false)
	is, err := c.FetchIssue(context.Background(), "cli", "cli", 5)
	if err != nil {
		t.Fatal(err)
	}
	if is.Title != "Crash on start" || is.State != "closed" || is.ClosedAt == nil || is.Comments != 2 || len(is.Assignees) != 0 || is.IsPull {
		t.Errorf("issue = %+v", is)
	}
	if is.URL != "https://github.com/cli/cli/issues/5" {
		t.Errorf("url = %q", is.URL)
	}
}

func TestErrorsMapToCodes(t *testing.T) {
	tests := []struct {
		name  string
		fault githubtest.Fault
		code  errcode.Code
		says  string
	}{
		{"404", githubtest.Fault{Status: 404, Body: githubtest.ErrorBody("Not Found")}, errcode.NotFound, "cli/cli#5"},
		{"401", githubtest.Fault{Status: 401, Body: githubtest.ErrorBody("Bad credentials")}, errcode.ProviderAuthFailed, "Bad credentials"},
		{"422", githubtest.Fault{Status: 422, Body: map[string]any{"message": "Validation Failed", "errors": []any{map[string]any{"resource": "Issue", "field": "title", "code": "missing_field"}}}}, errcode.InvalidInput, "Validation Failed (title missing_field)"},
		{"malformed", githubtest.Malformed(), errcode.ProviderBadResponse, "could not be read"},
		{"truncated", githubtest.Truncated(), errcode.ProviderBadResponse, "could not be read"},
		{"502", githubtest.ServerError(1), errcode.ProviderUnavailable, "502"},
		{"primary rate limit", githubtest.PrimaryRateLimit(403, time.Now().Add(time.Hour)), errcode.ProviderRateLimited, "rate limit"},
		{"secondary rate limit", githubtest.SecondaryRateLimit(429, 30, 1), errcode.ProviderRateLimited, "secondary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := githubtest.NewServer(t)
			s.Inject("issues/get", tt.fault)
			c := newClient(t, s, true)
			_, err := c.FetchIssue(context.Background(), "cli", "cli", 5)
			if !errcode.HasCode(err, tt.code) {
				t.Fatalf("error = %v (%s), want %s", err, errcode.CodeOf(err), tt.code)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("message %q does not say %q", err, tt.says)
			}
			if strings.Contains(err.Error(), githubtest.Token) {
				t.Errorf("message leaks the token: %q", err)
			}
		})
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	s := githubtest.NewServer(t)
	s.Inject("issues/get", githubtest.Slow(3*time.Second))
	hc := &http.Client{Timeout: 100 * time.Millisecond}
	c, err := github.New(hc, github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.FetchIssue(context.Background(), "o", "r", 1); !errcode.HasCode(err, errcode.ProviderTimeout) {
		t.Errorf("slow answer: %v (%s)", err, errcode.CodeOf(err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newClient(t, s, true).FetchIssue(ctx, "o", "r", 1); !errcode.HasCode(err, errcode.Canceled) {
		t.Errorf("canceled: %v (%s)", err, errcode.CodeOf(err))
	}
}

func TestListIssuesPaginatesAndSkipsPullRequests(t *testing.T) {
	s := githubtest.NewServer(t)
	for n := 1; n <= 250; n++ {
		s.AddIssue("o", "r", githubtest.Issue{Number: n, Title: "issue", PullRequest: n%10 == 0, Labels: []string{"bug"}})
	}
	s.AddIssue("o", "r", githubtest.Issue{Number: 251, Title: "closed", State: "closed"})
	c := newClient(t, s, true)
	got, err := c.ListIssues(context.Background(), "o", "r", model.IssueQuery{Limit: 150, Labels: []string{"bug"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 150 {
		t.Fatalf("got %d issues, want 150", len(got))
	}
	for _, is := range got {
		if is.IsPull || is.Number%10 == 0 {
			t.Fatalf("pull request #%d in the list", is.Number)
		}
	}
	reqs := s.RequestsFor("issues/list-for-repo")
	if len(reqs) != 2 {
		t.Fatalf("%d list requests, want 2 (following the Link header)", len(reqs))
	}
	if q := reqs[0].Query; q.Get("state") != "open" || q.Get("labels") != "bug" || q.Get("per_page") != "100" {
		t.Errorf("first query = %v", q)
	}
	if reqs[1].Query.Get("page") != "2" {
		t.Errorf("second query = %v", reqs[1].Query)
	}

	all, err := c.ListIssues(context.Background(), "o", "r", model.IssueQuery{State: "all", Limit: 1000})
	if err != nil || len(all) != 226 {
		t.Fatalf("all issues: %d, %v", len(all), err)
	}
	none, err := c.ListIssues(context.Background(), "o", "r", model.IssueQuery{State: "closed", Assignee: "none"})
	if err != nil || len(none) != 1 || none[0].Number != 251 {
		t.Fatalf("closed unassigned: %+v, %v", none, err)
	}
}

func TestSearchIssues(t *testing.T) {
	if got := github.SearchString(model.SearchQuery{Query: "crash", Languages: []string{"go"}, Labels: []string{"good first issue"}}); got != `crash is:issue is:open language:go label:"good first issue"` {
		t.Errorf("SearchString = %q", got)
	}
	if got := github.SearchString(model.SearchQuery{Query: "is:pr is:closed"}); got != "is:pr is:closed" {
		t.Errorf("SearchString keeps given qualifiers: %q", got)
	}
	s := githubtest.NewServer(t)
	s.AddIssue("a", "one", githubtest.Issue{Number: 1, Title: "easy", Labels: []string{"good first issue"}})
	s.AddIssue("b", "two", githubtest.Issue{Number: 2, Title: "hard", Labels: []string{"bug"}})
	s.AddIssue("b", "two", githubtest.Issue{Number: 3, Title: "pr", PullRequest: true, Labels: []string{"good first issue"}})
	c := newClient(t, s, true)
	got, err := c.SearchIssues(context.Background(), model.SearchQuery{Labels: []string{"good first issue"}, Languages: []string{"go"}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Repo != "a/one" || got[0].Title != "easy" {
		t.Fatalf("search = %+v", got)
	}
	if q := s.RequestsFor("search/issues-and-pull-requests")[0].Query.Get("q"); !strings.Contains(q, `label:"good first issue"`) {
		t.Errorf("q = %q", q)
	}
}

func TestSearchIssuesFromGitHubsExample(t *testing.T) {
	s := githubtest.NewServer(t)
	got, err := newClient(t, s, true).SearchIssues(context.Background(), model.SearchQuery{Query: "windows"})
	if err != nil || len(got) != 1 || got[0].Repo != "batterseapower/pinyin-toolkit" {
		t.Fatalf("search = %+v, %v", got, err)
	}
}

func TestCommentsAndLabels(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddComment("o", "r", 7, githubtest.Comment{Author: "bob", Body: "I'd like to work on this", CreatedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	s.AddComment("o", "r", 7, githubtest.Comment{Author: "carol", Body: "go ahead"})
	c := newClient(t, s, true)
	cs, err := c.IssueComments(context.Background(), "o", "r", 7)
	if err != nil || len(cs) != 2 || cs[0].Author != "bob" || cs[1].Body != "go ahead" {
		t.Fatalf("comments = %+v, %v", cs, err)
	}
	labels, err := c.Labels(context.Background(), "octocat", "Hello-World")
	if err != nil || len(labels) != 2 || labels[0].Name != "bug" || labels[0].Color != "f29513" {
		t.Fatalf("labels = %+v, %v", labels, err)
	}
}

func TestLinkedPullRequestsViaGraphQL(t *testing.T) {
	s := githubtest.NewServer(t)
	var vars map[string]any
	s.HandleGraphQL("LinkedPullRequests", func(q *githubtest.GraphQLRequest) githubtest.Response {
		vars = q.Variables
		pr := func(n int, state string, merged, draft bool) map[string]any {
			return map[string]any{"number": n, "url": "https://github.com/o/r/pull/" + string(rune('0'+n)), "state": state,
				"merged": merged, "isDraft": draft, "author": map[string]any{"login": "dev"}, "repository": map[string]any{"nameWithOwner": "o/r"}}
		}
		return githubtest.GraphQLData(map[string]any{"repository": map[string]any{"issue": map[string]any{"timelineItems": map[string]any{
			"pageInfo": map[string]any{"hasNextPage": false, "endCursor": nil},
			"nodes": []any{
				map[string]any{"__typename": "CrossReferencedEvent", "source": pr(4, "OPEN", false, true)},
				map[string]any{"__typename": "ConnectedEvent", "subject": pr(5, "MERGED", true, false)},
				map[string]any{"__typename": "CrossReferencedEvent", "source": map[string]any{}},
				map[string]any{"__typename": "CrossReferencedEvent", "source": pr(4, "OPEN", false, true)},
			},
		}}}})
	})
	prs, err := newClient(t, s, true).LinkedPullRequests(context.Background(), "o", "r", 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(prs) != 2 || prs[0].Number != 4 || !prs[0].Draft || prs[0].State != "open" || prs[1].State != "merged" || !prs[1].Merged || prs[1].Author != "dev" {
		t.Fatalf("linked = %+v", prs)
	}
	if vars["number"] == nil || vars["owner"] != "o" {
		t.Errorf("variables = %v", vars)
	}
	if len(s.RequestsFor("issues/list-events-for-timeline")) != 0 {
		t.Error("fell back to REST although GraphQL answered")
	}
}

func TestLinkedPullRequestsQueryValidates(t *testing.T) {
	_, err := githubtest.ValidateGraphQL(t, github.LinkedPullRequestsQuery, map[string]any{"owner": "o", "repo": "r", "number": json.Number("1")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := githubtest.ValidateGraphQL(t, `query { repository(owner: "o", name: "r") { nosuchfield } }`, nil); err == nil {
		t.Fatal("an invalid query validated")
	}
}

func TestLinkedPullRequestsFallsBackToREST(t *testing.T) {
	for _, tt := range []struct {
		name   string
		authed bool
	}{{"unauthenticated", false}, {"graphql fails", true}} {
		t.Run(tt.name, func(t *testing.T) {
			s := githubtest.NewServer(t)
			s.Inject("graphql", githubtest.ServerError(0))
			prs, err := newClient(t, s, tt.authed).LinkedPullRequests(context.Background(), "octocat", "Hello-World", 1347)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.RequestsFor("issues/list-events-for-timeline")) != 1 {
				t.Fatal("no REST timeline request")
			}
			// GitHub's timeline example has no cross-reference from a pull request.
			if len(prs) != 0 {
				t.Fatalf("linked = %+v", prs)
			}
		})
	}
}

func TestLinkedPullRequestsFromRESTTimeline(t *testing.T) {
	s := githubtest.NewServer(t)
	s.Handle("issues/list-events-for-timeline", githubtest.Reply(200, []any{
		map[string]any{"event": "cross-referenced", "source": map[string]any{"type": "issue", "issue": map[string]any{
			"number": 12, "state": "closed", "html_url": "https://github.com/o/r/pull/12", "user": map[string]any{"login": "dev"},
			"repository_url": "https://api.github.com/repos/o/r",
			"pull_request":   map[string]any{"url": "https://api.github.com/repos/o/r/pulls/12", "merged_at": "2024-01-01T00:00:00Z"},
		}}},
		map[string]any{"event": "cross-referenced", "source": map[string]any{"type": "issue", "issue": map[string]any{"number": 13, "state": "open"}}},
		map[string]any{"event": "labeled"},
	}))
	prs, err := newClient(t, s, false).LinkedPullRequests(context.Background(), "o", "r", 1)
	if err != nil || len(prs) != 1 || prs[0].Number != 12 || !prs[0].Merged || prs[0].State != "merged" || prs[0].Repo != "o/r" {
		t.Fatalf("linked = %+v, %v", prs, err)
	}
}

func TestCreatePR(t *testing.T) {
	s := githubtest.NewServer(t)
	c := newClient(t, s, true)
	pr, err := c.CreatePR(context.Background(), "octocat", "Hello-World", model.NewPullRequest{Title: "Fix", Body: "Fixes #1", Head: "me:fix", Base: "main", Draft: true})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Number != 1347 || pr.Base != "master" || pr.Author != "octocat" {
		t.Errorf("pr = %+v", pr)
	}
	var body map[string]any
	if err := json.Unmarshal(s.RequestsFor("pulls/create")[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body["head"] != "me:fix" || body["base"] != "main" || body["draft"] != true || body["title"] != "Fix" {
		t.Errorf("body = %v", body)
	}
	// Without a base, the repository's default branch.
	s.AddRepo(githubtest.Repo{Owner: "o", Name: "r", DefaultBranch: "trunk"})
	if _, err := c.CreatePR(context.Background(), "o", "r", model.NewPullRequest{Title: "x", Head: "b"}); err != nil {
		t.Fatal(err)
	}
	reqs := s.RequestsFor("pulls/create")
	if err := json.Unmarshal(reqs[len(reqs)-1].Body, &body); err != nil || body["base"] != "trunk" {
		t.Errorf("base = %v", body["base"])
	}
	if _, err := c.CreatePR(context.Background(), "o", "r", model.NewPullRequest{Head: "b"}); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Errorf("no title: %v", err)
	}
}

func TestPRStatus(t *testing.T) {
	s := githubtest.NewServer(t)
	c := newClient(t, s, true)
	st, err := c.PRStatus(context.Background(), "octocat", "Hello-World", 1347)
	if err != nil {
		t.Fatal(err)
	}
	// GitHub's examples: a neutral check run, two successful statuses, one approving review.
	if len(st.Checks) != 3 || st.CheckState != "success" || st.ReviewDecision != "approved" || len(st.Reviews) != 1 || !st.PullRequest.Merged {
		t.Errorf("status = %+v", st)
	}
	head := st.PullRequest.HeadSHA
	if r := s.RequestsFor("checks/list-for-ref"); len(r) != 1 || r[0].Params["ref"] != head {
		t.Errorf("checks requested for %+v, head %s", r, head)
	}

	s.Handle("checks/list-for-ref", githubtest.Reply(200, map[string]any{"total_count": 1, "check_runs": []any{
		map[string]any{"name": "test", "status": "completed", "conclusion": "failure"}}}))
	s.Handle("pulls/list-reviews", githubtest.Reply(200, []any{
		map[string]any{"user": map[string]any{"login": "a"}, "state": "APPROVED"},
		map[string]any{"user": map[string]any{"login": "b"}, "state": "CHANGES_REQUESTED"}}))
	st, err = c.PRStatus(context.Background(), "octocat", "Hello-World", 1347)
	if err != nil || st.CheckState != "failure" || st.ReviewDecision != "changes_requested" {
		t.Errorf("status = %+v, %v", st, err)
	}
}

func TestPRComments(t *testing.T) {
	s := githubtest.NewServer(t)
	cs, err := newClient(t, s, true).PRComments(context.Background(), "octocat", "Hello-World", 1347)
	if err != nil {
		t.Fatal(err)
	}
	var review int
	for _, c := range cs {
		if c.Path != "" {
			review++
		}
	}
	if len(cs) != 2 || review != 1 {
		t.Fatalf("comments = %+v", cs)
	}
	if len(s.RequestsFor("issues/list-comments")) != 1 || len(s.RequestsFor("pulls/list-review-comments")) != 1 {
		t.Error("expected one request to each comment list")
	}
}

func TestRepository(t *testing.T) {
	s := githubtest.NewServer(t)
	c := newClient(t, s, true)
	r, err := c.Repository(context.Background(), "octocat", "Hello-World")
	if err != nil {
		t.Fatal(err)
	}
	if r.FullName != "octocat/Hello-World" || r.DefaultBranch != "master" || r.License != "MIT" || r.ViewerCanPush || r.ViewerPermission == "" {
		t.Errorf("repo = %+v", r)
	}
	s.AddRepo(githubtest.Repo{Owner: "me", Name: "mine", Push: true, Language: "Go", Stars: 3})
	r, err = c.Repository(context.Background(), "me", "mine")
	if err != nil || !r.ViewerCanPush || r.ViewerPermission != "write" || r.Language != "Go" || r.Stars != 3 {
		t.Errorf("seeded repo = %+v, %v", r, err)
	}
	if _, err := c.Repository(context.Background(), "me", "other"); !errcode.HasCode(err, errcode.NotFound) || !strings.Contains(err.Error(), "me/other") {
		t.Errorf("missing repo: %v", err)
	}
}

func TestFileContent(t *testing.T) {
	s := githubtest.NewServer(t)
	c := newClient(t, s, true)
	// GitHub's own example carries an escaped "\\n" inside its base64, which
	// no decoder accepts: the provider must say so, not panic or return junk.
	if _, err := c.FileContent(context.Background(), "octocat", "Hello-World", "README.md", ""); !errcode.HasCode(err, errcode.ProviderBadResponse) {
		t.Errorf("GitHub's example content: %v", err)
	}
	text := strings.Repeat("Contributions welcome. ", 20)
	s.AddFile("o", "r", "docs/CONTRIBUTING.md", []byte(text))
	f, err := c.FileContent(context.Background(), "o", "r", "docs/CONTRIBUTING.md", "main")
	if err != nil {
		t.Fatal(err)
	}
	if string(f.Content) != text || f.Path != "docs/CONTRIBUTING.md" || f.Size != len(text) {
		t.Errorf("file = %+v", f)
	}
	reqs := s.RequestsFor("repos/get-content")
	if r := reqs[len(reqs)-1]; r.Params["path"] != "docs/CONTRIBUTING.md" || r.Query.Get("ref") != "main" {
		t.Errorf("request = %+v", r)
	}
	_, err = c.FileContent(context.Background(), "o", "r", "CODE_OF_CONDUCT.md", "")
	if !errcode.HasCode(err, errcode.NotFound) || !strings.Contains(err.Error(), "CODE_OF_CONDUCT.md") || !strings.Contains(err.Error(), "o/r") {
		t.Errorf("missing file: %v", err)
	}
}

func TestFileContentFromRecordedExchange(t *testing.T) {
	s := githubtest.NewServer(t)
	s.Handle("repos/get-content", githubtest.Reply(200, map[string]any{
		"type": "file", "encoding": "base64", "size": 13, "name": "README.md", "path": "README.md", "sha": "abc",
		"content": "IyBoZWxsby13b3Js\nZA==\n",
	}))
	f, err := newClient(t, s, true).FileContent(context.Background(), "o", "r", "README.md", "")
	if err != nil || string(f.Content) != "# hello-world" {
		t.Fatalf("content = %q, %v", f.Content, err)
	}
}

func TestCreateForkCurrentUserLanguagesRateLimits(t *testing.T) {
	s := githubtest.NewServer(t)
	c := newClient(t, s, true)
	ctx := context.Background()
	fork, err := c.CreateFork(ctx, "octocat", "Hello-World")
	if err != nil || fork.FullName != "octocat/Hello-World" {
		t.Errorf("fork = %+v, %v", fork, err)
	}
	u, err := c.CurrentUser(ctx)
	if err != nil || u.Login != "octocat" {
		t.Errorf("user = %+v, %v", u, err)
	}
	langs, err := c.Languages(ctx, "octocat", "Hello-World")
	if err != nil || langs["C"] == 0 {
		t.Errorf("languages = %v, %v", langs, err)
	}
	rl, err := c.RateLimits(ctx)
	if err != nil || len(rl) != 3 || rl[0].Resource != "core" || rl[0].Limit == 0 {
		t.Errorf("rate limits = %+v, %v", rl, err)
	}
}

func TestReplayRecordedRepository(t *testing.T) {
	s := githubtest.NewServer(t)
	s.Replay("get-repository")
	r, err := newClient(t, s, true).Repository(context.Background(), "octokit-fixture-org", "hello-world")
	if err != nil {
		t.Fatal(err)
	}
	if r.FullName != "octokit-fixture-org/hello-world" {
		t.Errorf("repo = %+v", r)
	}
	if len(s.Unreplayed()) != 0 {
		t.Errorf("unused exchanges: %v", s.Unreplayed())
	}
}
