package mentoring

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
)

func TestBranchName(t *testing.T) {
	tests := []struct {
		prefix string
		n      int
		title  string
		want   string
	}{
		{"oss-dev/", 7, "ParseConfig fails on empty lines", "oss-dev/7-parseconfig-fails-on-empty-lines"},
		{"fix/", 12, "  Crash: nil *Config (panic!) ", "fix/12-crash-nil-config-panic"},
		{"oss-dev/", 3, "日本語だけ", "oss-dev/3"},
		{"oss-dev/", 9, "../../etc/passwd; rm -rf ~", "oss-dev/9-etc-passwd-rm-rf"},
		{"", 1, strings.Repeat("word ", 30), "1-word-word-word-word-word-word-word-word"},
	}
	for _, tt := range tests {
		if got := branchName(tt.prefix, tt.n, tt.title); got != tt.want {
			t.Errorf("branchName(%q, %d, %q) = %q, want %q", tt.prefix, tt.n, tt.title, got, tt.want)
		}
	}
}

// TestSearchTermsStrongestFirst: what the issue names as a file or a
// symbol outranks an error message, which outranks a bare identifier;
// common words and repeats are left out.
func TestSearchTermsStrongestFirst(t *testing.T) {
	im := issueMeta{
		Title: "ParseConfig fails on empty lines",
		Body:  "`parser.go` breaks with:\n\nerror: unexpected token at line 3\n\nSee `ParseConfig` and \"the loader's retry loop\". The the TODO.",
		Requirements: issue.Requirements{
			Files:   []issue.Item{{Text: "`parser.go`"}},
			Symbols: []issue.Item{{Text: "ParseConfig()"}},
		},
	}
	var got []string
	for _, tm := range searchTerms(im) {
		got = append(got, tm.kind+":"+tm.text)
	}
	want := []string{"file:parser.go", "message:unexpected token at line 3", "symbol:ParseConfig", "message:the loader's retry loop"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("search terms %q, want %q", got, want)
	}
}

// TestGrepPattern: an identifier matches as a whole word; anything else
// matches literally, regular expression characters included.
func TestGrepPattern(t *testing.T) {
	tests := []struct {
		term, line string
		match      bool
	}{
		{"ParseConfig", "func ParseConfig(s string)", true},
		{"ParseConfig", "func MustParseConfig(s string)", false},
		{"ParseConfig", "ParseConfigs := 1", false},
		{"a.b(c)", "x := a.b(c)", true},
		{"a.b(c)", "x := aXb(c)", false},
		{"[draft]", "title [draft]", true},
	}
	for _, tt := range tests {
		re := regexp.MustCompile(grepPattern(tt.term))
		if got := re.MatchString(tt.line); got != tt.match {
			t.Errorf("grepPattern(%q) on %q: %v, want %v", tt.term, tt.line, got, tt.match)
		}
	}
	if !definesSymbol("func (c *Config) ParseConfig() error {", "ParseConfig") || definesSymbol("x := ParseConfig()", "ParseConfig") {
		t.Error("definesSymbol tells a definition from a use wrongly")
	}
}

func TestSummarizeFailures(t *testing.T) {
	tests := []struct {
		name, out string
		want      []string
	}{
		{"go test", "=== RUN   TestA\n--- FAIL: TestParseEmptyLines (0.00s)\n    parser_test.go:9: got 1\n--- FAIL: TestParseEmptyLines (0.00s)\nFAIL\texample.com/widget\t0.01s\n",
			[]string{"TestParseEmptyLines", "example.com/widget"}},
		{"pytest", "tests/test_a.py F\nFAILED tests/test_a.py::test_parse - AssertionError\n", []string{"tests/test_a.py::test_parse"}},
		{"cargo", "test parser::empty_lines ... FAILED\n", []string{"parser::empty_lines"}},
		{"tap", "ok 1 - loads\nnot ok 2 - skips empty lines\n", []string{"skips empty lines"}},
		{"no names, an error", "building...\nError: cannot find module 'x'\ndone\n", []string{"Error: cannot find module 'x'"}},
		{"nothing recognisable", "one\ntwo\nthree", []string{"one", "two", "three"}},
	}
	for _, tt := range tests {
		if got := summarizeFailures(tt.out); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestChecklistFindsEvidenceInTheDiff: a requirement is addressed when the
// change touches a file it names or adds an identifier it names, and is
// left for a person otherwise.
func TestChecklistFindsEvidenceInTheDiff(t *testing.T) {
	im := issueMeta{Requirements: issue.Requirements{
		AcceptanceCriteria: []issue.Item{{Text: "`skipEmpty` is called for every line"}, {Text: "the docs explain it"}},
		Files:              []issue.Item{{Text: "parser.go"}},
	}}
	diff := "--- a/parser.go\n+++ b/parser.go\n@@ -1 +1,2 @@\n+\tline = skipEmpty(line)\n"
	got := checklist(im, []string{"parser.go"}, diff, "")
	status := map[string]string{}
	for _, it := range got {
		status[it.Text] = it.Status
	}
	want := map[string]string{"`skipEmpty` is called for every line": "addressed", "the docs explain it": "unknown", "parser.go": "addressed"}
	if !reflect.DeepEqual(status, want) {
		t.Fatalf("checklist %+v, want statuses %v", got, want)
	}
}

// TestFillTemplateKeepsTheTemplatesOwnIssueLink: a template that already
// closes the issue gets no second Fixes line.
func TestFillTemplateKeepsTheTemplatesOwnIssueLink(t *testing.T) {
	body := fillTemplate("## Summary\n\nCloses #7\n", "This addresses #7.\n", "Fixes #7", "Ran `make test`: passed.")
	if strings.Contains(body, "Fixes #7") || strings.Count(body, "Closes #7") != 1 || !strings.HasPrefix(body, "Ran `make test`") {
		t.Fatalf("body:\n%s", body)
	}
}
