// Package git is the git provider: it drives the user's own git binary on one
// working tree, with argument lists (never a shell), and parses git's
// machine-readable (porcelain, -z) output in pure functions.
//
// The user's configuration, credentials, signing keys and hooks apply. It
// does set GIT_TERMINAL_PROMPT=0, so a missing credential fails instead of
// waiting on a prompt nobody sees, and LC_ALL=C, so the few messages it
// reads are in one language. A work tree may come with a .git someone else
// wrote, so reading never starts a program its configuration names: the
// fsmonitor is off, no optional lock rewrites the index (which would start
// a hook), and status and diff run without hooks or the filters the
// repository's own configuration defines. A clone of someone else's
// repository that nobody works in, such as a cache's, is opened with
// Foreign, under which git starts nothing the repository's files can name.
package git

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// waitDelay bounds how long a cancelled git may keep its output pipes open
// through children it started (hooks, ssh, remote helpers) before Wait gives up.
const waitDelay = 2 * time.Second

// installFix is the fix shown when no git binary can be found.
const installFix = "install git (Debian/Ubuntu: apt install git; macOS: xcode-select --install or brew install git; Windows: winget install Git.Git) and make sure it is on PATH"

// Repo is one git working tree. Its methods are safe for concurrent use as
// far as git itself allows (git serialises writers with its own index lock).
type Repo struct {
	root    string
	bin     string
	env     []string
	signoff bool
}

// Option configures a Repo.
type Option func(*settings)

type settings struct {
	bin     string
	env     []string
	signoff bool
	foreign bool
}

// WithBinary runs the git at path instead of the one found on PATH.
func WithBinary(path string) Option { return func(s *settings) { s.bin = path } }

// WithEnv adds KEY=VALUE entries to git's environment (after the caller's own).
func WithEnv(kv ...string) Option {
	return func(s *settings) { s.env = append(s.env, kv...) }
}

// WithSignoff makes Commit add a Signed-off-by trailer (DCO) to every commit,
// using the committer identity from the user's git config.
func WithSignoff(on bool) Option { return func(s *settings) { s.signoff = on } }

// New binds a Repo to the working tree containing dir. It fails with
// GIT_NOT_FOUND when git is not installed and NOT_FOUND when dir is not
// inside a working tree (a bare repository included).
func New(dir string, opts ...Option) (*Repo, error) {
	s, err := resolveSettings(opts)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, errcode.Wrap(errcode.InvalidInput, err, "cannot resolve the path "+dir, "pass an existing directory")
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return nil, errcode.Wrap(errcode.NotFound, err, abs+" is not an existing directory", "pass the path of a git working tree, or clone one first: git clone URL")
	}
	r := &Repo{root: abs, bin: s.bin, env: buildEnv(os.Environ(), s.env), signoff: s.signoff}
	// Opening is local and quick; a bound keeps a wedged filesystem from hanging start-up.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := r.output(ctx, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		var ce *CommandError
		if errors.As(err, &ce) {
			return nil, errcode.Wrap(errcode.NotFound, err, abs+" is not inside a git working tree: "+ce.Stderr, "run this inside a clone of the repository, or clone one first: git clone URL")
		}
		return nil, err
	}
	r.root = filepath.Clean(filepath.FromSlash(strings.TrimRight(string(out), "\r\n")))
	if s.foreign {
		if err := r.seal(ctx); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func resolveSettings(opts []Option) (settings, error) {
	var s settings
	for _, o := range opts {
		o(&s)
	}
	name := s.bin
	if name == "" {
		name = "git"
	}
	bin, err := exec.LookPath(name)
	if errors.Is(err, exec.ErrDot) {
		// the folder may be the repository's own, shipping a git of its own
		return s, errcode.Wrap(errcode.GitNotFound, err, "the first "+name+" on PATH is in a folder PATH names relatively ("+bin+"), which may be the repository's own, so it is not run",
			"take relative folders such as '.' out of PATH, or put them after the folder of your git")
	}
	if err != nil {
		return s, errcode.Wrap(errcode.GitNotFound, err, "git was not found ("+name+")", installFix)
	}
	s.bin = bin
	return s, nil
}

// Root returns the top-level directory of the working tree.
func (r *Repo) Root() string { return r.root }

// locationVars are the variables that point git at another repository. A
// Repo is bound to its own directory, so inherited ones (set when oss-dev runs
// from a git hook or alias) are dropped rather than obeyed.
var locationVars = []string{
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_PREFIX",
	"GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_TERMINAL_PROMPT", "LC_ALL", "GIT_OPTIONAL_LOCKS",
}

func buildEnv(base, extra []string) []string {
	env := make([]string, 0, len(base)+len(extra)+2)
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, v := range locationVars {
			if name == v {
				drop = true
				break
			}
		}
		if !drop {
			env = append(env, kv)
		}
	}
	env = append(env, "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	env = withConfig(env, "core.fsmonitor", "false")
	return append(env, extra...)
}

// Env is the environment the package runs git with, for a caller that
// starts git itself: the location variables dropped, no prompt, and none
// of the programs a repository's own configuration can name for a read.
func Env(extra ...string) []string { return buildEnv(os.Environ(), extra) }

// withConfig adds key=value to env as git -c would, after any entries the
// environment already passes through GIT_CONFIG_COUNT.
func withConfig(env []string, kv ...string) []string {
	n := 0
	at := -1
	for i, e := range env {
		if v, ok := strings.CutPrefix(e, "GIT_CONFIG_COUNT="); ok {
			n, _ = strconv.Atoi(v)
			at = i
		}
	}
	if at >= 0 {
		env = append(env[:at:at], env[at+1:]...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		env = append(env, "GIT_CONFIG_KEY_"+strconv.Itoa(n)+"="+kv[i], "GIT_CONFIG_VALUE_"+strconv.Itoa(n)+"="+kv[i+1])
		n++
	}
	return append(env, "GIT_CONFIG_COUNT="+strconv.Itoa(n))
}

// CommandError is the cause kept under a GIT_FAILED error: what ran and what
// git said. URLs in it have their credentials removed.
type CommandError struct {
	Args     []string
	ExitCode int
	Stderr   string
	Stdout   string
}

func (e *CommandError) Error() string {
	msg := "git " + strings.Join(e.Args, " ") + " exited with status " + strconv.Itoa(e.ExitCode)
	if e.Stderr != "" {
		msg += ": " + e.Stderr
	}
	return msg
}

// output runs git in the working tree and returns its standard output. A
// failure is GIT_FAILED with git's stderr in the message and a *CommandError
// as the cause; cancellation is CANCELED with ctx.Err() in the chain.
func (r *Repo) output(ctx context.Context, stdin io.Reader, args ...string) ([]byte, error) {
	return runGit(ctx, r.bin, r.root, r.env, stdin, args)
}

func runGit(ctx context.Context, bin, dir string, env []string, stdin io.Reader, args []string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, canceled(err, args)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = stdin
	cmd.WaitDelay = waitDelay
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.Bytes(), nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, canceled(ctxErr, args)
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return nil, errcode.Wrap(errcode.GitNotFound, err, "git could not be started: "+err.Error(), installFix)
		}
		return nil, errcode.Wrap(errcode.GitFailed, err, "git "+subcommand(args)+" could not be run: "+err.Error(), "check that git works: git --version")
	}
	ce := &CommandError{
		Args:     redactArgs(args),
		ExitCode: exitErr.ExitCode(),
		Stderr:   redact.Shapes(strings.TrimSpace(stderr.String())),
		Stdout:   redact.Shapes(strings.TrimSpace(stdout.String())),
	}
	return stdout.Bytes(), errcode.Wrap(errcode.GitFailed, ce, failMessage(args, ce), "run the same git command yourself to see the whole story: git "+commandLine(ce.Args))
}

