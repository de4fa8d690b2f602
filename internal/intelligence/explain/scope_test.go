package explain

import "testing"

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
