package explain

import (
	"slices"
	"strconv"
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
	return !notSymbols[t.Kind] && !localScopes[t.ScopeKind] && !isImportLine(t.Pattern)
}

// isImportLine reports a tag found on an import statement: Python's
// `import x as y` is a "namespace" tag, and no language declares anything
// of its own on such a line.
func isImportLine(pattern string) bool {
	line := strings.TrimSpace(strings.TrimPrefix(pattern, "/^"))
	for _, kw := range []string{"import ", "from ", "use ", "using "} {
		if strings.HasPrefix(line, kw) {
			return true
		}
	}
	// CommonJS: var x = require('x'), const { a } = require('./a')
	for _, kw := range []string{"var ", "let ", "const "} {
		if strings.HasPrefix(line, kw) && strings.Contains(line, "= require(") {
			return true
		}
	}
	return false
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

// assignedOwner is the object a JavaScript function is assigned to on its
// line: "app" for `app.listen = function listen()`, "Router" for
// `Router.prototype.use = function`; "" when the line assigns no member.
func assignedOwner(line, name string) string {
	lhs, _, ok := strings.Cut(strings.TrimSpace(line), "=")
	if !ok {
		return ""
	}
	lhs = strings.TrimSpace(lhs)
	owner, ok := strings.CutSuffix(lhs, "."+name)
	if !ok || owner == "" {
		return ""
	}
	owner = strings.TrimSuffix(owner, ".prototype")
	for _, c := range owner {
		if c != '.' && c != '_' && c != '$' && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') && !('0' <= c && c <= '9') {
			return ""
		}
	}
	return owner
}

// distinctSymbols drops a symbol ctags reports twice at one place (a
// JavaScript function expression assigned to a property gives two tags).
func distinctSymbols(syms []Symbol) []Symbol {
	seen := map[string]bool{}
	out := syms[:0]
	for _, s := range syms {
		k := s.File + "\x00" + s.QualifiedName() + "\x00" + strconv.Itoa(s.Line)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// containerKinds are the kinds whose body declares members.
var containerKinds = map[string]bool{
	"class": true, "struct": true, "interface": true, "trait": true, "object": true,
	"implementation": true, "enum": true, "record": true, "union": true,
}

// adoptIntoBlocks gives a symbol that ctags reports with no scope the
// innermost class-like block whose lines hold it, as its parent: Universal
// Ctags 5.9 loses the scope inside Rust's `impl<S> Type<S> where ...` and
// inside a Kotlin class whose header spans lines. A function so adopted is
// a method, and the members of an adopted class follow it.
func adoptIntoBlocks(syms []Symbol) {
	order := make([]int, len(syms))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := strings.Compare(syms[a].File, syms[b].File); c != 0 {
			return c
		}
		return syms[a].Line - syms[b].Line
	})
	renamed := map[string]string{} // file and old qualified name -> new
	for _, i := range order {
		s := &syms[i]
		if s.Parent != "" {
			s.Parent = renamedParent(renamed, s.File, s.Parent)
			continue
		}
		best := innermostBlock(syms, i)
		if best < 0 {
			continue
		}
		old := s.QualifiedName()
		s.Parent = syms[best].QualifiedName()
		if s.Kind == "function" {
			s.Kind = "method"
		}
		if containerKinds[s.Kind] {
			renamed[s.File+"\x00"+old] = s.QualifiedName()
		}
	}
}

// renamedParent follows the renaming of an adopted class in a parent name,
// whole or as its first part.
func renamedParent(renamed map[string]string, file, parent string) string {
	if n, ok := renamed[file+"\x00"+parent]; ok {
		return n
	}
	head, rest, ok := strings.Cut(parent, ".")
	if n, found := renamed[file+"\x00"+head]; ok && found {
		return n + "." + rest
	}
	return parent
}

// innermostBlock is the index of the innermost class-like symbol of the
// same file whose lines strictly hold symbol i, or -1.
func innermostBlock(syms []Symbol, i int) int {
	s := syms[i]
	best := -1
	for j, b := range syms {
		if j == i || !containerKinds[b.Kind] || b.File != s.File || b.Line >= s.Line || b.EndLine < max(s.EndLine, s.Line) {
			continue
		}
		if best < 0 || b.Line > syms[best].Line {
			best = j
		}
	}
	return best
}
