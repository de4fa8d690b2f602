package markdown

import (
	"sort"
	"strings"
)

// columnGap separates table columns.
const columnGap = " │ "

// table lays a table out in aligned columns that fit the width: when the
// natural widths are too wide, the widest columns are narrowed and their
// cells wrapped. The header is bold and underlined by a rule.
func (r *renderer) table(t *tableNode, width int) []string {
	var rows [][][]span // row, cell, spans
	cols := len(t.aligns)
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells [][]span
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			in := r.newInliner()
			in.inTable = true
			in.children(cell, 0)
			cells = append(cells, in.finish())
		}
		// GitHub drops cells beyond the header's; we keep their text
		cols = max(cols, len(cells))
		rows = append(rows, cells)
	}
	natural := make([]int, cols)
	for _, cells := range rows {
		for i, c := range cells {
			for _, l := range wrap(c, noWrap) {
				natural[i] = max(natural[i], piecesWidth(l))
			}
		}
	}
	widths := fitColumns(natural, width-len([]rune(columnGap))*(cols-1))
	var out []string
	for i, cells := range rows {
		out = append(out, r.tableRow(cells, widths, t.aligns, i == 0)...)
		if i == 0 {
			out = append(out, r.tableRule(widths))
		}
	}
	return out
}

// tableRow renders one row, as many lines high as its tallest cell.
func (r *renderer) tableRow(cells [][]span, widths []int, aligns []align, header bool) []string {
	wrapped := make([][][]span, len(widths))
	height := 1
	for i := range widths {
		var c []span
		if i < len(cells) {
			c = cells[i]
		}
		if header {
			c = withStyle(c, stBold)
		}
		wrapped[i] = wrap(c, widths[i])
		height = max(height, len(wrapped[i]))
	}
	var out []string
	for line := 0; line < height; line++ {
		var b strings.Builder
		for i, w := range widths {
			if i > 0 {
				b.WriteString(r.style(columnGap, stDim))
			}
			var text string
			if line < len(wrapped[i]) {
				text = r.paint(wrapped[i][line : line+1])[0]
			}
			a := alignNone
			if i < len(aligns) {
				a = aligns[i]
			}
			b.WriteString(pad(text, w, a))
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

func (r *renderer) tableRule(widths []int) string {
	parts := make([]string, len(widths))
	for i, w := range widths {
		parts[i] = strings.Repeat("─", w)
	}
	return r.style(strings.Join(parts, "─┼─"), stDim)
}

func withStyle(spans []span, st style) []span {
	out := make([]span, len(spans))
	for i, s := range spans {
		s.style |= st
		out[i] = s
	}
	return out
}

// pad fills text out to w cells, placing it as the column is aligned.
func pad(text string, w int, a align) string {
	gap := max(0, w-textWidth(text))
	switch a {
	case alignRight:
		return strings.Repeat(" ", gap) + text
	case alignCenter:
		return strings.Repeat(" ", gap/2) + text + strings.Repeat(" ", gap-gap/2)
	}
	return text + strings.Repeat(" ", gap)
}

// fitColumns narrows the widest columns until all fit in avail cells (each
// keeps at least one), leaving narrow columns as they are.
func fitColumns(natural []int, avail int) []int {
	widths := make([]int, len(natural))
	total := 0
	for i, n := range natural {
		widths[i] = max(1, n)
		total += widths[i]
	}
	if total <= avail {
		return widths
	}
	// find the largest cap c such that the columns, each cut to c, fit
	widest := 0
	for _, w := range widths {
		widest = max(widest, w)
	}
	c := sort.Search(widest+1, func(c int) bool {
		sum := 0
		for _, w := range widths {
			sum += min(w, c)
		}
		return sum > avail
	}) - 1
	c = max(c, 1)
	left := avail
	for i, w := range widths {
		widths[i] = min(w, c)
		left -= widths[i]
	}
	// hand the cells left over to the columns that were cut
	for i := range widths {
		if left <= 0 {
			break
		}
		if natural[i] > widths[i] {
			widths[i]++
			left--
		}
	}
	return widths
}
