package repo

import "strings"

// VariantSlot is a place in a command where its variants differ: the
// words the command has there and, in order, what the variants put there
// ("" where a variant has nothing).
type VariantSlot struct {
	Own    string
	Others []string
}

// VariantSlots says where a command's variants differ from it. When they
// all have as many words, each differing word is a slot of its own, its
// distinct values listed once: a matrix of python versions and test
// groups gives two slots. Otherwise, or where a word holds half a quoted
// string, the words between what all share at their start and end are
// one slot, widened until no quote or $(...) is cut in two.
func (c Command) VariantSlots() []VariantSlot {
	all := [][]string{strings.Fields(c.Command)}
	for _, v := range c.Variants {
		all = append(all, strings.Fields(v))
	}
	if slots, ok := wordSlots(all); ok {
		return slots
	}
	pre, suf := commonEnds(all)
	parts := windows(all, pre, suf)
	for !balanced(parts) && (pre > 0 || suf > 0) {
		if suf > 0 {
			suf--
		} else {
			pre--
		}
		parts = windows(all, pre, suf)
	}
	return []VariantSlot{{Own: parts[0], Others: parts[1:]}}
}

// wordSlots gives one slot per differing word of commands of one length;
// ok is false when the lengths differ or a differing word is unbalanced.
func wordSlots(all [][]string) ([]VariantSlot, bool) {
	for _, f := range all[1:] {
		if len(f) != len(all[0]) {
			return nil, false
		}
	}
	var slots []VariantSlot
	for i, own := range all[0] {
		seen := map[string]bool{own: true}
		s := VariantSlot{Own: own}
		for _, f := range all[1:] {
			if !seen[f[i]] {
				seen[f[i]] = true
				s.Others = append(s.Others, f[i])
			}
		}
		if len(s.Others) == 0 {
			continue
		}
		if !balanced(append([]string{own}, s.Others...)) {
			return nil, false
		}
		slots = append(slots, s)
	}
	return slots, len(slots) > 0
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
