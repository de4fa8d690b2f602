package explain

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseImports(t *testing.T) {
	for _, c := range []struct {
		lang, src string
		want      []Import
	}{
		{"Python", "import os, sys as system\nfrom . import sibling\nfrom ..pkg.mod import (a,\n    b as c)  # two\nx = 'import nope'\n", []Import{
			{Path: "os", Line: 1}, {Path: "sys", Alias: "system", Line: 1},
			{Path: ".", Names: []string{"sibling"}, Line: 2},
			{Path: "..pkg.mod", Names: []string{"a", "b"}, Line: 3},
		}},
		{"Python", "from x import \\\n    y\n", []Import{{Path: "x", Names: []string{"y"}, Line: 1}}},
		{"TypeScript", "import React, { useState, type FC } from 'react';\nimport * as fs from \"node:fs\";\nimport './polyfill';\nexport { a as b } from './re';\nimport type { T } from './types';\nimport {\n  one,\n  two,\n} from '../multi';\nconst x = require('lodash');\nconst y = await import(\"./lazy\");\n// import { no } from 'comment';\n", []Import{
			{Path: "react", Alias: "React", Names: []string{"useState", "FC"}, Line: 1},
			{Path: "node:fs", Alias: "fs", Line: 2},
			{Path: "./polyfill", Line: 3},
			{Path: "./re", Names: []string{"a"}, Line: 4},
			{Path: "./types", Names: []string{"T"}, Line: 5},
			{Path: "../multi", Names: []string{"one", "two"}, Line: 6},
			{Path: "lodash", Line: 10},
			{Path: "./lazy", Line: 11},
		}},
		{"Java", "package a;\nimport java.util.List;\nimport static org.junit.Assert.*;\n", []Import{
			{Path: "java.util.List", Line: 2}, {Path: "org.junit.Assert.*", Line: 3},
		}},
		{"Rust", "use std::io;\npub use crate::a::{b, c::{d, e}};\nuse serde::Serialize as Ser;\nextern crate alloc;\nuse std::{\n    fmt,\n    sync::Arc,\n};\n", []Import{
			{Path: "std::io", Line: 1},
			{Path: "crate::a", Names: []string{"b", "c::{d, e}"}, Line: 2},
			{Path: "serde::Serialize", Alias: "Ser", Line: 3},
			{Path: "alloc", Line: 4},
			{Path: "std", Names: []string{"fmt", "sync::Arc"}, Line: 5},
		}},
		{"Ruby", "require 'json'\nrequire_relative \"lib/x\"\nload('tasks.rb')\nrequired = 1\n", []Import{
			{Path: "json", Line: 1}, {Path: "lib/x", Line: 2}, {Path: "tasks.rb", Line: 3},
		}},
		{"Shell", "source x.sh\n", []Import{}},
	} {
		got := parseImports(c.lang, c.src, "f")
		for i := range c.want {
			c.want[i].File = "f"
		}
		if c.want == nil {
			c.want = []Import{}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.lang, got, c.want)
		}
	}
}

// FuzzParseImports checks that no input makes an import parser panic or
// produce an import without a path or with a line outside the text.
func FuzzParseImports(f *testing.F) {
	for _, s := range []string{
		"import os\nfrom a import (b,\n c)\n",
		"import {\n a,\n} from 'x'\nrequire('y')\n",
		"import static a.b.*;\n",
		"use a::{b, c::{d}};\nextern crate e;\n",
		"require_relative 'x'\n",
		"from x import \\\n",
		"import {\n",
		"use a::{\n",
		"export * from 'x'",
		"import(''",
	} {
		for _, lang := range []string{"Python", "TypeScript", "Java", "Rust", "Ruby"} {
			f.Add(lang, s)
		}
	}
	f.Fuzz(func(t *testing.T, lang, src string) {
		lines := strings.Count(src, "\n") + 1
		for _, imp := range parseImports(lang, src, "f") {
			if imp.Path == "" || imp.Line < 1 || imp.Line > lines {
				t.Fatalf("%s: bad import %+v from %q", lang, imp, src)
			}
			if utf8.ValidString(src) && !utf8.ValidString(imp.Path) {
				t.Fatalf("%s: path %q is not valid UTF-8", lang, imp.Path)
			}
		}
	})
}

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
