package ghauth

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

// Mask replaces a secret in redacted text.
const Mask = "****"

// tokenPrefixes are the prefixes of GitHub's token formats: personal access
// tokens (classic and fine-grained), OAuth, user-to-server, server-to-server
// and refresh tokens.
var tokenPrefixes = [...]string{"github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"}

// minTokenBody is the shortest run after a prefix treated as a token; real
// ones are 36 (classic) to 82 (fine-grained) characters, and a shorter bound
// keeps prose such as "ghp_ tokens" intact.
const minTokenBody = 20

// Redact replaces anything in s that looks like a GitHub token, and the
// credential of any "Authorization:" header line, with Mask. Use a Redactor
// to also remove known values that have no recognisable shape.
func Redact(s string) string {
	return redactAuthHeaders(redactPatterns(s))
}

// redactPatterns masks prefix-shaped tokens.
func redactPatterns(s string) string {
	if strings.IndexByte(s, '_') < 0 { // every prefix has one
		return s
	}
	var b strings.Builder
	i, last := 0, 0
	for i < len(s) {
		n := tokenLenAt(s, i)
		if n == 0 {
			i++
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString(Mask)
		i += n
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// tokenLenAt returns the length of the token starting at s[i], or 0.
func tokenLenAt(s string, i int) int {
	if s[i] != 'g' {
		return 0
	}
	for _, p := range tokenPrefixes {
		if !strings.HasPrefix(s[i:], p) {
			continue
		}
		j := i + len(p)
		for j < len(s) && isTokenByte(s[j]) {
			j++
		}
		if j-i-len(p) >= minTokenBody {
			return j - i
		}
		return 0
	}
	return 0
}

func isTokenByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// redactAuthHeaders masks the value of "Authorization:" header lines, as
// they appear in request dumps, keeping the scheme word.
func redactAuthHeaders(s string) string {
	const name = "authorization:"
	lower := asciiLower(s) // same length as s, unlike strings.ToLower
	if !strings.Contains(lower, name) {
		return s
	}
	var b strings.Builder
	last := 0
	for from := 0; ; {
		k := strings.Index(lower[from:], name)
		if k < 0 {
			break
		}
		start := from + k + len(name)
		end := start
		for end < len(s) && s[end] != '\n' && s[end] != '\r' {
			end++
		}
		value := strings.TrimSpace(s[start:end])
		keep := ""
		if sp := strings.IndexByte(value, ' '); sp > 0 {
			keep = value[:sp+1] // "Bearer ", "token ", "Basic "
		}
		b.WriteString(s[last:start])
		b.WriteString(" " + keep + Mask)
		last = end
		from = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// Redactor masks known secret values as well as token-shaped text.
// It is safe for concurrent use.
type Redactor struct {
	secrets []string
}

// NewRedactor returns a Redactor for the given secret values; empty values
// are ignored.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		if s = strings.TrimSpace(s); s != "" {
			r.secrets = append(r.secrets, s)
		}
	}
	return r
}

// Redact masks the known secrets, token-shaped text and Authorization header
// values in s. A nil Redactor masks only by shape.
func (r *Redactor) Redact(s string) string {
	if r != nil {
		for _, secret := range r.secrets {
			s = strings.ReplaceAll(s, secret, Mask)
		}
	}
	return Redact(s)
}

// Writer returns a writer that redacts what passes through it to w. It
// buffers by line so that a secret split across two Write calls is still
// caught; call Flush (or Close) to write a final unterminated line.
func (r *Redactor) Writer(w io.Writer) *Writer {
	return &Writer{r: r, w: w}
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
	out := rw.r.Redact(string(rw.buf[:n]))
	rw.buf = append(rw.buf[:0], rw.buf[n:]...)
	_, err := io.WriteString(rw.w, out)
	return err
}

// asciiLower lowers A-Z only, so byte offsets in the result match s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}
