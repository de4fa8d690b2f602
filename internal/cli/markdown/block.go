package markdown

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
)

// renderer turns a parsed document into lines of terminal text.
type renderer struct {
	src       []byte
	cs        *iostreams.ColorScheme
	color     bool
	hardWraps bool
}

// bullets mark unordered list items, by depth.
var bullets = [...]string{"•", "◦", "▪"}

// blocks renders the block children of parent, one blank line between
// them unless tight (a tight list's items hold their text that way).
// Blocks with nothing to show, such as HTML comments, leave no gap.
func (r *renderer) blocks(parent ast.Node, width int, tight bool) []string {
	var out []string
	var prev ast.Node
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		lines := r.block(c, width)
		if len(lines) == 0 {
			continue
		}
		if prev != nil && (!tight || !textOrList(prev) || !textOrList(c)) {
			out = append(out, "")
		}
		out = append(out, lines...)
		prev = c
	}
	return out
}

// textOrList reports whether n is text or a list, the blocks a tight list
// item holds without blank lines between them; code, quotes and tables
// keep a blank line around them even there.
func textOrList(n ast.Node) bool {
	switch n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.List:
		return true
	}
	return false
}

func (r *renderer) block(n ast.Node, width int) []string {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return r.paint(wrap(r.inlines(n), width))
	case *ast.Heading:
		return r.heading(n, width)
	case *ast.ThematicBreak:
		return []string{r.style(strings.Repeat("─", min(width, 80)), stDim)}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return r.code(n)
	case *ast.Blockquote:
		return r.quote(n, width)
	case *ast.List:
		return r.list(n, width)
	case *ast.HTMLBlock:
		return r.htmlBlock(n, width)
	case *tableNode:
		return r.table(n, width)
	case *ast.LinkReferenceDefinition:
		// its URL is shown where the links use it
		return nil
	}
	if n.HasChildren() {
		return r.blocks(n, width, false)
	}
	// a block kind this renderer does not know: show its text as it is
	var out []string
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		out = append(out, strings.TrimRight(string(seg.Value(r.src)), "\n"))
	}
	return out
}

// paint turns wrapped lines into strings, with colour when it is on.
func (r *renderer) paint(lines [][]span) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		var b strings.Builder
		for j := 0; j < len(l); {
			// one escape sequence for each run of equally styled pieces
			k, text := j+1, l[j].text
			for ; k < len(l) && l[k].style == l[j].style; k++ {
				text += l[k].text
			}
			b.WriteString(r.style(text, l[j].style))
			j = k
		}
		out[i] = b.String()
	}
	return out
}

// style applies st to s through the colour scheme; without colour s is
// returned as it is (plain-text markers were added when the spans were
// built, so that wrapping counts them).
func (r *renderer) style(s string, st style) string {
	if !r.color || s == "" || st == 0 {
		return s
	}
	cs := r.cs
	switch {
	case st&stChecked != 0:
		s = cs.Green(s)
	case st&stURL != 0, st&stDim != 0:
		s = cs.Gray(s)
	case st&stCode != 0:
		s = cs.Yellow(s)
	case st&stLink != 0:
		s = cs.Cyan(sgr("4", s))
	}
	if st&stBold != 0 {
		s = cs.Bold(s)
	}
	if st&stItalic != 0 {
		s = sgr("3", s)
	}
	if st&stStrike != 0 {
		s = sgr("9", s)
	}
	return s
}

// sgr wraps s in an ANSI style the colour scheme has no method for
// (italic, underline, strike-through); callers check colour is on.
func sgr(code, s string) string { return "\x1b[" + code + "m" + s + "\x1b[0m" }

func (r *renderer) heading(n *ast.Heading, width int) []string {
	marker := strings.Repeat("#", max(1, min(n.Level, 6))) + " "
	var spans []span
	for _, s := range r.inlines(n) {
		s.style |= stBold
		spans = append(spans, s)
	}
	lines := wrap(spans, width-len(marker))
	if len(lines) == 0 {
		lines = [][]span{nil}
	}
	lines[0] = append([]span{{text: marker, style: stBold}}, lines[0]...)
	out := r.paint(lines)
	for i := 1; i < len(out); i++ {
		if out[i] != "" {
			out[i] = strings.Repeat(" ", len(marker)) + out[i]
		}
	}
	out[0] = strings.TrimRight(out[0], " ")
	return out
}

