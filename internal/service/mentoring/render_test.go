package mentoring

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to write it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from what was rendered; rendered:\n%s", path, got)
	}
}

// cobraIssue is an issue as a real project gets them: a title naming a
// flag, a body with steps, expected and actual behaviour, a file and a
// symbol, and acceptance criteria.
var cobraIssue = model.Issue{
	Number: 2148, Repo: "spf13/cobra", State: "open", Author: "jdoe",
	URL:   "https://github.com/spf13/cobra/issues/2148",
	Title: "Completion for flags with `NoOptDefVal` adds a trailing `=`",
	Body: "When a flag has `NoOptDefVal` set, shell completion suggests `--verbose=` instead of `--verbose`.\n\n" +
		"### Steps to reproduce\n\n1. Define a bool flag with `NoOptDefVal = \"true\"`\n2. Run `mycli __complete --verb`\n\n" +
		"### Expected\n\nThe completion is `--verbose`.\n\n### Actual\n\nerror: completion returned \"--verbose=\" for a flag that takes no value\n\n" +
		"The code is in `completions.go`, in `getCompletions`.\n\n" +
		"### Acceptance criteria\n\n- [ ] flags with NoOptDefVal complete without `=`\n- [ ] a test in `completions_test.go` covers it\n",
}

func cobraPlanInputs(t *testing.T) (*workflow.State, issueMeta, repoMeta, []Candidate) {
	t.Helper()
	rep, err := analysis.AnalyzeIssue(analysis.IssueInput{Issue: cobraIssue}, time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	st := workflow.New("cobra-2148-a1b2c3", "/home/dev/src/cobra", cobraIssue.URL, cobraIssue.Number, time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC))
	im := issueMeta{Title: cobraIssue.Title, URL: cobraIssue.URL, State: "open", Type: string(rep.Classification.Type),
		Requirements: rep.Requirements, Body: cobraIssue.Body}
	rm := repoMeta{Upstream: "spf13/cobra", DefaultBranch: "main", PushRemote: "fork", HeadOwner: "newcomer",
		Test:       []CommandInfo{{Command: "make test"}, {Command: "go test ./...", CI: true}},
		Lint:       []CommandInfo{{Command: "golangci-lint run", Dir: "tools"}},
		Format:     []CommandInfo{{Command: "gofmt -l ."}},
		PRTemplate: ".github/pull_request_template.md", DCO: true, Convention: "conventional", ConvShare: 0.83, Language: "Go"}
	cands := []Candidate{
		{Path: "completions.go", Score: 31, Reasons: []string{"named in the issue", `uses "getCompletions" at line 212`, `uses "NoOptDefVal" at line 480`}},
		{Path: "completions_test.go", Score: 14, Test: true, Reasons: []string{"named in the issue", `uses "NoOptDefVal" at line 1730`}},
		{Path: "flag_groups.go", Score: 3, Reasons: []string{`mentions "NoOptDefVal" at line 88`}},
		{Path: "site/content/completions/_index.md", Score: 2, Reasons: []string{`contains the message "--verbose=" at line 41`}},
	}
	return &st, im, rm, cands
}

func TestPlanGolden(t *testing.T) {
	st, im, rm, cands := cobraPlanInputs(t)
	branch := branchName("oss-dev/", st.IssueNumber, im.Title)
	golden(t, "plan_cobra.md", must(renderPlan(st, im, rm, branch, cands)))

	// a repository where nothing matched and nothing was detected
	bare := repoMeta{Upstream: "someone/tiny", CanPush: true, PushRemote: "origin"}
	im.Requirements = analysis.IssueReport{}.Requirements
	golden(t, "plan_nothing_found.md", must(renderPlan(st, im, bare, branch, nil)))
}

func TestPRBodyGolden(t *testing.T) {
	st, im, rm, _ := cobraPlanInputs(t)
	files := []string{"completions.go", "completions_test.go"}
	v := Verification{Command: "make test", Passed: true}
	val := Validation{Checklist: []CheckItem{
		{Number: 1, Kind: "acceptance", Text: "flags with NoOptDefVal complete without `=`", Status: "addressed"},
		{Number: 2, Kind: "acceptance", Text: "a test in `completions_test.go` covers it", Status: "unknown"},
	}}
	ss := &session{root: t.TempDir()}
	rm.PRTemplate = ""
	golden(t, "pr_plain.md", must(ss.prBody(rm, im, st.IssueNumber, files, v, val)))
	golden(t, "pr_untested.md", must(ss.prBody(rm, im, st.IssueNumber, files, Verification{Skipped: true}, Validation{})))

	const tmpl = "## Description\n\n<!-- what and why -->\n\n## Related issue\n\n## How was this tested?\n\n## Checklist\n\n- [ ] I signed the CLA\n"
	if err := os.MkdirAll(filepath.Join(ss.root, ".github"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ss.root, ".github", "pull_request_template.md"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	rm.PRTemplate = ".github/pull_request_template.md"
	golden(t, "pr_template_filled.md", must(ss.prBody(rm, im, st.IssueNumber, files, v, val)))
	// a template that asks for none of it: everything goes on top
	if err := os.WriteFile(filepath.Join(ss.root, ".github", "pull_request_template.md"), []byte("Thanks for contributing!\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	golden(t, "pr_template_unmatched.md", must(ss.prBody(rm, im, st.IssueNumber, files, v, val)))
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}
