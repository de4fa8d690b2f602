package explain

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	svc "github.com/oss-dev/oss-dev/internal/service/explain"
)

// Limits of the terminal report; --json always has everything.
const (
	maxSourceShown  = 60
	maxImportsShown = 30
	maxOutlineShown = 80
	maxDocShown     = 10
)

// clipLines keeps the first n lines of text, adding more when it cut.
func clipLines(text string, n int, more string) string {
	lines := strings.Split(text, "\n")
	if len(lines) <= n {
		return text
	}
	return strings.Join(lines[:n], "\n") + "\n" + more
}

// printer writes the sectioned report and remembers the first write error.
// On a terminal it uses colour and fits lines to the width; piped, it is
// plain and lines are whole.
type printer struct {
	w     io.Writer
	io    *iostreams.IOStreams
	cs    *iostreams.ColorScheme
	tty   bool
	width int
	err   error
}

func newPrinter(ios *iostreams.IOStreams) *printer {
	return &printer{w: ios.Out, io: ios, cs: ios.ColorScheme(), tty: ios.IsStdoutTTY(), width: ios.TerminalWidth()}
}

func (p *printer) line(s string) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, p.fit(s))
	}
}

// fit shortens a line to the terminal width (counted without colour codes).
func (p *printer) fit(s string) string {
	if !p.tty || p.width <= 0 || visibleLen(s) <= p.width {
		return s
	}
	var b strings.Builder
	n := 0
	inEsc := false
	for _, r := range s {
		switch {
		case r == '\x1b':
			inEsc = true
		case inEsc:
			if r == 'm' {
				inEsc = false
			}
		default:
			if n == p.width-1 {
				b.WriteString("…")
				if p.cs.Enabled() {
					b.WriteString("\x1b[0m")
				}
				return b.String()
			}
			n++
		}
		b.WriteRune(r)
	}
	return b.String()
}

func visibleLen(s string) int {
	n, inEsc := 0, false
	for _, r := range s {
		switch {
		case r == '\x1b':
			inEsc = true
		case inEsc:
			if r == 'm' {
				inEsc = false
			}
		default:
			n++
		}
	}
	return n
}

func (p *printer) section(title, detail string) {
	p.line("")
	s := p.cs.Bold(title)
	if detail != "" {
		s += " " + p.cs.Gray(detail)
	}
	p.line(s)
}

// indented writes text with every line indented.
func (p *printer) indented(prefix, text string) {
	for _, l := range strings.Split(text, "\n") {
		p.line(strings.TrimRight(prefix+l, " "))
	}
}

func (p *printer) report(res *svc.Result) {
	r := res.Report
	p.header(r)
	if r.Kind == svc.KindLink {
		// nothing was read: the note says which link and where it points
		p.notes(r)
		return
	}
	if r.Symbol != nil {
		p.source(r)
	} else {
		p.outline(r)
	}
	p.imports(r)
	p.references(r)
	p.tests(r)
	p.history(r)
	p.notes(r)
}

func (p *printer) header(r *svc.Report) {
	title := r.Path
	if title == "." {
		title = baseOf(filepath.ToSlash(r.Root)) + "/ (the top folder)"
	}
	if r.Symbol != nil {
		title += " · " + r.Symbol.QualifiedName()
	}
	p.line(p.cs.Bold(title))
	var facts []string
	if r.Language != "" {
		facts = append(facts, r.Language)
	}
	if r.Symbol != nil {
		facts = append(facts, r.Symbol.Kind, "lines "+lineRange(r.Symbol.Line, r.Symbol.EndLine))
	} else if r.Kind == svc.KindLink {
		facts = append(facts, "symbolic link out of the repository")
	} else {
		facts = append(facts, r.Kind)
	}
	if r.Package != nil {
		pkg := "package " + r.Package.Name
		if r.Package.ImportPath != "" {
			pkg += " (" + r.Package.ImportPath + ")"
		}
		facts = append(facts, pkg)
	}
	p.line(p.cs.Gray(strings.Join(facts, " · ")))
	switch {
	case r.Symbol != nil:
		p.line(p.cs.Cyan(r.Symbol.Signature))
		if r.Symbol.Doc != "" {
			p.line("")
			p.indented("  ", clipLines(r.Symbol.Doc, maxDocShown, "  … (the whole comment is in Source)"))
		}
	case r.Package != nil && r.Package.Doc != "":
		p.line("")
		p.indented("  ", r.Package.Doc)
	case r.Doc != "":
		p.line("")
		p.indented("  ", clipLines(r.Doc, maxDocShown, "  … (--json has all of it)"))
	}
}

