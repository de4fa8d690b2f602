package linguist

import (
	"slices"
	"strings"
	"testing"
)

func TestLanguagesAmbiguousExtensions(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                []string
	}{
		{"C header", "a.h", "int f(void);\n", []string{"C"}},
		{"C++ header", "inc/a.h", "#include <string>\nclass A { public: std::string s; };\n", []string{"C++"}},
		{"Objective-C header", "a.h", "#import <Foundation/Foundation.h>\n@interface A : NSObject\n@end\n", []string{"Objective-C"}},
		{"Objective-C .m", "a.m", "#import <Foundation/Foundation.h>\n@implementation A\n@end\n", []string{"Objective-C"}},
		{"MATLAB .m", "a.m", "function y = f(x)\n  % comment\n  y = x + 1;\nend\n", []string{"MATLAB"}},
		{"Mercury .m", "a.m", ":- module(a).\n", []string{"Mercury"}},
		{"undecided .m", "a.m", "x = 1\n", []string{"Limbo", "M", "MATLAB", "MUF", "Mercury", "Objective-C", "Wolfram Language"}},
		{"Perl .pl", "a.pl", "use strict;\nmy $x = 1;\n", []string{"Perl"}},
		{"Prolog .pl", "a.pl", ":- module(a, [f/1]).\nf(X) :- X > 1.\n", []string{"Prolog"}},
		{"Raku .pl", "a.pl", "use v6;\nsay 'hi';\n", []string{"Raku"}},
		{"TypeScript .ts", "a.ts", "export const x: number = 1;\n", []string{"TypeScript"}},
		{"Qt translation .ts", "a.ts", "<?xml version=\"1.0\"?>\n<!DOCTYPE TS>\n<TS version=\"2.1\">\n</TS>\n", []string{"XML"}},
		{"PHP .inc", "a.inc", "<?php\necho 1;\n", []string{"PHP"}},
		{"Assembly .inc", "a.inc", "mov ax, bx\n", []string{"Assembly"}},
		{"POV-Ray .inc", "a.inc", "#declare X = 1;\n", []string{"POV-Ray SDL"}},
		{"Verilog .v", "a.v", "module top(input a, output b);\nassign b = a;\nendmodule\n", []string{"Verilog"}},
		{"Rocq .v", "a.v", "Theorem t : True.\nProof. trivial. Qed.\n", []string{"Rocq Prover"}},
		{"V .v", "a.v", "fn main() {\n\tprintln('hi')\n}\n", []string{"V"}},
		{"man page", "ls.1", ".TH LS 1\n.SH NAME\nls\n", []string{"Roff Manpage"}},
		{"upper-case extension", "A.H", "int f(void);\n", []string{"C"}},
		{"compound extension first", "types.d.ts", "declare const x: number;\n", []string{"TypeScript"}},
		{"unknown", "a.unknownext", "hello\n", nil},
		{"binary", "a.c", "int\x00main", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Languages(tc.file, []byte(tc.content))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Languages(%q) = %q, want %q", tc.file, got, tc.want)
			}
		})
	}
}

func TestLanguagesByName(t *testing.T) {
	tests := []struct{ file, want string }{
		{"Makefile", "Makefile"},
		{"src/GNUmakefile", "Makefile"},
		{"Dockerfile", "Dockerfile"},
		{"CMakeLists.txt", "CMake"},
		{"Gemfile", "Ruby"},
		{"go.mod", "Go Module"},
		{"Cargo.lock", "TOML"},
		{".bashrc", "Shell"},
		{"main.go", "Go"},
		{"App.tsx", "TSX"},
		{"lib.rs", "RenderScript"}, // "x" is no Rust: .rs stays ambiguous, RenderScript comes first
		{"setup.py", "Python"},
	}
	for _, tc := range tests {
		if got := Language(tc.file, []byte("x\n")); got != tc.want {
			t.Errorf("Language(%q) = %q, want %q", tc.file, got, tc.want)
		}
	}
}

