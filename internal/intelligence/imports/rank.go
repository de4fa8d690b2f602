package imports

import (
	"path"
	"sort"
)

// Source is one file of the repository and what it imports.
type Source struct {
	Path string
	Lang string
	// Package is the package a Java, Kotlin or Scala file declares.
	Package string
	Imports []Import
}

// Hub is a file, or a Go package's folder, that many of the repository's
// files import: where much of the code leads, so a good place to start
// reading.
type Hub struct {
	Target
	// Importers counts the files that import it.
	Importers int
	// First is the first import of it, by the importing file's path and
	// the statement's line.
	First Import
}

// MinImporters is the least number of importing files that makes a hub:
// one importer says nothing about the code's shape.
const MinImporters = 2

// Rank gives, most imported first, at most limit hubs among what the
// tree's files import, leaving out the targets keep refuses. Each importing file counts once per target, and a file
// importing itself (or a Go file its own package) does not count. Ties go
// to the path that sorts first, so the same tree gives the same list.
func (t *Tree) Rank(keep func(Target) bool, limit int) []Hub {
	sorted := append([]Source(nil), t.sources...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	hubs := map[Target]*Hub{}
	seen := map[Target]bool{}
	for _, s := range sorted {
		clear(seen)
		for _, imp := range s.Imports {
			for _, target := range t.Resolve(s.Lang, s.Path, imp) {
				if seen[target] || target.Path == s.Path || target.Package && target.Path == path.Dir(s.Path) {
					continue
				}
				seen[target] = true
				h := hubs[target]
				if h == nil {
					first := imp
					first.File = s.Path
					h = &Hub{Target: target, First: first}
					hubs[target] = h
				}
				h.Importers++
			}
		}
	}
	out := make([]Hub, 0, len(hubs))
	for _, h := range hubs {
		if h.Importers >= MinImporters && keep(h.Target) {
			out = append(out, *h)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Importers != out[j].Importers {
			return out[i].Importers > out[j].Importers
		}
		return out[i].Path < out[j].Path
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
