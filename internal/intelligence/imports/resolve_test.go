package imports

import (
	"reflect"
	"strings"
	"testing"
)

var tree = NewTree(sources(
	"go.mod", "main.go", "internal/core/core.go", "internal/core/core_test.go", "tools/go.mod", "tools/gen/gen.go",
	"src/app/__init__.py", "src/app/models.py", "src/app/views/__init__.py", "src/app/views/home.py", "tests/fixtures/os.py", "src/app/os.py",
	"web/src/index.ts", "web/src/util/format.ts", "web/src/util/index.ts", "web/src/App.vue", "web/lib/legacy.js",
	"java/src/main/java/org/ex/Core.java", "java/src/main/java/org/ex/util/Strings.java",
	"Cargo.toml", "src/lib.rs", "src/net/mod.rs", "src/net/tcp.rs", "src/io.rs", "macros/Cargo.toml", "macros/src/lib.rs",
	"lib/rack/request.rb", "lib/rack.rb", "test/helper.rb", "test/spec_request.rb",
	"include/uv.h", "src/uv-common.h", "src/unix/core.c", "src/unix/internal.h",
	"kotlinx-coroutines-core/common/src/Job.kt",
), []Module{{Dir: ".", Path: "example.com/proj"}, {Dir: "tools", Path: "example.com/proj/tools"}}, []Module{{Dir: ".", Path: "proj"}, {Dir: "macros", Path: "proj-macros"}})

// sources are files that import nothing; a Kotlin file declares the
// package its folder leaves out.
func sources(paths ...string) []Source {
	out := []Source{}
	for _, p := range paths {
		s := Source{Path: p}
		if p == "kotlinx-coroutines-core/common/src/Job.kt" {
			s.Package = "kotlinx.coroutines"
		}
		out = append(out, s)
	}
	return out
}

func TestResolve(t *testing.T) {
	for _, c := range []struct {
		lang, from string
		imp        Import
		want       []Target
	}{
		{"Go", "main.go", Import{Path: "example.com/proj/internal/core"}, []Target{{Path: "internal/core", Package: true}}},
		{"Go", "main.go", Import{Path: "example.com/proj/tools/gen"}, []Target{{Path: "tools/gen", Package: true}}},
		{"Go", "main.go", Import{Path: "example.com/proj/missing"}, nil},
		{"Go", "main.go", Import{Path: "fmt"}, nil},
		{"Go", "main.go", Import{Path: "example.com/projector"}, nil},

		{"Python", "src/app/views/home.py", Import{Path: "app.models"}, targets("src/app/models.py")},
		{"Python", "src/app/views/home.py", Import{Path: "..models", Names: []string{"User"}}, targets("src/app/models.py")},
		{"Python", "src/app/views/home.py", Import{Path: ".", Names: []string{"missing"}}, targets("src/app/views/__init__.py")},
		{"Python", "src/app/models.py", Import{Path: "app", Names: []string{"views", "models"}}, targets("src/app/views/__init__.py", "src/app/models.py")},
		// Neither src/app/os.py (inside a package) nor tests/fixtures/os.py
		// (no package beside it) is on the import path: os is the
		// standard library's.
		{"Python", "src/app/models.py", Import{Path: "os"}, nil},
		{"Python", "src/app/models.py", Import{Path: "app.os"}, targets("src/app/os.py")},
		{"Python", "src/app/models.py", Import{Path: "....escape"}, nil},

		{"TypeScript", "web/src/index.ts", Import{Path: "./util/format.js"}, targets("web/src/util/format.ts")},
		{"TypeScript", "web/src/index.ts", Import{Path: "./util"}, targets("web/src/util/index.ts")},
		{"TypeScript", "web/src/index.ts", Import{Path: "./App.vue"}, targets("web/src/App.vue")},
		{"JavaScript", "web/src/index.ts", Import{Path: "../lib/legacy"}, targets("web/lib/legacy.js")},
		{"TypeScript", "web/src/index.ts", Import{Path: "react"}, nil},
		{"TypeScript", "web/src/index.ts", Import{Path: "../../../../etc/passwd"}, nil},

		{"Java", "x.java", Import{Path: "org.ex.util.Strings"}, targets("java/src/main/java/org/ex/util/Strings.java")},
		{"Java", "x.java", Import{Path: "org.ex.Core.VERSION"}, targets("java/src/main/java/org/ex/Core.java")},
		{"Java", "x.java", Import{Path: "org.ex.*"}, nil},
		{"Java", "x.java", Import{Path: "java.util.List"}, nil},
		{"Kotlin", "x.kt", Import{Path: "kotlinx.coroutines.Job"}, targets("kotlinx-coroutines-core/common/src/Job.kt")},

		{"Rust", "src/net/tcp.rs", Import{Path: "crate::io::Reader"}, targets("src/io.rs")},
		{"Rust", "src/io.rs", Import{Path: "crate::net", Names: []string{"tcp::{connect, listen}", "Addr"}}, targets("src/net/tcp.rs", "src/net/mod.rs")},
		{"Rust", "src/net/tcp.rs", Import{Path: "super::Addr"}, targets("src/net/mod.rs")},
		{"Rust", "src/lib.rs", Import{Path: "self::net::tcp"}, targets("src/net/tcp.rs")},
		{"Rust", "src/lib.rs", Import{Path: "proj_macros::derive"}, targets("macros/src/lib.rs")},
		{"Rust", "src/lib.rs", Import{Path: "std::io"}, nil},

		{"Ruby", "test/spec_request.rb", Import{Path: "rack/request"}, targets("lib/rack/request.rb")},
		{"Ruby", "test/spec_request.rb", Import{Path: "helper", Relative: true}, targets("test/helper.rb")},
		{"Ruby", "test/spec_request.rb", Import{Path: "helper"}, nil},

		{"C", "src/unix/core.c", Import{Path: "internal.h"}, targets("src/unix/internal.h")},
		{"C", "src/unix/core.c", Import{Path: "uv-common.h"}, targets("src/uv-common.h")},
		{"C", "src/unix/core.c", Import{Path: "uv.h", System: true}, targets("include/uv.h")},
		{"C", "src/unix/core.c", Import{Path: "stdio.h", System: true}, nil},
	} {
		got := tree.Resolve(c.lang, c.from, c.imp)
		if len(got) == 0 {
			got = nil
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: %+v resolved to %+v, want %+v", c.lang, c.from, c.imp, got, c.want)
		}
	}
}

