package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Spec describes a command that comes from a repository (its test,
// build or setup commands, one a model proposed) and how it may run.
type Spec struct {
	// Root is the repository's root folder: a confined command may read
	// and write there, even inside a place Hidden names.
	Root string
	// Dir is the folder the command runs in; empty means Root.
	Dir string
	// Argv is the program and its arguments.
	Argv []string
	// Env is the environment to start from (KEY=VALUE; nil means the
	// process's). Its secrets are removed whatever it is (WithoutSecrets).
	Env []string
	// Confined runs the command through the launcher, which confines it
	// with Landlock; the approval manager's decision says whether.
	Confined bool
	// Writable are folders a confined command may write besides the
	// repository, the temp folder and the toolchains' caches (the
	// configuration's sandbox.writable; ~/ is the home folder).
	Writable []string
	// Network lets a confined command use TCP.
	Network bool
	// Exe is the binary that handles Arg; empty means this process's own.
	Exe string
}

// Command returns the process that runs s.Argv: in Dir, with the
// environment without secrets, in a process group of its own so that
// cancelling ctx kills whatever it started, and confined when s.Confined.
// A confined command never falls back to running unconfined: when the
// system has no sandbox, or the program is not on PATH (inside the sandbox
// that would look like the command's own failure), it is an error. The
// caller sets Stdout, Stderr and WaitDelay.
func Command(ctx context.Context, s Spec) (*exec.Cmd, error) {
	if len(s.Argv) == 0 {
		return nil, errors.New("no command to run")
	}
	env := s.Env
	if env == nil {
		env = os.Environ()
	}
	full, env := env, WithoutSecrets(env)
	var cmd *exec.Cmd
	if s.Confined {
		if err := onPath(s.Argv[0], lookup(env)("PATH")); err != nil {
			return nil, err
		}
		p := Policy{Writable: Writable(s.Root, env, s.Writable, s.Argv), Hidden: Hidden(full), Network: s.Network}
		c, err := launcher{exe: s.Exe}.command(ctx, p, s.Argv)
		if err != nil {
			return nil, err
		}
		cmd, env = c, markEnv(env)
	} else {
		cmd = exec.CommandContext(ctx, s.Argv[0], s.Argv[1:]...)
	}
	cmd.Env = env
	cmd.Dir = s.Dir
	if cmd.Dir == "" {
		cmd.Dir = s.Root
	}
	OwnGroup(cmd)
	return cmd, nil
}

// onPath checks that a program named without a folder is an executable
// file in one of path's absolute folders, as the launcher will look for
// it. A relative folder of PATH would be looked up inside the repository.
func onPath(prog, path string) error {
	if filepath.Base(prog) != prog {
		return nil
	}
	for _, dir := range filepath.SplitList(path) {
		if !filepath.IsAbs(dir) {
			continue
		}
		if fi, err := os.Stat(filepath.Join(dir, prog)); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return nil
		}
	}
	return fmt.Errorf("%s: %w", prog, exec.ErrNotFound)
}
