package redact

import (
	"bytes"
	"io"
	"sync"
)

// Writer returns a writer that redacts what passes through it to w. It
// buffers by line so that a secret split across two Write calls is still
// caught; call Flush (or Close) to write a final unterminated line.
func (r *Redactor) Writer(w io.Writer) *Writer {
	return &Writer{r: r, w: w}
}

// FilterWriter is Writer with before applied to each run of complete lines
// ahead of redaction: the terminal writers remove escape sequences first, so
// that a secret split by them is whole again when it is masked.
func (r *Redactor) FilterWriter(w io.Writer, before func(string) string) *Writer {
	return &Writer{r: r, w: w, before: before}
}

// maxPending bounds the bytes held while waiting for a newline; past it the
// pending text is redacted and written out as it is.
const maxPending = 64 << 10

// Writer is a line-buffered redacting io.Writer; see Redactor.Writer.
type Writer struct {
	mu  sync.Mutex
	r   *Redactor
	w   io.Writer
	buf []byte

	before func(string) string
}

// Write buffers p and writes out every complete line, redacted.
func (rw *Writer) Write(p []byte) (int, error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	rw.buf = append(rw.buf, p...)
	cut := bytes.LastIndexByte(rw.buf, '\n') + 1
	if cut == 0 && len(rw.buf) > maxPending {
		cut = len(rw.buf)
	}
	if cut > 0 {
		if err := rw.emit(cut); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes any buffered partial line.
func (rw *Writer) Flush() error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	return rw.emit(len(rw.buf))
}

// Close flushes; it does not close the underlying writer.
func (rw *Writer) Close() error { return rw.Flush() }

func (rw *Writer) emit(n int) error {
	if n == 0 {
		return nil
	}
	text := string(rw.buf[:n])
	if rw.before != nil {
		text = rw.before(text)
	}
	out := rw.r.Redact(text)
	rw.buf = append(rw.buf[:0], rw.buf[n:]...)
	_, err := io.WriteString(rw.w, out)
	return err
}
