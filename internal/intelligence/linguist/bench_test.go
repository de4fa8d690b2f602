package linguist

import (
	"strings"
	"testing"
)

// BenchmarkLanguage classifies one file as the repo scan does: a C++
// header, which runs the .h heuristics, and a Go file, known by extension.
func BenchmarkLanguage(b *testing.B) {
	header := []byte("#pragma once\n#include <vector>\n\nnamespace app {\n" + strings.Repeat("int f(int a, int b);\n", 200) + "class Widget { public: std::vector<int> v; };\n}\n")
	goFile := []byte("package main\n\n" + strings.Repeat("func f() int { return 1 }\n", 200))
	b.Run("h", func(b *testing.B) {
		b.SetBytes(int64(len(header)))
		for b.Loop() {
			if Language("src/widget.h", header) != "C++" {
				b.Fatal("not C++")
			}
		}
	})
	b.Run("go", func(b *testing.B) {
		b.SetBytes(int64(len(goFile)))
		for b.Loop() {
			if Language("main.go", goFile) != "Go" {
				b.Fatal("not Go")
			}
		}
	})
	b.Run("classify", func(b *testing.B) {
		// Everything the repo scan asks of one file.
		for b.Loop() {
			_ = IsVendor("src/widget.h") || IsDocumentation("src/widget.h") || IsBinary(header) || IsGenerated("src/widget.h", header)
			_ = LanguageType(Language("src/widget.h", header))
		}
	})
}

// BenchmarkFirstUse is what the first detection of a process pays to parse
// the tables (expressions excluded: each rule set compiles on its first use).
func BenchmarkFirstUse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if len(parseTables().extensions) == 0 {
			b.Fatal("no extensions")
		}
	}
}
