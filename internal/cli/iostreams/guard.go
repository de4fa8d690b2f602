package iostreams

import (
	"io"

	"github.com/oss-dev/oss-dev/internal/redact"
)

// guard is where output leaves the program: every byte written to Out and
// ErrOut passes through Sanitize (keeping our own colour codes while colour
// is on) and then through the process's Redactor, so that a secret split
// by an escape sequence is whole again when it is masked. It holds text by
// line; Flush writes out a final partial line.
func (s *IOStreams) guard(w io.Writer) *redact.Writer {
	return s.redactor.FilterWriter(w, func(text string) string {
		return sanitize(text, s.colorEnabled)
	})
}

// Redactor is the process's redactor: the composition root tells it every
// secret it knows, and everything printed on Out and ErrOut is masked by it.
func (s *IOStreams) Redactor() *redact.Redactor { return s.redactor }

// Flush writes out what the output writers hold (a line not yet ended).
// Call it before waiting for input and before the process exits.
func (s *IOStreams) Flush() {
	Flush(s.Out)
	Flush(s.ErrOut)
}

// Flush writes out what w holds, when w buffers.
func Flush(w io.Writer) {
	if f, ok := w.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}
}
