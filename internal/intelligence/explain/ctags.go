package explain

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

// ctagsTimeout bounds one ctags run; a folder of ordinary files takes well
// under a second.
const ctagsTimeout = 60 * time.Second

// ctagsTag is one line of ctags' JSON output.
type ctagsTag struct {
	Type      string `json:"_type"`
	Name      string `json:"name"`
	Path      string `json:"path"`
	Pattern   string `json:"pattern"`
	Line      int    `json:"line"`
	End       int    `json:"end"`
	Kind      string `json:"kind"`
	Signature string `json:"signature"`
	Scope     string `json:"scope"`
	ScopeKind string `json:"scopeKind"`
}

// ctagsOutline runs Universal Ctags over files (relative to root) and
// turns its tags into symbols with doc comments and line ranges. The note
// is non-empty when ctags is missing or failed; the outline is then empty.
func ctagsOutline(ctx context.Context, bin string, dir *safefile.Root, files []string) ([]Symbol, string) {
	files = insideFiles(dir, files)
	if len(files) == 0 {
		return nil, ""
	}
	exe, err := exec.LookPath(bin)
	if err != nil {
		return nil, CtagsMissingNote
	}
	ctx, cancel := context.WithTimeout(ctx, ctagsTimeout)
	defer cancel()
	// --options=NONE first: ctags would otherwise read option files from
	// the repository's .ctags.d, which can name files to read (-L) or
	// write (-o).
	args := []string{"--options=NONE", "--output-format=json", "--fields=+neKSZ", "--sort=no", "-f", "-"}
	for _, f := range files {
		args = append(args, "./"+f) // never read as an option
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = dir.Dir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && strings.Contains(stderr.String(), "output-format") {
			return nil, "ctags at " + exe + " is not Universal Ctags with JSON output; " + CtagsMissingNote
		}
		return nil, "ctags failed (" + firstLine(strings.TrimSpace(stderr.String()+" "+err.Error())) + "); the outline of non-Go files is missing"
	}
	tags := onlyOf(parseCtags(out), files)
	trimPackageScopes(tags, packagesOf(tags))
	kept := tags[:0]
	for _, t := range tags {
		if keepTag(t) {
			kept = append(kept, t)
		}
	}
	syms := tagsToSymbols(dir, kept)
	adoptIntoBlocks(syms)
	return distinctSymbols(syms), ""
}

// onlyOf keeps the tags of the files ctags was given: whatever else it
// may have been made to read is not the repository's.
func onlyOf(tags []ctagsTag, files []string) []ctagsTag {
	given := make(map[string]bool, len(files))
	for _, f := range files {
		given[f] = true
	}
	out := tags[:0]
	for _, t := range tags {
		if given[t.Path] {
			out = append(out, t)
		}
	}
	return out
}

// insideFiles keeps the files ctags may open: regular files of the
// repository reached without a link that leaves it. ctags opens what it
// is given as the operating system resolves it, so this is checked first.
func insideFiles(dir *safefile.Root, files []string) []string {
	var out []string
	for _, f := range files {
		info, err := dir.Stat(f)
		if err != nil || !info.Mode().IsRegular() || info.Size() > maxFileBytes {
			continue
		}
		out = append(out, f)
	}
	return out
}

// parseCtags reads ctags' JSON lines, keeping definitions (tags) only.
// Lines it cannot read are skipped: one odd tag must not lose the rest.
func parseCtags(out []byte) []ctagsTag {
	var tags []ctagsTag
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		var t ctagsTag
		if json.Unmarshal(sc.Bytes(), &t) != nil || t.Type != "tag" || t.Name == "" || t.Line <= 0 {
			continue
		}
		t.Path = strings.TrimPrefix(filepath.ToSlash(t.Path), "./")
		tags = append(tags, t)
	}
	return tags
}

func tagsToSymbols(dir *safefile.Root, tags []ctagsTag) []Symbol {
	lines := map[string][]string{}
	var out []Symbol
	for _, t := range tags {
		ls, ok := lines[t.Path]
		if !ok {
			src, _ := dir.ReadFile(t.Path, maxFileBytes)
			ls = strings.Split(string(src), "\n")
			lines[t.Path] = ls
		}
		lang := languageOf(t.Path)
		s := Symbol{
			Name:      t.Name,
			Kind:      t.Kind,
			Parent:    t.Scope,
			Signature: tagSignature(t, ls),
			File:      t.Path,
			Line:      t.Line,
			EndLine:   t.End,
			Exported:  !strings.HasPrefix(t.Name, "_") && !strings.HasPrefix(t.Name, "#"),
		}
		if s.Parent == "" && (lang == "JavaScript" || lang == "TypeScript") && t.Line-1 < len(ls) {
			s.Parent = assignedOwner(ls[t.Line-1], t.Name)
		}
		if s.EndLine < s.Line {
			s.EndLine = blockEnd(lang, ls, s.Line)
		}
		s.Doc, s.docLine = commentAbove(lang, ls, s.Line)
		if s.docLine > 0 && s.docLine <= 2 && isLicence(s.Doc) {
			// the file's licence header, right above its first declaration
			s.Doc, s.docLine = "", 0
		}
		if lang == "Python" {
			if d := pythonDocstring(ls, s.Line); d != "" {
				s.Doc = d
			}
		}
		out = append(out, s)
	}
	return out
}

