package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// The node kinds of GitHub's extensions. NewNodeKind only appends a name to
// goldmark's list, so these cost nothing worth counting at start-up.
var (
	kindTable     = ast.NewNodeKind("Table")
	kindTableRow  = ast.NewNodeKind("TableRow")
	kindTableCell = ast.NewNodeKind("TableCell")
	kindStrike    = ast.NewNodeKind("Strikethrough")
	kindTask      = ast.NewNodeKind("TaskCheckBox")
)

// align is a table column's alignment, from its delimiter row.
type align uint8

const (
	alignNone align = iota
	alignLeft
	alignCenter
	alignRight
)

// tableNode is a GitHub table; its children are rows, the first the header.
type tableNode struct {
	ast.BaseBlock
	aligns []align
}

func (n *tableNode) Kind() ast.NodeKind               { return kindTable }
func (n *tableNode) Dump(source []byte, level int)    { ast.DumpHelper(n, source, level, nil, nil) }
func (n *tableRowNode) Kind() ast.NodeKind            { return kindTableRow }
func (n *tableRowNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }
func (n *tableCellNode) Kind() ast.NodeKind           { return kindTableCell }
func (n *tableCellNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, nil, nil)
}

// tableRowNode is one row; its children are cells.
type tableRowNode struct{ ast.BaseBlock }

// tableCellNode holds one cell's text, parsed as inline Markdown.
type tableCellNode struct{ ast.BaseBlock }

// tableTransformer turns a paragraph whose lines form a header row, a
// delimiter row and body rows into a table. Lines before the header stay a
// paragraph, as in GitHub's renderer.
type tableTransformer struct{}

func (tableTransformer) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := p.Lines()
	src := reader.Source()
	for i := 1; i < lines.Len(); i++ {
		delimSeg, headSeg := lines.At(i), lines.At(i-1)
		delim := delimSeg.Value(src)
		aligns := parseDelimiterRow(delim)
		if aligns == nil {
			continue
		}
		header := splitRow(headSeg, src)
		if len(header) != len(aligns) {
			continue
		}
		if !bytes.ContainsRune(delim, '|') && !bytes.ContainsRune(headSeg.Value(src), '|') {
			continue
		}
		t := &tableNode{aligns: aligns}
		t.AppendChild(t, newRow(header))
		for j := i + 1; j < lines.Len(); j++ {
			t.AppendChild(t, newRow(splitRow(lines.At(j), src)))
		}
		parent := p.Parent()
		parent.InsertAfter(parent, p, t)
		lines.SetSliced(0, i-1)
		if lines.Len() == 0 {
			parent.RemoveChild(parent, p)
			return
		}
		// the paragraph's last line must not end in a line break now
		last := lines.At(lines.Len() - 1)
		lines.Set(lines.Len()-1, last.TrimRightSpace(src))
		return
	}
}

// trimSegment drops the spaces and line break around a segment.
func trimSegment(s text.Segment, src []byte) text.Segment {
	s = s.TrimLeftSpace(src)
	return s.TrimRightSpace(src)
}

func newRow(cells []text.Segment) *tableRowNode {
	row := &tableRowNode{}
	for _, c := range cells {
		cell := &tableCellNode{}
		// an empty segment would make goldmark's inline parser read past it
		if c.Len() > 0 {
			cell.Lines().Append(c)
		}
		row.AppendChild(row, cell)
	}
	return row
}

// splitRow splits a table line at its unescaped pipes, dropping one
// leading and one trailing pipe, and trims each cell.
func splitRow(line text.Segment, src []byte) []text.Segment {
	line = trimSegment(line, src)
	v := line.Value(src)
	start, stop := 0, len(v)
	if stop > 0 && v[0] == '|' {
		start++
	}
	if stop > start && v[stop-1] == '|' && (stop < 2 || v[stop-2] != '\\') {
		stop--
	}
	var cells []text.Segment
	from := start
	for k := start; k <= stop; k++ {
		if k < stop && (v[k] != '|' || (k > 0 && v[k-1] == '\\')) {
			continue
		}
		seg := text.NewSegment(line.Start+from, line.Start+k)
		cells = append(cells, trimSegment(seg, src))
		from = k + 1
	}
	return cells
}

// parseDelimiterRow reads a line like "| :--- | ---: | :-: |" into column
// alignments, or returns nil when the line is not a delimiter row.
func parseDelimiterRow(line []byte) []align {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || !bytes.ContainsRune(line, '-') {
		return nil
	}
	if line[0] == '|' {
		line = line[1:]
	}
	if len(line) > 0 && line[len(line)-1] == '|' {
		line = line[:len(line)-1]
	}
	var aligns []align
	for _, cell := range bytes.Split(line, []byte{'|'}) {
		cell = bytes.TrimSpace(cell)
		left, right := bytes.HasPrefix(cell, []byte{':'}), bytes.HasSuffix(cell, []byte{':'})
		cell = bytes.TrimPrefix(bytes.TrimSuffix(cell, []byte{':'}), []byte{':'})
		if len(cell) == 0 || len(bytes.Trim(cell, "-")) != 0 {
			return nil
		}
		switch {
		case left && right:
			aligns = append(aligns, alignCenter)
		case right:
			aligns = append(aligns, alignRight)
		case left:
			aligns = append(aligns, alignLeft)
		default:
			aligns = append(aligns, alignNone)
		}
	}
	return aligns
}

// strikeNode is ~~struck-through~~ text.
type strikeNode struct{ ast.BaseInline }

func (n *strikeNode) Kind() ast.NodeKind            { return kindStrike }
func (n *strikeNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// strikeDelimiters pairs runs of '~' the way emphasis pairs '*'.
type strikeDelimiters struct{}

func (strikeDelimiters) IsDelimiter(b byte) bool { return b == '~' }
func (strikeDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}
func (strikeDelimiters) OnMatch(consumes int) ast.Node { return &strikeNode{} }

// strikeParser finds '~' and '~~' delimiters; three or more are text.
type strikeParser struct{}

func (strikeParser) Trigger() []byte { return []byte{'~'} }

func (strikeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := parser.ScanDelimiter(line, before, 1, strikeDelimiters{})
	if d == nil || d.OriginalLength > 2 || before == '~' {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

// taskNode is the "[ ]" or "[x]" that opens a task list item.
type taskNode struct {
	ast.BaseInline
	checked bool
}

func (n *taskNode) Kind() ast.NodeKind            { return kindTask }
func (n *taskNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// taskParser reads "[ ]", "[x]" or "[X]" followed by a space (or the end of
// the line) at the very start of a list item's first paragraph.
type taskParser struct{}

func (taskParser) Trigger() []byte { return []byte{'['} }

func (taskParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	item, ok := parent.Parent().(*ast.ListItem)
	if !ok || item.FirstChild() != parent || parent.HasChildren() {
		return nil
	}
	line, _ := block.PeekLine()
	if len(line) < 3 || line[2] != ']' || (line[1] != ' ' && line[1] != 'x' && line[1] != 'X') {
		return nil
	}
	n := 3
	if n < len(line) && line[n] != ' ' && line[n] != '\t' && line[n] != '\n' {
		return nil
	}
	for n < len(line) && (line[n] == ' ' || line[n] == '\t') {
		n++
	}
	block.Advance(n)
	return &taskNode{checked: line[1] != ' '}
}
