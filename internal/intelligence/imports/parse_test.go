package imports

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
			{Path: "json", Line: 1}, {Path: "lib/x", Relative: true, Line: 2}, {Path: "tasks.rb", Line: 3},
		}},
		{"Go", "// Package a.\npackage a\n\nimport \"fmt\"\nimport (\n\t\"os\" // files\n\t/* gone */\n\tgh \"github.com/x/y/v2\"\n\t_ \"embed\"\n)\n\nfunc f() { _ = `\nimport \"late\"\n` }\n", []Import{
			{Path: "fmt", Line: 4}, {Path: "os", Line: 6}, {Path: "github.com/x/y/v2", Alias: "gh", Line: 8}, {Path: "embed", Alias: "_", Line: 9},
		}},
		{"Go", "package a\nimport (\"a/b\")\nvar x = 1\nimport \"never\"\n", []Import{{Path: "a/b", Line: 2}}},
		{"C++", "#include \"util/str.h\"\n  #  include <vector>\n#include_next <stdio.h>\n#define X \"#include \\\"no.h\\\"\"\n// #include \"commented.h\"\n", []Import{
			{Path: "util/str.h", Line: 1}, {Path: "vector", System: true, Line: 2}, {Path: "stdio.h", System: true, Line: 3},
		}},
		{"Objective-C", "#import <Foundation/Foundation.h>\n#import \"AppDelegate.h\"\n", []Import{
			{Path: "Foundation/Foundation.h", System: true, Line: 1}, {Path: "AppDelegate.h", Line: 2},
		}},
		{"Shell", "source x.sh\n", []Import{}},
	} {
		got := Parse(c.lang, c.src, "f")
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
		"package a\nimport (\n\"x\"\n",
		"#include <a>\n#include \"b\n#import <",
	} {
		for _, lang := range []string{"Python", "TypeScript", "Java", "Rust", "Ruby", "Go", "C"} {
			f.Add(lang, s)
		}
	}
	f.Fuzz(func(t *testing.T, lang, src string) {
		lines := strings.Count(src, "\n") + 1
		for _, imp := range Parse(lang, src, "f") {
			if imp.Path == "" || imp.Line < 1 || imp.Line > lines {
				t.Fatalf("%s: bad import %+v from %q", lang, imp, src)
			}
			if utf8.ValidString(src) && !utf8.ValidString(imp.Path) {
				t.Fatalf("%s: path %q is not valid UTF-8", lang, imp.Path)
			}
		}
	})
}
