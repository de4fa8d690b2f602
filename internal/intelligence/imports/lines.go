package imports

import "strings"

// goImports reads a Go file's import declarations by lines, from the top
// of the file to the first declaration that is not an import: enough to
// know what a file imports without parsing the rest of it.
func goImports(src string) []Import {
	var out []Import
	inBlock, inComment := false, false
	for i := 0; len(src) > 0; i++ {
		// Line by line without splitting the file: reading stops at the
		// first declaration, most often a few lines in.
		var line string
		line, src, _ = strings.Cut(src, "\n")
		line = strings.TrimSpace(line)
		if inComment {
			_, rest, closed := strings.Cut(line, "*/")
			if !closed {
				continue
			}
			inComment, line = false, strings.TrimSpace(rest)
		}
		if strings.HasPrefix(line, "/*") && !strings.Contains(line, "*/") {
			inComment = true
			continue
		}
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		switch {
		case inBlock && strings.HasPrefix(line, ")"):
			inBlock = false
		case inBlock:
			out = appendGoSpec(out, line, i+1)
		case strings.HasPrefix(line, "package "):
		case strings.HasPrefix(line, "import"):
			rest := strings.TrimSpace(line[len("import"):])
			if strings.HasPrefix(rest, "(") {
				spec := strings.TrimSpace(rest[1:])
				inBlock = !strings.HasSuffix(spec, ")") // import ("a") closes on its line
				if spec = strings.TrimSpace(strings.TrimSuffix(spec, ")")); spec != "" {
					out = appendGoSpec(out, spec, i+1)
				}
				continue
			}
			out = appendGoSpec(out, rest, i+1)
		default:
			return out // func, type, var, const: the imports are over
		}
	}
	return out
}

// appendGoSpec reads one import spec: `"path"`, `name "path"`, `_ "path"`.
func appendGoSpec(out []Import, spec string, line int) []Import {
	alias := ""
	if !strings.HasPrefix(spec, `"`) && !strings.HasPrefix(spec, "`") {
		name, rest, ok := strings.Cut(spec, " ")
		if !ok {
			return out
		}
		alias, spec = name, strings.TrimSpace(rest)
	}
	p, ok := quoted(spec)
	if !ok {
		return out
	}
	return append(out, Import{Path: p, Alias: alias, Line: line})
}

// includes reads the C family's `#include "x.h"`, `#include <x.h>` and
// Objective-C's `#import`. A system include (angle brackets) is marked,
// because it is looked up on the include path rather than beside the file.
func includes(src string) []Import {
	var out []Import
	for i, line := range strings.Split(src, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "#")
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		kw := ""
		for _, k := range []string{"include_next", "include", "import"} {
			if strings.HasPrefix(rest, k) {
				kw = k
				break
			}
		}
		if kw == "" {
			continue
		}
		rest = strings.TrimSpace(rest[len(kw):])
		if p, ok := quoted(rest); ok {
			out = append(out, Import{Path: p, Line: i + 1})
		} else if strings.HasPrefix(rest, "<") {
			if p, _, ok := strings.Cut(rest[1:], ">"); ok && p != "" && !strings.ContainsAny(p, "\"<") {
				out = append(out, Import{Path: p, System: true, Line: i + 1})
			}
		}
	}
	return out
}

// PackageOf reads the package a Java, Kotlin, Scala or Groovy file
// declares; "" for other languages or when it declares none before its
// first import or class.
func PackageOf(lang, src string) string {
	switch lang {
	case "Java", "Kotlin", "Scala", "Groovy":
	default:
		return ""
	}
	for len(src) > 0 {
		var line string
		line, src, _ = strings.Cut(src, "\n")
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "package "); ok {
			rest, _, _ = strings.Cut(rest, ";")
			rest = strings.TrimSpace(strings.Split(rest, "//")[0])
			if validModule(rest) {
				return rest
			}
			return ""
		}
		if strings.HasPrefix(line, "import ") || strings.Contains(line, "class ") {
			return ""
		}
	}
	return ""
}
