package explain

import (
	"slices"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
	"github.com/oss-dev/oss-dev/internal/suggest"
)

// maxSourceLines bounds the source kept for a symbol.
const maxSourceLines = 400

// findSymbol looks name up among the symbols: "Name", "Parent.Name", or
// the end of a longer qualified name ("Builder.build" for
// Outer.Builder.build; a Kotlin companion's members also answer to
// Outer.name). Declarations win over the impl blocks and fields that share
// their name. Several that still match are INVALID_INPUT listing each with
// its kind and place; a miss is NOT_FOUND naming the nearest names.
func findSymbol(all []Symbol, name, where string) (Symbol, error) {
	hits := matching(all, name, func(a, b string) bool { return a == b })
	if len(hits) == 0 {
		hits = matching(all, name, strings.EqualFold)
	}
	hits = preferred(hits)
	switch groups := byQualifiedName(hits); {
	case len(groups) == 1:
		return groups[0][0], nil
	case len(groups) > 1:
		return Symbol{}, ambiguous(name, where, groups)
	}
	names := make([]string, 0, len(all)*2)
	for _, s := range all {
		names = append(names, s.Name)
		if s.Parent != "" {
			names = append(names, s.QualifiedName())
		}
	}
	fix := "run oss-dev explain " + where + " to see its outline"
	if len(all) == 0 {
		fix = "no symbols were found in " + where + "; explain the file without a symbol"
	} else if near := nearest(name, names, 3); len(near) > 0 {
		fix = "did you mean " + strings.Join(near, ", ") + "? (" + fix + ")"
	}
	return Symbol{}, errcode.New(errcode.NotFound, "no symbol "+name+" in "+where, fix)
}

// matching returns the symbols name designates under eq.
func matching(all []Symbol, name string, eq func(a, b string) bool) []Symbol {
	var hits []Symbol
	for _, s := range all {
		for _, q := range []string{s.QualifiedName(), strings.Replace(s.QualifiedName(), ".Companion.", ".", 1)} {
			if eq(s.Name, name) || eq(q, name) || len(q) > len(name) && q[len(q)-len(name)-1] == '.' && eq(q[len(q)-len(name):], name) {
				hits = append(hits, s)
				break
			}
		}
	}
	return hits
}

// preferred keeps the declarations among hits: an impl block, a field or a
// variable is only chosen when nothing else has the name (a Rust struct
// and its impl blocks, a Java field and the method of the same name).
func preferred(hits []Symbol) []Symbol {
	for _, weaker := range []func(Symbol) bool{isImplBlock, isValue, isModuleDecl} {
		var kept []Symbol
		for _, h := range hits {
			if !weaker(h) {
				kept = append(kept, h)
			}
		}
		if len(kept) > 0 {
			hits = kept
		}
	}
	return hits
}

func isImplBlock(s Symbol) bool { return s.Kind == "implementation" }

// isModuleDecl is a one-line module declaration such as Rust's `mod x;`:
// it names a file, and a function of the same name is what is meant.
func isModuleDecl(s Symbol) bool { return s.Kind == "module" && s.EndLine <= s.Line }

func isValue(s Symbol) bool {
	switch s.Kind {
	case "field", "variable", "var", "const", "constant", "property", "member variable", "externvar", "local":
		return true
	}
	return false
}

// byQualifiedName groups hits that are one symbol: overloads, or a
// declaration seen in two files of a folder, share a qualified name.
func byQualifiedName(hits []Symbol) [][]Symbol {
	var groups [][]Symbol
	index := map[string]int{}
	for _, h := range hits {
		q := h.QualifiedName()
		if i, ok := index[q]; ok {
			groups[i] = append(groups[i], h)
			continue
		}
		index[q] = len(groups)
		groups = append(groups, []Symbol{h})
	}
	return groups
}

// ambiguous is the error for a name several symbols answer to: each
// candidate with its kind and place, and how to name one.
func ambiguous(name, where string, groups [][]Symbol) error {
	var cands []string
	for _, g := range groups {
		s := g[0]
		cands = append(cands, s.QualifiedName()+" ("+s.Kind+", "+s.File+":"+itoa(s.Line)+")")
	}
	first := groups[0][0].QualifiedName()
	for _, g := range groups {
		if q := g[0].QualifiedName(); q != name {
			first = q // an example that differs from what was asked
			break
		}
	}
	return errcode.New(errcode.InvalidInput,
		name+" is ambiguous in "+where+": "+itoa(len(groups))+" symbols have that name: "+strings.Join(cands, "; "),
		"name one by its qualified name, for example: oss-dev explain "+where+" "+first)
}

// nearest returns up to n of names closest to want: those it is a prefix
// or part of, then by edit distance, ignoring case.
func nearest(want string, names []string, n int) []string {
	type cand struct {
		name string
		dist int
	}
	w := strings.ToLower(want)
	var cands []cand
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		l := strings.ToLower(name)
		d := suggest.Distance(w, l)
		if strings.Contains(l, w) || strings.Contains(w, l) && len(l) >= 3 {
			d = min(d, 1)
		}
		if d <= max(2, len(w)/3) {
			cands = append(cands, cand{name, d})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.name, b.name)
	})
	var out []string
	for _, c := range cands {
		if len(out) == n {
			break
		}
		out = append(out, c.name)
	}
	return out
}

// symbolSource returns the symbol's lines, its doc comment included, and
// the line they start at.
func symbolSource(dir *safefile.Root, s Symbol) (string, int) {
	src, err := dir.ReadFile(s.File, maxFileBytes)
	if err != nil {
		return "", 0
	}
	lines := strings.Split(string(src), "\n")
	start := s.Line
	if s.docLine > 0 && s.docLine < start {
		start = s.docLine
	}
	end := max(s.EndLine, s.Line)
	if start < 1 || start > len(lines) {
		return "", 0
	}
	end = min(end, len(lines), start+maxSourceLines-1)
	text := strings.Join(lines[start-1:end], "\n")
	if end < s.EndLine {
		text += "\n… (" + itoa(s.EndLine-end) + " more lines)"
	}
	return text, start
}
