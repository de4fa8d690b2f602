package repo

import (
	"path"
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/imports"
)

// maxImported bounds the most-imported files reported.
const maxImported = 10

// inTestFolder says whether p lies in a folder of tests, fixtures or
// benchmarks, whatever the file's own name: what such files import, and
// the helpers they share, say little about the code a newcomer reads.
func inTestFolder(p string) bool {
	for _, seg := range strings.Split(path.Dir(p), "/") {
		switch seg = strings.ToLower(seg); {
		case roleByName(seg) == RoleTests, strings.HasPrefix(seg, "__tests"):
			return true
		}
		switch seg {
		case "benches", "bench", "benchmark", "benchmarks", "fixtures", "__fixtures__", "__mocks__", "testutil", "testutils", "testhelpers", "playground", "playgrounds":
			return true
		}
	}
	return false
}

// mostImported ranks the repository's own files (Go: package folders) by
// how many of its other files import them. Vendored and generated files
// are left out as targets: they are not where a newcomer starts reading.
func mostImported(t *tree) []Imported {
	var files []imports.Source
	var goModules, crates []imports.Module
	for i := range t.files {
		f := &t.files[i]
		if f.skipped {
			continue
		}
		src := imports.Source{Path: f.path, Lang: f.lang, Package: f.pkg, Imports: f.imports}
		if inTestFolder(f.path) {
			src.Imports = nil
		}
		files = append(files, src)
		if f.module != "" {
			m := imports.Module{Dir: path.Dir(f.path), Path: f.module}
			if path.Base(f.path) == "go.mod" {
				goModules = append(goModules, m)
			} else {
				crates = append(crates, m)
			}
		}
	}
	keep := func(tg imports.Target) bool {
		if inTestFolder(tg.Path) {
			return false
		}
		if tg.Package {
			return true
		}
		f := &t.files[t.index[tg.Path]]
		return !f.vendored && !f.generated
	}
	out := []Imported{}
	for _, h := range imports.NewTree(files, goModules, crates).Rank(keep, maxImported) {
		kind := "file"
		if h.Package {
			kind = "package"
		}
		out = append(out, Imported{Path: h.Path, Kind: kind, Importers: h.Importers, Evidence: Location{Path: h.First.File, Line: h.First.Line}})
	}
	return out
}
