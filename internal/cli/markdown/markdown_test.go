package markdown

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func plain(src string, width int) string {
	return Render(src, Options{Width: width, Color: scheme(false)})
}

func TestConstructsPlain(t *testing.T) {
	tests := []struct {
		name, src string
		width     int
		want      string
	}{
		{"heading levels", "# One\n\n### Three", 40, "# One\n\n### Three\n"},
		{"setext heading", "Title\n=====", 40, "# Title\n"},
		{"heading wraps under its text", "## a heading that is far too long", 19, "## a heading that\n   is far too long\n"},
		{"paragraph wraps", "one two three four five six", 10, "one two\nthree four\nfive six\n"},
		{"soft breaks join", "one\ntwo", 40, "one two\n"},
		{"hard break", "one\\\ntwo", 40, "one\ntwo\n"},
		{"emphasis is plain", "*it* **bold** ***both***", 40, "it bold both\n"},
		{"inline code keeps backticks", "run `go test` now", 40, "run `go test` now\n"},
		{"strikethrough keeps tildes", "~~old~~ new ~one~", 40, "~~old~~ new ~~one~~\n"},
		{"three tildes are text", "a ~~~b~~~ c", 40, "a ~~~b~~~ c\n"},
		{"link with url", "see [the docs](https://x.dev/d)", 60, "see the docs (https://x.dev/d)\n"},
		{"link whose text is its url", "[https://x.dev](https://x.dev)", 60, "https://x.dev\n"},
		{"link without text", "[](https://x.dev)", 60, "https://x.dev\n"},
		{"reference link", "[docs][d]\n\n[d]: https://x.dev \"Docs\"", 60, "docs (https://x.dev)\n"},
		{"autolink", "<https://x.dev/a> and <me@x.dev>", 60, "https://x.dev/a and me@x.dev\n"},
		{"image", "![a cat](https://x.dev/cat.png)", 60, "[image: a cat] https://x.dev/cat.png\n"},
		{"image without alt", "![](cat.png)", 60, "[image] cat.png\n"},
		{"fenced code verbatim, not wrapped", "```go\nfunc main() {\n\tprintln(\"a long line that is not wrapped\")\n}\n```", 10,
			"    func main() {\n    \tprintln(\"a long line that is not wrapped\")\n    }\n"},
		{"indented code", "text\n\n    a  b\n    c", 40, "text\n\n    a  b\n    c\n"},
		{"code keeps markup", "```\n**not bold** <b>x</b>\n```", 40, "    **not bold** <b>x</b>\n"},
		{"block quote", "> one\n>\n> two", 40, "│ one\n│\n│ two\n"},
		{"nested quote", "> a\n>> b", 40, "│ a\n│\n│ │ b\n"},
		{"quote wraps inside its bar", "> one two three", 9, "│ one two\n│ three\n"},
		{"alert", "> [!WARNING]\n> careful", 40, "│ Warning careful\n"},
		{"bullets by depth", "- a\n  - b\n    - c\n      - d", 40, "• a\n  ◦ b\n    ▪ c\n      • d\n"},
		{"hanging indent", "- one two three four", 10, "• one two\n  three\n  four\n"},
		{"ordered list aligned", "9. nine\n10. ten", 40, " 9. nine\n10. ten\n"},
		{"ordered start and paren", "3) c\n4) d", 40, "3) c\n4) d\n"},
		{"loose list", "- a\n\n- b", 40, "• a\n\n• b\n"},
		{"list item with paragraphs", "1. a\n\n   more\n2. b", 40, "1. a\n\n   more\n\n2. b\n"},
		{"task list", "- [ ] todo\n- [x] done\n- [X] also", 40, "[ ] todo\n[x] done\n[x] also\n"},
		{"ordered task", "1. [x] done", 40, "1. [x] done\n"},
		{"task needs a space", "- [x]done", 40, "• [x]done\n"},
		{"box mid-text is text", "- a [x] b", 40, "• a [x] b\n"},
		{"thematic break", "a\n\n---\n\nb", 10, "a\n\n──────────\n\nb\n"},
		{"table", "| a | b |\n|---|--:|\n| 1 | 22 |", 40, "a │  b\n──┼───\n1 │ 22\n"},
		{"table centre", "|x|y|\n|:-:|-|\n|abc|d|", 40, " x  │ y\n────┼──\nabc │ d\n"},
		{"table fits width", "| k | v |\n|-|-|\n| key | one two three four |", 14, "k   │ v\n────┼─────────\nkey │ one two\n    │ three\n    │ four\n"},
		{"table keeps extra cells", "|a|\n|-|\n|1|2|", 40, "a │\n──┼──\n1 │ 2\n"},
		{"table after text", "intro\n|a|b|\n|-|-|\n|1|2|", 40, "intro\n\na │ b\n──┼──\n1 │ 2\n"},
		{"table pipe in code", "|a|\n|-|\n|`x\\|y`|", 40, "a\n─────\n`x|y`\n"},
		{"not a table", "a | b\n-- x --", 40, "a | b -- x --\n"},
		{"html comment disappears", "a\n\n<!-- hidden\ntext -->\n\nb", 40, "a\n\nb\n"},
		{"inline comment disappears", "a <!-- x --> b", 40, "a  b\n"},
		{"details and summary", "<details>\n<summary>Logs</summary>\n\nline\n\n</details>", 40, "▸ Logs\n\nline\n"},
		{"inline html keeps text", "press <kbd>Ctrl</kbd>+<kbd>C</kbd>", 40, "press Ctrl+C\n"},
		{"br breaks", "a<br>b<br/>c", 40, "a\nb\nc\n"},
		{"html block text", "<p align=\"center\">\n  Hello   <b>there</b>\n</p>", 40, "Hello there\n"},
		{"html img", "<img src=\"a.png\" alt=\"A &amp; B\">", 40, "[image: A & B] a.png\n"},
		{"html link", "<p><a href=\"https://x.dev\">site</a></p>", 40, "site (https://x.dev)\n"},
		{"script dropped", "<script>alert(1)</script>\n\nok", 40, "ok\n"},
		{"lone angle bracket", "<div>\na < b and c > d\n</div>", 40, "a < b and c > d\n"},
		{"entities", "&copy; &#169; &#xA9; &bogus;", 40, "© © © &bogus;\n"},
		{"escapes", `\*a\* \# \\`, 40, "*a* # \\\n"},
		{"wide runes", "日本語の文章です", 8, "日本語の\n文章です\n"},
		{"combining marks", "e\u0301e\u0301e\u0301 x", 5, "e\u0301e\u0301e\u0301 x\n"},
		{"long word split", "abcdefghij", 4, "abcd\nefgh\nij\n"},
		{"no wrapping at width 0", "one two three", 0, "one two three\n"},
		{"empty", "", 40, ""},
		{"only a comment", "<!-- template -->\n", 40, ""},
		{"control characters", "a\x1b[2Jb\x07c", 40, "abc\n"},
		{"C1 controls", "a\u009b31mb", 40, "ab\n"},
		{"carriage returns", "a\r\nb\rc", 40, "a b c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plain(tt.src, tt.width); got != tt.want {
				t.Errorf("Render(%q, %d):\n got %q\nwant %q", tt.src, tt.width, got, tt.want)
			}
		})
	}
}

