package linguist

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// matcher is a compiled expression with a cheap test in front of it: the
// strings one of which every match contains. Go's regexp has no DFA, so
// one alternation of linguist's hundreds of vendor paths costs about 15 us
// per path, and most paths contain none of the strings: the test then
// answers for the expression.
type matcher struct {
	re   *regexp.Regexp
	need *needles // nil when some match needs no string: re always runs
}

func compileMatcher(expr string) *matcher {
	m := &matcher{re: regexp.MustCompile(expr)}
	if tree, err := syntax.Parse(expr, syntax.Perl); err == nil {
		if lits := required(tree); len(lits) > 0 {
			m.need = newNeedles(lits)
		}
	}
	return m
}

// MatchString reports whether s matches the expression.
func (m *matcher) MatchString(s string) bool {
	if m.need != nil && !m.need.in(strings.ToLower(s)) {
		return false
	}
	return m.re.MatchString(s)
}

// required returns lower-case strings one of which every match of re
// contains, or nil when it cannot tell. Lower case, because a string that
// holds "Godeps" holds "godeps" once lowered, and [Dd]ocs is then one
// string; the test lowers what it checks.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCharClass:
		if r, ok := oneLetter(re.Rune); ok {
			return []string{string(r)}
		}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			lits := required(sub)
			if lits == nil {
				return nil
			}
			all = append(all, lits...)
		}
		return all
	case syntax.OpConcat:
		return requiredOfConcat(re.Sub)
	}
	return nil
}

// requiredOfConcat picks, among the runs of single strings that follow
// one another and the parts' own requirements, the set whose weakest
// string is the most selective.
func requiredOfConcat(subs []*syntax.Regexp) []string {
	var best []string
	consider := func(lits []string) {
		if len(lits) > 0 && (best == nil || weakest(lits) > weakest(best)) {
			best = lits
		}
	}
	run := ""
	for _, sub := range subs {
		lits := required(sub)
		if len(lits) == 1 && exact(sub) {
			run += lits[0]
			continue
		}
		consider(single(run))
		run = ""
		consider(lits)
	}
	consider(single(run))
	return best
}

func single(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// exact reports whether re matches only the one string required returns,
// so that it may be joined to its neighbours'.
func exact(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return true
	case syntax.OpCharClass:
		_, ok := oneLetter(re.Rune)
		return ok
	case syntax.OpCapture:
		return exact(re.Sub[0])
	}
	return false
}

// oneLetter recognises a class that is one character in either case
// ([Dd]) or one character, and returns it in lower case.
func oneLetter(ranges []rune) (rune, bool) {
	var r rune = -1
	for i := 0; i+1 < len(ranges); i += 2 {
		for c := ranges[i]; c <= ranges[i+1]; c++ {
			l := unicode.ToLower(c)
			if r >= 0 && l != r {
				return 0, false
			}
			r = l
		}
	}
	return r, r >= 0
}

// weakest rates the least selective of lits: longer strings are rarer in
// paths, except a file extension (".js" in "d3.js"), which most paths have.
func weakest(lits []string) int {
	n := -1
	for _, l := range lits {
		score := len(l)
		if strings.HasPrefix(l, ".") && len(l) <= 5 && !strings.Contains(l[1:], ".") {
			score = 1
		}
		if n < 0 || score < n {
			n = score
		}
	}
	return n
}

// needles finds whether any of a set of strings occurs in a text, looking
// each up by its first two bytes: a text is read once, and only the few
// strings that start with one of its byte pairs are compared.
type needles struct {
	pairs  [1 << 16 / 64]uint64 // the first byte pairs, as a bit set
	byPair map[uint16][]string
	short  string // strings of one byte
}

func newNeedles(lits []string) *needles {
	n := &needles{byPair: map[uint16][]string{}}
	for _, l := range lits {
		if len(l) == 1 {
			n.short += l
			continue
		}
		k := uint16(l[0])<<8 | uint16(l[1])
		n.pairs[k/64] |= 1 << (k % 64)
		n.byPair[k] = append(n.byPair[k], l)
	}
	return n
}

func (n *needles) in(s string) bool {
	if n.short != "" && strings.ContainsAny(s, n.short) {
		return true
	}
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if n.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, l := range n.byPair[k] {
			if strings.HasPrefix(s[i:], l) {
				return true
			}
		}
	}
	return false
}
