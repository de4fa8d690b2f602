package repo

import (
	"strings"
	"testing"
)

func FuzzGitattributes(f *testing.F) {
	f.Add("*.js linguist-vendored\n/docs/** linguist-documentation=false\n", "docs/a/b.js")
	f.Add("\"a b\" -linguist-generated !linguist-language\n[attr]x y\n", "a b")
	f.Add("**/[!a-]*?x linguist-language=Go\n", "q/w/ex")
	f.Fuzz(func(t *testing.T, attrs, path string) {
		var a Attributes
		a.parse(".gitattributes", []byte(attrs))
		a.parse("sub/.gitattributes", []byte(attrs))
		for name, st := range a.Lookup(path) {
			if !strings.HasPrefix(name, "linguist-") {
				t.Fatalf("non-linguist attribute %q kept", name)
			}
			if st.src.Line <= 0 {
				t.Fatalf("override without a line: %+v", st)
			}
		}
	})
}

func FuzzWildmatch(f *testing.F) {
	f.Add("a/**/b*.[ch]", "a/x/y/bz.c")
	f.Add("[[:alpha:]-z]?", "q1")
	f.Fuzz(func(t *testing.T, pat, path string) {
		p := compilePattern(pat)
		p.match(path)
		// A pattern without wildcards matches exactly itself.
		if !strings.ContainsAny(pat, `*?[\`) && p.match(pat) != true {
			t.Fatalf("literal %q does not match itself", pat)
		}
	})
}

func FuzzMakeTargets(f *testing.F) {
	f.Add("all: build\n\tgo build\n.PHONY: x\nVAR := 1\ndefine X\nendef\n")
	f.Add("a b: c ; echo \\\n d\n")
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		for _, tg := range parseMakeTargets([]byte(src)) {
			if tg.Name == "" || tg.Line < 1 || tg.Line > lines || strings.ContainsAny(tg.Name, " \t%$") {
				t.Fatalf("bad target %+v", tg)
			}
		}
		for _, tg := range parseJustRecipes([]byte(src)) {
			if !isIdent(tg.Name) || tg.Line < 1 || tg.Line > lines {
				t.Fatalf("bad recipe %+v", tg)
			}
		}
	})
}

func FuzzPackageJSON(f *testing.F) {
	f.Add(`{"name":"x","scripts":{"test":"jest","b":{"x":1}},"bin":{"x":"./x.js"}}`)
	f.Add(`{"bin":"./cli.js","workspaces":["a"],"scripts":[1]}`)
	f.Add(`{"scripts":`)
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		p, ok := parsePackageJSON([]byte(src))
		if !ok {
			return
		}
		for _, s := range append(p.Scripts, p.Bin...) {
			if s.Line < 1 || s.Line > lines {
				t.Fatalf("entry %+v outside the file's %d lines", s, lines)
			}
		}
	})
}

func FuzzWorkflow(f *testing.F) {
	f.Add("jobs:\n  a:\n    steps:\n      - run: |\n          make test\n          cd x && npm ci\n")
	f.Add("test:\n  script:\n    - cargo test\n  before_script: make deps\n")
	f.Add("jobs: [1, {steps: 2}]\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, s := range append(parseGitHubWorkflow([]byte(src)), parseCIScripts([]byte(src))...) {
			if s.Command == "" || s.Line < 1 {
				t.Fatalf("bad step %+v", s)
			}
		}
		for _, s := range parseJenkinsfile([]byte(src)) {
			if s.Command == "" || s.Line < 1 {
				t.Fatalf("bad Jenkins step %+v", s)
			}
		}
	})
}

func FuzzCountLines(f *testing.F) {
	f.Add(uint8(0), "a /* b\n */ c // d\n\n", []byte{})
	f.Add(uint8(3), "\"\"\"x\n'''\n# y\n", []byte{40, 41, 4, 42})
	f.Add(uint8(12), "--[[\n]] x\n", []byte{5, 1, 36, 37})
	f.Add(uint8(21), "REM x\r\n@rem y\n:: z", []byte{})
	f.Fuzz(func(t *testing.T, which uint8, src string, picks []byte) {
		lang := syntaxLanguages[int(which)%len(syntaxLanguages)]
		syn, known := commentSyntaxFor(lang)
		for _, text := range []string{src, tokenText(picks, lineTokens(syn))} {
			c := countLines([]byte(text), syn, known)
			n := strings.Count(text, "\n")
			if !strings.HasSuffix(text, "\n") && text != "" {
				n++
			}
			if c.Code+c.Comment+c.Blank != n {
				t.Fatalf("%+v does not add up to %d lines", c, n)
			}
			checkCountLines(t, lang, text)
		}
	})
}
