package explain

import (
	"strings"
	"testing"
)

func TestImportLinesAreNotDeclarations(t *testing.T) {
	for pattern, want := range map[string]bool{
		"/^import collections.abc as cabc$/":              true,
		"/^from werkzeug import Response as Base$/":       true,
		"/^var debug = require('debug')('express:app')$/": true,
		"/^const { a, b } = require('./a')$/":             true,
		"/^use std::fmt;$/":                               true,
		"/^var app = exports = module.exports = {};$/":    false,
		"/^def importer():$/":                             false,
		"/^const required = 1$/":                          false,
	} {
		if got := isImportLine(pattern); got != want {
			t.Errorf("isImportLine(%q) = %v, want %v", pattern, got, want)
		}
	}
}

func TestBlockEndWithoutCtagsEndLines(t *testing.T) {
	for _, c := range []struct {
		lang, src  string
		line, want int
	}{
		{"Lua", "local function f(a)\n  if a then\n    return a\n  end\n  return 0\nend\nprint(f(1))\n", 1, 6},
		{"Elixir", "defmodule M do\n  def f(x) do\n    x\n  end\n\n  def g(x), do: x\nend\n", 2, 4},
		{"Elixir", "defmodule M do\n  def g(x), do: x\n  def h, do: 1\nend\n", 2, 2},
		{"Ruby", "class A\n  def go(x)\n    x.each do |y|\n      y\n    end\n  end\n  def endless = 1\nend\n", 2, 6},
		{"Rust", "impl<S> Router<S>\nwhere\n    S: Clone,\n{\n    fn a(&'_ self) {}\n}\n", 1, 6},
		{"Java", "abstract int size();\nint x;\n", 1, 1},
	} {
		if got := blockEnd(c.lang, strings.Split(c.src, "\n"), c.line); got != c.want {
			t.Errorf("%s: blockEnd(line %d) = %d, want %d\n%s", c.lang, c.line, got, c.want, c.src)
		}
	}
}

func TestAssignedOwner(t *testing.T) {
	for _, c := range []struct{ line, name, want string }{
		{"app.listen = function listen() {", "listen", "app"},
		{"Router.prototype.use = function use(fn) {", "use", "Router"},
		{"exports.parse = function(str) {", "parse", "exports"},
		{"function listen() {", "listen", ""},
		{"var listen = function () {", "listen", ""},
		{"a[b].listen = function listen() {", "listen", ""},
	} {
		if got := assignedOwner(c.line, c.name); got != c.want {
			t.Errorf("assignedOwner(%q) = %q, want %q", c.line, got, c.want)
		}
	}
}

func TestDistinctSymbolsDropsRepeatsAtOnePlace(t *testing.T) {
	syms := []Symbol{
		{Name: "init", Parent: "app", File: "a.js", Line: 59},
		{Name: "init", Parent: "app", File: "a.js", Line: 59, Kind: "function"},
		{Name: "init", Parent: "app", File: "a.js", Line: 90},
	}
	if got := distinctSymbols(syms); len(got) != 2 || got[1].Line != 90 {
		t.Errorf("distinctSymbols = %+v", got)
	}
}
