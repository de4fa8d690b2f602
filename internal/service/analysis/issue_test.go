package analysis

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

var now = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func TestParseIssueFileGitHubJSONWithComments(t *testing.T) {
	data, err := os.ReadFile("testdata/issue-with-comments.json")
	if err != nil {
		t.Fatal(err)
	}
	in, err := ParseIssueFile(data, "issue.json")
	if err != nil {
		t.Fatal(err)
	}
	iss := in.Issue
	if iss.Repo != "octo/tool" || iss.Number != 42 || iss.Author != "reporter" || len(iss.Labels) != 2 || iss.Labels[1].Name != "good first issue" {
		t.Errorf("issue = %+v", iss)
	}
	if len(in.Comments) != 2 || in.Comments[0].Author != "lead" || in.Comments[0].AuthorAssociation != "MEMBER" || in.Comments[1].CreatedAt.IsZero() {
		t.Fatalf("comments = %+v", in.Comments)
	}
	rep, err := AnalyzeIssue(in, now)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Classification.Type != "bug" || rep.Classification.Source != "label" {
		t.Errorf("classification = %+v", rep.Classification)
	}
	if !rep.Claim.Taken || rep.Claim.By != "newbie" || rep.Claim.Status != "claimed" {
		t.Errorf("claim = %+v", rep.Claim)
	}
	if len(rep.Requirements.MaintainerGuidance) != 1 || len(rep.Requirements.ReproductionSteps) != 2 {
		t.Errorf("requirements = %+v", rep.Requirements)
	}
}

// TestParseIssueFileGitHubExample reads GitHub's own example of an issue
// from the REST description in the shared data.
func TestParseIssueFileGitHubExample(t *testing.T) {
	raw, err := os.ReadFile(sharedtest.DataFile(t, "github-rest-subset.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Components struct {
			Examples map[string]struct {
				Value json.RawMessage `json:"value"`
			} `json:"examples"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	ex := spec.Components.Examples["issue"].Value
	in, err := ParseIssueFile(ex, "example")
	if err != nil {
		t.Fatal(err)
	}
	if in.Issue.Repo != "octocat/Hello-World" || in.Issue.Number != 1347 || in.Issue.Title == "" || len(in.Issue.Assignees) == 0 || len(in.Issue.Labels) == 0 {
		t.Errorf("parsed example = %+v", in.Issue)
	}
	rep, err := AnalyzeIssue(in, now)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Claim.Taken || rep.Claim.Status != "assigned" {
		t.Errorf("the example is assigned; claim = %+v", rep.Claim)
	}
}

func TestParseIssueFileMarkdownAndErrors(t *testing.T) {
	in, err := ParseIssueFile([]byte("Some preface\n# Add dark mode\n\nIt should follow the OS setting.\n"), "x.md")
	if err != nil {
		t.Fatal(err)
	}
	if in.Issue.Title != "Add dark mode" || !strings.Contains(in.Issue.Body, "OS setting") || !strings.Contains(in.Issue.Body, "preface") {
		t.Errorf("markdown = %+v", in.Issue)
	}
	in, _ = ParseIssueFile([]byte("\nPlain first line\nrest"), "y.md")
	if in.Issue.Title != "Plain first line" || in.Issue.Body != "rest" {
		t.Errorf("no heading: %+v", in.Issue)
	}
	for name, data := range map[string]string{"empty": "  \n", "bad json": `{"title": `, "no title": `{"number": 3}`, "bad comments": `{"title":"t","comments":"x"}`} {
		if _, err := ParseIssueFile([]byte(data), name); !errcode.HasCode(err, errcode.InvalidInput) {
			t.Errorf("%s: err = %v, want INVALID_INPUT", name, err)
		}
	}
}

func TestReadIssueLinesSharedData(t *testing.T) {
	f, err := os.Open(sharedtest.DataFile(t, "nlbse24-issues-train.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	err = ReadIssueLines(f, "train", func(line int, in IssueInput) error {
		n++
		if in.ID == nil || in.GoldLabel == "" || in.Issue.Repo == "" || in.Issue.CreatedAt.IsZero() {
			t.Fatalf("line %d: %+v", line, in)
		}
		return nil
	})
	if err != nil || n != 1500 {
		t.Fatalf("read %d issues, err %v", n, err)
	}
	err = ReadIssueLines(strings.NewReader("{\"title\":\"ok\"}\nnot json\n"), "bad.jsonl", func(int, IssueInput) error { return nil })
	if !errcode.HasCode(err, errcode.InvalidInput) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("err = %v, want INVALID_INPUT naming line 2", err)
	}
}

// fakeGitHub serves one issue as the GitHub provider would.
type fakeGitHub struct {
	issue    model.Issue
	comments []model.Comment
	prs      []model.LinkedPR
	asked    []string
}

func (f *fakeGitHub) FetchIssue(_ context.Context, owner, repo string, n int) (model.Issue, error) {
	f.asked = append(f.asked, "issue "+owner+"/"+repo)
	if n != f.issue.Number {
		return model.Issue{}, errcode.New(errcode.NotFound, "no such issue", "check the number")
	}
	return f.issue, nil
}

func (f *fakeGitHub) IssueComments(context.Context, string, string, int) ([]model.Comment, error) {
	f.asked = append(f.asked, "comments")
	return f.comments, nil
}

func (f *fakeGitHub) LinkedPullRequests(context.Context, string, string, int) ([]model.LinkedPR, error) {
	f.asked = append(f.asked, "prs")
	return f.prs, nil
}

func TestFetchIssue(t *testing.T) {
	gh := &fakeGitHub{
		issue:    model.Issue{Number: 7, Title: "Crash on start", Body: "It crashes."},
		comments: []model.Comment{{Author: "a", Body: "same"}},
		prs:      []model.LinkedPR{{Number: 8, Repo: "o/r", State: "open", Author: "fixer"}},
	}
	in, err := FetchIssue(context.Background(), gh, "https://github.com/o/r/issues/7")
	if err != nil {
		t.Fatal(err)
	}
	if in.Issue.Repo != "o/r" || len(in.Comments) != 1 || len(in.Issue.LinkedPRs) != 1 || strings.Join(gh.asked, ",") != "issue o/r,comments,prs" {
		t.Errorf("in = %+v, asked %v", in, gh.asked)
	}
	rep, err := AnalyzeIssue(in, now)
	if err != nil || rep.Claim.Status != "pull_request" {
		t.Errorf("claim = %+v, err %v", rep.Claim, err)
	}
	if _, err := FetchIssue(context.Background(), gh, "o/r#9"); !errcode.HasCode(err, errcode.NotFound) {
		t.Errorf("missing issue: err = %v", err)
	}
	if _, err := FetchIssue(context.Background(), gh, "not a ref"); !errcode.HasCode(err, errcode.InvalidReference) {
		t.Errorf("bad ref: err = %v", err)
	}
}

func FuzzParseIssueFile(f *testing.F) {
	f.Add([]byte(`{"title":"t","body":"b","labels":["x",{"name":"y"}],"comments":[{"user":{"login":"u"},"body":"/assign"}]}`))
	f.Add([]byte("# Title\n\n- [ ] item\n"))
	f.Add([]byte(`{"title":"t","comments":3,"created_at":"bad"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ParseIssueFile(data, "fuzz")
		if err != nil {
			if !errcode.HasCode(err, errcode.InvalidInput) {
				t.Fatalf("error without INVALID_INPUT: %v", err)
			}
			return
		}
		if _, err := AnalyzeIssue(in, now); err != nil {
			t.Fatal(err)
		}
	})
}