// commandLine shows a git command in a fix, shortened when it lists many paths.
func commandLine(args []string) string {
	const most = 10
	if len(args) > most {
		return strings.Join(args[:most], " ") + " ..."
	}
	return strings.Join(args, " ")
}

func failMessage(args []string, ce *CommandError) string {
	said := ce.Stderr
	if said == "" {
		said = ce.Stdout
	}
	if said == "" {
		said = "exit status " + strconv.Itoa(ce.ExitCode)
	}
	return "git " + subcommand(args) + " failed: " + said
}

func canceled(err error, args []string) error {
	what := "cancelled"
	if errors.Is(err, context.DeadlineExceeded) {
		what = "timed out"
	}
	return errcode.Wrap(errcode.Canceled, err, "git "+subcommand(args)+" "+what, "try again; raise the timeout if the repository or the network is slow")
}

// subcommand names the git command in messages: its first non-option word.
func subcommand(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return strings.Join(args, " ")
}

// exitCode returns git's exit status when err is a failed git command, or -1.
func exitCode(err error) int {
	var ce *CommandError
	if errors.As(err, &ce) {
		return ce.ExitCode
	}
	return -1
}

// gitStderr returns what git printed on a failed run, or "".
func gitStderr(err error) string {
	var ce *CommandError
	if errors.As(err, &ce) {
		return ce.Stderr + "\n" + ce.Stdout
	}
	return ""
}

// redactArgs masks URL credentials in a command line for messages.
func redactArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = redact.Shapes(a)
	}
	return out
}

// checkArg rejects a name that git would read as an option.
func checkArg(kind, v string) error {
	if v == "" {
		return errcode.New(errcode.InvalidInput, kind+" is empty", "give a "+kind)
	}
	if strings.HasPrefix(v, "-") {
		return errcode.New(errcode.InvalidInput, kind+" "+quote(v)+" starts with '-'", "choose a "+kind+" that does not start with a dash")
	}
	if strings.ContainsRune(v, 0) {
		return errcode.New(errcode.InvalidInput, kind+" contains a NUL byte", "choose a "+kind+" without control characters")
	}
	return nil
}

func quote(s string) string { return "\"" + s + "\"" }