// tagSignature is the declaration's line as written, without the opening
// brace or colon; ctags' pattern field holds it.
func tagSignature(t ctagsTag, lines []string) string {
	text := ""
	if t.Line-1 < len(lines) {
		// A signature that spans lines is joined up to its closing parenthesis.
		text = lines[t.Line-1]
		lang := languageOf(t.Path)
		depth := strings.Count(stripCode(lang, text), "(") - strings.Count(stripCode(lang, text), ")")
		if before, _, _ := strings.Cut(text, "("); strings.Contains(before, "=") {
			depth = 0 // a value, not a signature: its first line says enough
		}
		for i := t.Line; depth > 0 && i < len(lines) && i < t.Line+30; i++ {
			text += " " + strings.TrimSpace(lines[i])
			depth += strings.Count(stripCode(lang, lines[i]), "(") - strings.Count(stripCode(lang, lines[i]), ")")
		}
	} else {
		text = strings.TrimSuffix(strings.TrimPrefix(t.Pattern, "/^"), "$/")
	}
	text = strings.TrimSpace(text)
	for _, end := range []string{"{", ":", ";"} {
		text = strings.TrimSpace(strings.TrimSuffix(text, end))
	}
	text = strings.NewReplacer("( ", "(", " )", ")", ", )", ")", "[ ", "[", " ]", "]").Replace(collapse(text))
	return clipText(text)
}

// blockEnd finds where a definition starting at line ends when ctags does
// not say: the matching brace for brace languages, the end of the indented
// block for Python, else the line itself.
func blockEnd(lang string, lines []string, line int) int {
	switch lang {
	case "Python":
		return indentEnd(lines, line)
	case "Ruby", "Lua", "Elixir":
		return keywordEnd(lines, line)
	}
	depth, opened := 0, false
	for i := line - 1; i < len(lines) && i < line-1+5000; i++ {
		for _, c := range stripCode(lang, lines[i]) {
			switch c {
			case '{':
				depth++
				opened = true
			case '}':
				depth--
			}
		}
		if opened && depth <= 0 {
			return i + 1
		}
		// Only a signature that goes on may open its body on a later line;
		// anything else without a brace is a one-line declaration.
		if !opened && !signatureGoesOn(stripCode(lang, lines[i]), lines[i+1:]) {
			break
		}
	}
	return line
}

// signatureGoesOn reports whether a declaration line without a brace is
// continued on the next lines: an open parenthesis or generic list, a
// trailing comma or arrow, or a next line that starts a where clause, a
// return type, a supertype list or the body's brace.
func signatureGoesOn(code string, rest []string) bool {
	t := strings.TrimSpace(code)
	if strings.Contains(t, ";") {
		return false
	}
	for _, end := range []string{"(", ",", "<", "->", "=>", "where", "+", ":"} {
		if strings.HasSuffix(t, end) {
			return true
		}
	}
	for _, l := range rest {
		next := strings.TrimSpace(l)
		if next == "" {
			continue
		}
		for _, start := range []string{"where", "{", "->", ":", "extends", "implements", "throws", ")", ">", "+", "&&", "||"} {
			if strings.HasPrefix(next, start) {
				return true
			}
		}
		return false
	}
	return false
}

// stripStrings blanks out string literals and a trailing line comment, so
// braces inside them are not counted.
func stripStrings(s string) string { return stripCode("", s) }

// charQuote lists the languages where ' opens a one-character literal
// only: elsewhere in them it is a Rust lifetime ('a, '_) or label, and
// must not hide the rest of the line.
var charQuote = map[string]bool{"C": true, "C++": true, "Java": true, "Kotlin": true, "Scala": true, "Rust": true, "C#": true}

// stripCode is stripStrings for a line of lang.
func stripCode(lang, s string) string {
	var b strings.Builder
	var quote rune
	escaped := false
	prev := rune(0)
	rs := []rune(s)
	for i, c := range rs {
		switch {
		case quote != 0:
			if escaped {
				escaped = false
			} else if c == '\\' {
				escaped = true
			} else if c == quote {
				quote = 0
			}
		case c == '\'' && charQuote[lang] && !charLiteral(rs[i:]):
			b.WriteRune(c)
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '/' && prev == '/':
			return b.String()
		default:
			b.WriteRune(c)
		}
		prev = c
	}
	return b.String()
}

// charLiteral reports whether rs starts with a character literal: 'x' or
// an escape such as '\n'.
func charLiteral(rs []rune) bool {
	if len(rs) >= 3 && rs[1] != '\\' && rs[2] == '\'' {
		return true
	}
	return len(rs) >= 3 && rs[1] == '\\'
}

