package linguist

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode"
)

// matcher is an expression split into its alternatives, each behind a
// cheap test: the strings one of which each of its matches contains. Go's
// regexp has no DFA, so the alternation of linguist's hundreds of vendor
// paths costs about 15 us per path, while most paths contain none of the
// strings, and a path that does (".../testdata/...") needs only the one
// or two alternatives that name them.
type matcher struct {
	alts   []*alternative
	always []int // the alternatives that need no string
	need   needles
}

// alternative is one alternative of an expression, compiled on first use.
type alternative struct {
	re func() *regexp.Regexp
}

// maxAlternatives bounds the split: an expression whose alternatives
// multiply beyond it stays whole.
const maxAlternatives = 2000

func compileMatcher(expr string) *matcher {
	regexp.MustCompile(expr) // a bad expression fails here, not on first use
	m := &matcher{need: needles{byPair: map[uint16][]needle{}}}
	tree, err := syntax.Parse(expr, syntax.Perl)
	alts := []*syntax.Regexp{tree}
	if err == nil {
		alts = split(tree)
	}
	for _, a := range alts {
		src := func() string {
			if err != nil || len(alts) == 1 {
				return expr
			}
			return a.String() // costly for a large tree: only for the alternatives used
		}
		m.alts = append(m.alts, &alternative{re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(src()) })})
		lits := required(a)
		if lits == nil {
			m.always = append(m.always, len(m.alts)-1)
		}
		for _, l := range lits {
			m.need.add(l, len(m.alts)-1)
		}
	}
	return m
}

// split returns the alternatives of re, alternations inside
// concatenations distributed (a(b|c) is ab and ac): whether a string
// matches is the same.
func split(re *syntax.Regexp) []*syntax.Regexp {
	switch re.Op {
	case syntax.OpAlternate:
		var out []*syntax.Regexp
		for _, sub := range re.Sub {
			out = append(out, split(sub)...)
			if len(out) > maxAlternatives {
				return []*syntax.Regexp{re}
			}
		}
		return out
	case syntax.OpCapture:
		return split(re.Sub[0])
	case syntax.OpConcat:
		for i, sub := range re.Sub {
			parts := split(sub)
			if len(parts) < 2 {
				continue
			}
			var out []*syntax.Regexp
			for _, p := range parts {
				c := &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags}
				c.Sub = append(append(append(c.Sub, re.Sub[:i]...), p), re.Sub[i+1:]...)
				out = append(out, split(c)...)
				if len(out) > maxAlternatives {
					return []*syntax.Regexp{re}
				}
			}
			return out
		}
	}
	return []*syntax.Regexp{re}
}

// MatchString reports whether s matches the expression.
func (m *matcher) MatchString(s string) bool {
	for _, i := range m.always {
		if m.alts[i].re().MatchString(s) {
			return true
		}
	}
	if len(m.need.byPair) == 0 && m.need.short == nil {
		return false
	}
	found := false
	m.need.each(strings.ToLower(s), func(alt int) bool {
		found = m.alts[alt].re().MatchString(s)
		return found
	})
	return found
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

// needles finds which of a set of strings occur in a text, looking each
// up by its first two bytes: a text is read once, and only the few
// strings that start with one of its byte pairs are compared.
type needles struct {
	pairs  [1 << 16 / 64]uint64 // the first byte pairs, as a bit set
	byPair map[uint16][]needle
	short  []needle // strings of one byte
}

// needle is a string and the alternative that needs it.
type needle struct {
	s   string
	alt int
}

func (n *needles) add(s string, alt int) {
	if len(s) == 1 {
		n.short = append(n.short, needle{s, alt})
		return
	}
	k := uint16(s[0])<<8 | uint16(s[1])
	n.pairs[k/64] |= 1 << (k % 64)
	n.byPair[k] = append(n.byPair[k], needle{s, alt})
}

// each calls fn with the alternative of each string found in s until fn
// returns true.
func (n *needles) each(s string, fn func(alt int) bool) {
	for _, nd := range n.short {
		if strings.Contains(s, nd.s) && fn(nd.alt) {
			return
		}
	}
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if n.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, nd := range n.byPair[k] {
			if strings.HasPrefix(s[i:], nd.s) && fn(nd.alt) {
				return
			}
		}
	}
}
