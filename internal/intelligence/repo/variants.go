package repo

import "strings"

// VariantParts says where a command's variants differ from it: the words
// of each that not every one of them shares at its start and end, its own
// first. For tox -e py310 -- -v and its variant tox -e py311 -- -v they are
// "py310" and ["py311"]; a part is "" where a command has nothing there.
func (c Command) VariantParts() (own string, others []string) {
	all := [][]string{strings.Fields(c.Command)}
	for _, v := range c.Variants {
		all = append(all, strings.Fields(v))
	}
	pre, suf := commonEnds(all)
	parts := windows(all, pre, suf)
	// widen the parts until none cuts a quoted word or a $(...) in two:
	// --host="x86_64-apple-darwin$(uname -r)", not --host="x86_64-apple-darwin$(uname
	for !balanced(parts) && (pre > 0 || suf > 0) {
		if suf > 0 {
			suf--
		} else {
			pre--
		}
		parts = windows(all, pre, suf)
	}
	return parts[0], parts[1:]
}

func windows(all [][]string, pre, suf int) []string {
	parts := make([]string, len(all))
	for i, f := range all {
		parts[i] = strings.Join(f[pre:len(f)-suf], " ")
	}
	return parts
}

// balanced reports whether every part closes the quotes and parentheses
// it opens.
func balanced(parts []string) bool {
	for _, p := range parts {
		if strings.Count(p, `"`)%2 != 0 || strings.Count(p, "'")%2 != 0 || strings.Count(p, "(") != strings.Count(p, ")") {
			return false
		}
	}
	return true
}

// commonEnds counts the words every list starts with and, in what is
// left of the shortest, ends with.
func commonEnds(all [][]string) (pre, suf int) {
	shortest := len(all[0])
	for _, f := range all {
		shortest = min(shortest, len(f))
	}
	for pre < shortest && sameAt(all, func(f []string) string { return f[pre] }) {
		pre++
	}
	for suf < shortest-pre && sameAt(all, func(f []string) string { return f[len(f)-1-suf] }) {
		suf++
	}
	return pre, suf
}

func sameAt(all [][]string, word func([]string) string) bool {
	w := word(all[0])
	for _, f := range all[1:] {
		if word(f) != w {
			return false
		}
	}
	return true
}
