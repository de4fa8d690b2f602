package mentoring

import (
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
)

// hostileTitle tries, in one issue title, everything Markdown would act
// on: a new line with a heading, an HTML comment that hides text, an
// image that loads from elsewhere, a link, a mention, a closing keyword
// for another issue, emphasis, an unclosed code span, a terminal escape
// and a bidirectional override.
const hostileTitle = "Crash on start\n# Injected heading\n<!-- hidden --> <img src=x onerror=alert(1)> " +
	"[click](https://evil.example) ![t](https://evil.example/p.png) @maintainers fixes #1 *bold* " +
	"`kept code` ``unclosed \x1b[31mred\u202e &#64;team"

var hostileItems = []string{
	"1. not a list", "> not a quote", "- [x] not a tick", "| a | b |", "---", "## not a heading",
	"<details><summary>x</summary>", "see https://evil.example/?a=<b>",
}

var hostilePaths = []string{"evil`name`.go", "```fence.go", "<script>.js", "a\nb.go", "`edge`"}

func hostilePlanInputs(t *testing.T) string {
	st, im, rm, _ := cobraPlanInputs(t)
	im.Title = hostileTitle
	im.Requirements = issue.Requirements{}
	for _, s := range hostileItems {
		im.Requirements.AcceptanceCriteria = append(im.Requirements.AcceptanceCriteria, issue.Item{Text: s})
		im.Requirements.ReproductionSteps = append(im.Requirements.ReproductionSteps, issue.Item{Text: s})
	}
	var cands []Candidate
	for i, p := range hostilePaths {
		cands = append(cands, Candidate{Path: p, Test: i%2 == 1, Reasons: []string{`contains the message "</details> @x #2" at line 1`}})
	}
	rm.Test = []CommandInfo{{Command: "make test`; rm -rf ~ `", Dir: "<dir> #3"}}
	rm.PRTemplate = "a`b.md"
	rm.Upstream = "[evil](https://evil.example)"
	rm.Convention = "*loud*"
	plan, err := renderPlan(st, im, rm, "oss-dev/2148-crash", cands)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// TestHostilePlanStaysInert renders plan.md from hostile input and reads
// it back with a Markdown parser (GitHub's flavour): its headings are the
// template's, it holds no HTML, no image and no link but the issue's,
// mentions and issue references are broken, and the title's words are
// all there.
func TestHostilePlanStaysInert(t *testing.T) {
	plan := hostilePlanInputs(t)
	doc, src := parseGFM(plan)
	var headings []string
	links := 0
	walk(doc, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, string(n.Text(src)))
		case *ast.HTMLBlock, *ast.RawHTML, *ast.Image, *ast.Link, *east.Table, *east.TaskCheckBox, *ast.Blockquote, *ast.ThematicBreak:
			t.Errorf("the plan holds a %s: %q", n.Kind(), n.Text(src))
		case *ast.AutoLink:
			links++
			if url := string(n.URL(src)); url != "https://github.com/spf13/cobra/issues/2148" {
				t.Errorf("the plan links to %s", url)
			}
		case *ast.List:
			if n.Parent() != doc {
				t.Errorf("a list inside a list item: %q", n.Text(src))
			}
		}
	})
	want := []string{"What the issue asks", "Files most likely involved", "Steps", "Tests", "Commands", "Before the pull request"}
	if len(headings) != len(want)+1 || !strings.HasPrefix(headings[0], "Plan: Crash on start") {
		t.Fatalf("headings %q", headings)
	}
	for i, h := range want {
		if headings[i+1] != h {
			t.Errorf("heading %d is %q, want %q", i+1, headings[i+1], h)
		}
	}
	if links != 1 {
		t.Errorf("%d autolinks, want the issue's alone", links)
	}
	for _, r := range regexp.MustCompile(`[@#][A-Za-z0-9]+`).FindAllString(plainText(doc, src), -1) {
		if r != "#2148" {
			t.Errorf("a mention or reference survives: %q", r)
		}
	}
	title := unescape(strings.ReplaceAll(headings[0], "\u200b", ""))
	for _, word := range []string{"Injected heading", "<!-- hidden -->", "<img src=x onerror=alert(1)>", "[click](https://evil.example)",
		"![t](https://evil.example/p.png)", "@maintainers fixes #1", "*bold*", "``unclosed", "&#64;team"} {
		if !strings.Contains(title, word) {
			t.Errorf("the title lost %q: %q", word, title)
		}
	}
	if strings.ContainsAny(plan, "\x1b\u202e") {
		t.Error("a terminal escape or a bidirectional override reached plan.md")
	}
}