// code shows a code block's lines verbatim, indented, never wrapped.
func (r *renderer) code(n ast.Node) []string {
	var out []string
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		line := strings.TrimRight(string(seg.Value(r.src)), "\n")
		// goldmark keeps the columns of a tab it split as padding
		line = strings.Repeat(" ", seg.Padding) + line
		if line == "" {
			out = append(out, "")
			continue
		}
		out = append(out, "    "+line)
	}
	return out
}

func (r *renderer) quote(n *ast.Blockquote, width int) []string {
	inner := r.blocks(n, width-2, false)
	if len(inner) > 0 {
		inner[0] = r.alertTitle(inner[0])
	}
	bar := r.style("│", stDim)
	for i, l := range inner {
		if l == "" {
			inner[i] = bar
		} else {
			inner[i] = bar + " " + l
		}
	}
	return inner
}

// alertTitle turns the marker of a GitHub alert ("> [!NOTE]") that opens
// a block quote into its title.
func (r *renderer) alertTitle(line string) string {
	for _, kind := range [...]string{"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"} {
		if rest, ok := strings.CutPrefix(line, "[!"+kind+"]"); ok {
			title := kind[:1] + strings.ToLower(kind[1:])
			return r.style(title, stBold) + rest
		}
	}
	return line
}

func (r *renderer) list(l *ast.List, width int) []string {
	depth := 0
	for p := l.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.List); ok {
			depth++
		}
	}
	digits := len(fmt.Sprint(l.Start + l.ChildCount() - 1))
	var out []string
	i := 0
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker, mw := r.itemMarker(l, item, i, depth, digits)
		body := r.blocks(item, width-mw, l.IsTight)
		if len(body) == 0 {
			body = []string{""}
		}
		if i > 0 && !l.IsTight {
			out = append(out, "")
		}
		for j, line := range body {
			switch {
			case j == 0:
				out = append(out, strings.TrimRight(marker+line, " "))
			case line == "":
				out = append(out, "")
			default:
				out = append(out, strings.Repeat(" ", mw)+line)
			}
		}
		i++
	}
	return out
}

// itemMarker is what opens the i-th item of l, and its width in cells:
// a bullet or a number, and a task box for task items (which, in a bullet
// list, takes the bullet's place, as on GitHub).
func (r *renderer) itemMarker(l *ast.List, item ast.Node, i, depth, digits int) (string, int) {
	var marker string
	if l.IsOrdered() {
		marker = fmt.Sprintf("%*d%c ", digits, l.Start+i, l.Marker)
	}
	if task := taskOf(item); task != nil {
		box := r.style("[ ]", 0)
		if task.checked {
			box = r.style("[x]", stChecked)
		}
		return marker + box + " ", len(marker) + 4
	}
	if marker == "" {
		marker = bullets[depth%len(bullets)] + " "
	}
	return r.style(strings.TrimRight(marker, " "), stDim) + " ", textWidth(marker)
}

// taskOf returns the task box that opens a list item, if it has one.
func taskOf(item ast.Node) *taskNode {
	if p := item.FirstChild(); p != nil {
		if t, ok := p.FirstChild().(*taskNode); ok {
			return t
		}
	}
	return nil
}

// htmlBlock shows an HTML block's text with its tags removed; comments
// and blocks of tags alone show nothing.
func (r *renderer) htmlBlock(n *ast.HTMLBlock, width int) []string {
	var b strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(r.src))
	}
	if n.HasClosure() {
		closure := n.ClosureLine
		b.Write(closure.Value(r.src))
	}
	in := r.newInliner()
	in.html(b.String(), true)
	return trimBlank(r.paint(wrap(in.finish(), width)))
}

// trimBlank drops empty lines at both ends and keeps at most one empty
// line in a row elsewhere.
func trimBlank(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