// keywordEnd is the line of the `end` that closes the block opened at
// line in languages that close blocks with a keyword: the first `end` at
// the opening line's indentation. A definition with no such `end` before
// the code returns to that indentation is one line (Elixir's `def f, do:`).
func keywordEnd(lines []string, line int) int {
	if line-1 >= len(lines) {
		return line
	}
	base := indentOf(lines[line-1])
	for i := line; i < len(lines) && i < line-1+5000; i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" {
			continue
		}
		if in := indentOf(lines[i]); in < base || in == base && !isEndKeyword(t) {
			break
		} else if in == base {
			return i + 1
		}
	}
	return line
}

// isEndKeyword reports a line that starts with the keyword end.
func isEndKeyword(t string) bool {
	rest, ok := strings.CutPrefix(t, "end")
	return ok && (rest == "" || !isIdentChar(rest[0]))
}

func isIdentChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// indentEnd is the last line of the block opened at line: the last
// non-blank line indented deeper than it.
func indentEnd(lines []string, line int) int {
	if line-1 >= len(lines) {
		return line
	}
	base := indentOf(lines[line-1])
	end := line
	for i := line; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "" {
			continue
		}
		if indentOf(lines[i]) <= base {
			break
		}
		end = i + 1
	}
	return end
}

func indentOf(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t"))
}

// commentAbove collects the comment lines right above line (1-based),
// skipping decorators, annotations and attributes in between, and returns
// the text and the line where the comment starts (0 when there is none).
func commentAbove(lang string, lines []string, line int) (string, int) {
	i := line - 2
	for i >= 0 && isDecoration(strings.TrimSpace(lines[i])) {
		i--
	}
	end := i
	for i >= 0 && isCommentLine(lang, strings.TrimSpace(lines[i])) {
		i--
	}
	if i == end {
		return "", 0
	}
	var text []string
	for _, l := range lines[i+1 : end+1] {
		text = append(text, stripCommentMarker(strings.TrimSpace(l)))
	}
	return trimBlank(text), i + 2
}

func isDecoration(s string) bool {
	return strings.HasPrefix(s, "@") || strings.HasPrefix(s, "#[")
}

func isCommentLine(lang, s string) bool {
	switch {
	case s == "":
		return false
	case strings.HasPrefix(s, "//"), strings.HasPrefix(s, "/*"), strings.HasPrefix(s, "*"):
		return true
	case strings.HasPrefix(s, "#"):
		// In C and C++ a # line is the preprocessor; #! starts a script.
		return lang != "C" && lang != "C++" && !strings.HasPrefix(s, "#!")
	case strings.HasPrefix(s, "--"):
		return lang == "Lua" || lang == "Haskell"
	}
	return false
}

func stripCommentMarker(s string) string {
	for _, m := range []string{"/**", "/*!", "/*", "*/", "///", "//!", "//", "##", "#:", "#", "--", "*"} {
		if rest, ok := strings.CutPrefix(s, m); ok {
			s = rest
			break
		}
	}
	s = strings.TrimSuffix(strings.TrimSpace(s), "*/")
	return strings.TrimSpace(s)
}

// trimBlank joins lines, dropping blank ones at either end.
func trimBlank(lines []string) string {
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// pythonDocstring returns the docstring that opens the body of the def or
// class at line, or "".
func pythonDocstring(lines []string, line int) string {
	// The signature may span lines; the body starts after the line that
	// closes its parentheses and ends in ':'. A one-line def has no docstring.
	i, depth := line-1, 0
	for ; i < len(lines) && i < line+30; i++ {
		code := stripStrings(stripHashComment(lines[i]))
		depth += strings.Count(code, "(") - strings.Count(code, ")")
		if depth <= 0 {
			if !strings.HasSuffix(strings.TrimSpace(code), ":") {
				return ""
			}
			break
		}
	}
	i++
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i >= len(lines) {
		return ""
	}
	first := strings.TrimSpace(lines[i])
	first = strings.TrimLeft(first, "rRuUbB")
	var quote string
	switch {
	case strings.HasPrefix(first, `"""`):
		quote = `"""`
	case strings.HasPrefix(first, `'''`):
		quote = `'''`
	default:
		return ""
	}
	body := first[3:]
	if j := strings.Index(body, quote); j >= 0 {
		return strings.TrimSpace(body[:j])
	}
	text := []string{strings.TrimSpace(body)}
	for k := i + 1; k < len(lines) && k < i+200; k++ {
		l := strings.TrimSpace(lines[k])
		if j := strings.Index(l, quote); j >= 0 {
			text = append(text, strings.TrimSpace(l[:j]))
			return trimBlank(text)
		}
		text = append(text, l)
	}
	return trimBlank(text)
}

func stripHashComment(s string) string {
	if i := strings.Index(s, "#"); i >= 0 && !strings.ContainsAny(s[:i], `"'`) {
		return s[:i]
	}
	return s
}
