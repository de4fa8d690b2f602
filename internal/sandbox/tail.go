package sandbox

import "bytes"

// Tail keeps the last Max bytes written to it: a command can print
// megabytes, and only the end of its output says what failed. It holds at
// most twice Max between trims.
type Tail struct {
	Max int
	b   bytes.Buffer
	cut bool
}

func (t *Tail) Write(p []byte) (int, error) {
	t.b.Write(p)
	if t.b.Len() > 2*t.Max {
		keep := append([]byte(nil), t.b.Bytes()[t.b.Len()-t.Max:]...)
		t.b.Reset()
		t.b.Write(keep)
		t.cut = true
	}
	return len(p), nil
}

// String returns the last Max bytes written.
func (t *Tail) String() string {
	s := t.b.String()
	if len(s) > t.Max {
		s = s[len(s)-t.Max:]
	}
	return s
}

// Cut says whether earlier output was dropped.
func (t *Tail) Cut() bool { return t.cut || t.b.Len() > t.Max }
