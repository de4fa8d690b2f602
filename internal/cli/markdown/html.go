package markdown

import (
	"strings"
)

// HTML in Markdown (GitHub issue templates are full of it: <details>,
// <summary>, <!-- comments -->, <br>, <img>) is shown as its text: tags
// are removed, comments and <script>/<style> contents dropped, entities
// resolved, and a few tags kept as what they mean on a terminal: line
// breaks, bold, code, list bullets, image and link URLs.

// isBlockTag reports whether a tag starts and ends a line of its own.
// (A switch, not a map: nothing to build at start-up.)
func isBlockTag(name string) bool {
	switch name {
	case "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog",
		"div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
		"h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
		"section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul":
		return true
	}
	return false
}

// tagStyle is the inline style a tag stands for, if any.
func tagStyle(name string) style {
	switch name {
	case "b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "summary":
		return stBold
	case "i", "em":
		return stItalic
	case "code", "kbd", "samp", "tt", "pre":
		return stCode
	case "s", "del", "strike":
		return stStrike
	}
	return 0
}

// html adds the text of a piece of HTML: a whole HTML block, or one tag
// of inline HTML. Text in an HTML block has its white space collapsed, as
// a browser would; inline, the surrounding Markdown decides.
func (in *inliner) html(s string, block bool) {
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			in.htmlText(s, block)
			return
		}
		if i > 0 {
			in.htmlText(s[:i], block)
			s = s[i:]
		}
		n := in.markup(s)
		if n == 0 {
			// a '<' that opens no tag is text
			in.htmlText("<", block)
			n = 1
		}
		s = s[n:]
	}
}

func (in *inliner) htmlText(s string, block bool) {
	text := unescape([]byte(s), false)
	switch {
	case in.pre > 0:
		for i, l := range strings.Split(text, "\n") {
			if i > 0 {
				in.br()
			}
			in.add(l, 0)
		}
	case block:
		// white space collapses, as in a browser; wrapping drops it at
		// the start and end of lines
		in.add(collapseSpace(text), 0)
	default:
		in.add(text, 0)
	}
}

// collapseSpace turns every run of white space in s into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// markup reads the comment, declaration or tag at the start of s (which
// starts with '<') and returns its length, or 0 when s does not start
// with one.
func (in *inliner) markup(s string) int {
	switch {
	case strings.HasPrefix(s, "<!--"):
		// <!--> and <!---> are empty comments; an unclosed one runs to the end
		if end := strings.Index(s[2:], "-->"); end >= 0 {
			return end + 5
		}
		return len(s)
	case strings.HasPrefix(s, "<![CDATA["):
		end := strings.Index(s, "]]>")
		if end < 0 {
			end = len(s)
			in.add(s[9:], 0)
			return end
		}
		in.add(s[9:end], 0)
		return end + 3
	case strings.HasPrefix(s, "<?"):
		if end := strings.Index(s, "?>"); end >= 0 {
			return end + 2
		}
		return len(s)
	case strings.HasPrefix(s, "<!") && len(s) > 2 && isLetter(s[2]):
		if end := strings.IndexByte(s, '>'); end >= 0 {
			return end + 1
		}
		return len(s)
	}
	t, n := parseTag(s)
	if n == 0 {
		return 0
	}
	in.tag(t)
	if !t.closing && (t.name == "script" || t.name == "style") {
		// their contents are not text; skip to the closing tag
		rest := strings.ToLower(s[n:])
		if end := strings.Index(rest, "</"+t.name); end >= 0 {
			return n + end
		}
		return len(s)
	}
	return n
}

// tagInfo is an opening or closing tag.
type tagInfo struct {
	name    string // lower case
	closing bool
	attrs   string
}

// parseTag reads "<name attr=...>" or "</name>" at the start of s,
// respecting quoted attribute values; n is 0 when s holds no whole tag.
func parseTag(s string) (t tagInfo, n int) {
	i := 1
	if i < len(s) && s[i] == '/' {
		t.closing = true
		i++
	}
	start := i
	for i < len(s) && (isLetter(s[i]) || (i > start && (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')))) {
		i++
	}
	if i == start {
		return t, 0
	}
	t.name = strings.ToLower(s[start:i])
	attrStart := i
	var quote byte
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			t.attrs = s[attrStart:i]
			return t, i + 1
		case c == '<':
			// not a tag after all: "<b and <i" are text
			return t, 0
		}
	}
	return t, 0
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// tag applies what a tag means on a terminal.
func (in *inliner) tag(t tagInfo) {
	if isBlockTag(t.name) && !in.atLineStart() {
		in.br()
	}
	if st := tagStyle(t.name); st != 0 {
		if t.closing {
			in.htmlStyle &^= st
		} else {
			in.htmlStyle |= st
		}
	}
	switch {
	case t.name == "pre" && t.closing:
		in.pre = max(0, in.pre-1)
	case t.name == "pre":
		in.pre++
	case t.name == "br":
		in.br()
	case t.name == "li" && !t.closing:
		in.add(bullets[0]+" ", stDim)
	case t.name == "summary" && !t.closing:
		in.add("▸ ", 0)
	case t.name == "summary" || t.name == "hr":
		in.br()
	case (t.name == "td" || t.name == "th") && t.closing:
		in.add("  ", 0)
	case t.name == "img":
		in.image(attr(t.attrs, "alt"), attr(t.attrs, "src"), 0)
	case t.name == "a" && !t.closing:
		in.anchors = append(in.anchors, anchor{start: len(in.spans), href: attr(t.attrs, "href")})
	case t.name == "a" && len(in.anchors) > 0:
		a := in.anchors[len(in.anchors)-1]
		in.anchors = in.anchors[:len(in.anchors)-1]
		if a.start <= len(in.spans) {
			in.linkURL(a.start, a.href, 0)
		}
	}
}

// attr returns the value of the attribute name in a tag's attribute text,
// with entities resolved, or "".
func attr(attrs, name string) string {
	s := attrs
	for s != "" {
		s = strings.TrimLeft(s, " \t\n/")
		i := 0
		for i < len(s) && !strings.ContainsRune(" \t\n=/", rune(s[i])) {
			i++
		}
		key := strings.ToLower(s[:i])
		s = strings.TrimLeft(s[i:], " \t\n")
		value := ""
		if strings.HasPrefix(s, "=") {
			s = strings.TrimLeft(s[1:], " \t\n")
			if s != "" && (s[0] == '"' || s[0] == '\'') {
				end := strings.IndexByte(s[1:], s[0])
				if end < 0 {
					end = len(s) - 1
				}
				value, s = s[1:1+end], s[min(len(s), end+2):]
			} else {
				end := strings.IndexAny(s, " \t\n")
				if end < 0 {
					end = len(s)
				}
				value, s = s[:end], s[end:]
			}
		}
		if key == name {
			return strings.TrimSpace(unescape([]byte(value), false))
		}
		if i == 0 && value == "" {
			// nothing consumed: skip a stray character
			if s == "" {
				break
			}
			s = s[1:]
		}
	}
	return ""
}
