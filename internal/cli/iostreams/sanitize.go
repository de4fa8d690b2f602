package iostreams

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes text from outside the program (an issue title, a file
// name, a server's message, a model's answer) inert on a terminal: every
// escape sequence (CSI, OSC such as a window title or an OSC 52 clipboard
// write, DCS, APC, PM, SOS, and two-byte escapes such as a full reset) is
// removed whole, as are the other C0 and C1 control characters, the 8-bit
// forms of the introducers (U+009B and its kin), DEL, bidirectional
// overrides that could reorder what is shown, and invalid UTF-8 (which a
// terminal in a legacy mode may read as C1). Tabs and newlines stay; a CR
// LF pair becomes LF and a lone CR a newline, so nothing can overwrite what
// was printed before it on the line.
func Sanitize(s string) string { return sanitize(s, false) }

// sanitize is Sanitize; with keepColor it keeps the colour sequences our
// own ColorScheme and Markdown renderer write (see isOwnSGR), so that the
// output writers can apply it to everything they print.
func sanitize(s string, keepColor bool) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
			i++
			continue
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r':
			if i+1 >= len(s) || s[i+1] != '\n' {
				b.WriteByte('\n')
			}
		case r == 0x1b:
			n, keep := escapeLen(s[i:])
			if keep && keepColor {
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		case r >= 0x80 && r <= 0x9f:
			i += c1Len(s[i:], r)
			continue
		case r < 0x20 || r == 0x7f || isBidiControl(r):
			// dropped
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII, tabs and newlines only: the
// common case, returned as it is without a copy.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || (c < 0x20 && c != '\n' && c != '\t') {
			return false
		}
	}
	return true
}

// escapeLen returns the length of the escape sequence at the start of s
// (which begins with ESC), and whether it is one of our own colour codes.
func escapeLen(s string) (n int, ownColor bool) {
	if len(s) < 2 {
		return len(s), false
	}
	switch c := s[1]; {
	case c == '[':
		n, final := csiLen(s, 2)
		return n, final == 'm' && isOwnSGR(s[2:n-1])
	case c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X':
		return stringLen(s, 2), false
	case c >= 0x20 && c <= 0x2f: // nF: intermediates, then one final byte
		j := 2
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
			j++
		}
		if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
			j++
		}
		return j, false
	case c >= 0x30 && c <= 0x7e: // Fp, Fe, Fs: ESC 7, ESC c (reset), ESC D
		return 2, false
	}
	return 1, false // a lone ESC; what follows is printed as text
}

// csiLen returns the end of a control sequence whose parameters start at
// from, and its final byte (0 when cut short).
func csiLen(s string, from int) (int, byte) {
	j := from
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
		j++
	}
	if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
		return j + 1, s[j]
	}
	return j, 0
}

// stringLen returns the end of a control string (OSC, DCS, APC, PM, SOS)
// whose body starts at from: after BEL, ESC \ or the 8-bit ST (U+009C). An
// unterminated one ends before the next newline, so that one bad line
// cannot swallow the lines after it.
func stringLen(s string, from int) int {
	for j := from; j < len(s); j++ {
		switch {
		case s[j] == '\n':
			return j
		case s[j] == 0x07:
			return j + 1
		case s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\':
			return j + 2
		case s[j] == 0xc2 && j+1 < len(s) && s[j+1] == 0x9c:
			return j + 2
		}
	}
	return len(s)
}

// c1Len returns how much to drop for the C1 control r at the start of s:
// the whole sequence for the 8-bit introducers, else the character.
func c1Len(s string, r rune) int {
	const size = 2 // every C1 character is two bytes in UTF-8
	switch r {
	case 0x9b: // CSI
		n, _ := csiLen(s, size)
		return n
	case 0x9d, 0x90, 0x9f, 0x9e, 0x98: // OSC, DCS, APC, PM, SOS
		return stringLen(s, size)
	}
	return size
}

// ownSGR are the parameters of the colour codes this program writes: reset,
// bold, italic, underline, strike-through, red, green, yellow, cyan, grey.
var ownSGR = [...]string{"0", "1", "3", "4", "9", "31", "32", "33", "36", "90"}

// isOwnSGR reports whether params (the text between "ESC [" and "m") is one
// of our colour codes. Others, such as concealed text or a background that
// matches the foreground, could hide what is printed.
func isOwnSGR(params string) bool {
	for _, p := range ownSGR {
		if params == p {
			return true
		}
	}
	return false
}

// isBidiControl reports the explicit directional embeddings, overrides and
// isolates, which can make a command read differently from what it is.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}
