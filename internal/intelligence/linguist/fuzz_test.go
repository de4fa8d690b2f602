package linguist_test

import (
	"slices"
	"testing"

	"github.com/go-enry/go-enry/v2"

	"github.com/oss-dev/oss-dev/internal/intelligence/linguist"
)

// FuzzModelineAndShebang feeds arbitrary file heads to the modeline and
// shebang parsers: they must not panic, and must agree with go-enry's.
func FuzzModelineAndShebang(f *testing.F) {
	for _, s := range []string{
		"# -*- mode: ruby -*-\n",
		"-*- python -*-",
		"# vim: set ft=python:\n",
		"# vim: syntax=ruby ft=python:\n",
		"/* ex: set filetype=c: */",
		"#!/usr/bin/env -S node --no-warnings\n",
		"#!/usr/bin/python3.11\n",
		"#!/bin/sh\nexec tclsh \"$0\" \"$@\"\n",
		"#!/usr/bin/osascript -l JavaScript\n",
		"#!/usr/bin/env\n",
		"#!",
		"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n# vim: ft=go\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		ours := linguist.Modeline(content)
		theirs, _ := enry.GetLanguageByModeline(content)
		if ours != theirs {
			t.Errorf("Modeline(%q) = %q, go-enry %q", content, ours, theirs)
		}
		var fromShebang []string
		if interp := linguist.Interpreter(content); interp != "" {
			fromShebang = linguist.LanguagesByInterpreter(interp)
		}
		if want := enry.GetLanguagesByShebang("", content, nil); !slices.Equal(fromShebang, want) {
			t.Errorf("shebang of %q gives %q, go-enry %q", content, fromShebang, want)
		}
	})
}

// FuzzLanguages checks every strategy at once against go-enry's on
// arbitrary content under a few names.
func FuzzLanguages(f *testing.F) {
	for _, s := range []string{"int f(void);\n", "#include <string>\nclass A {};\n", "@interface A\n@end\n", "use strict;\n", "<?php\n", "<?xml version=\"1.0\"?>\n<TS>\n"} {
		f.Add("a.h", []byte(s))
		f.Add("a.inc", []byte(s))
	}
	f.Fuzz(func(t *testing.T, name string, content []byte) {
		if ours, theirs := linguist.Languages(name, content), enryLanguages(name, content); !slices.Equal(ours, theirs) {
			t.Errorf("Languages(%q, %q) = %q, go-enry %q", name, content, ours, theirs)
		}
	})
}
