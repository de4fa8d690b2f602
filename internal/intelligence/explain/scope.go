package explain

import (
	"slices"
	"strings"
)

// localScopes are the kinds of scope whose tags are a body's own names
// (a Kotlin val in a fun, a nested Python def): not declarations of the
// file.
var localScopes = map[string]bool{
	"function": true, "method": true, "member": true, "func": true, "subroutine": true,
	"procedure": true, "constructor": true, "lambda": true, "getter": true, "setter": true,
}

// notSymbols are kinds that name something other than a declaration of the
// file: the package or namespace statement, imports, parameters, locals.
var notSymbols = map[string]bool{
	"unknown": true, "parameter": true, "local": true, "package": true, "packageName": true,
	"import": true, "using": true, "module import": true,
}

// keepTag reports whether a tag is one of the file's declarations.
func keepTag(t ctagsTag) bool {
	return !notSymbols[t.Kind] && !localScopes[t.ScopeKind]
}

// trimPackageScopes removes the package or namespace a scope starts with,
// as Kotlin ("p.Outer.Builder") and C# report it, so that a nested class's
// method reads Outer.Builder.method as in Java. The package itself is
// read from the tags of kind package or namespace that are dropped or kept.
func trimPackageScopes(tags []ctagsTag, packages map[string][]string) {
	for i := range tags {
		t := &tags[i]
		if t.ScopeKind == "package" {
			t.Scope = ""
			continue
		}
		for _, p := range packages[t.Path] {
			if rest, ok := strings.CutPrefix(t.Scope, p+"."); ok {
				t.Scope = rest
				break
			}
		}
	}
}

// packagesOf lists, per file, the packages its tags declare (longest first,
// so that the most specific prefix is trimmed).
func packagesOf(tags []ctagsTag) map[string][]string {
	out := map[string][]string{}
	for _, t := range tags {
		if t.Kind == "package" || t.Kind == "packageName" {
			out[t.Path] = append(out[t.Path], t.Name)
		}
	}
	for _, ps := range out {
		slices.SortFunc(ps, func(a, b string) int { return len(b) - len(a) })
	}
	return out
}

// blockKinds are the kinds whose body holds methods that ctags may report
// without a scope: Rust's impl blocks (Universal Ctags 5.9 loses the scope
// inside `impl<S> Type<S>`) and traits.
var blockKinds = map[string]bool{"implementation": true, "interface": true, "trait": true}

// adoptIntoBlocks gives a function with no scope the impl or trait block
// whose lines hold it, as its parent, and makes it a method.
func adoptIntoBlocks(syms []Symbol) {
	for i := range syms {
		s := &syms[i]
		if s.Parent != "" || (s.Kind != "function" && s.Kind != "method") {
			continue
		}
		best := -1
		for j := range syms {
			b := &syms[j]
			if !blockKinds[b.Kind] || b.File != s.File || j == i || b.Line >= s.Line || b.EndLine < s.EndLine {
				continue
			}
			if best < 0 || b.Line > syms[best].Line {
				best = j // the innermost block
			}
		}
		if best >= 0 {
			s.Parent = syms[best].QualifiedName()
			s.Kind = "method"
		}
	}
}
