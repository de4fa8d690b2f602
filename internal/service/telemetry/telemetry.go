// Package telemetry keeps a local record of how oss-dev commands went, for
// the user who turned it on: one JSON line per command with its name, how
// long it took, its exit status and its error code. Nothing else is kept
// (no arguments, paths, repository names or text), and nothing is sent
// anywhere: the file is the user's to read (`oss-dev telemetry show`) and to
// delete (`oss-dev telemetry clear`).
package telemetry

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// FileName is the log's name in the state folder.
const FileName = "telemetry.jsonl"

// maxBytes is the size past which the log is rotated: the current file
// becomes FileName.old (replacing an older one) and a new file starts, so
// the record never takes more than twice this.
const maxBytes = 1 << 20

// Record is one command's outcome.
type Record struct {
	// Command is the command path ("oss-dev analyze repo"), never its
	// arguments.
	Command    string `json:"command"`
	DurationMS int64  `json:"duration_ms"`
	ExitStatus int    `json:"exit_status"`
	// ErrorCode is the errcode of a failure ("PROVIDER_TIMEOUT"), empty on
	// success.
	ErrorCode string `json:"error_code,omitempty"`
}

// Log is the telemetry file and whether recording is on.
type Log struct {
	// Path is the JSON-lines file.
	Path string `json:"path"`
	// Enabled is telemetry.enabled as the user set it in their own config
	// or environment; a project's config cannot turn it on.
	Enabled bool `json:"enabled"`
}

// New returns the log in stateDir.
func New(stateDir string, enabled bool) *Log {
	return &Log{Path: filepath.Join(stateDir, FileName), Enabled: enabled}
}

func (l *Log) old() string { return l.Path + ".old" }

// Append adds r to the log when recording is on. The command name must be
// a command path (lower-case words, digits and hyphens): anything else is
// stored as "oss-dev", so that no argument can reach the file.
func (l *Log) Append(r Record) error {
	if l == nil || !l.Enabled || l.Path == "" {
		return nil
	}
	if !isCommandPath(r.Command) {
		r.Command = "oss-dev"
	}
	if !isCode(r.ErrorCode) {
		r.ErrorCode = string(errcode.Unknown)
	}
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o700); err != nil {
		return err
	}
	l.rotate()
	if fi, err := os.Lstat(l.Path); err == nil && !fi.Mode().IsRegular() {
		// A FIFO would block the write, a symlink send it elsewhere.
		return errors.New(l.Path + " is not a regular file")
	}
	f, err := os.OpenFile(l.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	// One write of one short line: appends from processes running at the
	// same time do not interleave.
	_, werr := f.Write(append(line, '\n'))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

// rotate moves a full log aside.
func (l *Log) rotate() {
	if fi, err := os.Lstat(l.Path); err == nil && fi.Size() >= maxBytes {
		_ = os.Rename(l.Path, l.old())
	}
}

// Read returns the records, oldest first. A line that is not a record (a
// hand edit, a write cut short) is skipped.
func (l *Log) Read() ([]Record, error) {
	var out []Record
	for _, p := range []string{l.old(), l.Path} {
		data, err := safefile.ReadFile(p, 2*maxBytes)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, errcode.Wrap(errcode.Unknown, err, "the telemetry file "+p+" could not be read",
				"remove it with `oss-dev telemetry clear`")
		}
		out = append(out, parse(data)...)
	}
	return out, nil
}

func parse(data []byte) []Record {
	var out []Record
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxBytes)
	for sc.Scan() {
		var r Record
		if json.Unmarshal(sc.Bytes(), &r) != nil || !isCommandPath(r.Command) || !isCode(r.ErrorCode) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// Clear deletes the log and returns how many records it held.
func (l *Log) Clear() (int, error) {
	records, err := l.Read()
	if err != nil {
		records = nil
	}
	for _, p := range []string{l.old(), l.Path} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, errcode.Wrap(errcode.Unknown, err, "the telemetry file "+p+" could not be removed",
				"remove it by hand")
		}
	}
	return len(records), nil
}

// isCommandPath accepts "oss-dev" followed by command words.
func isCommandPath(s string) bool {
	if len(s) > 100 || (s != "oss-dev" && !strings.HasPrefix(s, "oss-dev ")) {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == ' ') {
			return false
		}
	}
	return true
}

// isCode accepts an empty code or an upper-case error code.
func isCode(s string) bool {
	if len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
