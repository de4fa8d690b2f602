package repo

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// syntaxLanguages hold one language of each comment syntax countLines
// knows, and one it does not.
var syntaxLanguages = []string{
	"Go", "CSS", "PHP", "Python", "Ruby", "Perl", "Shell", "CMake", "Nix", "PowerShell",
	"Julia", "SQL", "Lua", "Haskell", "Ada", "TeX", "MATLAB", "Common Lisp", "HTML",
	"Fortran", "VBA", "Batchfile", "Vim Script", "OCaml", "F#", "Pascal", "Twig", "Unknown",
}

// referenceCountLines is the line classifier written as plainly as
// possible: every line trimmed, every position of a code line tried for
// each marker. countLines must agree with it on every input.
func referenceCountLines(src string, syn commentSyntax, known bool) LineCounts {
	lines := strings.Split(src, "\n")
	if src == "" || strings.HasSuffix(src, "\n") {
		lines = lines[:len(lines)-1]
	}
	var c LineCounts
	inBlock := -1
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			if inBlock >= 0 {
				c.Comment++
			} else {
				c.Blank++
			}
			continue
		}
		if !known {
			c.Code++
			continue
		}
		var code, comment bool
		code, comment, inBlock = referenceScanLine(line, syn, inBlock)
		switch {
		case code:
			c.Code++
		case comment:
			c.Comment++
		default:
			c.Blank++
		}
	}
	return c
}

func referenceScanLine(line string, syn commentSyntax, inBlock int) (code, comment bool, state int) {
	atStart := true
	for line != "" {
		if inBlock >= 0 {
			comment = true
			_, after, found := strings.Cut(line, syn.block[inBlock][1])
			if !found {
				return code, comment, inBlock
			}
			line, inBlock, atStart = strings.TrimLeft(after, " \t"), -1, false
			continue
		}
		if b := referenceBlockAt(line, syn); b >= 0 && (atStart || !syn.blockAtLineStart) {
			line, inBlock, comment = line[len(syn.block[b][0]):], b, true
			continue
		}
		if referenceLineAt(line, syn) {
			return code, true, -1
		}
		code = true
		opened := false
		for i := 1; i < len(line) && !opened; i++ {
			if referenceLineAt(line[i:], syn) {
				return code, true, -1
			}
			if b := referenceBlockAt(line[i:], syn); b >= 0 && !syn.blockAtLineStart {
				line, inBlock, comment, atStart, opened = line[i+len(syn.block[b][0]):], b, true, false, true
			}
		}
		if !opened {
			return code, comment, -1
		}
	}
	return code, comment, inBlock
}

func referenceLineAt(s string, syn commentSyntax) bool {
	for _, m := range syn.line {
		if strings.HasPrefix(s, m) {
			return true
		}
	}
	return false
}

func referenceBlockAt(s string, syn commentSyntax) int {
	for i, b := range syn.block {
		if strings.HasPrefix(s, b[0]) {
			return i
		}
	}
	return -1
}

// lineTokens are the pieces random inputs are made of for one syntax: its
// own markers, the other syntaxes' marker bytes, quotes, white space
// (Unicode's too), CRLF and plain text.
func lineTokens(syn commentSyntax) []string {
	toks := []string{"x", "ab", " ", "\t", "\n", "\r\n", "\r", "\"", "'", "\u00a0", "\u0085", "\u3000", "\xff",
		"/", "*", "#", "-", "=", "{", "}", "(", ")", "[", "]", "<", ">", "!", "%", ";", ":", "@", "R", "E", "M"}
	toks = append(toks, syn.line...)
	for _, b := range syn.block {
		toks = append(toks, b[0], b[1], b[0]+b[0], b[1]+b[0], "\""+b[0]+"\"")
	}
	return toks
}

// tokenText maps each byte of picks to one token.
func tokenText(picks []byte, toks []string) string {
	var sb strings.Builder
	for _, p := range picks {
		sb.WriteString(toks[int(p)%len(toks)])
	}
	return sb.String()
}

func checkCountLines(t *testing.T, lang, src string) {
	t.Helper()
	syn, known := commentSyntaxFor(lang)
	got := countLines([]byte(src), syn, known)
	if want := referenceCountLines(src, syn, known); got != want {
		t.Fatalf("%s %q: %+v, reference %+v", lang, src, got, want)
	}
}

func TestCountLinesMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, lang := range syntaxLanguages {
		syn, _ := commentSyntaxFor(lang)
		toks := lineTokens(syn)
		for range 3000 {
			picks := make([]byte, r.IntN(60))
			for i := range picks {
				picks[i] = byte(r.IntN(256))
			}
			checkCountLines(t, lang, tokenText(picks, toks))
		}
	}
}

func TestCountLinesEdges(t *testing.T) {
	tests := []struct {
		lang, src string
		want      LineCounts
	}{
		{"Go", "a := 1\r\n\r\n// c\r\n", LineCounts{Code: 1, Comment: 1, Blank: 1}},
		{"Go", "s := \"/* not closed\"\nx := 1\n", LineCounts{Code: 1, Comment: 1}},
		{"Go", "/* a /* b */ c\n", LineCounts{Code: 1}},
		{"Go", "/* never closed\n\nx\n", LineCounts{Comment: 3}},
		{"Go", "\u00a0// after a no-break space\n", LineCounts{Comment: 1}},
		{"Python", "\u00a0\"\"\"doc\n\"\"\"\n", LineCounts{Comment: 2}},
		{"Python", "x = 1\n  \"\"\"doc\"\"\"\ny = \"\"\"z\n", LineCounts{Code: 2, Comment: 1}},
		{"Ruby", "a == b\n=begin\nx\n=end\n", LineCounts{Code: 1, Comment: 3}},
		{"Unknown", "\u3000\n\t\n x\n", LineCounts{Code: 1, Blank: 2}},
	}
	for _, tt := range tests {
		syn, known := commentSyntaxFor(tt.lang)
		if got := countLines([]byte(tt.src), syn, known); got != tt.want {
			t.Errorf("%s %q: %+v, want %+v", tt.lang, tt.src, got, tt.want)
		}
		checkCountLines(t, tt.lang, tt.src)
	}
}
