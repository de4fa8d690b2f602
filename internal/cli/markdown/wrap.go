package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// style is a set of inline styles.
type style uint16

const (
	stBold style = 1 << iota
	stItalic
	stStrike
	stCode
	stLink    // a link's text
	stURL     // a URL: after a link's text, an image's, or bare in text
	stChecked // a ticked task box
	stDim     // decoration: quote bars, rules, bullets
)

// span is a run of text in one style, or a hard line break.
type span struct {
	text  string
	style style
	br    bool
}

// runeWidth is the number of terminal cells r takes: 2 for East Asian
// wide and full-width characters (CJK, most emoji), 0 for combining marks
// and format characters (joiners, variation selectors), 1 otherwise.
func runeWidth(r rune) int {
	if r < 0x300 {
		return 1
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// textWidth is the number of cells s takes on a terminal, skipping the
// SGR escape sequences this package writes (input never carries any:
// iostreams.Sanitize removes them).
func textWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			j := strings.IndexByte(s[i:], 'm')
			if j < 0 {
				return n
			}
			i += j + 1
			continue
		}
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += runeWidth(r)
		i += size
	}
	return n
}

// piece is part of a word or of the space between words.
type token struct {
	pieces []span
	space  bool
	br     bool
}

// tokenize splits spans into words, runs of spaces and line breaks. A word
// may cross spans: "**bold**text" is one word in two styles.
func tokenize(spans []span) []token {
	var toks []token
	add := func(s span, space bool) {
		if n := len(toks); n > 0 && !toks[n-1].br && toks[n-1].space == space {
			toks[n-1].pieces = append(toks[n-1].pieces, s)
			return
		}
		toks = append(toks, token{pieces: []span{s}, space: space})
	}
	for _, s := range spans {
		if s.br {
			toks = append(toks, token{br: true})
			continue
		}
		rest := s.text
		for rest != "" {
			isSpace := rest[0] == ' ' || rest[0] == '\t'
			end := strings.IndexFunc(rest, func(r rune) bool { return (r == ' ' || r == '\t') != isSpace })
			if end < 0 {
				end = len(rest)
			}
			chunk := rest[:end]
			if isSpace {
				chunk = strings.Repeat(" ", len(chunk))
			}
			add(span{text: chunk, style: s.style}, isSpace)
			rest = rest[end:]
		}
	}
	return toks
}

func piecesWidth(ps []span) int {
	n := 0
	for _, p := range ps {
		n += textWidth(p.text)
	}
	return n
}

// wrap lays spans out in lines of at most width cells, breaking at spaces,
// and inside a word only when the word alone is wider than a line. Spaces
// at the start of a line are dropped, except in code.
func wrap(spans []span, width int) [][]span {
	width = max(width, 1)
	var lines [][]span
	var cur, sep []span
	curW := 0
	started := false
	flush := func() {
		lines = append(lines, cur)
		cur, sep, curW = nil, nil, 0
	}
	for _, t := range tokenize(spans) {
		switch {
		case t.br:
			flush()
			started = true
		case t.space:
			if curW == 0 && t.pieces[0].style&stCode == 0 {
				continue
			}
			sep = append(sep, t.pieces...)
		default:
			started = true
			w, sw := piecesWidth(t.pieces), piecesWidth(sep)
			if curW > 0 && curW+sw+w > width {
				flush()
				sw = 0
			} else {
				cur = append(cur, sep...)
				curW += sw
			}
			sep = nil
			if curW+w <= width {
				cur = append(cur, t.pieces...)
				curW += w
				continue
			}
			for _, p := range t.pieces {
				cur, curW = splitLong(p, width, cur, curW, &lines)
			}
		}
	}
	if len(cur) > 0 || (started && len(lines) == 0) {
		lines = append(lines, cur)
	}
	return lines
}

// splitLong appends p to the line cur, starting new lines whenever the
// width is reached: the last resort for a word longer than a line.
func splitLong(p span, width int, cur []span, curW int, lines *[][]span) ([]span, int) {
	start := 0
	for i, r := range p.text {
		rw := runeWidth(r)
		if curW+rw > width && (curW > 0 || i > start) {
			if i > start {
				cur = append(cur, span{text: p.text[start:i], style: p.style})
			}
			*lines = append(*lines, cur)
			cur, curW, start = nil, 0, i
		}
		curW += rw
	}
	if start < len(p.text) {
		cur = append(cur, span{text: p.text[start:], style: p.style})
	}
	return cur, curW
}
