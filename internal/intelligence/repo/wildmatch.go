package repo

import "strings"

// tokKind is one element of a compiled git wildcard pattern.
type tokKind uint8

const (
	tokLit     tokKind = iota // one literal byte
	tokAny                    // ?: one byte, not '/'
	tokStar                   // *: any run of bytes without '/'
	tokAnyDirs                // **/ : zero or more whole leading directories
	tokAnyAll                 // trailing /**: anything, '/' included
	tokClass                  // [...]: one byte from a set, not '/'
)

type token struct {
	kind  tokKind
	lit   byte
	set   [256]bool // for tokClass
	isNeg bool
}

// pattern is a git wildcard pattern compiled with the FNM_PATHNAME rules of
// git's wildmatch: '*', '?' and classes never match '/', and '**' spans
// directories only as a whole path segment.
type pattern struct{ toks []token }

// compilePattern compiles a git wildcard pattern. It never fails: a
// malformed class is taken literally, as git does.
func compilePattern(p string) pattern {
	var toks []token
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '\\':
			if i+1 < len(p) {
				i++
				c = p[i]
			}
			toks = append(toks, token{kind: tokLit, lit: c})
		case '?':
			toks = append(toks, token{kind: tokAny})
		case '*':
			j := i
			for j < len(p) && p[j] == '*' {
				j++
			}
			n := j - i
			startSeg := i == 0 || p[i-1] == '/'
			endSeg := j == len(p) || p[j] == '/'
			switch {
			case n >= 2 && startSeg && j < len(p) && p[j] == '/':
				// "**/" at the start or "/**/" in the middle: zero or more directories.
				toks = append(toks, token{kind: tokAnyDirs})
				j++ // the slash is part of the token
			case n >= 2 && startSeg && endSeg:
				toks = append(toks, token{kind: tokAnyAll})
			default:
				toks = append(toks, token{kind: tokStar})
			}
			i = j - 1
		case '[':
			t, next, ok := compileClass(p, i)
			if !ok {
				toks = append(toks, token{kind: tokLit, lit: c})
				continue
			}
			toks = append(toks, t)
			i = next - 1
		default:
			toks = append(toks, token{kind: tokLit, lit: c})
		}
	}
	return pattern{toks: toks}
}

// compileClass parses a bracket expression starting at p[i] == '['. It
// returns the token and the index after the closing bracket.
func compileClass(p string, i int) (token, int, bool) {
	t := token{kind: tokClass}
	j := i + 1
	if j < len(p) && (p[j] == '!' || p[j] == '^') {
		t.isNeg = true
		j++
	}
	first := true
	for j < len(p) {
		c := p[j]
		if c == ']' && !first {
			return t, j + 1, true
		}
		first = false
		if c == '[' && strings.HasPrefix(p[j:], "[:") {
			end := strings.Index(p[j+2:], ":]")
			if end >= 0 {
				addNamedClass(&t, p[j+2:j+2+end])
				j += end + 4
				continue
			}
		}
		if c == '\\' && j+1 < len(p) {
			j++
			c = p[j]
		}
		if j+2 < len(p) && p[j+1] == '-' && p[j+2] != ']' {
			hi := p[j+2]
			if hi == '\\' && j+3 < len(p) {
				hi = p[j+3]
				j++
			}
			for b := int(c); b <= int(hi); b++ {
				t.set[b] = true
			}
			j += 3
			continue
		}
		t.set[c] = true
		j++
	}
	return t, 0, false
}

func addNamedClass(t *token, name string) {
	for b := 0; b < 256; b++ {
		c := byte(b)
		var in bool
		switch name {
		case "alnum":
			in = isAlpha(c) || isDigit(c)
		case "alpha":
			in = isAlpha(c)
		case "digit":
			in = isDigit(c)
		case "lower":
			in = c >= 'a' && c <= 'z'
		case "upper":
			in = c >= 'A' && c <= 'Z'
		case "space":
			in = c == ' ' || (c >= '\t' && c <= '\r')
		case "xdigit":
			in = isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
		case "punct":
			in = c > ' ' && c < 0x7f && !isAlpha(c) && !isDigit(c)
		}
		if in {
			t.set[b] = true
		}
	}
}

func isAlpha(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// match reports whether the whole of s matches the pattern. It runs in
// O(len(tokens) * len(s)) time, so no pattern can make it blow up.
func (p pattern) match(s string) bool {
	n := len(s)
	// cur[j]: tokens[:i] can match s[:j].
	cur := make([]bool, n+1)
	next := make([]bool, n+1)
	cur[0] = true
	for _, t := range p.toks {
		for j := range next {
			next[j] = false
		}
		switch t.kind {
		case tokStar:
			// Extend any reachable position across bytes other than '/'.
			for j := 0; j <= n; j++ {
				if cur[j] || (j > 0 && next[j-1] && s[j-1] != '/') {
					next[j] = true
				}
			}
		case tokAnyAll:
			for j := 0; j <= n; j++ {
				if cur[j] || (j > 0 && next[j-1]) {
					next[j] = true
				}
			}
		case tokAnyDirs:
			// Zero or more "segment/" runs: reachable positions, and any
			// position just after a '/' reachable from one of them.
			reach := false
			for j := 0; j <= n; j++ {
				if cur[j] {
					reach = true
				}
				if cur[j] || (reach && j > 0 && s[j-1] == '/') {
					next[j] = true
				}
			}
		default:
			for j := 0; j < n; j++ {
				if cur[j] && t.matchByte(s[j]) {
					next[j+1] = true
				}
			}
		}
		cur, next = next, cur
	}
	return cur[n]
}

func (t *token) matchByte(c byte) bool {
	switch t.kind {
	case tokLit:
		return c == t.lit
	case tokAny:
		return c != '/'
	case tokClass:
		if c == '/' {
			return false
		}
		return t.set[c] != t.isNeg
	}
	return false
}
