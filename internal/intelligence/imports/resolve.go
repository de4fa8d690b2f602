package imports

import (
	"path"
	"sort"
	"strings"
)

// Module is a Go module (the folder of its go.mod and its module path) or
// a Rust crate (the folder of its Cargo.toml and its package name).
type Module struct {
	Dir  string
	Path string
}

// Target is what an import resolves to in the repository: a file, or for
// Go a package's folder.
type Target struct {
	Path    string
	Package bool
}

// Tree is what resolving an import needs to know of a repository: its
// files, and the Go modules and Rust crates it defines. Only the
// repository's own files are targets; an import of anything else (the
// standard library, a dependency) resolves to nothing.
type Tree struct {
	files      map[string]bool
	byBase     map[string][]string // file name -> paths, shallowest first
	pyPackages map[string]bool     // folders holding an __init__.py
	pkgByBase  map[string][]string // those folders by their name, shallowest first
	pyRoots    map[string]bool     // folders on Python's import path
	goDirs     map[string]bool     // folders holding a Go file
	modules    []Module            // Go modules, longest path first
	// modulesDotted: every module path starts with a domain, as the
	// standard library's paths never do.
	modulesDotted bool
	crates        map[string]string // Rust crate name, as code names it -> its src folder
	classes       map[string]string // JVM class (package + file name) -> its file
	sources       []Source
}

// NewTree indexes the repository's files (paths slash-separated, relative
// to its root, in path order) with its Go modules and Rust crates.
func NewTree(files []Source, goModules, crates []Module) *Tree {
	t := &Tree{files: make(map[string]bool, len(files)), byBase: map[string][]string{}, pyPackages: map[string]bool{},
		pkgByBase: map[string][]string{}, goDirs: map[string]bool{}, crates: map[string]string{}, classes: map[string]string{}, sources: files}
	for _, f := range files {
		p := f.Path
		t.files[p] = true
		if f.Package != "" {
			// Kotlin and Scala need not lay folders out by package: the
			// package a file declares is what its imports name.
			class := f.Package + "." + strings.TrimSuffix(path.Base(p), path.Ext(p))
			if _, dup := t.classes[class]; !dup {
				t.classes[class] = p
			}
		}
		base := path.Base(p)
		t.byBase[base] = append(t.byBase[base], p)
		switch {
		case base == "__init__.py":
			dir := path.Dir(p)
			t.pyPackages[dir] = true
			t.pkgByBase[path.Base(dir)] = append(t.pkgByBase[path.Base(dir)], dir)
		case strings.HasSuffix(base, ".go"):
			t.goDirs[path.Dir(p)] = true
		}
	}
	t.pyRoots = pythonRoots(t.pyPackages)
	for _, m := range [...]map[string][]string{t.byBase, t.pkgByBase} {
		for _, list := range m {
			sortShallowFirst(list)
		}
	}
	t.modules = append(t.modules, goModules...)
	sort.SliceStable(t.modules, func(i, j int) bool { return len(t.modules[i].Path) > len(t.modules[j].Path) })
	t.modulesDotted = true
	for _, m := range t.modules {
		first, _, _ := strings.Cut(m.Path, "/")
		t.modulesDotted = t.modulesDotted && strings.Contains(first, ".")
	}
	for _, c := range crates {
		name := strings.ReplaceAll(c.Path, "-", "_")
		if _, dup := t.crates[name]; !dup {
			t.crates[name] = path.Join(c.Dir, "src")
		}
	}
	return t
}

// pythonRoots are the folders Python's import path would hold: the root,
// and each folder a top-level package sits in (src/ in a src layout). A
// module elsewhere (tests/fixtures/os.py) is not what `import os` means.
func pythonRoots(packages map[string]bool) map[string]bool {
	roots := map[string]bool{".": true}
	for dir := range packages {
		if parent := path.Dir(dir); !packages[parent] {
			roots[parent] = true
		}
	}
	return roots
}

func sortShallowFirst(list []string) {
	sort.Slice(list, func(i, j int) bool {
		di, dj := strings.Count(list[i], "/"), strings.Count(list[j], "/")
		if di != dj {
			return di < dj
		}
		return list[i] < list[j]
	})
}

