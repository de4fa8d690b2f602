package setup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/intelligence/toolchain"
	"github.com/oss-dev/oss-dev/internal/safefile"
	"github.com/oss-dev/oss-dev/internal/sandbox"
)

// maxProbeOutput bounds what is kept of a program's answer to --version.
const maxProbeOutput = 64 << 10

// DefaultTimeout bounds each version probe.
const DefaultTimeout = 10 * time.Second

// Prober finds programs on this machine and asks them their version.
type Prober struct {
	// Env is the environment: PATH, HOME and the version managers'
	// variables are read from it. Nil means the process's.
	Env []string
	// Dir is where probes run: the repository, so that version-manager
	// shims pick the version it names.
	Dir string
	// Elsewhere runs every probe from an empty folder instead: the
	// repository names a program by its path for a shim to run.
	Elsewhere bool
	// Timeout bounds each probe; 0 means DefaultTimeout.
	Timeout time.Duration
	// GOOS is the platform for program names and fixes; "" means this one.
	GOOS string
}

func (p *Prober) env() []string {
	if p.Env == nil {
		return os.Environ()
	}
	return p.Env
}

func (p *Prober) getenv(key string) string {
	v := ""
	for _, kv := range p.env() {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

func (p *Prober) goos() string {
	if p.GOOS == "" {
		return runtime.GOOS
	}
	return p.GOOS
}

func (p *Prober) timeout() time.Duration {
	if p.Timeout <= 0 {
		return DefaultTimeout
	}
	return p.Timeout
}

func (p *Prober) home() string {
	if h := p.getenv("HOME"); h != "" {
		return h
	}
	return p.getenv("USERPROFILE")
}

// shimDir is a version manager's folder of programs.
type shimDir struct {
	dir, via string
}

// shimDirs lists the version managers' program folders, whether or not
// they are on PATH: asdf, mise, pyenv, rbenv, rustup's cargo bin and
// GHCup's bin.
func (p *Prober) shimDirs() []shimDir {
	home := p.home()
	pick := func(env, def string) string {
		if v := p.getenv(env); v != "" {
			return v
		}
		if home == "" {
			return ""
		}
		return filepath.Join(home, def)
	}
	var out []shimDir
	add := func(dir, via string) {
		if dir != "" {
			out = append(out, shimDir{dir, via})
		}
	}
	add(filepath.Join(pick("ASDF_DATA_DIR", ".asdf"), "shims"), "asdf shim")
	add(filepath.Join(pick("MISE_DATA_DIR", filepath.Join(".local", "share", "mise")), "shims"), "mise shim")
	add(filepath.Join(pick("PYENV_ROOT", ".pyenv"), "shims"), "pyenv shim")
	add(filepath.Join(pick("RBENV_ROOT", ".rbenv"), "shims"), "rbenv shim")
	add(filepath.Join(pick("CARGO_HOME", ".cargo"), "bin"), "rustup")
	if base := pick("GHCUP_INSTALL_BASE_PREFIX", "."); filepath.IsAbs(base) {
		add(filepath.Join(base, ".ghcup", "bin"), "ghcup")
	}
	if nvm := pick("NVM_DIR", ".nvm"); nvm != "" {
		add(p.nvmBin(nvm), "nvm")
	}
	return out
}

// nvmBin is the bin folder of nvm's default Node.js, else of the newest
// one installed.
func (p *Prober) nvmBin(nvm string) string {
	versions := filepath.Join(nvm, "versions", "node")
	if alias, err := safefile.ReadFile(filepath.Join(nvm, "alias", "default"), safefile.ConfigMax); err == nil {
		want := strings.TrimPrefix(strings.TrimSpace(string(alias)), "v")
		if matches, _ := filepath.Glob(filepath.Join(versions, "v"+want+"*")); len(matches) > 0 {
			sort.Strings(matches)
			return filepath.Join(matches[len(matches)-1], "bin")
		}
	}
	entries, err := os.ReadDir(versions)
	if err != nil {
		return ""
	}
	best, bestV := "", toolchain.Version{}
	for _, e := range entries {
		if v, ok := toolchain.ParseVersion(e.Name()); ok && (best == "" || v.Compare(bestV) > 0) {
			best, bestV = e.Name(), v
		}
	}
	if best == "" {
		return ""
	}
	return filepath.Join(versions, best, "bin")
}

// Find looks for program on PATH, then in the version managers' folders.
// via says how it was found: PATH, or the manager whose shim or folder it is.
func (p *Prober) Find(program string) (path, via string, err error) {
	shims := p.shimDirs()
	for _, dir := range p.path() {
		if f, ok := p.executableIn(dir, program); ok {
			return f, viaOf(f, shims), nil
		}
	}
	for _, s := range shims {
		if f, ok := p.executableIn(s.dir, program); ok {
			return f, s.via + " (not on PATH)", nil
		}
	}
	return "", "", fmt.Errorf("%s is not on PATH", program)
}

// path lists the folders of PATH that are absolute. A relative one
// (".", "bin", "node_modules/.bin") would be looked up in the repository
// the program then runs in, and find the repository's own program, so it
// is skipped, as os/exec refuses such a find.
func (p *Prober) path() []string {
	var out []string
	for _, dir := range filepath.SplitList(p.getenv("PATH")) {
		if filepath.IsAbs(dir) {
			out = append(out, dir)
		}
	}
	return out
}

// viaOf names the version manager a program on PATH belongs to.
func viaOf(path string, shims []shimDir) string {
	for _, s := range shims {
		if filepath.Dir(path) == filepath.Clean(s.dir) {
			return s.via
		}
	}
	return "PATH"
}

func (p *Prober) executableIn(dir, program string) (string, bool) {
	names := []string{program}
	if p.goos() == "windows" && filepath.Ext(program) == "" {
		exts := strings.Split(strings.ToLower(p.getenv("PATHEXT")), ";")
		if len(exts) == 1 && exts[0] == "" {
			exts = []string{".com", ".exe", ".bat", ".cmd"}
		}
		names = names[:0]
		for _, e := range exts {
			names = append(names, program+e)
		}
	}
	for _, n := range names {
		f := filepath.Join(dir, n)
		fi, err := os.Stat(f)
		if err != nil || fi.IsDir() {
			continue
		}
		if p.goos() != "windows" && fi.Mode()&0o111 == 0 {
			continue
		}
		return f, true
	}
	return "", false
}

// Versions runs the tool's version flag, bounded by the timeout and by
// maxProbeOutput, and reads the version, or every installed version of a
// tool that lists them. A program that hangs, fails or prints no version
// is an error that names it.
func (p *Prober) Versions(ctx context.Context, tool toolchain.Tool, path string) ([]toolchain.Version, error) {
	ctx, cancel := context.WithTimeout(ctx, p.timeout())
	defer cancel()
	cmd := exec.CommandContext(ctx, path, tool.VersionArgs...)
	cmd.Dir = p.Dir
	if tool.Elsewhere || p.Elsewhere {
		empty, err := os.MkdirTemp("", "oss-dev-probe-")
		if err != nil {
			return nil, fmt.Errorf("no empty folder to ask %s from: %w", path, err)
		}
		defer os.RemoveAll(empty)
		cmd.Dir = empty
	}
	// A version manager's shim runs what the repository's files name
	// (.tool-versions may give a path): the probe gets no secret.
	cmd.Env = sandbox.WithoutSecrets(p.env())
	if tool.Name == "go" {
		// the local toolchain, not the one the repository's go.mod would
		// make the go command download
		cmd.Env = append(cmd.Env[:len(cmd.Env):len(cmd.Env)], "GOTOOLCHAIN=local")
	}
	var out boundedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// a program that hangs may leave children holding the pipes
	cmd.WaitDelay = 500 * time.Millisecond
	err := cmd.Run()
	shown := filepath.Base(path) + " " + strings.Join(tool.VersionArgs, " ")
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%s (%s) did not answer within %s", shown, path, p.timeout())
	}
	vs, perr := toolchain.ParseProgramVersions(tool, out.String())
	if perr == nil {
		return vs, nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return nil, fmt.Errorf("%s (%s) failed with status %d: %s", shown, path, ee.ExitCode(), firstLine(out.String()))
	}
	if err != nil {
		return nil, fmt.Errorf("%s (%s) could not run: %v", shown, path, err)
	}
	return nil, fmt.Errorf("%s (%s) %v", shown, path, perr)
}

// Managers reports the version managers this machine has.
func (p *Prober) Managers() toolchain.Managers {
	has := func(program string) bool {
		_, _, err := p.Find(program)
		return err == nil
	}
	dirExists := func(env, def string) bool {
		d := p.getenv(env)
		if d == "" && p.home() != "" {
			d = filepath.Join(p.home(), def)
		}
		fi, err := os.Stat(d)
		return d != "" && err == nil && fi.IsDir()
	}
	return toolchain.Managers{
		Asdf:   has("asdf"),
		Mise:   has("mise"),
		Nvm:    dirExists("NVM_DIR", ".nvm"),
		Pyenv:  has("pyenv") || dirExists("PYENV_ROOT", ".pyenv"),
		Rustup: has("rustup"),
		Rbenv:  has("rbenv"),
		Sdkman: dirExists("SDKMAN_DIR", ".sdkman"),
		Pipx:   has("pipx"),
		Brew:   has("brew"),
		Apt:    has("apt-get"),
		Dnf:    has("dnf"),
		Probed: true,
	}
}

// boundedBuffer keeps the first maxProbeOutput bytes and drops the rest,
// so a program that floods its output cannot exhaust memory.
type boundedBuffer struct{ b bytes.Buffer }

func (w *boundedBuffer) Write(p []byte) (int, error) {
	if room := maxProbeOutput - w.b.Len(); room > 0 {
		if len(p) > room {
			w.b.Write(p[:room])
		} else {
			w.b.Write(p)
		}
	}
	return len(p), nil
}

func (w *boundedBuffer) String() string { return w.b.String() }

// firstLine is the first non-empty line, printable and short.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		l = strings.Map(func(r rune) rune {
			if r < 32 || r == 127 || r == 0xFFFD {
				return -1
			}
			return r
		}, l)
		if len(l) > 100 {
			l = l[:100] + "..."
		}
		return l
	}
	return "(no output)"
}
