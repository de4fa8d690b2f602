// Package iostreams is the CLI's one view of the terminal: where input and
// output go, whether they are terminals, colour, width and progress.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/oss-dev/oss-dev/internal/redact"
	"golang.org/x/term"
)

// IOStreams holds the standard streams and what is known about them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY, stdoutTTY, stderrTTY bool
	colorEnabled                   bool
	width                          int

	progressMu sync.Mutex
	progress   *spinner
	// rawErr is stderr itself, for the spinner's own cursor control.
	rawErr io.Writer

	redactor *redact.Redactor
}

// System returns streams bound to the process's stdin, stdout and stderr,
// with colour decided by NO_COLOR, CLICOLOR_FORCE and whether stdout is a
// terminal. Out and ErrOut sanitise and redact all they print (see guard).
func System() *IOStreams {
	s := &IOStreams{
		In:        os.Stdin,
		rawErr:    os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
		redactor:  redact.New(),
	}
	s.Out, s.ErrOut = s.guard(os.Stdout), s.guard(os.Stderr)
	s.colorEnabled = colorFromEnv(s.stdoutTTY)
	if s.stdoutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil && w > 0 {
			s.width = w
		}
	}
	return s
}

// Test returns streams backed by buffers, none of them a terminal.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, width: 80, redactor: redact.New()}, in, out, errOut
}

// Guarded returns streams like Test's whose Out and ErrOut sanitise and
// redact as System's do; call Flush before reading the buffers.
func Guarded() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	s, in, out, errOut := Test()
	s.Out, s.ErrOut = s.guard(out), s.guard(errOut)
	return s, in, out, errOut
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// colorFromEnv follows the NO_COLOR and CLICOLOR_FORCE conventions.
func colorFromEnv(tty bool) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	if v := os.Getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		return true
	}
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	return tty
}

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// SetStdinTTY overrides terminal detection, for tests.
func (s *IOStreams) SetStdinTTY(v bool) { s.stdinTTY = v }

// SetStdoutTTY overrides terminal detection, for tests.
func (s *IOStreams) SetStdoutTTY(v bool) { s.stdoutTTY = v }

// SetStderrTTY overrides terminal detection, for tests.
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = v }

// CanPrompt reports whether a person can answer a question: both stdin and
// stdout must be terminals.
func (s *IOStreams) CanPrompt() bool { return s.stdinTTY && s.stdoutTTY }

// ColorEnabled reports whether output may carry colour.
func (s *IOStreams) ColorEnabled() bool { return s.colorEnabled }

// SetColorEnabled overrides the colour decision (config ui.color, tests).
func (s *IOStreams) SetColorEnabled(v bool) { s.colorEnabled = v }

// TerminalWidth is the width of stdout, or 80 when it is not a terminal.
func (s *IOStreams) TerminalWidth() int {
	if s.width > 0 {
		return s.width
	}
	if v, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && v > 0 {
		return v
	}
	return 80
}

// SetTerminalWidth overrides the width, for tests.
func (s *IOStreams) SetTerminalWidth(w int) { s.width = w }

// ColorScheme returns the styles for this output.
func (s *IOStreams) ColorScheme() *ColorScheme { return &ColorScheme{enabled: s.colorEnabled} }

// StartProgress shows a spinner with label on stderr, only when stderr is a
// terminal; piped output stays clean.
func (s *IOStreams) StartProgress(label string) {
	if !s.stderrTTY {
		return
	}
	s.progressMu.Lock()
	defer s.progressMu.Unlock()
	if s.progress != nil {
		s.progress.setLabel(s.redactor.Redact(Sanitize(label)))
		return
	}
	s.progress = startSpinner(s.spinnerOut(), s.redactor.Redact(Sanitize(label)), 100*time.Millisecond)
}

// spinnerOut is where the spinner draws: stderr itself, since it moves the
// cursor, which the guard would not let through. Its label is sanitised
// and redacted before it gets there.
func (s *IOStreams) spinnerOut() io.Writer {
	if s.rawErr != nil {
		Flush(s.ErrOut)
		return s.rawErr
	}
	return s.ErrOut
}

// StopProgress removes the spinner, if any.
func (s *IOStreams) StopProgress() {
	s.progressMu.Lock()
	defer s.progressMu.Unlock()
	if s.progress != nil {
		s.progress.stop()
		s.progress = nil
	}
}
