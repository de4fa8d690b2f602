//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// open never blocks: O_NONBLOCK makes opening a FIFO with no writer return
// at once, and the Stat that follows refuses it before any read.
func open(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// openIn opens name inside root the same way.
func openIn(root *os.Root, name string) (*os.File, error) {
	return root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
