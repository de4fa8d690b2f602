package explain

import (
	"strings"
	"testing"
)

// FuzzParseCtags checks that odd ctags output never panics and yields only
// named tags with a line.
func FuzzParseCtags(f *testing.F) {
	f.Add([]byte(`{"_type": "tag", "name": "f", "path": "./a.py", "line": 3, "kind": "function", "end": 5}` + "\n" + `{"_type": "ptag"}` + "\nnot json\n"))
	f.Fuzz(func(t *testing.T, out []byte) {
		for _, tag := range parseCtags(out) {
			if tag.Name == "" || tag.Line <= 0 || strings.HasPrefix(tag.Path, "./") {
				t.Fatalf("bad tag %+v", tag)
			}
		}
	})
}

func TestCommentsAndDocstrings(t *testing.T) {
	src := strings.Split(`#!/usr/bin/env python
# Helpers.

# Adds.
# Twice.
@cache
def add(a,
        b):
    r"""Add a and b.

    Returns the sum.
    """
    return a + b

/**
 * Formats a thing.
 */
export function fmt() {
  const s = "}{";
  return s;
}
`, "\n")
	if doc, line := commentAbove("Python", src, 7); doc != "Adds.\nTwice." || line != 4 {
		t.Errorf("comment above add = %q at %d", doc, line)
	}
	if doc := pythonDocstring(src, 7); doc != "Add a and b.\n\nReturns the sum." {
		t.Errorf("docstring = %q", doc)
	}
	if doc, _ := commentAbove("TypeScript", src, 18); doc != "Formats a thing." {
		t.Errorf("jsdoc = %q", doc)
	}
	if end := blockEnd("TypeScript", src, 18); end != 21 {
		t.Errorf("block end = %d, want 21", end)
	}
	if doc, _ := commentAbove("C", []string{"#include <x.h>", "int f(void);"}, 2); doc != "" {
		t.Errorf("a preprocessor line read as a comment: %q", doc)
	}
}

func TestNearest(t *testing.T) {
	names := []string{"Total", "Circle", "Circle.Area", "Square.Area", "unused"}
	for want, first := range map[string]string{"Totl": "Total", "circle": "Circle", "Area": "Circle.Area", "Unused": "unused"} {
		got := nearest(want, names, 3)
		if len(got) == 0 || got[0] != first {
			t.Errorf("nearest(%q) = %v, want %s first", want, got, first)
		}
	}
	if got := nearest("Zebra", names, 3); len(got) != 0 {
		t.Errorf("nearest(Zebra) = %v, want none", got)
	}
}

func TestTestPaths(t *testing.T) {
	for p, stem := range map[string]string{
		"tests/test_parser.py": "parser", "pkg/parser_test.py": "parser", "src/parser.test.ts": "parser",
		"src/parser.spec.js": "parser", "src/test/java/a/ParserTest.java": "parser", "spec/parser_spec.rb": "parser",
		"x/parser_test.go": "parser", "tests/parser.rs": "parser",
	} {
		if !isTestPath(p) || testStem(p) != stem {
			t.Errorf("%s: test %v, stem %q", p, isTestPath(p), testStem(p))
		}
	}
	for _, p := range []string{"src/parser.ts", "contest.py", "README.md", "tests/data.json"} {
		if isTestPath(p) {
			t.Errorf("%s taken for a test", p)
		}
	}
}
