package issue

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

// readMarkdownIssue reads a fixture: the first "# " line is the title, the
// rest the body.
func readMarkdownIssue(t *testing.T, path string) model.Issue {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	title, body, _ := strings.Cut(string(raw), "\n")
	return model.Issue{Title: strings.TrimPrefix(title, "# "), Body: strings.TrimLeft(body, "\n")}
}

func checkGolden(t *testing.T, name string, got any) {
	t.Helper()
	raw, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	raw = append(raw, '\n')
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if string(want) != string(raw) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, raw)
	}
}

func TestExtractRequirementsGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/issues/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".md")
		t.Run(name, func(t *testing.T) {
			iss := readMarkdownIssue(t, f)
			checkGolden(t, name+".json", ExtractRequirements(iss, nil))
		})
	}
}

// TestExtractRequirementsFindsEachKind spells out the expectations the
// golden files encode, so a wrong golden file cannot pass unnoticed.
func TestExtractRequirementsFindsEachKind(t *testing.T) {
	bug := ExtractRequirements(readMarkdownIssue(t, "testdata/issues/bug-form.md"), nil)
	wantTexts(t, "steps", bug.ReproductionSteps, "Open a new window", "Create a file named `café.txt`", "Press Ctrl+S")
	wantTexts(t, "expected", bug.Expected, "The file is saved.")
	wantTexts(t, "actual", bug.Actual, "The window closes and `Error: EPERM` is logged.")
	wantTexts(t, "env", bug.Environment, "Windows 11 22H2", "1.84.2", "18.17.1")
	wantTexts(t, "files", bug.Files, "src/vs/platform/files/node/diskFileService.ts:412", "café.txt")
	wantTexts(t, "symbols", bug.Symbols, "FileService.writeFile()")
	wantTexts(t, "links", bug.Links, "#1234", "microsoft/vscode#5678", "https://github.com/microsoft/vscode/issues/999")
	for _, l := range bug.Links {
		if strings.Contains(l.Text, "example.com/hidden") {
			t.Errorf("a link inside an HTML comment was extracted: %v", l)
		}
	}
	if bug.Expected[0].Line != 13 || bug.Expected[0].Source != "body" {
		t.Errorf("expected behaviour found at %s line %d, want body line 13", bug.Expected[0].Source, bug.Expected[0].Line)
	}

	feat := ExtractRequirements(readMarkdownIssue(t, "testdata/issues/feature-checklist.md"), nil)
	wantTexts(t, "criteria", feat.AcceptanceCriteria,
		"`export --json` prints one object per record", "The shape is documented in docs/export.md",
		"The flag must not change the default text output.", "It should work with `--jq` too.")
	if d := feat.AcceptanceCriteria[1].Done; d == nil || !*d {
		t.Errorf("ticked checklist item not marked done: %+v", feat.AcceptanceCriteria[1])
	}
	wantTexts(t, "files", feat.Files, "cmd/export/export.go", "internal/render/table.go", "docs/export.md")
	wantTexts(t, "symbols", feat.Symbols, "render.Table", "exportRun()")

	q := ExtractRequirements(readMarkdownIssue(t, "testdata/issues/question-env.md"), nil)
	wantTexts(t, "env", q.Environment, "Python 3.11", "Ubuntu 22.04", "tensorflow 2.15.0")
	wantTexts(t, "symbols", q.Symbols, "custom_objects")
	for _, s := range q.Symbols {
		if s.Text == "MyLayer" && s.Line == 0 {
			t.Errorf("symbol without a line: %+v", s)
		}
	}

	bold := ExtractRequirements(readMarkdownIssue(t, "testdata/issues/bold-headings.md"), nil)
	wantTexts(t, "actual", bold.Actual, "The README says `npm instal` instead of `npm install`.")
	wantTexts(t, "expected", bold.Expected, "The command is spelled correctly.")
	wantTexts(t, "steps", bold.ReproductionSteps, "open README.md", "scroll to \"Installation\"")
	wantTexts(t, "env", bold.Environment, "macOS 14.1")
}

func wantTexts(t *testing.T, what string, items []Item, want ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, it := range items {
		have[it.Text] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("%s: %q not extracted; got %v", what, w, texts(items))
		}
	}
}