func TestShebangs(t *testing.T) {
	tests := []struct{ content, interp, lang string }{
		{"#!/usr/bin/env python3\nprint(1)\n", "python3", "Python"},
		{"#!/usr/bin/python3.11\n", "python3", "Python"},
		{"#!/bin/bash\necho hi\n", "bash", "Shell"},
		{"#!/usr/bin/env -S node --no-warnings\n", "node", "JavaScript"},
		{"#!/usr/bin/env FOO=1 ruby\n", "ruby", "Ruby"},
		{"#! /usr/bin/perl -w\n", "perl", "Perl"},
		{"#!/bin/sh\n# comment\nexec tclsh \"$0\" \"$@\"\n", "tclsh", "Tcl"},
		{"#!/bin/sh\necho hi\n", "sh", "Shell"},
		{"#!/usr/bin/osascript -l JavaScript\n", "", ""},
		{"#!/usr/bin/env\n", "", ""},
		{"#!\n", "", ""},
		{"no shebang\n", "", ""},
		{"\n#!/bin/bash\n", "", ""},
	}
	for _, tc := range tests {
		if got := Interpreter([]byte(tc.content)); got != tc.interp {
			t.Errorf("Interpreter(%q) = %q, want %q", tc.content, got, tc.interp)
		}
		// An extensionless script is known by its shebang alone.
		if got := Language("script", []byte(tc.content)); got != tc.lang {
			t.Errorf("Language(script, %q) = %q, want %q", tc.content, got, tc.lang)
		}
	}
}

