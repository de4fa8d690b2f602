//go:build linux

package sandbox

import (
	"fmt"

	"github.com/landlock-lsm/go-landlock/landlock"
	ll "github.com/landlock-lsm/go-landlock/landlock/syscall"
)

// readRights are reading files and listing folders. Executing a file
// opens it for reading, so it needs readRights too, and is not handled on
// its own; neither are device ioctls, which builds use on terminals.
const readRights = ll.AccessFSReadFile | ll.AccessFSReadDir

// writeRights are every other file system right: what is handled is
// denied outside the rules.
const writeRights = ll.AccessFSWriteFile | ll.AccessFSRemoveDir | ll.AccessFSRemoveFile |
	ll.AccessFSMakeChar | ll.AccessFSMakeDir | ll.AccessFSMakeReg | ll.AccessFSMakeSock |
	ll.AccessFSMakeFifo | ll.AccessFSMakeBlock | ll.AccessFSMakeSym | ll.AccessFSRefer | ll.AccessFSTruncate

// netRights are TCP bind and connect.
const netRights = ll.AccessNetBindTCP | ll.AccessNetConnectTCP

// scopes keep a confined command from signalling processes outside the
// sandbox and from reaching their abstract sockets (ABI 6 and later).
const scopes = ll.ScopeAbstractUnixSocket | ll.ScopeSignal

func probe() Status {
	v, err := ll.LandlockGetABIVersion()
	if err != nil || v < 1 {
		why := "the kernel has no Landlock, or it is not enabled at boot (lsm=...,landlock)"
		if err != nil {
			why += ": " + err.Error()
		}
		return Status{Reason: why}
	}
	return Status{Available: true, ABI: v, NetworkRestrictable: v >= 4}
}

// restrict confines this process and every process it becomes or starts.
// BestEffort drops only what an older kernel cannot enforce (truncate
// before ABI 3, TCP before 4, scopes before 6); a kernel with no Landlock
// at all is refused rather than silently left unconfined. Landlock also
// keeps the command from reading the memory and environment of processes
// outside the sandbox through /proc, as it keeps it from tracing them.
func restrict(p Policy) error {
	st := probe()
	if !st.Available {
		return fmt.Errorf("%w: %s", ErrUnavailable, st.Reason)
	}
	cfg := landlock.Config{HandledAccessFS: readRights | writeRights, Scoped: scopes}
	if !p.Network {
		cfg.HandledAccessNet = netRights
	}
	if err := cfg.BestEffort().Restrict(rules(p)...); err != nil {
		return fmt.Errorf("cannot confine the command with Landlock: %w", err)
	}
	return nil
}

// rules grant reading everywhere but p.Hidden, and writing (and reading)
// p.Writable and the devices a build needs.
func rules(p Policy) []landlock.Rule {
	r := ReadableExcept(p.Hidden)
	return []landlock.Rule{
		landlock.PathAccess(readRights, r.Dirs...).IgnoreIfMissing(),
		landlock.PathAccess(ll.AccessFSReadFile, r.Files...).IgnoreIfMissing(),
		landlock.PathAccess(readRights|writeRights, p.Writable...).IgnoreIfMissing(),
		landlock.PathAccess(ll.AccessFSReadFile|ll.AccessFSWriteFile|ll.AccessFSTruncate, devices...).IgnoreIfMissing(),
		landlock.PathAccess(readRights|writeRights, deviceDirs...).IgnoreIfMissing(),
	}
}
