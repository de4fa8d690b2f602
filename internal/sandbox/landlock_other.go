//go:build !linux

package sandbox

import (
	"fmt"
	"runtime"
)

func probe() Status {
	return Status{Reason: "Landlock is a Linux feature; " + runtime.GOOS + " has no sandbox for commands"}
}

func restrict(Policy) error {
	return fmt.Errorf("%w: %s", ErrUnavailable, probe().Reason)
}
