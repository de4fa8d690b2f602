//go:build linux

package sandbox

import "syscall"

// ProtectProcess keeps the other processes of the same user (a
// repository's command run unconfined, after a person said yes) from
// reading this process's memory and environment, which holds GH_TOKEN,
// through /proc/PID/environ and /proc/PID/mem, and from tracing it: it
// makes the process not dumpable. The programs it starts are not: exec
// makes a process dumpable again. A process with CAP_SYS_PTRACE (root's
// processes) can still read it.
func ProtectProcess() error {
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_DUMPABLE, 0, 0); errno != 0 {
		return errno
	}
	return nil
}
