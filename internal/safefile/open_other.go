//go:build !unix

package safefile

import (
	"os"
	"path/filepath"
)

// open checks the kind of file before opening it where O_NONBLOCK is not
// available, so that a named pipe is refused without an open that blocks.
func open(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := Check(path, info, info.Size()); err != nil {
		return nil, err
	}
	return os.Open(path)
}

// openIn opens name inside root, checking its kind first.
func openIn(root *os.Root, name string) (*os.File, error) {
	info, err := root.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		return nil, &Error{Path: filepath.ToSlash(name), Kind: kindOf(info.Mode()), Err: ErrNotRegular}
	}
	return root.Open(name)
}