func (p *printer) source(r *svc.Report) {
	if r.Source == "" {
		return
	}
	lines := strings.Split(r.Source, "\n")
	start := max(r.SourceLine, 1)
	p.section("Source", r.Symbol.File+":"+lineRange(r.Symbol.Line, r.Symbol.EndLine))
	width := len(strconv.Itoa(start + len(lines)))
	for i, l := range lines {
		if i == maxSourceShown {
			p.line(p.cs.Gray(fmt.Sprintf("  … %d more lines (--json has them all)", len(lines)-i)))
			break
		}
		num := fmt.Sprintf("%*d", width, start+i)
		p.line(strings.TrimRight("  "+p.cs.Gray(num)+"  "+strings.ReplaceAll(l, "\t", "    "), " "))
	}
}

func (p *printer) outline(r *svc.Report) {
	if len(r.Outline) == 0 {
		return
	}
	detail := cmdutil.Plural(len(r.Outline), "symbol")
	if r.Kind == svc.KindFolder && r.Package != nil && r.Package.Name != "main" {
		detail = strconv.Itoa(len(r.Outline)) + " exported"
	}
	p.section("Outline", detail)
	shown := r.Outline[:min(len(r.Outline), maxOutlineShown)]
	col := 0
	for _, s := range shown {
		col = max(col, len(outlineIndent(s))+visibleLen(signatureOf(s)))
	}
	col = min(col, maxSignatureColumn)
	for _, s := range shown {
		indent := outlineIndent(s)
		sig := indent + signatureOf(s)
		loc := baseOf(s.File) + ":" + lineRange(s.Line, s.EndLine)
		if room := p.width - 6 - len(loc); p.tty && room > 10 && visibleLen(sig) > room {
			// Keep the location in view: shorten the signature instead.
			sig = string([]rune(sig)[:room-1]) + "…"
		}
		pad := strings.Repeat(" ", max(2, col-visibleLen(sig)+2))
		p.line("  " + p.cs.Cyan(sig) + pad + p.cs.Gray(loc))
		if d := firstSentence(s.Doc); d != "" {
			p.line("  " + indent + "    " + d)
		}
	}
	if len(r.Outline) > len(shown) {
		p.line(p.cs.Gray(fmt.Sprintf("  … %d more (--json has them all)", len(r.Outline)-len(shown))))
	}
}

// maxSignatureColumn bounds the signature column of the outline.
const maxSignatureColumn = 56

// outlineIndent nests a member under its class, and a nested class's
// member under both; Go methods stand at the top level, as they are
// declared.
func outlineIndent(s svc.Symbol) string {
	if s.Parent == "" || strings.HasSuffix(s.File, ".go") {
		return ""
	}
	depth := 1 + strings.Count(s.Parent, ".") + strings.Count(s.Parent, "::")
	return strings.Repeat("  ", min(depth, 4))
}

func signatureOf(s svc.Symbol) string {
	switch {
	case s.Signature == "":
		return s.Kind + " " + s.Name
	case !strings.Contains(strings.ToLower(s.Signature), strings.ToLower(s.Name)):
		return s.Kind + " " + s.QualifiedName() + " " + s.Signature
	}
	return s.Signature
}

