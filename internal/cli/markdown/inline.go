package markdown

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// inliner collects the spans of one block's inline content.
type inliner struct {
	r       *renderer
	spans   []span
	inTable bool
	// htmlStyle is the style opened by inline HTML tags (<b>, <code>, ...)
	htmlStyle style
	// anchors holds, for each open <a href>, where its text starts and
	// the URL to show after it
	anchors []anchor
	pre     int // depth of open <pre> elements: spaces and breaks kept
}

type anchor struct {
	start int
	href  string
}

func (r *renderer) newInliner() *inliner { return &inliner{r: r} }

// inlines returns the spans of a block's inline children.
func (r *renderer) inlines(n ast.Node) []span {
	in := r.newInliner()
	in.children(n, 0)
	return in.finish()
}

// finish merges neighbouring spans of one style and, with colour on,
// styles bare URLs in text (without colour they look the same either way).
func (in *inliner) finish() []span {
	var out []span
	for i := 0; i < len(in.spans); {
		s := in.spans[i]
		j := i + 1
		if !s.br {
			// join a run of one style once, not span by span
			var b strings.Builder
			b.WriteString(s.text)
			for ; j < len(in.spans) && !in.spans[j].br && in.spans[j].style == s.style; j++ {
				b.WriteString(in.spans[j].text)
			}
			s.text = b.String()
		}
		out = append(out, s)
		i = j
	}
	if !in.r.color {
		return out
	}
	var styled []span
	for _, s := range out {
		if s.br || s.style&(stCode|stLink|stURL) != 0 {
			styled = append(styled, s)
			continue
		}
		styled = append(styled, bareURLs(s)...)
	}
	return styled
}

func (in *inliner) add(text string, st style) {
	if text == "" {
		return
	}
	in.spans = append(in.spans, span{text: text, style: st | in.htmlStyle})
}

func (in *inliner) br() { in.spans = append(in.spans, span{br: true}) }

// atLineStart reports whether nothing but spaces follows the last break.
func (in *inliner) atLineStart() bool {
	for i := len(in.spans) - 1; i >= 0; i-- {
		if in.spans[i].br {
			return true
		}
		if strings.TrimSpace(in.spans[i].text) != "" {
			return false
		}
	}
	return true
}

func (in *inliner) children(n ast.Node, st style) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		in.node(c, st)
	}
}

func (in *inliner) node(n ast.Node, st style) {
	src := in.r.src
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(src)
		if n.IsRaw() {
			in.add(string(v), st)
		} else {
			in.add(unescape(v, true), st)
		}
		switch {
		case n.HardLineBreak():
			in.br()
		case n.SoftLineBreak() && in.r.hardWraps:
			// "<br>" at the end of a line breaks it once, not twice
			if len(in.spans) == 0 || !in.spans[len(in.spans)-1].br {
				in.br()
			}
		case n.SoftLineBreak():
			in.add(" ", st)
		}
	case *ast.String:
		if n.IsCode() || n.IsRaw() {
			in.add(string(n.Value), st)
		} else {
			in.add(unescape(n.Value, true), st)
		}
	case *ast.CodeSpan:
		in.codeSpan(n, st)
	case *ast.Emphasis:
		if n.Level >= 2 {
			in.children(n, st|stBold)
		} else {
			in.children(n, st|stItalic)
		}
	case *ast.Link:
		in.link(n, string(n.Destination), st)
	case *ast.Image:
		in.image(plainText(in.r, n), string(n.Destination), st)
	case *ast.AutoLink:
		in.add(string(n.Label(src)), st|stLink)
	case *ast.RawHTML:
		var b strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(src))
		}
		in.html(b.String(), false)
	case *strikeNode:
		if !in.r.color {
			in.add("~~", st)
		}
		in.children(n, st|stStrike)
		if !in.r.color {
			in.add("~~", st)
		}
	case *taskNode:
		// a list item's box is drawn in place of its bullet
		if _, ok := n.Parent().Parent().(*ast.ListItem); !ok || n.PreviousSibling() != nil {
			if n.checked {
				in.add("[x] ", st)
			} else {
				in.add("[ ] ", st)
			}
		}
	default:
		in.children(n, st)
	}
}

// codeSpan shows code as written; without colour, between backticks so
// that it still stands out.
func (in *inliner) codeSpan(n *ast.CodeSpan, st style) {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(in.r.src)
			if len(v) > 0 && v[len(v)-1] == '\n' {
				v = append(v[:len(v)-1:len(v)-1], ' ')
			}
			b.Write(v)
		case *ast.String:
			b.Write(c.Value)
		}
	}
	code := b.String()
	if in.inTable {
		// GitHub lets "\|" stand for a pipe inside a table's code spans
		code = strings.ReplaceAll(code, `\|`, "|")
	}
	if !in.r.color {
		code = "`" + code + "`"
	}
	in.add(code, st|stCode)
}

