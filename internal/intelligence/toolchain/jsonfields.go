package toolchain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
)

// jsonField is one key of a JSON object with its value and the line the
// key is on.
type jsonField struct {
	Key  string
	Line int
	Raw  json.RawMessage
	// start is the value's byte offset in the document it came from.
	start int
}

// lines maps byte offsets to 1-based lines.
type lines []int

func newLines(data []byte) lines {
	ls := lines{0}
	for i, c := range data {
		if c == '\n' {
			ls = append(ls, i+1)
		}
	}
	return ls
}

func (ls lines) at(off int) int {
	return sort.Search(len(ls), func(i int) bool { return ls[i] > off })
}

// objectFields reads the keys of the JSON object starting at base within
// doc, in order, each with its line. The error names the line of a syntax
// error.
func objectFields(doc []byte, base int, ls lines) ([]jsonField, error) {
	data := doc[base:]
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonErr(err, base, ls, data)
	}
	if tok != json.Delim('{') {
		return nil, fmt.Errorf("line %d: expected an object", ls.at(base+skipSpace(data, 0)))
	}
	var out []jsonField
	for dec.More() {
		keyOff := int(dec.InputOffset())
		kt, err := dec.Token()
		if err != nil {
			return out, jsonErr(err, base, ls, data)
		}
		key, _ := kt.(string)
		valOff := skipSpace(data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out, jsonErr(err, base, ls, data)
		}
		out = append(out, jsonField{Key: key, Line: ls.at(base + skipSpace(data, keyOff)), Raw: raw, start: base + valOff})
	}
	if _, err := dec.Token(); err != nil {
		return out, jsonErr(err, base, ls, data)
	}
	return out, nil
}

// skipSpace moves past whitespace, commas and colons.
func skipSpace(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\n', '\r', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// jsonErr turns a decoding error into one that names the line.
func jsonErr(err error, base int, ls lines, data []byte) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("line %d: %s", ls.at(base+int(se.Offset)-1), se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("line %d: the JSON ends too early", ls.at(base+len(data)-1))
	}
	return fmt.Errorf("line %d: %s", ls.at(base+len(data)-1), err.Error())
}

// stringValue decodes a JSON string, with ok false for other values.
func (f jsonField) stringValue() (string, bool) {
	var s string
	if err := json.Unmarshal(f.Raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// stripJSONC removes // and /* */ comments outside strings and commas
// before a closing bracket, keeping every newline so lines still match.
func stripJSONC(data []byte) []byte {
	out := make([]byte, 0, len(data))
	inStr := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inStr:
			out = append(out, c)
			if c == '\\' && i+1 < len(data) {
				i++
				out = append(out, data[i])
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
			out = append(out, c)
		case c == '/' && i+1 < len(data) && data[i+1] == '/':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			if i < len(data) {
				out = append(out, '\n')
			}
		case c == '/' && i+1 < len(data) && data[i+1] == '*':
			i += 2
			for i < len(data) && !(data[i] == '*' && i+1 < len(data) && data[i+1] == '/') {
				if data[i] == '\n' {
					out = append(out, '\n')
				}
				i++
			}
			i++
		default:
			out = append(out, c)
		}
	}
	return dropTrailingCommas(out)
}

// dropTrailingCommas blanks a comma followed only by space before } or ].
func dropTrailingCommas(data []byte) []byte {
	inStr := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inStr {
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		if c == '"' {
			inStr = true
			continue
		}
		if c != ',' {
			continue
		}
		j := i + 1
		for j < len(data) && (data[j] == ' ' || data[j] == '\t' || data[j] == '\n' || data[j] == '\r') {
			j++
		}
		if j < len(data) && (data[j] == '}' || data[j] == ']') {
			data[i] = ' '
		}
	}
	return data
}
