package mentoring

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// The Markdown this package writes (plan.md, the pull request's body)
// holds text from the issue, the repository and GitHub, all of it
// written by strangers. Placed as it is, such text could open a heading or
// a list, hide itself in an HTML comment, add a link or an image that
// loads from elsewhere, ping people with @mentions, or close another
// issue when the pull request merges ("fixes #1"). So every piece of it
// goes through mdText (prose) or mdCode (a path, a command).

// mdText makes s one line of inert Markdown prose: control characters and
// bidirectional overrides go, line breaks become spaces, the characters
// that start Markdown constructs are escaped with a backslash, and
// @mentions and #references are broken with a zero-width space so GitHub
// links neither. Code spans the text already holds (`like this`) are kept
// as they are: nothing inside a code span is interpreted. Bare URLs
// ("https://", "www.") are broken the same way, so GitHub does not make
// them links.
func mdText(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '`' {
			if n := codeSpanLen(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
			n := runLen(s[i:], '`')
			b.WriteString(strings.Repeat("\\`", n))
			i += n
			continue
		}
		c := s[i]
		switch {
		case c == '_' && i > 0 && i+1 < len(s) && isAlnum(s[i-1]) && isAlnum(s[i+1]):
			b.WriteByte(c) // inside a word it emphasises nothing: snake_case stays readable
		case strings.IndexByte(`\*_[]<>!|~&{}`, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case (c == '@' || c == '#') && i+1 < len(s) && isWordByte(s[i+1]),
			c == ':' && strings.HasPrefix(s[i:], "://"),
			(c == 'w' || c == 'W') && strings.HasPrefix(strings.ToLower(s[i:]), "www.") && (i == 0 || !isWordByte(s[i-1])):
			if c == 'w' || c == 'W' {
				b.WriteString(s[i : i+3])
				i += 2
			} else {
				b.WriteByte(c)
			}
			b.WriteString("\u200b")
		default:
			b.WriteByte(c)
		}
		i++
	}
	return escapeLineStart(b.String())
}

// mdCode is s as one code span: a fence longer than any run of backticks
// in s, padded when s starts or ends with one, so s cannot close it.
func mdCode(s string) string {
	s = oneLine(s)
	longest := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			n := runLen(s[i:], '`')
			longest = max(longest, n)
			i += n - 1
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdLink is a URL as an autolink, inside which nothing is interpreted, or
// prose when it is not a plain http(s) URL.
func mdLink(s string) string {
	if reURL().MatchString(s) {
		return "<" + s + ">"
	}
	return mdText(s)
}

var (
	reURL       = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^https?://[A-Za-z0-9.:-]+(/[A-Za-z0-9._~/%+-]*)?$`) })
	reListStart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\s*)(\d{1,9})([.)])`) })
)

// escapeLineStart escapes what would open a block where the text begins:
// a heading, a quote, a list item or a thematic break inside the list
// item or line the text is placed in.
func escapeLineStart(s string) string {
	if m := reListStart().FindStringSubmatchIndex(s); m != nil {
		return s[:m[6]] + "\\" + s[m[6]:]
	}
	t := strings.TrimLeft(s, " ")
	if t != "" && strings.IndexByte("#>+-=", t[0]) >= 0 {
		return s[:len(s)-len(t)] + "\\" + t
	}
	return s
}

// oneLine drops terminal escape sequences whole (so an OSC title leaves
// no "]0;..." behind), control characters, bidirectional overrides and
// invalid UTF-8, and turns line breaks and tabs into spaces.
func oneLine(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			i += escapeLen(s[i:])
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError || bidiControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// escapeLen is the length of the escape sequence s starts with: a CSI
// (ESC [ ... final byte), a string sequence (OSC, DCS, APC, PM, SOS: up to
// BEL or ESC \\), or ESC and one more byte.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']', 'P', '_', '^', 'X':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}

func bidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// codeSpanLen is the length of the code span s starts with (a run of n
// backticks, then text, then exactly n backticks), or 0 when the run is
// not closed.
func codeSpanLen(s string) int {
	n := runLen(s, '`')
	for i := n; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		m := runLen(s[i:], '`')
		if m == n {
			return i + m
		}
		i += m
	}
	return 0
}

func runLen(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
