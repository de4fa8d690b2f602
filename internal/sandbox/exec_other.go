//go:build !unix

package sandbox

import "errors"

// execve is not reached where there is no sandbox: restrict fails first.
func execve(argv []string) error {
	return errors.New("commands cannot be confined on this system")
}