// Resolve gives the repository's files (or Go package folders) that the
// import imp, written in the file from in language lang, refers to.
func (t *Tree) Resolve(lang, from string, imp Import) []Target {
	var files []string
	switch lang {
	case "Go":
		if dir, ok := t.goPackage(imp.Path); ok {
			return []Target{{Path: dir, Package: true}}
		}
		return nil
	case "Python":
		files = t.python(from, imp)
	case "JavaScript", "TypeScript":
		files = one(t.script(from, imp.Path))
	case "Java", "Kotlin", "Scala":
		files = one(t.jvm(imp.Path))
	case "Rust":
		files = t.rust(from, imp)
	case "Ruby":
		files = one(t.ruby(from, imp))
	case "C", "C++", "Objective-C", "Objective-C++", "Cuda":
		files = one(t.include(from, imp))
	}
	out := make([]Target, 0, len(files))
	for _, f := range files {
		out = append(out, Target{Path: f})
	}
	return out
}

func one(p string) []string {
	if p == "" {
		return nil
	}
	return []string{p}
}

// bySuffix finds the shallowest file named like rel whose path ends with
// rel, among those root accepts as the folder rel is looked up from.
func (t *Tree) bySuffix(rel string, index map[string][]string, root func(string) bool) string {
	for _, p := range index[path.Base(rel)] {
		if p == rel && root(".") {
			return p
		}
		if prefix, ok := strings.CutSuffix(p, "/"+rel); ok && root(prefix) {
			return p
		}
	}
	return ""
}

func anyRoot(string) bool { return true }

// goPackage finds the folder of an import path in one of the repository's
// Go modules.
func (t *Tree) goPackage(p string) (string, bool) {
	if len(t.modules) == 0 {
		return "", false
	}
	if first, _, _ := strings.Cut(p, "/"); !strings.Contains(first, ".") && t.modulesDotted {
		// The standard library: no module of the tree can be its path.
		return "", false
	}
	for _, m := range t.modules {
		if !strings.HasPrefix(p, m.Path) || len(p) > len(m.Path) && p[len(m.Path)] != '/' {
			continue
		}
		dir := path.Join(m.Dir, strings.TrimPrefix(p[len(m.Path):], "/"))
		return dir, t.goDirs[dir]
	}
	return "", false
}

// python resolves `import a.b`, `from a.b import c` (c may be a module)
// and relative imports.
func (t *Tree) python(from string, imp Import) []string {
	mod := imp.Path
	dots := len(mod) - len(strings.TrimLeft(mod, "."))
	rel := strings.ReplaceAll(mod[dots:], ".", "/")
	find := t.pyAbsolute
	if dots > 0 {
		base := path.Dir(from)
		for i := 1; i < dots; i++ {
			base = path.Dir(base)
		}
		rel = path.Join(base, rel)
		find = t.pyFile
	}
	var out []string
	for _, name := range imp.Names {
		if f := find(path.Join(rel, name)); f != "" {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		out = one(find(rel))
	}
	return out
}

// pyFile is the module at p: p.py or p/__init__.py.
func (t *Tree) pyFile(p string) string {
	switch {
	case p == "." || strings.HasPrefix(p, "../"):
		return ""
	case t.files[p+".py"]:
		return p + ".py"
	case t.files[p+"/__init__.py"]:
		return p + "/__init__.py"
	}
	return ""
}

// pyAbsolute finds module rel under a folder on the import path.
func (t *Tree) pyAbsolute(rel string) string {
	root := func(prefix string) bool { return t.pyRoots[prefix] }
	if f := t.bySuffix(rel+".py", t.byBase, root); f != "" {
		return f
	}
	if dir := t.bySuffix(rel, t.pkgByBase, root); dir != "" {
		return dir + "/__init__.py"
	}
	return ""
}

// scriptExts are the extensions a JavaScript or TypeScript import may
// leave out, in the order bundlers try them.
var scriptExts = []string{".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte"}

// script resolves a relative JavaScript or TypeScript import; packages
// (bare names) are dependencies.
func (t *Tree) script(from, spec string) string {
	if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") {
		return ""
	}
	spec, _, _ = strings.Cut(spec, "?")
	p := path.Join(path.Dir(from), spec)
	if t.files[p] {
		return p
	}
	stem := p
	for _, ext := range []string{".js", ".jsx", ".mjs", ".cjs"} {
		// TypeScript's ES modules name the emitted .js of a .ts file.
		if s, ok := strings.CutSuffix(p, ext); ok {
			stem = s
			break
		}
	}
	for _, ext := range scriptExts {
		if t.files[stem+ext] {
			return stem + ext
		}
	}
	for _, ext := range scriptExts {
		if t.files[p+"/index"+ext] {
			return p + "/index" + ext
		}
	}
	return ""
}

