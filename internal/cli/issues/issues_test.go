package issues

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	issuesvc "github.com/oss-dev/oss-dev/internal/service/issues"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

var now = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

type env struct {
	srv    *githubtest.Server
	f      *cmdutil.Factory
	out    *bytes.Buffer
	errOut *bytes.Buffer
}

func newEnv(t *testing.T, tty bool) *env {
	t.Helper()
	s := githubtest.NewServer(t)
	ios, _, out, errOut := iostreams.Test()
	ios.SetStdoutTTY(tty)
	ios.SetTerminalWidth(100)
	f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}}
	f.Issues = func() *issuesvc.Service {
		return issuesvc.New(func() (issuesvc.GitHub, error) {
			return github.New(&http.Client{Timeout: 5 * time.Second}, github.Options{APIURL: s.APIURL(), Anonymous: true})
		})
	}
	return &env{srv: s, f: f, out: out, errOut: errOut}
}

func (e *env) run(t *testing.T, args ...string) error {
	t.Helper()
	root := NewCmdIssues(e.f)
	root.PersistentFlags().BoolVar(&e.f.Output.JSON, "json", false, "")
	root.PersistentFlags().StringVar(&e.f.Output.JQ, "jq", "", "")
	root.SetArgs(args)
	root.SetOut(e.out)
	root.SetErr(e.errOut)
	root.SilenceErrors, root.SilenceUsage = true, true
	return root.ExecuteContext(context.Background())
}

func seed(s *githubtest.Server) {
	s.AddIssue("cli", "cli", githubtest.Issue{Number: 1, Title: "Crash on start", Author: "alice", Labels: []string{"bug", "good first issue"}, CreatedAt: now.Add(-48 * time.Hour)})
	s.AddIssue("cli", "cli", githubtest.Issue{Number: 2, Title: "Add a flag", Author: "bob", Labels: []string{"enhancement"}, Assignees: []string{"carol"}, CreatedAt: now.Add(-time.Hour)})
	s.AddIssue("cli", "cli", githubtest.Issue{Number: 3, Title: "A pull request", PullRequest: true})
}

func TestListPiped(t *testing.T) {
	e := newEnv(t, false)
	seed(e.srv)
	if err := e.run(t, "list", "cli/cli"); err != nil {
		t.Fatal(err)
	}
	want := "2\topen\tAdd a flag\tenhancement\tcarol\t" + now.Add(-time.Hour).Format(time.RFC3339) + "\n" +
		"1\topen\tCrash on start\tbug,good first issue\t\t" + now.Add(-48*time.Hour).Format(time.RFC3339) + "\n"
	if e.out.String() != want {
		t.Errorf("piped output:\n%q\nwant\n%q", e.out.String(), want)
	}
}

