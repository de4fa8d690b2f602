package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/ghauth"
)

func withDefaults(o Options) Options {
	if o.LookPath == nil {
		o.LookPath = exec.LookPath
	}
	if o.Timeout == 0 {
		o.Timeout = 3 * time.Second
	}
	if o.Env == nil {
		o.Env = os.Environ()
	}
	if o.LoadConfig == nil {
		o.loadErr = errcode.New(errcode.ConfigNotFound, "the configuration was not loaded", "run 'oss-dev config show'")
		return o
	}
	o.loaded, o.loadErr = o.LoadConfig(o.WorkDir)
	return o
}

var versionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\d+)\.(\d+)(?:\.(\d+))?`) })

// programVersion runs PROGRAM --version, bounded by the timeout.
func programVersion(ctx context.Context, o Options, path string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	if len(args) == 0 {
		args = []string{"--version"}
	}
	cmd := exec.CommandContext(ctx, path, args...)
	// a program that hangs may leave children holding the pipe; stop waiting for them
	cmd.WaitDelay = 500 * time.Millisecond
	out, err := cmd.Output()
	if ctx.Err() != nil {
		return "", fmt.Errorf("%s %s did not answer within %s", filepath.Base(path), strings.Join(args, " "), o.Timeout)
	}
	if err != nil {
		return "", err
	}
	return versionOf(out)
}

// versionOf reads the first dotted version in a program's --version
// output, which may be anything the program (or whatever is on PATH under
// its name) prints.
func versionOf(out []byte) (string, error) {
	v := versionRE().FindString(string(out))
	if v == "" {
		return "", fmt.Errorf("could not read a version from %q", firstLine(string(out)))
	}
	return v, nil
}

func programOutput(ctx context.Context, o Options, path string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.WaitDelay = 500 * time.Millisecond
	return cmd.Output()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// atLeast compares dotted versions numerically.
func atLeast(v string, major, minor int) bool {
	m := versionRE().FindStringSubmatch(v)
	if m == nil {
		return false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	return a > major || a == major && b >= minor
}

func checkGit(ctx context.Context, o Options) []Check {
	c := Check{Group: "tools", Name: "git"}
	path, err := o.LookPath("git")
	if err != nil {
		return []Check{c.set(Fail, "git is not installed", "install git (https://git-scm.com/downloads, or your package manager)")}
	}
	v, err := programVersion(ctx, o, path)
	switch {
	case err != nil:
		return []Check{c.set(Fail, "git does not work: "+err.Error(), "reinstall git")}
	case !atLeast(v, 2, 23):
		return []Check{c.set(Warn, "git "+v+" is older than 2.23, which the workflow relies on (git switch, porcelain v2)", "upgrade git")}
	}
	return []Check{c.set(OK, "git "+v+" ("+path+")", "")}
}

func checkGh(ctx context.Context, o Options) []Check {
	c := Check{Group: "tools", Name: "gh"}
	path, err := o.LookPath("gh")
	if err != nil {
		return []Check{c.set(Warn, "the GitHub CLI is not installed; OSS-Dev works without it when GH_TOKEN is set", "optional: install gh (https://cli.github.com) and run 'gh auth login'")}
	}
	v, err := programVersion(ctx, o, path)
	if err != nil {
		return []Check{c.set(Warn, "gh does not answer: "+err.Error(), "reinstall gh")}
	}
	return []Check{c.set(OK, "gh "+v+" ("+path+")", "")}
}

func checkToken(ctx context.Context, o Options) []Check {
	c := Check{Group: "github", Name: "token"}
	host := hostFrom(o)
	tok := ghauth.Resolve(ctx, host)
	if !tok.IsSet() {
		return []Check{c.set(Warn, "no GitHub token for "+host+": requests are unauthenticated and limited to 60 an hour",
			"export GH_TOKEN=<token>, or run 'gh auth login'")}
	}
	return []Check{c.set(OK, "token for "+tok.Host+" from "+tok.Source, "")}
}

func hostFrom(o Options) string {
	if cfg, ok := loaded(o); ok && cfg.GitHub.Host != "" {
		return cfg.GitHub.Host
	}
	return ghauth.DefaultHost
}

func checkConfig(_ context.Context, o Options) []Check {
	c := Check{Group: "config", Name: "layers"}
	l, err := o.loaded, o.loadErr
	if err != nil {
		msg, fix := err.Error(), "fix the file or variable named above"
		var e *errcode.Error
		if errors.As(err, &e) && e.Fix != "" {
			fix = e.Fix
		}
		return []Check{c.set(Fail, msg, fix)}
	}
	var present []string
	for _, f := range l.Files {
		if f.Exists {
			present = append(present, string(f.Layer)+" "+f.Path)
		}
	}
	msg := "valid; no config files, built-in defaults in use"
	if len(present) > 0 {
		msg = "valid: " + strings.Join(present, ", ")
	}
	return []Check{c.set(OK, msg, "")}
}

func checkFolders(_ context.Context, o Options) []Check {
	return []Check{
		writable(Check{Group: "folders", Name: "state"}, o.Dirs.State),
		writable(Check{Group: "folders", Name: "cache"}, o.Dirs.Cache),
	}
}

// writable checks that dir, or the nearest folder above it that exists, can
// take a new file. A probe file is created and removed; nothing else changes.
func writable(c Check, dir string) Check {
	if dir == "" {
		return c.set(Fail, "no home folder is known", "set HOME (or XDG_STATE_HOME and XDG_CACHE_HOME)")
	}
	probe := dir
	for {
		fi, err := os.Stat(probe)
		if err == nil && !fi.IsDir() {
			return c.set(Fail, probe+" is a file where a folder is needed", "remove or rename "+probe)
		}
		if err == nil {
			break
		}
		parent := filepath.Dir(probe)
		if parent == probe {
			break
		}
		probe = parent
	}
	f, err := os.CreateTemp(probe, ".oss-dev-probe-*")
	if err != nil {
		return c.set(Fail, dir+" is not writable: "+err.Error(), "make "+probe+" writable, or point XDG_STATE_HOME / XDG_CACHE_HOME elsewhere")
	}
	f.Close()
	os.Remove(f.Name())
	return c.set(OK, dir+" is writable", "")
}

func checkCtags(ctx context.Context, o Options) []Check {
	c := Check{Group: "tools", Name: "ctags"}
	path, err := o.LookPath("ctags")
	if err != nil {
		return []Check{c.set(Warn, "Universal Ctags is not installed: explain outlines only Go code", "optional: install universal-ctags")}
	}
	out, err := programOutput(ctx, o, path, "--version")
	if err != nil || !strings.Contains(string(out), "Universal Ctags") {
		return []Check{c.set(Warn, path+" is not Universal Ctags", "install universal-ctags")}
	}
	version := ctagsVersion(string(out)) + " (" + path + ")"
	if !ctagsGivesEndLines(ctx, o, path) {
		return []Check{c.set(Warn, version+" gives no end lines for some languages (Rust among them): explain finds where those definitions end from their braces or indentation",
			"optional: install Universal Ctags 6 or newer for ranges from ctags itself")}
	}
	return []Check{c.set(OK, version, "")}
}

// ctagsGivesEndLines runs ctags on a small Rust file and reports whether
// it says where the function ends. Universal Ctags 5.9 (Debian's) knows
// the end field but fills it only for some languages.
func ctagsGivesEndLines(ctx context.Context, o Options, path string) bool {
	dir, err := os.MkdirTemp("", "oss-dev-ctags-")
	if err != nil {
		return true // nothing to probe with: say nothing rather than guess
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "probe.rs")
	if err := os.WriteFile(file, []byte("fn probe() {\n    let x = 1;\n}\n"), 0o600); err != nil {
		return true
	}
	out, err := programOutput(ctx, o, path, "--options=NONE", "--output-format=json", "--fields=+ne", "-f", "-", file)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(out), "\n") {
		var tag struct {
			Name string `json:"name"`
			End  int    `json:"end"`
		}
		if json.Unmarshal([]byte(line), &tag) == nil && tag.Name == "probe" {
			return tag.End == 3
		}
	}
	return false
}

// ctagsVersion is the name and version of ctags --version's first line,
// without the copyright notice after the comma, as the git and gh lines.
func ctagsVersion(out string) string {
	line := firstLine(out)
	if i := strings.Index(line, ","); i > 0 {
		line = line[:i]
	}
	return line
}

func (c Check) set(s Status, msg, fix string) Check {
	c.Status, c.Message, c.Fix = s, msg, fix
	return c
}
