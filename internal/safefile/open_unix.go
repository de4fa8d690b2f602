//go:build unix

package safefile

import (
	"os"
	"path/filepath"
	"syscall"
)

// open refuses a special file by its kind before opening it: opening a
// device can act (a watchdog starts, a tape rewinds). O_NONBLOCK covers a
// FIFO put in its place since: opening one with no writer returns at once,
// and the Stat that follows refuses it before any read.
func open(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		return nil, &Error{Path: path, Kind: kindOf(info.Mode()), Err: ErrNotRegular}
	}
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// openIn opens name inside root the same way.
func openIn(root *os.Root, name string) (*os.File, error) {
	info, err := root.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		return nil, &Error{Path: filepath.ToSlash(name), Kind: kindOf(info.Mode()), Err: ErrNotRegular}
	}
	return root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
