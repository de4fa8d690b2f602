//go:build !unix

package sandbox

import "os/exec"

// OwnGroup does nothing where there are no process groups: cancelling
// kills the direct child only.
func OwnGroup(cmd *exec.Cmd) {}
