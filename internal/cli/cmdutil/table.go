package cmdutil

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
)

// Table prints rows: aligned columns fitted to the terminal's width on a
// terminal, tab-separated values when piped, so scripts can cut them.
type Table struct {
	io     *iostreams.IOStreams
	header []string
	rows   [][]string
	// styles per column, applied on a terminal only
	styles []func(string) string
	// wrap marks the columns whose text wraps onto further lines instead
	// of being cut at the column's width
	wrap map[int]bool
}

// NewTable returns a table for the given streams.
func NewTable(ios *iostreams.IOStreams, header ...string) *Table {
	return &Table{io: ios, header: header}
}

// Style sets a style function for column col, used on a terminal.
func (t *Table) Style(col int, f func(string) string) {
	for len(t.styles) <= col {
		t.styles = append(t.styles, nil)
	}
	t.styles[col] = f
}

// Wrap makes column col wrap onto further lines on a terminal, for text
// that is useless cut short (a command to copy).
func (t *Table) Wrap(col int) {
	if t.wrap == nil {
		t.wrap = map[int]bool{}
	}
	t.wrap[col] = true
}

// AddRow appends a row. Its fields are sanitised here, once, since they
// often come from outside (an issue title, a file name), and so that column
// widths are measured on what is shown.
func (t *Table) AddRow(fields ...string) {
	row := make([]string, len(fields))
	for i, f := range fields {
		row[i] = iostreams.Sanitize(f)
	}
	t.rows = append(t.rows, row)
}

// Render writes the table.
func (t *Table) Render() error {
	w := t.io.Out
	if !t.io.IsStdoutTTY() {
		return t.renderPlain(w)
	}
	return t.renderTTY(w)
}

func (t *Table) renderPlain(w io.Writer) error {
	for _, r := range t.rows {
		clean := make([]string, len(r))
		for i, f := range r {
			clean[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(f)
		}
		if _, err := fmt.Fprintln(w, strings.Join(clean, "\t")); err != nil {
			return err
		}
	}
	return nil
}

func (t *Table) renderTTY(w io.Writer) error {
	all := t.rows
	if len(t.header) > 0 {
		all = append([][]string{t.header}, t.rows...)
	}
	widths := t.fitWidths(all)
	for ri, r := range all {
		cells := make([][]string, len(r))
		height := 1
		for i, f := range r {
			f = strings.ReplaceAll(f, "\n", " ")
			if t.wrap[i] && !(ri == 0 && len(t.header) > 0) {
				cells[i] = wrapText(f, widths[i])
			} else {
				cells[i] = []string{truncate(f, widths[i])}
			}
			height = max(height, len(cells[i]))
		}
		for line := 0; line < height; line++ {
			if err := t.renderLine(w, cells, widths, ri == 0 && len(t.header) > 0, line); err != nil {
				return err
			}
		}
	}
	return nil
}

// renderLine writes one physical line of a row whose cells may span
// several.
func (t *Table) renderLine(w io.Writer, cells [][]string, widths []int, header bool, line int) error {
	cs := t.io.ColorScheme()
	var b strings.Builder
	for i, c := range cells {
		f := ""
		if line < len(c) {
			f = c[line]
		}
		pad := widths[i] - utf8.RuneCountInString(f)
		switch {
		case f == "":
		case header:
			f = cs.Bold(f)
		case i < len(t.styles) && t.styles[i] != nil:
			f = t.styles[i](f)
		}
		b.WriteString(f)
		if i < len(cells)-1 {
			b.WriteString(strings.Repeat(" ", max(pad, 0)+2))
		}
	}
	_, err := fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	return err
}

// wrapText breaks s into lines of at most n runes at spaces, splitting a
// word only when it is longer than a line.
func wrapText(s string, n int) []string {
	if n < 1 || utf8.RuneCountInString(s) <= n {
		return []string{s}
	}
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		for utf8.RuneCountInString(word) > n {
			if cur != "" {
				lines, cur = append(lines, cur), ""
			}
			r := []rune(word)
			lines, word = append(lines, string(r[:n])), string(r[n:])
		}
		switch {
		case cur == "":
			cur = word
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(word) <= n:
			cur += " " + word
		default:
			lines, cur = append(lines, cur), word
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// fitWidths gives each column its natural width, then shrinks the widest
// columns until the row fits the terminal.
func (t *Table) fitWidths(rows [][]string) []int {
	var widths []int
	for _, r := range rows {
		for i, f := range r {
			for len(widths) <= i {
				widths = append(widths, 0)
			}
			if n := utf8.RuneCountInString(f); n > widths[i] {
				widths[i] = n
			}
		}
	}
	avail := t.io.TerminalWidth() - 2*(len(widths)-1)
	for total(widths) > avail {
		// cut the other columns down to a readable width first: a wrapped
		// column loses no text when it narrows, but it grows taller
		i := t.widestCut(widths, 24)
		if i < 0 {
			i = widest(widths)
		}
		if widths[i] <= 8 {
			break
		}
		widths[i]--
	}
	return widths
}

// widestCut is the widest column that is not wrapped and wider than min,
// or -1.
func (t *Table) widestCut(ws []int, min int) int {
	best := -1
	for i, w := range ws {
		if !t.wrap[i] && w > min && (best < 0 || w > ws[best]) {
			best = i
		}
	}
	return best
}

func total(ws []int) int {
	n := 0
	for _, w := range ws {
		n += w
	}
	return n
}

func widest(ws []int) int {
	best := 0
	for i, w := range ws {
		if w > ws[best] {
			best = i
		}
	}
	return best
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return string([]rune(s)[:n])
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Plural is "1 WORD" or "N WORDs".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
