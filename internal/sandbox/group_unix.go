//go:build unix

package sandbox

import (
	"os/exec"
	"syscall"
)

// OwnGroup starts cmd in a process group of its own and makes cancelling
// its context kill the whole group. Without it only the direct child dies:
// a `sleep` or a test runner's workers behind `sh -c` would go on running
// after the contributor pressed Ctrl-C.
func OwnGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.Cancel = func() error {
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
}
