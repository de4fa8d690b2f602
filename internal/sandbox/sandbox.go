// Package sandbox runs a repository's commands confined: on Linux with
// Landlock, a command may write only to the repository, the system temp
// folder, the devices a build needs and the caches of the toolchains; it
// may read everything but the places that hold credentials (Hidden), and
// use the network unless told not to.
//
// Landlock confines the process that asks and everything it starts, never
// its parent. So a command is started through the oss-dev binary itself:
// the first argument Arg makes it confine itself and then execve the
// command (see Main). Nothing here changes the calling process.
//
// Command is the one way a repository's command is started, confined or
// not: in a process group of its own, and with the environment stripped
// of the contributor's secrets (WithoutSecrets), which its code could
// otherwise write into the repository or send away.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// Arg is the hidden first argument that makes the oss-dev binary a
// launcher: `oss-dev Arg [--write DIR]... [--no-network] -- PROGRAM ARGS...`.
const Arg = "__oss-dev-sandbox"

// childEnv marks a launched process. A binary that does not handle Arg
// (a test binary without the TestMain hook) would otherwise start itself
// again and again; Command refuses to launch from inside a launch.
const childEnv = "OSS_DEV_SANDBOXED"

// ExitSetup is the launcher's exit status when it could not confine
// itself or start the command; the command did not run.
const ExitSetup = 125

// Policy is what a confined command may do.
type Policy struct {
	// Writable are the folders and files it may create, change, remove
	// and read.
	Writable []string
	// Hidden are the places it may not read, unless they are inside a
	// Writable folder: everything else is readable.
	Hidden []string
	// Network false forbids TCP connect and bind (Landlock ABI 4 and later).
	Network bool
}

// Status says whether this system can confine commands.
type Status struct {
	// Available is true when Landlock can confine writes and reads here.
	Available bool `json:"available"`
	// ABI is the kernel's Landlock ABI version; 0 when there is none.
	ABI int `json:"abi"`
	// NetworkRestrictable is true when the kernel can forbid TCP (ABI 4+).
	NetworkRestrictable bool `json:"network_restrictable"`
	// Reason says why it is not available.
	Reason string `json:"reason,omitempty"`
}

// Probe asks the kernel what it supports. It is cheap: one system call.
func Probe() Status { return probe() }

// ErrUnavailable is returned when a command must run confined and the
// system cannot confine it.
var ErrUnavailable = errors.New("the sandbox is not available on this system")

// launcher starts commands confined.
type launcher struct {
	// exe is the binary that handles Arg; empty means this process's own.
	exe string
}

// command returns a command that runs argv confined by p. It fails when
// the system has no sandbox, so that nothing falls back to running
// unconfined.
func (l launcher) command(ctx context.Context, p Policy, argv []string) (*exec.Cmd, error) {
	if st := Probe(); !st.Available {
		return nil, fmt.Errorf("%w: %s", ErrUnavailable, st.Reason)
	}
	if os.Getenv(childEnv) != "" {
		return nil, errors.New("a sandboxed process cannot start the sandbox again: the launcher binary does not handle " + Arg)
	}
	exe := l.exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("cannot find the oss-dev binary to start the sandbox: %w", err)
		}
	}
	return exec.CommandContext(ctx, exe, launchArgs(p, argv)...), nil
}

// markEnv returns env with the marker a launched process carries.
func markEnv(env []string) []string {
	return append(append([]string(nil), env...), childEnv+"=1")
}

func launchArgs(p Policy, argv []string) []string {
	args := []string{Arg}
	for _, w := range p.Writable {
		args = append(args, "--write", w)
	}
	for _, h := range p.Hidden {
		args = append(args, "--hide", h)
	}
	if !p.Network {
		args = append(args, "--no-network")
	}
	return append(append(args, "--"), argv...)
}

// parseArgs reads what launchArgs wrote.
func parseArgs(args []string) (Policy, []string, error) {
	p := Policy{Network: true}
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--write", "--hide":
			if i+1 >= len(args) {
				return p, nil, errors.New(args[i] + " needs a path")
			}
			if args[i] == "--write" {
				p.Writable = append(p.Writable, args[i+1])
			} else {
				p.Hidden = append(p.Hidden, args[i+1])
			}
			i++
		case "--no-network":
			p.Network = false
		case "--":
			if i+1 >= len(args) {
				return p, nil, errors.New("no command after --")
			}
			return p, args[i+1:], nil
		default:
			return p, nil, fmt.Errorf("unknown launcher argument %q", args[i])
		}
	}
	return p, nil, errors.New("no command after --")
}

// Main is the launcher: when args (os.Args) start with the program and
// Arg, it confines this process, replaces it with the command and never
// returns; otherwise it returns at once. own, when not nil, lists
// oss-dev's own folders (config.Dirs.Private) for the launched
// environment: the command may not read them either. cmd/oss-dev calls
// it before anything else, and so do the TestMain functions of packages
// whose tests run confined commands.
func Main(args []string, own func() []string) {
	if len(args) < 2 || args[1] != Arg {
		return
	}
	os.Exit(launch(args[2:], own, os.Stderr))
}

// launch confines the process and executes the command; it returns only
// on failure, with ExitSetup.
func launch(args []string, own func() []string, stderr io.Writer) int {
	p, argv, err := parseArgs(args)
	if err == nil && own != nil {
		p.Hidden = append(p.Hidden, own()...)
	}
	if err == nil {
		err = restrict(p)
	}
	if err == nil {
		err = execve(argv)
	}
	fmt.Fprintf(stderr, "oss-dev sandbox: %s\n", strings.TrimSpace(err.Error()))
	return ExitSetup
}
