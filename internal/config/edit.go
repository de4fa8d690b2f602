package config

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// setting is a validated key and the TOML literal to write for it.
type setting struct {
	def     keyDef
	parts   []string
	literal string
}

// parseSetting checks a key and its value given as text, touching no file.
func parseSetting(key, text string) (setting, error) {
	if isSecretName(key) {
		return setting{}, errcode.New(errcode.ConfigSecret,
			fmt.Sprintf("%q is a secret; oss-dev never writes secrets to config files", key), secretHome(key))
	}
	ix := newKeyIndex()
	d, ok := ix.lookup(key)
	if !ok {
		return setting{}, UnknownKeyError(key)
	}
	switch d.kind {
	case kindRules:
		return setting{}, errcode.New(errcode.ConfigInvalid,
			key+" holds approval rules, which 'config set' does not edit",
			"use 'oss-dev config rules' to add or remove rules, or edit the [["+key+"]] tables of the file")
	case kindToolPolicies:
		return setting{}, errcode.New(errcode.ConfigInvalid,
			key+" is a table of one policy per tool",
			"set one tool at a time: oss-dev config set approval.tools.NAME POLICY")
	}
	if !utf8.ValidString(text) {
		return setting{}, errcode.New(errcode.ConfigInvalid, key+": the value is not valid UTF-8", "give the value as UTF-8 text")
	}
	v, err := fromText(d, text)
	if err == nil && d.check != nil {
		if cerr := d.check(v); cerr != nil {
			err = fmt.Errorf("%s: %v", d.name, cerr)
		}
	}
	if err != nil {
		return setting{}, errcode.New(errcode.ConfigInvalid, err.Error(), "give a valid value; nothing was changed")
	}
	lit := literal(v)
	if d.kind == kindDuration {
		// Keep the duration as the user wrote it ("5m", not "5m0s").
		lit = quote(strings.TrimSpace(text))
	}
	return setting{def: d, parts: strings.Split(d.name, "."), literal: lit}, nil
}

// document is a parsed config file: its top-level expressions with the
// byte positions needed to edit the text in place.
type document struct {
	data  []byte
	exprs []expression
	crlf  bool
}

type expression struct {
	kind unstable.Kind // Table, ArrayTable or KeyValue
	// table is the enclosing table of a key = value (nil at the root);
	// inArray says that table is an [[array table]].
	table   []string
	inArray bool
	// key is the header of a table, or the dotted key of a key = value.
	key []string
	// start is where the expression's line starts; end is just past the
	// newline that ends it (or the end of the file).
	start, end int
	// valStart, valEnd delimit the value of a key = value.
	valStart, valEnd int
	// inline is the value's inline table, when it is one.
	inline *inlineTable
	line   int
}

// inlineTable records the key = value pairs of an inline table, for
// replacing a value inside it.
type inlineTable struct {
	keys [][]string
	vals [][2]int
}

// parseDocument reads data for editing. It fails on invalid TOML.
func parseDocument(data []byte) (*document, error) {
	doc := &document{data: data, crlf: bytes.Contains(data, []byte("\r\n"))}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	inArray := false
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = keyParts(e.Key())
			inArray = e.Kind == unstable.ArrayTable
			off := int(firstKeyOffset(e))
			doc.exprs = append(doc.exprs, expression{kind: e.Kind, key: table, start: lineStart(data, off), end: lineEnd(data, off), line: lineNumber(data, off)})
		case unstable.KeyValue:
			ex := keyValueExpr(data, e)
			ex.table, ex.inArray = table, inArray
			doc.exprs = append(doc.exprs, ex)
		}
	}
	if err := p.Error(); err != nil {
		return nil, err
	}
	return doc, nil
}

func keyValueExpr(data []byte, kv *unstable.Node) expression {
	start := int(kv.Raw.Offset)
	end := start + int(kv.Raw.Length)
	ex := expression{kind: unstable.KeyValue, key: keyParts(kv.Key()), start: lineStart(data, start), end: lineEnd(data, end),
		valStart: valueStart(data, kv), valEnd: end, line: lineNumber(data, start)}
	if v := kv.Value(); v.Kind == unstable.InlineTable {
		ex.inline = &inlineTable{}
		collectInline(data, ex.inline, nil, v)
	}
	return ex
}

