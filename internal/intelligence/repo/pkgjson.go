package repo

import (
	"bytes"
	"encoding/json"
	"sort"
)

// jsonEntry is a key of a JSON object with its string value and line.
type jsonEntry struct {
	Key   string
	Value string
	Line  int
}

// pkgJSON is what the analysis reads from package.json or composer.json.
type pkgJSON struct {
	Name       string
	Scripts    []jsonEntry
	Bin        []jsonEntry // name -> path; a string bin is keyed by the package name
	Main       string
	Workspaces bool
}

// parsePackageJSON reads the fields the analysis needs, keeping the line of
// each script so that findings point at it. Scripts keep the file's order.
func parsePackageJSON(data []byte) (pkgJSON, bool) {
	var p pkgJSON
	lines := newLineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return p, false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return p, false
		}
		key, _ := tok.(string)
		switch key {
		case "scripts", "bin":
			entries, ok := readStringObject(dec, lines)
			if !ok {
				// "bin" may be a plain string.
				if s, isStr := lastString(dec, entries); isStr && key == "bin" {
					p.Bin = []jsonEntry{s}
				}
				continue
			}
			if key == "scripts" {
				p.Scripts = entries
			} else {
				p.Bin = entries
			}
		case "name", "main":
			var s string
			if err := dec.Decode(&s); err != nil {
				if !skipValue(dec) {
					return p, false
				}
				continue
			}
			if key == "name" {
				p.Name = s
			} else {
				p.Main = s
			}
		case "workspaces":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return p, false
			}
			p.Workspaces = true
		default:
			if !skipValue(dec) {
				return p, false
			}
		}
	}
	for i := range p.Bin {
		if p.Bin[i].Key == "" {
			p.Bin[i].Key = p.Name
		}
	}
	return p, true
}

// readStringObject reads an object of string values (other values are
// skipped). A value that is not an object is consumed; a string is returned
// through entries[0] with ok false.
func readStringObject(dec *json.Decoder, lines lineIndex) ([]jsonEntry, bool) {
	start := dec.InputOffset()
	tok, err := dec.Token()
	if err != nil {
		return nil, false
	}
	if s, isStr := tok.(string); isStr {
		return []jsonEntry{{Value: s, Line: lines.line(start)}}, false
	}
	if tok != json.Delim('{') {
		if d, isDelim := tok.(json.Delim); isDelim && d == '[' {
			skipRest(dec)
		}
		return nil, false
	}
	var out []jsonEntry
	for dec.More() {
		off := dec.InputOffset()
		kt, err := dec.Token()
		if err != nil {
			return out, true
		}
		k, _ := kt.(string)
		vt, err := dec.Token()
		if err != nil {
			return out, true
		}
		switch v := vt.(type) {
		case string:
			out = append(out, jsonEntry{Key: k, Value: v, Line: lines.line(off)})
		case json.Delim:
			skipRest(dec)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return out, true
	}
	return out, true
}

func lastString(_ *json.Decoder, entries []jsonEntry) (jsonEntry, bool) {
	if len(entries) == 1 && entries[0].Key == "" {
		return entries[0], true
	}
	return jsonEntry{}, false
}

// skipValue consumes one value of any shape.
func skipValue(dec *json.Decoder) bool {
	tok, err := dec.Token()
	if err != nil {
		return false
	}
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return skipRest(dec)
	}
	return true
}

// skipRest consumes tokens up to the end of the object or array just opened.
func skipRest(dec *json.Decoder) bool {
	depth := 1
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
	}
	return true
}

// lineIndex maps byte offsets to 1-based lines.
type lineIndex struct {
	data   []byte
	starts []int
}

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{data: data, starts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			idx.starts = append(idx.starts, i+1)
		}
	}
	return idx
}

// line returns the line of the next token at or after off: separators
// (space, comma, colon) are skipped first.
func (l lineIndex) line(off int64) int {
	for off < int64(len(l.data)) {
		c := l.data[off]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != ':' {
			break
		}
		off++
	}
	return sort.Search(len(l.starts), func(i int) bool { return int64(l.starts[i]) > off })
}