func texts(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Text
	}
	return out
}

func TestMaintainerGuidanceComesFromMaintainersOnly(t *testing.T) {
	comments := []model.Comment{
		{Author: "visitor", AuthorAssociation: "NONE", Body: "Same here! You should fix `Foo.bar()`."},
		{Author: "lead", AuthorAssociation: "MEMBER", Body: "The fix belongs in pkg/render/render.go.\n\n- [ ] add a test for the empty case\n\n> quoted: ignore me"},
		{Author: "owner", AuthorAssociation: "OWNER", Body: "```\ncode only\n```\nPlease keep the public API unchanged."},
	}
	req := ExtractRequirements(model.Issue{Title: "Render fails on empty input", Body: "It panics."}, comments)
	if len(req.MaintainerGuidance) != 2 {
		t.Fatalf("guidance = %+v, want the two maintainer comments", req.MaintainerGuidance)
	}
	if g := req.MaintainerGuidance[0]; g.Source != "comment 2 by @lead (member)" || strings.Contains(g.Text, "quoted") {
		t.Errorf("first guidance = %+v", g)
	}
	if g := req.MaintainerGuidance[1]; g.Text != "Please keep the public API unchanged." {
		t.Errorf("second guidance = %+v (code should be left out)", g)
	}
	wantTexts(t, "criteria from a maintainer", req.AcceptanceCriteria, "add a test for the empty case")
	for _, c := range req.AcceptanceCriteria {
		if strings.Contains(c.Text, "You should fix") {
			t.Errorf("a non-maintainer's sentence became a criterion: %+v", c)
		}
	}
	wantTexts(t, "files", req.Files, "pkg/render/render.go")
	wantTexts(t, "symbols from any comment", req.Symbols, "Foo.bar()")
}

// TestExtractRealIssues runs extraction over real bodies from the shared
// data: nothing panics, and the bug reports of issue forms yield steps.
func TestExtractRealIssues(t *testing.T) {
	recs := readShared(t)
	withSteps := 0
	for _, r := range recs {
		req := ExtractRequirements(issueOf(r), nil)
		if r.Label == "bug" && len(req.ReproductionSteps) > 0 {
			withSteps++
		}
		for _, it := range req.Files {
			if it.Text == "" || it.Source == "" {
				t.Fatalf("issue %d: empty file item %+v", r.ID, it)
			}
		}
	}
	if withSteps < 100 {
		t.Errorf("only %d of 500 bug reports gave reproduction steps", withSteps)
	}
	t.Logf("%d of 500 bug reports gave reproduction steps", withSteps)
}

func TestAnalyzeCombinesTheParts(t *testing.T) {
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	iss := readMarkdownIssue(t, "testdata/issues/bug-form.md")
	iss.Labels = []model.Label{{Name: "good first issue"}}
	iss.CreatedAt = now.Add(-48 * time.Hour)
	a, err := Analyze(iss, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if a.Classification.Type != TypeBug {
		t.Errorf("type = %s, want bug (evidence %+v)", a.Classification.Type, a.Classification.Evidence)
	}
	if a.Claim.Taken || a.Suitability.Score < 70 || len(a.Requirements.ReproductionSteps) != 3 {
		t.Errorf("analysis = %+v", a)
	}
}

// TestReporterChecklistIsNoCriterion: the ticked boxes of an issue
// template (as sindresorhus/got's bug form) speak of the reporter; only the
// tasks are acceptance criteria.
func TestReporterChecklistIsNoCriterion(t *testing.T) {
	body := "#### Checklist\n\n- [x] I have read the documentation.\n- [x] I've tried my code with the latest version of Node.js and Got.\n- [ ] `retry.calculateDelay` is called on ETIMEDOUT\n"
	r := ExtractRequirements(model.Issue{Title: "Retry on timeout", Body: body}, nil)
	wantTexts(t, "criteria", r.AcceptanceCriteria, "`retry.calculateDelay` is called on ETIMEDOUT")
	if len(r.AcceptanceCriteria) != 1 {
		t.Errorf("criteria = %v, want only the task", texts(r.AcceptanceCriteria))
	}
}
