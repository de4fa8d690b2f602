//go:build unix

package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// execve replaces the process with argv, found on PATH as a shell would.
func execve(argv []string) error {
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return err
	}
	if err := syscall.Exec(path, argv, os.Environ()); err != nil {
		return fmt.Errorf("cannot run %s: %w", argv[0], err)
	}
	return nil
}
