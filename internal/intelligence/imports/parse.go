// Package imports reads the import statements of source files (Go, Python,
// JavaScript and TypeScript, Java, Kotlin and Scala, Rust, Ruby and the C
// family) with small parsers that never fail, and ranks the files of a
// repository by how many others import them.
package imports

import (
	"strings"
)

// maxStatementLines bounds how far a multi-line import statement
// (import { a,\n b } from "m"; use a::{\n b}) is followed.
const maxStatementLines = 60

// Import is one import statement's target.
type Import struct {
	Path string `json:"path"`
	// Alias is the local name given to it (Go's import name, Python's as).
	Alias string `json:"alias,omitempty"`
	// Names are the names taken from it (from x import a, b; import {a} from).
	Names []string `json:"names,omitempty"`
	// System marks a C include in angle brackets, looked up on the
	// include path rather than beside the including file.
	System bool `json:"system,omitempty"`
	// Relative marks Ruby's require_relative, looked up beside the file.
	Relative bool   `json:"relative,omitempty"`
	File     string `json:"file"`
	Line     int    `json:"line"`
}

// Parse reads the import statements of a source file in lang with a small
// line-based parser per language; file is recorded in each Import. It never
// fails: what it cannot read it skips. Go is read by its own parser in
// explain; here Go's import block is read by lines (see goImports).
func Parse(lang, src, file string) []Import {
	var out []Import
	switch lang {
	case "Python":
		out = pythonImports(src)
	case "JavaScript", "TypeScript":
		out = jsImports(src)
	case "Java", "Kotlin", "Scala":
		out = javaImports(src)
	case "Rust":
		out = rustImports(src)
	case "Ruby":
		out = rubyImports(src)
	case "Go":
		out = goImports(src)
	case "C", "C++", "Objective-C", "Objective-C++", "Cuda":
		out = includes(src)
	}
	for i := range out {
		out[i].File = file
	}
	if out == nil {
		return []Import{}
	}
	return out
}

// statement joins the lines from i while brackets opened on them stay open,
// and returns the text and the index of its last line.
func statement(lines []string, i int, open, close byte) (string, int) {
	text := lines[i]
	depth := strings.Count(text, string(open)) - strings.Count(text, string(close))
	j := i
	for depth > 0 && j+1 < len(lines) && j-i < maxStatementLines {
		j++
		text += " " + strings.TrimSpace(lines[j])
		depth += strings.Count(lines[j], string(open)) - strings.Count(lines[j], string(close))
	}
	return text, j
}

// pythonImports reads "import a.b as c, d" and "from .m import (x, y as z)".
func pythonImports(src string) []Import {
	lines := strings.Split(src, "\n")
	var out []Import
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(stripHashComment(lines[i]))
		switch {
		case strings.HasPrefix(line, "import ") || strings.HasPrefix(line, "import\t"):
			for _, part := range strings.Split(line[len("import"):], ",") {
				mod, alias := splitAs(part)
				if validModule(mod) {
					out = append(out, Import{Path: mod, Alias: alias, Line: i + 1})
				}
			}
		case strings.HasPrefix(line, "from ") || strings.HasPrefix(line, "from\t"):
			text, last := statement(lines, i, '(', ')')
			for strings.HasSuffix(strings.TrimSpace(text), "\\") && last+1 < len(lines) && last-i < maxStatementLines {
				last++
				text = strings.TrimSuffix(strings.TrimSpace(text), "\\") + " " + strings.TrimSpace(lines[last])
			}
			rest := strings.TrimSpace(stripHashComment(text))[len("from"):]
			mod, names, ok := strings.Cut(rest, " import ")
			mod = strings.TrimSpace(mod)
			if ok && validModule(mod) {
				imp := Import{Path: mod, Line: i + 1}
				names = strings.NewReplacer("(", " ", ")", " ", "\\", " ").Replace(names)
				for _, n := range strings.Split(names, ",") {
					if name, _ := splitAs(n); name != "" {
						imp.Names = append(imp.Names, name)
					}
				}
				out = append(out, imp)
			}
			i = last
		}
	}
	return out
}

// splitAs splits "name as alias".
func splitAs(s string) (name, alias string) {
	f := strings.Fields(s)
	switch {
	case len(f) == 1:
		return f[0], ""
	case len(f) == 3 && f[1] == "as":
		return f[0], f[2]
	}
	return "", ""
}

// validModule accepts dotted names, relative ones included (".", "..pkg").
func validModule(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c == '.' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c > 127) {
			return false
		}
	}
	return true
}

// jsImports reads ES imports and re-exports (single or multi-line),
// side-effect imports, dynamic import() and require().
func jsImports(src string) []Import {
	lines := strings.Split(src, "\n")
	var out []Import
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if strings.HasPrefix(line, "//") || strings.HasPrefix(line, "*") {
			continue
		}
		if strings.HasPrefix(line, "import ") || strings.HasPrefix(line, "import{") || strings.HasPrefix(line, "export ") {
			text, last := statement(lines, i, '{', '}')
			if imp, ok := esImport(text); ok {
				imp.Line = i + 1
				out = append(out, imp)
				i = last
				continue
			}
		}
		for _, call := range []string{"require(", "import("} {
			rest := line
			for {
				k := strings.Index(rest, call)
				if k < 0 {
					break
				}
				if k > 0 && isIdentByte(rest[k-1]) {
					rest = rest[k+len(call):]
					continue
				}
				rest = rest[k+len(call):]
				if mod, ok := quoted(strings.TrimSpace(rest)); ok {
					out = append(out, Import{Path: mod, Line: i + 1})
				}
			}
		}
	}
	return out
}