func (p *printer) imports(r *svc.Report) {
	if len(r.Imports) == 0 {
		return
	}
	p.section("Imports", strconv.Itoa(len(r.Imports)))
	for i, imp := range r.Imports {
		if i == maxImportsShown {
			p.line(p.cs.Gray(fmt.Sprintf("  … %d more", len(r.Imports)-i)))
			break
		}
		s := "  " + imp.Path
		if imp.Alias != "" && imp.Alias != imp.Path {
			s += " as " + imp.Alias
		}
		if len(imp.Names) > 0 {
			s += p.cs.Gray(" (" + strings.Join(imp.Names, ", ") + ")")
		}
		p.line(s)
	}
}

func (p *printer) references(r *svc.Report) {
	refs := r.References
	if refs.Skipped != "" {
		p.section("References", "skipped: "+refs.Skipped)
		return
	}
	if refs.Total == 0 {
		p.section("References", "none found")
		p.line("  " + p.cs.Gray(refs.Query))
		return
	}
	p.section("References", cmdutil.Plural(refs.Total, "line")+" in "+cmdutil.Plural(refs.Files, "file"))
	p.line("  " + p.cs.Gray(refs.Query))
	for _, f := range refs.Shown {
		p.line("  " + p.cs.Bold(f.Path) + p.cs.Gray(" ("+strconv.Itoa(f.Count)+")"))
		for _, l := range f.Lines {
			p.line("    " + p.cs.Gray(fmt.Sprintf("%5d", l.Line)) + "  " + l.Text)
		}
	}
	if refs.MoreLines > 0 {
		more := "  … " + cmdutil.Plural(refs.MoreLines, "more line")
		if refs.MoreFiles > 0 {
			more += " in " + cmdutil.Plural(refs.MoreFiles, "more file")
		}
		p.line(p.cs.Gray(more + " (--refs N shows more)"))
	}
}

func (p *printer) tests(r *svc.Report) {
	if len(r.Tests) == 0 {
		p.section("Tests", "none found")
		return
	}
	p.section("Tests", cmdutil.Plural(len(r.Tests), "file"))
	for _, t := range r.Tests {
		p.line("  " + p.cs.Bold(t.Path) + p.cs.Gray(" ("+reasonText(t.Reason)+")"))
		if len(t.Functions) > 0 {
			fns := strings.Join(t.Functions, ", ")
			if t.MoreFunctions > 0 {
				fns += " and " + strconv.Itoa(t.MoreFunctions) + " more"
			}
			p.line("    " + fns)
		}
	}
}

func reasonText(reason string) string {
	switch reason {
	case svc.ReasonName:
		return "named after it"
	case svc.ReasonPackage:
		return "same package"
	case svc.ReasonReference:
		return "mentions it"
	}
	return reason
}

func (p *printer) history(r *svc.Report) {
	h := r.History
	if h.Skipped != "" {
		p.section("History", "skipped: "+h.Skipped)
		return
	}
	p.section("History", h.Scope)
	for _, c := range h.Changes {
		p.line("  " + p.cs.Yellow(short(c.SHA)) + "  " + c.Date.Format("2006-01-02") + "  " + p.cs.Cyan(c.Author) + "  " + c.Subject)
	}
}

func (p *printer) notes(r *svc.Report) {
	if len(r.Notes) == 0 {
		return
	}
	p.line("")
	for _, n := range r.Notes {
		p.line(p.cs.WarningIcon() + " " + n)
	}
}

func lineRange(a, b int) string {
	if b <= a {
		return strconv.Itoa(a)
	}
	return strconv.Itoa(a) + "-" + strconv.Itoa(b)
}

func baseOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// firstSentence is the doc's first sentence, or its first line.
func firstSentence(doc string) string {
	doc = strings.Join(strings.Fields(doc), " ")
	if i := strings.Index(doc, ". "); i >= 0 {
		return doc[:i+1]
	}
	return doc
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

func joinList(items []string) string { return strings.Join(items, "; ") }
