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

// findSymbol looks name up among the symbols: "Name" or "Parent.Name".
// Exported and type-level declarations win over methods of the same name.
// A miss is NOT_FOUND naming the nearest names.
func findSymbol(all []Symbol, name, where string) (Symbol, error) {
	var hits []Symbol
	for _, s := range all {
		if s.Name == name || s.QualifiedName() == name {
			hits = append(hits, s)
		}
	}
	if len(hits) == 0 {
		for _, s := range all {
			if strings.EqualFold(s.Name, name) || strings.EqualFold(s.QualifiedName(), name) {
				hits = append(hits, s)
			}
		}
	}
	if len(hits) > 0 {
		slices.SortStableFunc(hits, func(a, b Symbol) int { return rank(a) - rank(b) })
		return hits[0], nil
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

// rank orders same-named symbols: top-level first, then methods.
func rank(s Symbol) int {
	if s.Parent == "" {
		return 0
	}
	return 1
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