func collectInline(data []byte, t *inlineTable, prefix []string, tbl *unstable.Node) {
	for it := tbl.Children(); it.Next(); {
		n := it.Node()
		if n.Kind != unstable.KeyValue {
			continue
		}
		key := append(append([]string(nil), prefix...), keyParts(n.Key())...)
		if v := n.Value(); v.Kind == unstable.InlineTable {
			collectInline(data, t, key, v)
			continue
		}
		t.keys = append(t.keys, key)
		t.vals = append(t.vals, [2]int{valueStart(data, n), int(n.Raw.Offset + n.Raw.Length)})
	}
}

// valueStart finds the first byte of a key = value's value: past the last
// key part, the '=' and the blanks around it.
func valueStart(data []byte, kv *unstable.Node) int {
	var last *unstable.Node
	for it := kv.Key(); it.Next(); {
		last = it.Node()
	}
	i := int(last.Raw.Offset + last.Raw.Length)
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '=') {
		i++
	}
	return i
}

func keyParts(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

func lineStart(data []byte, off int) int {
	return bytes.LastIndexByte(data[:off], '\n') + 1
}

func lineEnd(data []byte, off int) int {
	if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(data)
}

func lineNumber(data []byte, off int) int {
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

func hasPrefix(s, prefix []string) bool {
	if len(prefix) > len(s) {
		return false
	}
	for i := range prefix {
		if s[i] != prefix[i] {
			return false
		}
	}
	return true
}

func equalKeys(a, b []string) bool { return len(a) == len(b) && hasPrefix(a, b) }

// full is the dotted key a key = value sets, table included.
func (e expression) full() []string {
	return append(append([]string(nil), e.table...), e.key...)
}

// errInline says a key lives inside an inline table, which is edited by hand.
func errInline(key string, line int) error {
	return errcode.New(errcode.ConfigInvalid,
		fmt.Sprintf("%s is part of an inline table on line %d; 'config set' only edits it there by replacing an existing value", key, line),
		"edit that line of the file by hand, or write the table as a [section]")
}

// set returns the document's text with key set to lit: the value replaced
// where the key already is, else a new line in the right table. Everything
// else stays byte for byte.
func (doc *document) set(s setting) ([]byte, error) {
	key := strings.Join(s.parts, ".")
	for _, e := range doc.exprs {
		if e.kind != unstable.KeyValue || e.inArray {
			continue
		}
		full := e.full()
		if equalKeys(full, s.parts) {
			return splice(doc.data, e.valStart, e.valEnd, s.literal), nil
		}
		if hasPrefix(s.parts, full) {
			if e.inline == nil {
				return nil, errcode.New(errcode.ConfigInvalid,
					fmt.Sprintf("line %d sets %s to a value, but it is a table", e.line, strings.Join(full, ".")),
					"delete that line, then set the key again")
			}
			rest := s.parts[len(full):]
			for i, k := range e.inline.keys {
				if equalKeys(k, rest) {
					return splice(doc.data, e.inline.vals[i][0], e.inline.vals[i][1], s.literal), nil
				}
			}
			return nil, errInline(key, e.line)
		}
	}
	return doc.insert(s), nil
}

// insert adds a new key = value line where a person would put it: in the
// key's own [table]; else as a dotted key where the file already writes
// that table's keys dotted; else in a new [table] after its parent's
// section, or at the end of the file.
func (doc *document) insert(s setting) []byte {
	parent := s.parts[:len(s.parts)-1]
	// The deepest [table] header that contains the key.
	best := -1
	for i, e := range doc.exprs {
		if e.kind == unstable.Table && hasPrefix(parent, e.key) && (best < 0 || len(e.key) > len(doc.exprs[best].key)) {
			best = i
		}
	}
	var base []string
	first, last := 0, -1 // the expressions of the section that holds the key
	if best >= 0 {
		base = doc.exprs[best].key
		first, last = best+1, doc.sectionEnd(best)
	} else {
		for i, e := range doc.exprs {
			if e.kind != unstable.KeyValue || e.table != nil {
				break
			}
			last = i
		}
	}
	rel := s.parts[len(base):]
	line := strings.Join(rel, ".") + " = " + s.literal
	dotted := len(rel) == 1
	for i := first; i <= last && !dotted; i++ {
		dotted = doc.exprs[i].key[0] == rel[0]
	}
	switch {
	case dotted && last >= first && last >= 0:
		return doc.insertAfter(last, line)
	case dotted && best >= 0:
		return doc.insertAfter(best, line)
	case dotted:
		return doc.insertAt(0, line, "")
	}
	nl := doc.newline()
	block := "[" + strings.Join(parent, ".") + "]" + nl + strings.Join(s.parts[len(parent):], ".") + " = " + s.literal
	if best >= 0 {
		return doc.insertAt(doc.exprs[doc.sectionEnd(best)].end, nl+block, "")
	}
	if len(bytes.TrimSpace(doc.data)) > 0 {
		block = nl + block
	}
	return doc.insertAt(len(doc.data), block, "")
}

// sectionEnd is the index of the last expression that belongs to the
// table whose header is at index h.
func (doc *document) sectionEnd(h int) int {
	last := h
	for i := h + 1; i < len(doc.exprs); i++ {
		if doc.exprs[i].kind != unstable.KeyValue {
			break
		}
		last = i
	}
	return last
}

// insertAfter puts line after expression i, indented like it when it is a
// key = value.
func (doc *document) insertAfter(i int, line string) []byte {
	e := doc.exprs[i]
	indent := ""
	if e.kind == unstable.KeyValue {
		d := doc.data[e.start:]
		n := 0
		for n < len(d) && (d[n] == ' ' || d[n] == '\t') {
			n++
		}
		indent = string(d[:n])
	}
	return doc.insertAt(e.end, line, indent)
}

// insertAt inserts one line at byte offset at, which is a line start or
// the end of the file.
func (doc *document) insertAt(at int, line, indent string) []byte {
	nl := doc.newline()
	text := indent + line + nl
	if at > 0 && doc.data[at-1] != '\n' {
		text = nl + text
	}
	return splice(doc.data, at, at, text)
}

func (doc *document) newline() string {
	if doc.crlf {
		return "\r\n"
	}
	return "\n"
}

// unset returns the text without the line that sets key, and whether the
// key was there. Comments on other lines stay.
func (doc *document) unset(parts []string) ([]byte, bool, error) {
	key := strings.Join(parts, ".")
	for _, e := range doc.exprs {
		if e.kind != unstable.KeyValue || e.inArray {
			continue
		}
		full := e.full()
		if equalKeys(full, parts) {
			return splice(doc.data, e.start, e.end, ""), true, nil
		}
		if hasPrefix(parts, full) && e.inline != nil {
			for _, k := range e.inline.keys {
				if equalKeys(k, parts[len(full):]) {
					return nil, false, errcode.New(errcode.ConfigInvalid,
						fmt.Sprintf("%s is part of an inline table on line %d", key, e.line),
						"edit that line of the file by hand, or write the table as a [section]")
				}
			}
		}
	}
	return doc.data, false, nil
}

func splice(data []byte, from, to int, text string) []byte {
	out := make([]byte, 0, len(data)-(to-from)+len(text))
	out = append(out, data[:from]...)
	out = append(out, text...)
	return append(out, data[to:]...)
}

// problemSet lists the problems of a file's text without line numbers, to
// tell whether an edit made the file worse.
func problemSet(data []byte) map[string]bool {
	_, probs := decodeFile(newKeyIndex(), data)
	set := make(map[string]bool, len(probs))
	for _, p := range probs {
		set[p.msg] = true
	}
	return set
}

// checkEdit refuses an edit that adds a problem the file did not have.
// Problems the file already had stay allowed, so that a broken file can be
// repaired one key at a time.
func checkEdit(shown string, before, after []byte) error {
	old := problemSet(before)
	_, probs := decodeFile(newKeyIndex(), after)
	var added []problem
	for _, p := range probs {
		if !old[p.msg] {
			added = append(added, p)
		}
	}
	if len(added) == 0 {
		return nil
	}
	err := fileError(shown, added).(*errcode.Error)
	err.Message = "the change would leave an invalid file, so nothing was written:\n" + err.Message
	return err
}