func targets(paths ...string) []Target {
	out := []Target{}
	for _, p := range paths {
		out = append(out, Target{Path: p})
	}
	return out
}

func TestRank(t *testing.T) {
	files := sources("go.mod", "main.go", "internal/core/core.go", "tools/go.mod", "tools/gen/gen.go",
		"include/uv.h", "src/uv-common.h", "src/unix/core.c", "src/unix/internal.h", "lib/rack/request.rb",
		"Cargo.toml", "src/lib.rs", "src/io.rs", "src/net/mod.rs", "src/net/tcp.rs")
	imports := map[string][]string{
		"src/unix/core.c":       {"uv.h", "internal.h", "uv.h"}, // counted once
		"tools/gen/gen.go":      {"example.com/proj/internal/core"},
		"main.go":               {"example.com/proj/internal/core", "example.com/proj"},
		"internal/core/core.go": {"example.com/proj/internal/core"}, // itself
		"src/uv-common.h":       {"uv.h"},
		"src/io.rs":             {"crate::net::tcp"},
		"src/lib.rs":            {"crate::net::tcp"},
	}
	langs := map[string]string{".c": "C", ".h": "C", ".go": "Go", ".rs": "Rust"}
	for i, f := range files {
		for n, imp := range imports[f.Path] {
			files[i].Imports = append(files[i].Imports, Import{Path: imp, Line: n + 1})
			files[i].Lang = langs[f.Path[strings.LastIndex(f.Path, "."):]]
		}
	}
	tr := NewTree(files, []Module{{Dir: ".", Path: "example.com/proj"}, {Dir: "tools", Path: "example.com/proj/tools"}}, []Module{{Dir: ".", Path: "proj"}})
	hubs := tr.Rank(func(t Target) bool { return t.Path != "src/net/tcp.rs" }, 10)
	want := []Hub{
		{Target: Target{Path: "include/uv.h"}, Importers: 2, First: Import{Path: "uv.h", File: "src/unix/core.c", Line: 1}},
		{Target: Target{Path: "internal/core", Package: true}, Importers: 2, First: Import{Path: "example.com/proj/internal/core", File: "main.go", Line: 1}},
	}
	if !reflect.DeepEqual(hubs, want) {
		t.Errorf("Rank =\n %+v\nwant\n %+v", hubs, want)
	}
	if got := NewTree(nil, nil, nil).Rank(func(Target) bool { return true }, 10); len(got) != 0 {
		t.Errorf("Rank of nothing = %+v", got)
	}
}

func TestPackageOf(t *testing.T) {
	for src, want := range map[string]string{
		"/* c */\npackage kotlinx.coroutines.flow\n\nimport a.B\n": "kotlinx.coroutines.flow",
		"package org.ex; // x\nclass A {}\n":                       "org.ex",
		"import a.B\npackage late\n":                               "",
		"package $(rm -rf)\n":                                      "",
	} {
		if got := PackageOf("Kotlin", src); got != want {
			t.Errorf("PackageOf(%q) = %q, want %q", src, got, want)
		}
	}
	if got := PackageOf("Go", "package main\n"); got != "" {
		t.Errorf("PackageOf(Go) = %q", got)
	}
}
