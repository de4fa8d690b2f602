package docs

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"text/template"
	"unicode"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/intelligence/toolchain"
)

//go:embed start_here.md.tmpl
var startHereText string

// Markdown renders the guide as START_HERE.md. Every string from the
// repository, GitHub or a model passes mdText or mdCode, so none of it can
// become a link, an image, HTML or a heading.
func Markdown(g *Guide) ([]byte, error) {
	t, err := template.New("start_here").Funcs(markdownFuncs).Parse(startHereText)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, g); err != nil {
		return nil, err
	}
	return tidy(b.Bytes()), nil
}

var markdownFuncs = template.FuncMap{
	"md":      mdText,
	"inline":  mdInline,
	"code":    mdCode,
	"fence":   mdFence,
	"loc":     func(l Location) string { return mdCode(l.String()) },
	"locs":    mdLocs,
	"few":     func(ls []Location) string { return fewLocs(ls, mdCode) },
	"vary":    func(c Command) string { return variantsText(c, mdCode) },
	"kindOf":  kindTitle,
	"origin":  stepOrigin,
	"role":    func(r string) string { return r },
	"pct":     func(f float64) string { return fmt.Sprintf("%.1f%%", f) },
	"plural":  plural,
	"join":    strings.Join,
	"conv":    conventionText,
	"add":     func(a, b int) int { return a + b },
	"present": func(l *Location) bool { return l != nil },
	"top":     topLanguages,
	"kinds":   func() []string { return shownKinds },
	"deref":   func(l *Location) Location { return *l },
}

// tidy drops the blank lines the template's actions leave in runs, so the
// file has one blank line between blocks and ends with one newline.
func tidy(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	var out []string
	blank := true
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return []byte(strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n")
}

// clean removes what must not reach a file a person reads: control
// characters (escape sequences included), bidirectional overrides and
// invalid UTF-8. Newlines and tabs become spaces unless keepLines.
func clean(s string, keepLines bool) string {
	s = escapeSeq.ReplaceAllString(strings.ToValidUTF8(s, ""), "")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' && keepLines:
			b.WriteRune(r)
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r), isBidi(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeSeq matches whole terminal escape sequences, so that no remnant
// of one ("[2J", "]0;title") is left once the control characters go:
// CSI, OSC, DCS, SOS, PM and APC with their terminators, and two-byte
// escapes; in their 7-bit and 8-bit forms.
var escapeSeq = regexp.MustCompile("(?:\x1b\\[|\u009b)[0-?]*[ -/]*[@-~]" +
	"|(?:\x1b[\\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[^\x07\x1b\u009c]*(?:\x07|\x1b\\\\|\u009c)?" +
	"|\x1b[ -/]*[0-~]")

func isBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

// mdSpecial are the characters that mean something anywhere in CommonMark
// and GFM inline text, and GitHub's math delimiter; each is escaped with a
// backslash.
const mdSpecial = "\\`*_[]<>|~&$"

// orderedStart is an ordered-list marker at the start of a line.
var orderedStart = regexp.MustCompile(`^[0-9]{1,9}[.)]`)

// mdText makes s inert Markdown text on one line.
func mdText(s string) string {
	out := mdInline(s)
	// what opens a block only at the start of a line
	if out != "" && strings.ContainsRune("#+-=", rune(out[0])) {
		out = "\\" + out
	}
	if m := orderedStart.FindString(out); m != "" {
		out = m[:len(m)-1] + "\\" + out[len(m)-1:]
	}
	return out
}

// mdInline escapes text that goes in the middle of a line, where a
// leading "1." or "-" opens no list.
func mdInline(s string) string {
	s = strings.TrimSpace(clean(s, false))
	var b strings.Builder
	for _, r := range s {
		if r < 128 && strings.ContainsRune(mdSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode makes s an inline code span: the delimiter is one backtick more
// than the longest run inside, padded when s starts or ends with one.
func mdCode(s string) string {
	s = strings.TrimSpace(clean(s, false))
	if s == "" {
		return ""
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdFence makes s a fenced code block whose fence no line inside can close.
func mdFence(s string) string {
	s = strings.Trim(clean(s, true), "\n")
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + "sh\n" + s + "\n" + fence
}

func longestRun(s string, c rune) int {
	n, best := 0, 0
	for _, r := range s {
		if r == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// mdLocs lists locations as code spans, at most three and a count.
func mdLocs(ls []Location) string {
	var parts []string
	for i, l := range ls {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(ls)-3))
			break
		}
		parts = append(parts, mdCode(l.String()))
	}
	return strings.Join(parts, ", ")
}

// maxVariants bounds the variants of a command named one by one.
const maxVariants = 8

// variantsText says what CI's matrix puts in place of each part of the
// command that changes: "CI's matrix also runs it with `3.11`, `3.12` in
// place of `3.10`." It is "" for a command with no variants.
func variantsText(c Command, quote func(string) string) string {
	if len(c.Variants) == 0 {
		return ""
	}
	var slots []string
	for _, s := range (repo.Command{Command: c.Command, Variants: c.Variants}).VariantSlots() {
		var parts []string
		for i, o := range s.Others {
			if i == maxVariants {
				parts = append(parts, fmt.Sprintf("and %d more", len(s.Others)-maxVariants))
				break
			}
			if o == "" {
				parts = append(parts, "nothing")
			} else {
				parts = append(parts, quote(o))
			}
		}
		list := strings.Join(parts, ", ")
		if s.Own == "" {
			slots = append(slots, list+" added")
		} else {
			slots = append(slots, list+" in place of "+quote(s.Own))
		}
	}
	return "CI's matrix also runs it with " + strings.Join(slots, "; and ") + "."
}

// fewLocs names the first location and counts the rest: CI names a
// version in many workflows, and one place to look is enough.
func fewLocs(ls []Location, quote func(string) string) string {
	switch len(ls) {
	case 0:
		return ""
	case 1:
		return quote(ls[0].String())
	}
	return fmt.Sprintf("%s and %d more", quote(ls[0].String()), len(ls)-1)
}

var kindTitles = map[string]string{
	repo.KindSetup: "Set up", repo.KindBuild: "Build", repo.KindTest: "Test",
	repo.KindLint: "Lint", repo.KindFormat: "Format",
}

func kindTitle(k string) string { return kindTitles[k] }

// stepOrigin says where a set-up step comes from, before its evidence.
func stepOrigin(source string) string {
	switch source {
	case toolchain.FromCI:
		return "From CI"
	case toolchain.FromContributing:
		return "From the contributing guide"
	}
	return "The usual step for"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func conventionText(style string) string {
	switch style {
	case repo.ConventionConventional:
		return "Conventional Commits (type(scope): summary)"
	case repo.ConventionArea:
		return "area: summary"
	case repo.ConventionCapitalized:
		return "a capitalized imperative summary (Add the thing)"
	case repo.ConventionNone:
		return "no single convention"
	}
	return ""
}

// topLanguages is the language bar's first entries; the rest are counted.
func topLanguages(ls []repo.Language) []repo.Language {
	if len(ls) > 8 {
		return ls[:8]
	}
	return ls
}