// link shows a link's text, then its URL in brackets when the text does
// not already say it.
func (in *inliner) link(n ast.Node, dest string, st style) {
	start := len(in.spans)
	in.children(n, st|stLink)
	in.linkURL(start, dest, st)
}

// linkURL follows the text added since start with dest, unless they are
// the same.
func (in *inliner) linkURL(start int, dest string, st style) {
	var text strings.Builder
	for _, s := range in.spans[start:] {
		text.WriteString(s.text)
	}
	label := strings.TrimSpace(text.String())
	switch {
	case dest == "" || dest == label || dest == "mailto:"+label:
	case label == "":
		in.add(dest, st|stURL)
	default:
		in.add(" (", st)
		in.add(dest, st|stURL)
		in.add(")", st)
	}
}

// image shows an image as its alternative text and its URL.
func (in *inliner) image(alt, dest string, st style) {
	alt = strings.TrimSpace(alt)
	if alt == "" {
		in.add("[image]", st)
	} else {
		in.add("[image: "+alt+"]", st)
	}
	if dest != "" {
		in.add(" ", st)
		in.add(dest, st|stURL)
	}
}

// plainText is the text of n's inline children, without styles: an
// image's alternative text.
func plainText(r *renderer, n ast.Node) string {
	in := r.newInliner()
	in.children(n, 0)
	var b strings.Builder
	for _, s := range in.spans {
		if s.br {
			b.WriteByte(' ')
		}
		b.WriteString(s.text)
	}
	return b.String()
}

// unescape resolves what CommonMark lets text escape: backslash before
// ASCII punctuation (when escapes is set) and entity and numeric
// character references.
func unescape(v []byte, escapes bool) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if escapes && c == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]) {
			b.WriteByte(v[i+1])
			i++
			continue
		}
		if c == '&' {
			if s, n := charRef(v[i:]); n > 0 {
				b.WriteString(s)
				i += n - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// charRef reads a character reference (&amp; &#35; &#x23;) at the start
// of v, returning its text and its length, or a length of 0.
func charRef(v []byte) (string, int) {
	end := 1
	for end < len(v) && end < 40 && v[end] != ';' && v[end] != '&' && v[end] != ' ' {
		end++
	}
	if end >= len(v) || v[end] != ';' || end < 2 {
		return "", 0
	}
	name := string(v[1:end])
	if name[0] != '#' {
		e, ok := util.LookUpHTML5EntityByName(name)
		if !ok {
			return "", 0
		}
		return string(e.Characters), end + 1
	}
	base, digits := 10, name[1:]
	if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
		base, digits = 16, digits[1:]
	}
	if digits == "" || len(digits) > 7 {
		return "", 0
	}
	code, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return "", 0
	}
	r := rune(code)
	if r == 0 || !utf8.ValidRune(r) || r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
		r = utf8.RuneError
	}
	return string(r), end + 1
}

// bareURLs splits s so that the http(s) URLs in it get the URL style.
func bareURLs(s span) []span {
	var out []span
	rest := s.text
	for {
		i := indexURL(rest)
		if i < 0 {
			break
		}
		end := i + urlEnd(rest[i:])
		if i > 0 {
			out = append(out, span{text: rest[:i], style: s.style})
		}
		out = append(out, span{text: rest[i:end], style: s.style | stURL})
		rest = rest[end:]
	}
	if rest != "" || len(out) == 0 {
		out = append(out, span{text: rest, style: s.style})
	}
	return out
}

func indexURL(s string) int {
	i := strings.Index(s, "http")
	for i >= 0 {
		if strings.HasPrefix(s[i:], "https://") || strings.HasPrefix(s[i:], "http://") {
			return i
		}
		j := strings.Index(s[i+4:], "http")
		if j < 0 {
			return -1
		}
		i += 4 + j
	}
	return -1
}

// urlEnd is the length of the URL at the start of s: up to a space or
// '<', without trailing punctuation or an unmatched closing bracket.
func urlEnd(s string) int {
	end := strings.IndexAny(s, " \t<")
	if end < 0 {
		end = len(s)
	}
	for end > 0 {
		c := s[end-1]
		if strings.IndexByte(".,:;!?'\"*_~", c) >= 0 ||
			(c == ')' && strings.Count(s[:end], "(") < strings.Count(s[:end], ")")) {
			end--
			continue
		}
		break
	}
	return end
}