// jvm resolves a class import (a.b.C, or a.b.C.member for a static or
// nested one) to the source file named after the class.
func (t *Tree) jvm(name string) string {
	if strings.HasSuffix(name, "*") {
		return ""
	}
	parts := strings.Split(name, ".")
	for n := len(parts); n >= 2 && n >= len(parts)-1; n-- {
		if f, ok := t.classes[strings.Join(parts[:n], ".")]; ok {
			return f
		}
		rel := strings.Join(parts[:n], "/")
		for _, ext := range []string{".java", ".kt", ".scala", ".groovy"} {
			if f := t.bySuffix(rel+ext, t.byBase, anyRoot); f != "" {
				return f
			}
		}
	}
	return ""
}

// rust resolves `use crate::a::b`, `self::`, `super::` and paths into
// the repository's own crates to the module files they name.
func (t *Tree) rust(from string, imp Import) []string {
	segs := strings.Split(imp.Path, "::")
	var dir string
	switch segs[0] {
	case "crate":
		dir, segs = t.crateSrc(from), segs[1:]
	case "self", "super":
		dir = moduleDir(from)
		for len(segs) > 0 && segs[0] == "super" {
			dir, segs = path.Dir(dir), segs[1:]
		}
		if len(segs) > 0 && segs[0] == "self" {
			segs = segs[1:]
		}
	default:
		src, ok := t.crates[segs[0]]
		if !ok {
			return nil
		}
		dir, segs = src, segs[1:]
	}
	if dir == "" {
		return nil
	}
	var out []string
	for _, name := range imp.Names {
		first := strings.TrimSpace(strings.Split(name, "::")[0])
		first, _, _ = strings.Cut(first, " ")
		if first != "" && first != "self" && first != "*" && !strings.ContainsAny(first, "{}") {
			if f := t.rustModule(dir, append(segs[:len(segs):len(segs)], first)); f != "" {
				out = append(out, f)
			}
		}
	}
	if len(out) == 0 {
		out = one(t.rustModule(dir, segs))
	}
	return out
}

// rustModule finds the file of the deepest module along segs under dir;
// the crate root file when none is.
func (t *Tree) rustModule(dir string, segs []string) string {
	for n := len(segs); n >= 1; n-- {
		p := path.Join(append([]string{dir}, segs[:n]...)...)
		if t.files[p+".rs"] {
			return p + ".rs"
		}
		if t.files[p+"/mod.rs"] {
			return p + "/mod.rs"
		}
	}
	for _, root := range []string{"lib.rs", "main.rs", "mod.rs"} {
		if p := path.Join(dir, root); t.files[p] {
			return p
		}
	}
	return ""
}

// crateSrc is the src folder of the crate the file belongs to: beside the
// nearest Cargo.toml above it.
func (t *Tree) crateSrc(from string) string {
	for dir := path.Dir(from); ; dir = path.Dir(dir) {
		if t.files[path.Join(dir, "Cargo.toml")] {
			return path.Join(dir, "src")
		}
		if dir == "." || dir == "/" {
			return ""
		}
	}
}

// moduleDir is the folder a Rust file's child modules live in.
func moduleDir(file string) string {
	switch base := path.Base(file); base {
	case "mod.rs", "lib.rs", "main.rs":
		return path.Dir(file)
	default:
		return path.Join(path.Dir(file), strings.TrimSuffix(base, ".rs"))
	}
}

// ruby resolves require_relative beside the file, and require under a
// lib folder.
func (t *Tree) ruby(from string, imp Import) string {
	rel := imp.Path
	if !strings.HasSuffix(rel, ".rb") {
		rel += ".rb"
	}
	if imp.Relative {
		if p := path.Join(path.Dir(from), rel); t.files[p] {
			return p
		}
		return ""
	}
	return t.bySuffix(rel, t.byBase, func(prefix string) bool { return prefix == "lib" || strings.HasSuffix(prefix, "/lib") })
}

// include resolves a C include: a quoted one beside the including file
// first, then anywhere in the repository a path ends with it.
func (t *Tree) include(from string, imp Import) string {
	if !imp.System {
		if p := path.Join(path.Dir(from), imp.Path); t.files[p] {
			return p
		}
	}
	return t.bySuffix(path.Clean(imp.Path), t.byBase, anyRoot)
}
