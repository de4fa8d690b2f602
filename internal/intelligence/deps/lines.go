package deps

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// lineIndex turns byte offsets into 1-based line numbers.
type lineIndex []int

// newLineIndex records where each line of data starts.
func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range data {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// line returns the line holding byte offset off.
func (li lineIndex) line(off int) int {
	return sort.Search(len(li), func(i int) bool { return li[i] > off })
}

// jsonPath joins the keys (and array indexes) leading to a value.
func jsonPath(parts ...string) string { return strings.Join(parts, "\x00") }

// jsonKeyLines maps the path of every object key, down to maxDepth levels,
// to the line the key is written on, so a JSON parser can cite its evidence.
// Array elements are addressed by their index. A syntax error ends the walk;
// the caller's json.Unmarshal reports it.
func jsonKeyLines(data []byte, maxDepth int) map[string]int {
	type frame struct {
		obj     bool
		wantKey bool
		idx     int
		cur     string
	}
	out := map[string]int{}
	li := newLineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []frame
	names := func(extra string) string {
		parts := make([]string, 0, len(stack))
		for _, f := range stack[:len(stack)-1] {
			parts = append(parts, f.cur)
		}
		return jsonPath(append(parts, extra)...)
	}
	// beginValue marks the start of a value inside the top frame.
	beginValue := func() {
		if len(stack) == 0 {
			return
		}
		top := &stack[len(stack)-1]
		if !top.obj {
			top.cur = strconv.Itoa(top.idx)
			top.idx++
			if len(stack) <= maxDepth {
				out[names(top.cur)] = li.line(int(dec.InputOffset()))
			}
		}
	}
	endValue := func() {
		if len(stack) > 0 && stack[len(stack)-1].obj {
			stack[len(stack)-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				beginValue()
				stack = append(stack, frame{obj: d == '{', wantKey: true})
			default:
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				endValue()
			}
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].wantKey {
			key, _ := tok.(string)
			stack[n-1].cur, stack[n-1].wantKey = key, false
			if n <= maxDepth {
				out[names(key)] = li.line(int(dec.InputOffset()) - 1)
			}
			continue
		}
		beginValue()
		endValue()
	}
}

// lineOf returns the first line at or after line from (1-based) that
// contains needle, or from itself when none does: the fallback keeps the
// evidence pointing at the right block even when the text is unusual.
func lineOf(lines []string, from int, needle string) int {
	for i := max(from-1, 0); i < len(lines); i++ {
		if strings.Contains(lines[i], needle) {
			return i + 1
		}
	}
	return max(from, 1)
}

// splitLines splits data into lines without their line endings.
func splitLines(data []byte) []string {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.Split(s, "\n")
}