// esImport reads one import or export ... from statement.
func esImport(text string) (Import, bool) {
	text = strings.TrimSpace(text)
	if k := strings.LastIndex(text, " from "); k >= 0 || strings.Contains(text, "}from") {
		var from string
		if k >= 0 {
			from = text[k+len(" from "):]
		} else {
			from = text[strings.Index(text, "}from")+len("}from"):]
			k = strings.Index(text, "}from") + 1
		}
		mod, ok := quoted(strings.TrimSpace(from))
		if !ok {
			return Import{}, false
		}
		clause := strings.TrimSpace(text[:k])
		clause = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(clause, "import"), "export"))
		clause = strings.TrimSpace(strings.TrimPrefix(clause, "type "))
		imp := Import{Path: mod}
		imp.Alias, imp.Names = jsClause(clause)
		return imp, true
	}
	if rest, ok := strings.CutPrefix(text, "import"); ok {
		if mod, ok := quoted(strings.TrimSpace(rest)); ok {
			return Import{Path: mod}, true // import "polyfill";
		}
	}
	return Import{}, false
}

// jsClause reads "Default, { a, b as c }" or "* as ns".
func jsClause(clause string) (alias string, names []string) {
	if rest, ok := strings.CutPrefix(clause, "*"); ok {
		if _, a := splitAs("x " + strings.TrimSpace(rest)); a != "" {
			return a, nil
		}
		return "", nil
	}
	head, braces, hasBraces := strings.Cut(clause, "{")
	head = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(head), ","))
	if isIdent(head) {
		alias = head
	}
	if hasBraces {
		braces, _, _ = strings.Cut(braces, "}")
		for _, n := range strings.Split(braces, ",") {
			n = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(n), "type "))
			if name, _ := splitAs(n); isIdent(name) {
				names = append(names, name)
			}
		}
	}
	return alias, names
}

// quoted returns the string literal s starts with.
func quoted(s string) (string, bool) {
	if len(s) < 2 || (s[0] != '"' && s[0] != '\'' && s[0] != '`') {
		return "", false
	}
	end := strings.IndexByte(s[1:], s[0])
	if end <= 0 {
		return "", false
	}
	v := s[1 : 1+end]
	if strings.ContainsAny(v, "\n${") {
		return "", false
	}
	return v, true
}

func isIdentByte(b byte) bool {
	return b == '_' || b == '$' || b == '.' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentByte(s[i]) || s[i] == '.' {
			return false
		}
	}
	return !(s[0] >= '0' && s[0] <= '9')
}

// javaImports reads "import [static] a.b.C[.*];" (Kotlin and Scala too,
// where the semicolon is optional).
func javaImports(src string) []Import {
	var out []Import
	for i, line := range strings.Split(src, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "import ")
		if !ok {
			continue
		}
		rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "static "))
		rest, _, _ = strings.Cut(rest, ";")
		rest, _, _ = strings.Cut(rest, "//")
		name, alias := splitAs(rest)
		if name == "" {
			continue
		}
		if validModule(strings.TrimSuffix(strings.TrimSuffix(name, "*"), "._")) {
			out = append(out, Import{Path: name, Alias: alias, Line: i + 1})
		}
	}
	return out
}

// rustImports reads "use a::b::{c, d as e};" and "extern crate x;".
func rustImports(src string) []Import {
	lines := strings.Split(src, "\n")
	var out []Import
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		line = strings.TrimPrefix(line, "pub ")
		if strings.HasPrefix(line, "pub(") {
			if k := strings.IndexByte(line, ')'); k > 0 {
				line = strings.TrimSpace(line[k+1:])
			}
		}
		switch {
		case strings.HasPrefix(line, "use "):
			text, last := statement(lines, i, '{', '}')
			text = strings.TrimSpace(text)
			text = text[strings.Index(text, "use ")+len("use "):]
			text, _, _ = strings.Cut(text, ";")
			imp := Import{Line: i + 1}
			if head, group, ok := strings.Cut(text, "{"); ok {
				imp.Path = strings.TrimSuffix(strings.TrimSpace(head), "::")
				group = group[:max(0, strings.LastIndexByte(group, '}'))]
				for _, n := range splitTopLevel(group) {
					if n = strings.TrimSpace(n); n != "" {
						imp.Names = append(imp.Names, n)
					}
				}
			} else {
				name, alias := splitAs(text)
				imp.Path, imp.Alias = name, alias
			}
			if imp.Path != "" && !strings.ContainsAny(imp.Path, " \t(){}") {
				out = append(out, imp)
			}
			i = last
		case strings.HasPrefix(line, "extern crate "):
			rest := strings.TrimSuffix(strings.TrimSpace(line[len("extern crate "):]), ";")
			if name, alias := splitAs(rest); validModule(name) {
				out = append(out, Import{Path: name, Alias: alias, Line: i + 1})
			}
		}
	}
	return out
}

// splitTopLevel splits on commas outside nested braces.
func splitTopLevel(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

// rubyImports reads require, require_relative and load.
func rubyImports(src string) []Import {
	var out []Import
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		for _, kw := range []string{"require_relative", "require", "load"} {
			rest, ok := strings.CutPrefix(line, kw)
			if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '(') {
				continue
			}
			rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "("))
			if mod, ok := quoted(rest); ok {
				out = append(out, Import{Path: mod, Relative: kw == "require_relative", Line: i + 1})
			}
			break
		}
	}
	return out
}

// stripHashComment drops a # comment when no quote comes before it.
func stripHashComment(s string) string {
	if i := strings.Index(s, "#"); i >= 0 && !strings.ContainsAny(s[:i], `"'`) {
		return s[:i]
	}
	return s
}