func TestHardWraps(t *testing.T) {
	got := Render("one\ntwo<br>\nthree", Options{Width: 40, HardWraps: true})
	if want := "one\ntwo\nthree\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestColor(t *testing.T) {
	tests := []struct{ src, want string }{
		{"**b**", "\x1b[1mb\x1b[0m\n"},
		{"*i*", "\x1b[3mi\x1b[0m\n"},
		{"~~s~~", "\x1b[9ms\x1b[0m\n"},
		{"`c`", "\x1b[33mc\x1b[0m\n"},
		{"# H", "\x1b[1m# H\x1b[0m\n"},
		{"[t](u)", "\x1b[36m\x1b[4mt\x1b[0m\x1b[0m (\x1b[90mu\x1b[0m)\n"},
		{"see https://x.dev.", "see \x1b[90mhttps://x.dev\x1b[0m.\n"},
		{"- [x] done", "\x1b[32m[x]\x1b[0m done\n"},
		{"> q", "\x1b[90m│\x1b[0m q\n"},
	}
	for _, tt := range tests {
		if got := Render(tt.src, Options{Width: 40, Color: scheme(true)}); got != tt.want {
			t.Errorf("Render(%q):\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

// TestNoColorSchemeIsPlain: a nil scheme means no colour.
func TestNoColorSchemeIsPlain(t *testing.T) {
	if got := Render("**b** `c`", Options{}); got != "b `c`\n" {
		t.Errorf("got %q", got)
	}
}

func TestFitColumns(t *testing.T) {
	tests := []struct {
		natural []int
		avail   int
		want    []int
	}{
		{[]int{3, 5}, 20, []int{3, 5}},
		{[]int{3, 30, 10}, 23, []int{3, 10, 10}},
		{[]int{3, 30, 12}, 24, []int{3, 11, 10}},
		{[]int{5, 5}, 1, []int{1, 1}},
		{[]int{0}, 5, []int{1}},
	}
	for _, tt := range tests {
		got := fitColumns(tt.natural, tt.avail)
		if !slices.Equal(got, tt.want) {
			t.Errorf("fitColumns(%v, %d) = %v, want %v", tt.natural, tt.avail, got, tt.want)
		}
	}
}

func TestTextWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"abc", 3}, {"日本", 4}, {"🎉", 2}, {"e\u0301", 1}, {"\x1b[1mab\x1b[0m", 2}, {"a\u200db", 2},
	}
	for _, tt := range tests {
		if got := textWidth(tt.s); got != tt.want {
			t.Errorf("textWidth(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

// FuzzRender: any input renders without panicking, valid UTF-8, no
// escape codes without colour, every word of plain text kept.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"", "# h\n\n- [ ] a\n  - b\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n",
		"<details><summary>x</summary>\n\n```\ncode\n```\n</details>",
		"> [!NOTE]\n> a ~~b~~ *c* **d** `e` [f](g) ![h](i) <j@k.l>",
		"<!-- unclosed", "<a href='x", "|a|\n|-|\n|`\\|`|", "1. x\n\n    y\n\n2) z",
		"日本語 🎉 e\u0301", "\x00\x1b\r\n\t", "***\n___\n---",
		"<img alt=x src=y", "<pre>\n  a\n b</pre>", "&#0; &#x110000; &amp",
	} {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, src string, width int) {
		width = width % 200
		for _, color := range []bool{false, true} {
			got := Render(src, Options{Width: width, Color: scheme(color), HardWraps: width%2 == 0})
			if !utf8.ValidString(got) {
				t.Fatalf("invalid UTF-8 from %q", src)
			}
			if !color && strings.ContainsRune(got, 0x1b) {
				t.Fatalf("escape code without colour from %q: %q", src, got)
			}
		}
	})
}

// TestKeepsWords: every word of ordinary prose survives rendering, at
// any width.
func TestKeepsWords(t *testing.T) {
	src := "Alpha **beta** *gamma* `delta` ~~epsilon~~ [zeta](https://eta.dev)\n\n" +
		"- theta\n  - iota\n\n> kappa\n\n| lambda | mu |\n|-|-|\n| nu | xi |\n\n" +
		"<details><summary>omicron</summary>\n\npi\n\n</details>\n\n1. rho\n2. sigma\n\n```\ntau\n```\n"
	for _, width := range []int{0, 12, 40} {
		got := plain(src, width)
		for _, w := range []string{"Alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta.dev", "theta",
			"iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau"} {
			if !strings.Contains(strings.ReplaceAll(got, "\n", ""), w) {
				t.Errorf("width %d lost %q:\n%s", width, w, got)
			}
		}
	}
}

// BenchmarkRender renders a long GitHub issue body, as issues view does
// for a body and its comments.
func BenchmarkRender(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "issues", "bug_report.md"))
	if err != nil {
		b.Fatal(err)
	}
	body := strings.Repeat(string(src)+"\n", 10)
	cs := scheme(true)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Render(body, Options{Width: 100, Color: cs, HardWraps: true})
	}
}