func TestModelines(t *testing.T) {
	tail := strings.Repeat("x\n", 20)
	tests := []struct{ content, want string }{
		{"# -*- mode: ruby -*-\nputs 1\n", "Ruby"},
		{"-*- python -*-\n", "Python"},
		{"# vim: set ft=python:\n", "Python"},
		{"/* vim: set filetype=c: */\n", "C"},
		{"# vim: syntax=perl ft=perl:\n", "Perl"},
		{"# vim: syntax=ruby ft=python:\n", ""},
		{"# ex: set ft=sh:\n", "Shell"},
		{"# -*- mode: nosuchlanguage -*-\n", ""},
		// Only the first and last five lines are searched.
		{tail + "# vim: set ft=python:\n" + tail, ""},
		{tail + "# vim: set ft=python:\n", "Python"},
		{"# -*- mode: ruby -*-\n" + tail + tail, "Ruby"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Modeline([]byte(tc.content)); got != tc.want {
			t.Errorf("Modeline(%q) = %q, want %q", tc.content, got, tc.want)
		}
	}
	// A modeline beats the extension.
	if got := Language("a.txt", []byte("# vim: set ft=python:\n")); got != "Python" {
		t.Errorf("modeline in a.txt: %q, want Python", got)
	}
}

func TestTieBreak(t *testing.T) {
	cands := []string{"Assembly", "Motorola 68K Assembly", "Unix Assembly"}
	weights := map[string]int64{"Assembly": 10, "Unix Assembly": 500}
	tests := []struct {
		name, file string
		cands      []string
		weight     func(string) int64
		want       string
	}{
		{"heaviest in the repository", "a.s", cands, func(l string) int64 { return weights[l] }, "Unix Assembly"},
		{"no weight: primary extension", "a.s", cands, nil, "Unix Assembly"},
		{"zero weights: primary extension", "a.asm", cands, func(string) int64 { return 0 }, "Assembly"},
		{"two primaries: first", "a.m", []string{"MATLAB", "Mercury", "Objective-C"}, nil, "MATLAB"},
		{"no extension: first", "script", []string{"B", "A"}, nil, "B"},
		{"one candidate", "a.x", []string{"Go"}, nil, "Go"},
		{"none", "a.x", nil, nil, ""},
	}
	for _, tc := range tests {
		if got := TieBreak(tc.file, tc.cands, tc.weight); got != tc.want {
			t.Errorf("%s: TieBreak = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestPathClasses(t *testing.T) {
	tests := []struct {
		path                  string
		vendor, documentation bool
	}{
		{"node_modules/lodash/index.js", true, false},
		{"vendor/github.com/x/y.go", true, false},
		{"third_party/zlib/inflate.c", true, false},
		{"src/jquery.min.js", true, false},
		{"gradlew", true, false},
		{".github/workflows/ci.yml", true, false},
		{"internal/x/testdata/a.go", true, false},
		{"docs/guide.md", false, true},
		{"README.md", false, true},
		{"pkg/README", false, true},
		{"CHANGELOG.md", false, true},
		{"LICENSE", false, true},
		{"examples/demo.go", false, true},
		{"src/main.go", false, false},
		{"src/docs.go", false, false},
		{"internal/vendorlib/a.go", false, false},
	}
	for _, tc := range tests {
		if got := IsVendor(tc.path); got != tc.vendor {
			t.Errorf("IsVendor(%q) = %v, want %v", tc.path, got, tc.vendor)
		}
		if got := IsDocumentation(tc.path); got != tc.documentation {
			t.Errorf("IsDocumentation(%q) = %v, want %v", tc.path, got, tc.documentation)
		}
	}
}

func TestIsGenerated(t *testing.T) {
	long := strings.Repeat("a", 200)
	tests := []struct {
		path, content string
		want          bool
	}{
		{"package-lock.json", "{}\n", true},
		{"web/yarn/pnpm-lock.yaml", "x\n", true},
		{"Cargo.lock", "x\n", true},
		{"api/x.pb.go", "// Code generated by protoc-gen-go. DO NOT EDIT.\n\npackage api\n", true},
		{"x.go", "package x\n\nfunc f() {}\n", false},
		{"dist.js", long + "\n" + long + "\n", true},
		{"app.js", "var x = 1;\n", false},
		{"app.js.map", "{}", true},
		{"Form1.Designer.cs", "class A {}\n", true},
		{"MyApp.xcworkspacedata", "x", true},
		{"a_pb2.py", "# Generated by the protocol buffer compiler.  DO NOT EDIT!\n# source: a.proto\n", true},
		{"a.h", "/* DO NOT EDIT THIS FILE - it is machine generated */\n#include <jni.h>\n", true},
		{"x.c", "/* Generated by Cython 3.0 */\nint x;\n", true},
		{".idea/workspace.xml", "<x/>\n", true},
		{"src/__generated__/q.graphql.ts", "x\n", true},
		{"doc.html", "<html>\n<head>\n<meta name=\"generator\" content=\"groff -Thtml\">\n", true},
		{"page.html", "<html>\n<head>\n<meta name=\"author\" content=\"me\">\n", false},
	}
	for _, tc := range tests {
		if got := IsGenerated(tc.path, []byte(tc.content)); got != tc.want {
			t.Errorf("IsGenerated(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestLanguageFacts(t *testing.T) {
	types := map[string]Type{"Go": Programming, "Markdown": Prose, "JSON": Data, "HTML": Markup, "No Such Language": Unknown}
	for lang, want := range types {
		if got := LanguageType(lang); got != want {
			t.Errorf("LanguageType(%q) = %v, want %v", lang, got, want)
		}
	}
	groups := map[string]string{"TSX": "TypeScript", "Go": "", "Alpine Abuild": "Shell"}
	for lang, want := range groups {
		if got := LanguageGroup(lang); got != want {
			t.Errorf("LanguageGroup(%q) = %q, want %q", lang, got, want)
		}
	}
	aliases := map[string]string{"golang": "Go", "C++": "C++", "cpp": "C++", "objc": "Objective-C", "Emacs Lisp": "Emacs Lisp", "js, with a comma": "JavaScript", "bash": "Shell"}
	for alias, want := range aliases {
		if got, ok := LanguageByAlias(alias); !ok || got != want {
			t.Errorf("LanguageByAlias(%q) = %q, %v, want %q", alias, got, ok, want)
		}
	}
	if got, ok := LanguageByAlias("no such alias"); ok {
		t.Errorf("LanguageByAlias(no such alias) = %q, true", got)
	}
	if Type(42).String() != "unknown" || Programming.String() != "programming" {
		t.Error("Type.String")
	}
	if lang, safe := LanguageByExtension("a.go"); lang != "Go" || !safe {
		t.Errorf("LanguageByExtension(a.go) = %q, %v", lang, safe)
	}
	if lang, safe := LanguageByExtension("a.h"); lang != "C" || safe {
		t.Errorf("LanguageByExtension(a.h) = %q, %v, want C, false", lang, safe)
	}
	if len(LinguistCommit()) != 40 {
		t.Errorf("LinguistCommit() = %q", LinguistCommit())
	}
}

func TestHeuristicRules(t *testing.T) {
	re := func(e string) hnode { return hnode{op: opRegexp, expr: e} }
	unsupported := hnode{op: opUnsupported}
	set := newRuleSet([]hnode{
		{op: opAnd, langs: "A", kids: []hnode{{op: opOr, kids: []hnode{re("a")}}, {op: opNot, kids: []hnode{re("z")}}, unsupported}},
		{op: opOr, langs: "B", kids: []hnode{unsupported}},
		{op: opNot, langs: "C", kids: []hnode{re("q"), unsupported}},
		{op: opAlways, langs: "D\tE"},
	})
	tests := []struct {
		content string
		want    []string
	}{
		{"a", []string{"A"}},  // and: its unsupported matcher is skipped
		{"az", []string{"C"}}, // and fails on not; or on unsupported never matches
		{"q", []string{"D", "E"}},
	}
	for _, tc := range tests {
		if got := set.match([]byte(tc.content)); !slices.Equal(got, tc.want) {
			t.Errorf("match(%q) = %q, want %q", tc.content, got, tc.want)
		}
	}
}
