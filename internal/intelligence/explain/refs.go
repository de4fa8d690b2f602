package explain

import (
	"context"
	"path"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// maxRefText bounds a reference line as shown.
const maxRefText = 160

// refQuery is one git grep: an extended regular expression, what it means
// for people, and the pathspecs it runs over.
type refQuery struct {
	pattern string
	what    string
	specs   []string
}

// findReferences greps the repository for the target, outside the target.
func findReferences(ctx context.Context, t *target, u *unit, sym *Symbol) References {
	refs := References{Shown: []RefFile{}}
	if t.repo == nil {
		refs.Skipped = "not inside a git repository"
		return refs
	}
	if sym == nil && u.pkg != nil && u.pkg.Name == "main" {
		refs.Skipped = "package main is a command: nothing imports it"
		return refs
	}
	q := referenceQuery(t, u, sym)
	if q.pattern == "" {
		refs.Skipped = "nothing to search for"
		return refs
	}
	refs.Query = q.what
	matches, err := t.repo.Grep(ctx, q.pattern, q.specs...)
	if err != nil {
		refs.Skipped = "git grep failed: " + firstLine(errcode.Chain(err)[0])
		return refs
	}
	group(&refs, matches, t.refs)
	return refs
}

// referenceQuery decides what stands for the target in other files: a
// symbol's name as a word; a Go package's import path; else the file's or
// folder's base name as a word. The target itself is left out.
func referenceQuery(t *target, u *unit, sym *Symbol) refQuery {
	var q refQuery
	family := sameFamily(u.language)
	scope := ""
	if len(family) > 0 {
		scope = " in " + strings.Join(family, " ") + " files"
	}
	switch {
	case sym != nil:
		q.pattern = wordPattern(sym.Name)
		q.what = "the word " + strconv.Quote(sym.Name) + scope + ", outside " + sym.File
		q.specs = append(family, ":(exclude)"+sym.File)
		return q
	case u.pkg != nil && u.pkg.ImportPath != "":
		q.pattern = `"` + ereQuote(u.pkg.ImportPath) + `"`
		q.what = "imports of " + strconv.Quote(u.pkg.ImportPath) + scope
		q.specs = family
	default:
		name := baseName(t.rel, t.isDir)
		if name == "" {
			return q
		}
		q.pattern = wordPattern(name)
		q.what = "the word " + strconv.Quote(name) + scope
		q.specs = family
	}
	if t.isDir {
		if t.rel != "." {
			q.specs = append(q.specs, ":(exclude,glob)"+t.rel+"/*")
		}
		q.what += ", outside " + display(t.rel)
	} else {
		q.specs = append(q.specs, ":(exclude)"+t.rel)
		q.what += ", outside " + t.rel
	}
	return q
}

// baseName is the name other code uses for a file or folder: the file
// name without extension, or its folder's name for index-like files.
func baseName(rel string, isDir bool) string {
	if rel == "." {
		return ""
	}
	base := path.Base(rel)
	if isDir {
		return base
	}
	stem := strings.TrimSuffix(base, path.Ext(base))
	switch stem {
	case "index", "__init__", "mod", "lib", "main", "__main__":
		if d := path.Dir(rel); d != "." {
			return path.Base(d)
		}
	}
	return stem
}

// wordPattern matches name as a whole word (git grep -w, in ERE).
func wordPattern(name string) string {
	return `(^|[^A-Za-z0-9_$])` + ereQuote(name) + `([^A-Za-z0-9_$]|$)`
}

// ereQuote escapes the metacharacters of a POSIX extended regular expression.
func ereQuote(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// group fills refs from the matches, in git's order, showing at most
// limit lines.
func group(refs *References, matches []model.GrepMatch, limit int) {
	seen := map[string]int{}
	shownLines := 0
	for _, m := range matches {
		refs.Total++
		i, ok := seen[m.Path]
		if !ok {
			refs.Files++
			refs.all = append(refs.all, m.Path)
			i = -1
			if shownLines < limit {
				refs.Shown = append(refs.Shown, RefFile{Path: m.Path, Lines: []RefLine{}})
				i = len(refs.Shown) - 1
			}
			seen[m.Path] = i
		}
		if i < 0 {
			refs.MoreLines++
			continue
		}
		refs.Shown[i].Count++
		if shownLines < limit {
			refs.Shown[i].Lines = append(refs.Shown[i].Lines, RefLine{Line: m.Line, Text: clipLine(m.Text)})
			shownLines++
		} else {
			refs.MoreLines++
		}
	}
	refs.MoreFiles = refs.Files - len(refs.Shown)
}

func clipLine(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\t", " "))
	if len(s) <= maxRefText {
		return s
	}
	cut := maxRefText
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