func TestListTTYWithFilters(t *testing.T) {
	e := newEnv(t, true)
	seed(e.srv)
	err := runList(t, e, &ListOptions{Repo: model.RepoRef{Owner: "cli", Repo: "cli"}, State: "open", Labels: []string{"bug"}, Assignee: "none", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := e.out.String()
	if !strings.Contains(got, "ISSUE") || !strings.Contains(got, "#1") || !strings.Contains(got, "2 days ago") || strings.Contains(got, "Add a flag") {
		t.Errorf("tty output:\n%s", got)
	}
	q := e.srv.RequestsFor("issues/list-for-repo")[0].Query
	if q.Get("labels") != "bug" || q.Get("assignee") != "none" || q.Get("per_page") != "10" {
		t.Errorf("query = %v", q)
	}
}

func runList(t *testing.T, e *env, o *ListOptions) error {
	t.Helper()
	o.IO, o.Output, o.Issues, o.Now = e.f.IO, e.f.Output, e.f.Issues, func() time.Time { return now }
	return listRun(context.Background(), o)
}

func TestListJSONAndJQ(t *testing.T) {
	e := newEnv(t, false)
	seed(e.srv)
	if err := e.run(t, "list", "https://github.com/cli/cli.git", "--json"); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(e.out.Bytes(), &got); err != nil || len(got) != 2 {
		t.Fatalf("json: %v\n%s", err, e.out)
	}
	for _, k := range []string{"number", "repo", "title", "state", "author", "labels", "assignees", "url", "created_at"} {
		if _, ok := got[0][k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	e.out.Reset()
	if err := e.run(t, "list", "cli/cli", "--jq", ".[].number"); err != nil {
		t.Fatal(err)
	}
	if e.out.String() != "2\n1\n" {
		t.Errorf("jq output %q", e.out)
	}
}

func TestListUsageErrors(t *testing.T) {
	e := newEnv(t, false)
	for _, args := range [][]string{
		{"list"},
		{"list", "cli/cli", "--state", "sideways"},
		{"list", "cli/cli", "--limit", "0"},
	} {
		var fe *cmdutil.FlagError
		if err := e.run(t, args...); err == nil || !asFlagError(err, &fe) {
			t.Errorf("%v: error %v, want a usage error", args, err)
		}
	}
	err := e.run(t, "list", "not a repo")
	if !errcode.HasCode(err, errcode.InvalidReference) || !strings.Contains(err.Error(), "not a repo") {
		t.Errorf("bad repo: %v", err)
	}
}

func asFlagError(err error, fe **cmdutil.FlagError) bool {
	f, ok := err.(*cmdutil.FlagError)
	*fe = f
	return ok
}

func TestListNotFoundAndNoProvider(t *testing.T) {
	e := newEnv(t, false)
	e.srv.Inject("issues/list-for-repo", githubtest.Fault{Status: 404, Body: githubtest.ErrorBody("Not Found")})
	err := e.run(t, "list", "nobody/nothing")
	if !errcode.HasCode(err, errcode.NotFound) || !strings.Contains(err.Error(), "nobody/nothing") {
		t.Errorf("404: %v", err)
	}
	e.f.Issues = func() *issuesvc.Service { return issuesvc.New(nil) }
	if err := e.run(t, "list", "cli/cli"); !errcode.HasCode(err, errcode.ProviderNotFound) {
		t.Errorf("no provider: %v", err)
	}
}

func TestSearch(t *testing.T) {
	e := newEnv(t, false)
	seed(e.srv)
	e.srv.AddIssue("go", "tools", githubtest.Issue{Number: 9, Title: "Easy docs fix", Labels: []string{"good first issue", "help wanted"}})
	if err := e.run(t, "search", "--good-first", "--lang", "go", "--help-wanted"); err != nil {
		t.Fatal(err)
	}
	if got := e.out.String(); !strings.HasPrefix(got, "go/tools#9\topen\tEasy docs fix\t") || strings.Count(got, "\n") != 1 {
		t.Errorf("search output %q", got)
	}
	q := e.srv.RequestsFor("search/issues-and-pull-requests")[0].Query.Get("q")
	if q != `is:issue is:open language:go label:"good first issue" label:"help wanted"` {
		t.Errorf("q = %q", q)
	}
	if err := e.run(t, "search"); err == nil {
		t.Error("search without a query or filter ran")
	}
}

func TestSearchTTYEmpty(t *testing.T) {
	e := newEnv(t, true)
	seed(e.srv)
	if err := e.run(t, "search", "repo:nobody/none"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.out.String(), "No issues match") {
		t.Errorf("output %q", e.out)
	}
}

func linkedAnswer(s *githubtest.Server) {
	s.Handle("issues/list-events-for-timeline", githubtest.Reply(200, []any{
		map[string]any{"event": "cross-referenced", "source": map[string]any{"type": "issue", "issue": map[string]any{
			"number": 7, "state": "open", "html_url": "https://github.com/cli/cli/pull/7", "user": map[string]any{"login": "dana"},
			"repository_url": "https://api.github.com/repos/cli/cli", "draft": true,
			"pull_request": map[string]any{"url": "https://api.github.com/repos/cli/cli/pulls/7"},
		}}},
	}))
}

func TestViewPiped(t *testing.T) {
	e := newEnv(t, false)
	seed(e.srv)
	linkedAnswer(e.srv)
	e.srv.AddComment("cli", "cli", 1, githubtest.Comment{Author: "erin", Body: "Can I take this?", CreatedAt: now})
	if err := e.run(t, "view", "https://github.com/cli/cli/issues/1", "--comments"); err != nil {
		t.Fatal(err)
	}
	want := "title:\tCrash on start\nstate:\topen\nissue:\tcli/cli#1\nauthor:\talice\nlabels:\tbug,good first issue\nassignees:\t\ncomments:\t0\n" +
		"url:\thttps://github.com/cli/cli/issues/1\nlinked:\tcli/cli#7\tdraft\thttps://github.com/cli/cli/pull/7\n--\n"
	if got := e.out.String(); !strings.HasPrefix(got, want) || !strings.Contains(got, "author:\terin\ncreated_at:\t2024-06-01T12:00:00Z\nCan I take this?\n") {
		t.Errorf("piped view:\n%s", got)
	}
}

func TestViewTTYRendersMarkdown(t *testing.T) {
	e := newEnv(t, true)
	e.f.IO.SetColorEnabled(true)
	e.srv.AddIssue("cli", "cli", githubtest.Issue{Number: 4, Title: "Docs", Author: "alice", Body: "# Steps\n\n1. run `oss-dev`\n2. see **crash**", CreatedAt: now.Add(-time.Hour)})
	linkedAnswer(e.srv)
	o := &ViewOptions{IO: e.f.IO, Output: e.f.Output, Issues: e.f.Issues, Now: func() time.Time { return now }, Ref: model.IssueRef{Owner: "cli", Repo: "cli", Number: 4}}
	if err := viewRun(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.out.String(), "\x1b[") {
		t.Error("no colour on a colour terminal")
	}
	got := ansi.ReplaceAllString(e.out.String(), "")
	for _, want := range []string{"Docs cli/cli#4", "Open · alice opened 1 hour ago", "Assignees: none", "cli/cli#7 draft", "Steps", "oss-dev", "see crash", "View this issue on GitHub"} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal view lacks %q:\n%s", want, got)
		}
	}
	// headings keep their level marker, in bold
	if strings.Contains(got, "**crash**") || strings.Contains(got, "`oss-dev`") || !strings.Contains(e.out.String(), "\x1b[1m# Steps\x1b[0m") {
		t.Errorf("Markdown was not rendered:\n%q", e.out.String())
	}
}

func TestViewJSON(t *testing.T) {
	e := newEnv(t, false)
	seed(e.srv)
	linkedAnswer(e.srv)
	if err := e.run(t, "view", "cli/cli#1", "--json", "--comments"); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(e.out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	prs, _ := got["linked_prs"].([]any)
	if got["title"] != "Crash on start" || len(prs) != 1 || got["comment_list"] == nil {
		t.Errorf("json = %v", got)
	}
}

func TestViewErrors(t *testing.T) {
	e := newEnv(t, false)
	seed(e.srv)
	err := e.run(t, "view", "cli/cli")
	if !errcode.HasCode(err, errcode.InvalidReference) || !strings.Contains(err.Error(), "OWNER/REPO#NUMBER") {
		t.Errorf("bad ref: %v", err)
	}
	err = e.run(t, "view", "cli/cli#99")
	if !errcode.HasCode(err, errcode.NotFound) || !strings.Contains(err.Error(), "cli/cli#99") {
		t.Errorf("missing issue: %v", err)
	}
	e.srv.Inject("issues/get", githubtest.Fault{Status: 401, Body: githubtest.ErrorBody("Requires authentication")})
	if err := e.run(t, "view", "cli/cli#1"); !errcode.HasCode(err, errcode.ProviderAuthFailed) {
		t.Errorf("401: %v", err)
	}
}

func TestCommandsHaveExamples(t *testing.T) {
	for _, c := range NewCmdIssues(&cmdutil.Factory{}).Commands() {
		if c.Example == "" {
			t.Errorf("%s has no Example", c.Name())
		}
	}
}
