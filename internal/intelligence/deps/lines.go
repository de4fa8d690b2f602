package deps

import (
	"bytes"
	"strconv"
	"strings"
)

// jsonPath joins the keys (and array indexes) leading to a value.
func jsonPath(parts ...string) string { return strings.Join(parts, "\x00") }

// jsonKeyLines maps the path of every object key, down to maxDepth levels,
// to the line the key is written on, so a JSON parser can cite its evidence.
// Array elements are addressed by their index. It is a structural scan, not
// a validating parser: the caller's json.Unmarshal reports syntax errors.
// (A scan with encoding/json's Decoder.Token took half the time of a whole
// Scan of a large package-lock.json.)
func jsonKeyLines(data []byte, maxDepth int) map[string]int {
	type frame struct {
		obj    bool
		expect bool // an object awaits a key, an array a value
		idx    int
		cur    string
	}
	out := map[string]int{}
	var stack []frame
	line := 1
	record := func(name string) {
		if len(stack) > maxDepth {
			return
		}
		parts := make([]string, 0, len(stack))
		for _, f := range stack[:len(stack)-1] {
			parts = append(parts, f.cur)
		}
		out[jsonPath(append(parts, name)...)] = line
	}
	// element marks the start of a value; inside an array it is the next
	// element and gets its index as its name.
	element := func() {
		if n := len(stack); n > 0 && !stack[n-1].obj && stack[n-1].expect {
			top := &stack[n-1]
			top.cur, top.expect = strconv.Itoa(top.idx), false
			top.idx++
			record(top.cur)
		}
	}
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case ' ', '\t', '\r', ':':
		case '{', '[':
			element()
			stack = append(stack, frame{obj: c == '{', expect: true})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 {
				stack[n-1].expect = true
			}
		case '"':
			j := i + 1
			escaped := false
			for ; j < len(data) && data[j] != '"'; j++ {
				if data[j] == '\\' {
					escaped = true
					j++
				}
			}
			if j > len(data) {
				j = len(data)
			}
			raw := data[min(i+1, j):j]
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].expect {
				key := string(raw)
				if escaped {
					if u, err := strconv.Unquote(`"` + key + `"`); err == nil {
						key = u
					}
				}
				stack[n-1].cur, stack[n-1].expect = key, false
				record(key)
			} else {
				element()
			}
			line += bytes.Count(raw, []byte{'\n'})
			i = j
		default:
			element()
		}
	}
	return out
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
