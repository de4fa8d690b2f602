// Package safefile reads files that may have been put in place by someone
// else: a repository, a clone, a hand-edited folder. Only regular files are
// read, and only up to a size cap, so that a FIFO, a device such as
// /dev/zero, or a huge file can never hang the program or exhaust memory.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
)

// Common caps. Callers pick the one for the kind of file they read.
const (
	// ConfigMax bounds configuration files and small state files.
	ConfigMax = 1 << 20
	// StateMax bounds workflow state and session files.
	StateMax = 16 << 20
	// InputMax bounds an issue or other document given as input.
	InputMax = 16 << 20
)

// ErrNotRegular is returned (wrapped in *Error) for a path that is not a
// regular file once symlinks are followed: a FIFO, socket, device or folder.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned (wrapped in *Error) for a file larger than the cap.
var ErrTooLarge = errors.New("file too large")

// Error names the file and why it was not read.
type Error struct {
	Path string
	Kind string // what it is instead: "named pipe", "device", "folder", ...
	Max  int64
	// Link and Target name the symbolic link through which Path leaves a
	// Root, and where it points (ErrOutside only).
	Link   string
	Target string
	Err    error
}

func (e *Error) Error() string {
	p := shown(e.Path)
	switch {
	case errors.Is(e.Err, ErrNotRegular):
		return fmt.Sprintf("%s is a %s, not a regular file", p, e.Kind)
	case errors.Is(e.Err, ErrTooLarge):
		return fmt.Sprintf("%s is larger than %s", p, humanSize(e.Max))
	case errors.Is(e.Err, ErrOutside) && e.Target == "":
		return p + " leads outside the repository"
	case errors.Is(e.Err, ErrOutside) && e.Link == e.Path:
		return fmt.Sprintf("%s is a symbolic link to %s, outside the repository", p, shown(e.Target))
	case errors.Is(e.Err, ErrOutside):
		return fmt.Sprintf("%s leads outside the repository: %s is a symbolic link to %s", p, shown(e.Link), shown(e.Target))
	}
	return p + ": " + e.Err.Error()
}

// shown quotes a name that holds control characters, so that a file name
// written by someone else cannot drive the terminal it is printed on.
func shown(name string) string {
	for _, c := range name {
		if c < 0x20 || (c >= 0x7f && c < 0xa0) {
			return strconv.Quote(name)
		}
	}
	return name
}

func (e *Error) Unwrap() error { return e.Err }

// ReadFile reads the regular file at path, at most max bytes. It never
// blocks on a FIFO and never reads more than max+1 bytes from anything.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadOpened(f, path, max)
}

// Open opens the regular file at path for reading, for a caller that
// streams it (an append-only log) instead of reading it whole. Like
// ReadFile it never blocks on a FIFO and refuses anything but a regular
// file; it sets no size cap, so the caller must bound what it keeps.
func Open(path string) (*os.File, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil {
		err = Check(path, info, info.Size())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadOpened checks an already opened file (for example one opened through
// an os.Root) and reads it under the same rules as ReadFile.
func ReadOpened(f *os.File, path string, max int64) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := Check(path, info, max); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		// the file grew between Stat and the read
		return nil, &Error{Path: path, Max: max, Err: ErrTooLarge}
	}
	return data, nil
}

// Check applies the rules to what a Stat or Lstat returned.
func Check(path string, info fs.FileInfo, max int64) error {
	if !info.Mode().IsRegular() {
		return &Error{Path: path, Kind: kindOf(info.Mode()), Err: ErrNotRegular}
	}
	if info.Size() > max {
		return &Error{Path: path, Max: max, Err: ErrTooLarge}
	}
	return nil
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device"
	case m.IsDir():
		return "folder"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	}
	return "special file"
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