// TestHostileCodeSpansHoldTheirText checks that a path or a command with
// backticks in it stays one code span with all of its text.
func TestHostileCodeSpansHoldTheirText(t *testing.T) {
	for _, s := range append(hostilePaths, "make test`; rm -rf ~ `", "", "``") {
		doc, src := parseGFM("- " + mdCode(s) + "\n")
		var spans []string
		walk(doc, func(n ast.Node) {
			if c, ok := n.(*ast.CodeSpan); ok {
				spans = append(spans, string(c.Text(src)))
			}
		})
		if want := oneLine(s); len(spans) != 1 || strings.TrimSpace(spans[0]) != want {
			t.Errorf("mdCode(%q) = %q parses as spans %q, want one holding %q", s, mdCode(s), spans, want)
		}
	}
}

// TestHostilePRBodyStaysInert publishes the hostile title, checklist and
// file names in a pull request body: the only issue it closes is its own.
func TestHostilePRBodyStaysInert(t *testing.T) {
	ss := &session{root: t.TempDir()}
	var val Validation
	for _, s := range hostileItems {
		val.Checklist = append(val.Checklist, CheckItem{Text: s + " closes #9 @owner", Status: "unknown"})
	}
	body, err := ss.prBody(repoMeta{}, issueMeta{Title: hostileTitle}, 2148, hostilePaths, Verification{Command: "make test`@x #4`"}, val)
	if err != nil {
		t.Fatal(err)
	}
	doc, src := parseGFM(body)
	walk(doc, func(n ast.Node) {
		switch n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML, *ast.Image, *ast.Link, *ast.AutoLink, *east.Table, *ast.Blockquote, *ast.ThematicBreak:
			t.Errorf("the body holds a %s: %q", n.Kind(), n.Text(src))
		}
	})
	refs := regexp.MustCompile(`[@#][A-Za-z0-9]+`).FindAllString(plainText(doc, src), -1)
	for _, r := range refs {
		if r != "#2148" {
			t.Errorf("the body references %s", r)
		}
	}
	if boxes := strings.Count(body, "\n- [ ] "); boxes != len(hostileItems) {
		t.Errorf("%d checklist boxes, want %d:\n%s", boxes, len(hostileItems), body)
	}
}

func parseGFM(s string) (ast.Node, []byte) {
	src := []byte(s)
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	return md.Parser().Parse(text.NewReader(src)), src
}

func walk(n ast.Node, f func(ast.Node)) {
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			f(n)
		}
		return ast.WalkContinue, nil
	})
}

// plainText is the text GitHub would scan for mentions and references:
// everything outside code spans.
func plainText(doc ast.Node, src []byte) string {
	var b strings.Builder
	walk(doc, func(n ast.Node) {
		if t, ok := n.(*ast.Text); ok {
			if _, inCode := t.Parent().(*ast.CodeSpan); !inCode {
				b.Write(t.Segment.Value(src))
				b.WriteByte(' ')
			}
		}
	})
	return b.String()
}

// unescape undoes CommonMark's backslash escapes, which the parser keeps
// in its text segments.
func unescape(s string) string {
	return regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])").ReplaceAllString(s, "$1")
}

// TestMdTextKeepsOrdinaryTextReadable: escaping is for what Markdown would
// act on; ordinary issue text reads as it was written.
func TestMdTextKeepsOrdinaryTextReadable(t *testing.T) {
	for in, want := range map[string]string{
		"ParseConfig fails on empty lines":       "ParseConfig fails on empty lines",
		"`parse_config` returns io.EOF (v1.2.3)": "`parse_config` returns io.EOF (v1.2.3)",
		"use snake_case names, 50% faster":       "use snake_case names, 50% faster",
		"a\r\nb\tc":                              "a  b c",
		"_private_ and *stars*":                  `\_private\_ and \*stars\*`,
		"2. second":                              `2\. second`,
		"ask @octocat about #12":                 "ask @\u200boctocat about #\u200b12",
		"see https://go.dev and www.go.dev":      "see https:\u200b//go.dev and www\u200b.go.dev",
		"crashes\x1b]0;pwned\x07 now \x1b[31mred\x1b[0m \x1bPdcs\x1b\\ok": "crashes now red ok",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
}
