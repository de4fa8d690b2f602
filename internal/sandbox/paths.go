package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// devices are the device files a build writes to (output thrown away,
// terminals, random numbers); deviceDirs hold shared memory and
// pseudo-terminals.
var (
	devices    = []string{"/dev/null", "/dev/zero", "/dev/full", "/dev/tty", "/dev/random", "/dev/urandom", "/dev/ptmx"}
	deviceDirs = []string{"/dev/shm", "/dev/pts"}
)

// Cache is a folder a toolchain keeps its downloads and build results in.
type Cache struct {
	// Tools are the programs that write it.
	Tools []string
	Path  string
}

// Caches are the toolchains' caches for the environment env (KEY=VALUE;
// nil means the process's): Go's build and module caches, npm, pnpm,
// yarn, cargo and rustup, pip, uv, Maven and Gradle. They are the only
// folders of the home folder a confined command may write. Configuration
// files beside them (~/.m2/settings.xml, ~/.gradle/init.d) stay read-only,
// since a build that wrote them would run code in later, unconfined builds.
func Caches(env []string) []Cache {
	get := lookup(env)
	home := get("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	cache := get("XDG_CACHE_HOME")
	if cache == "" && home != "" {
		cache = filepath.Join(home, ".cache")
	}
	data := get("XDG_DATA_HOME")
	if data == "" && home != "" {
		data = filepath.Join(home, ".local", "share")
	}
	or := func(v, def string) string {
		if v != "" {
			return v
		}
		return def
	}
	gopath := or(firstList(get("GOPATH")), filepath.Join(home, "go"))
	cargo := or(get("CARGO_HOME"), filepath.Join(home, ".cargo"))
	gradle := or(get("GRADLE_USER_HOME"), filepath.Join(home, ".gradle"))
	list := []Cache{
		{[]string{"go"}, or(get("GOCACHE"), filepath.Join(cache, "go-build"))},
		{[]string{"go"}, or(get("GOMODCACHE"), filepath.Join(gopath, "pkg", "mod"))},
		{[]string{"npm", "npx"}, or(get("npm_config_cache"), filepath.Join(home, ".npm"))},
		{[]string{"pnpm"}, filepath.Join(data, "pnpm", "store")},
		{[]string{"pnpm"}, filepath.Join(cache, "pnpm")},
		{[]string{"yarn"}, or(get("YARN_CACHE_FOLDER"), filepath.Join(cache, "yarn"))},
		{[]string{"yarn"}, filepath.Join(home, ".yarn", "berry")},
		{[]string{"cargo"}, filepath.Join(cargo, "registry")},
		{[]string{"cargo"}, filepath.Join(cargo, "git")},
		{[]string{"cargo", "rustup", "rustc"}, or(get("RUSTUP_HOME"), filepath.Join(home, ".rustup"))},
		{[]string{"pip", "pip3", "python", "python3"}, or(get("PIP_CACHE_DIR"), filepath.Join(cache, "pip"))},
		{[]string{"uv", "uvx"}, or(get("UV_CACHE_DIR"), filepath.Join(cache, "uv"))},
		{[]string{"uv", "uvx"}, filepath.Join(data, "uv")},
		{[]string{"mvn", "./mvnw"}, filepath.Join(home, ".m2", "repository")},
		{[]string{"gradle", "./gradlew"}, filepath.Join(gradle, "caches")},
		{[]string{"gradle", "./gradlew"}, filepath.Join(gradle, "wrapper")},
		{[]string{"gradle", "./gradlew"}, filepath.Join(gradle, "native")},
		{[]string{"gradle", "./gradlew"}, filepath.Join(gradle, "daemon")},
	}
	out := list[:0]
	for _, c := range list {
		if home == "" && !filepath.IsAbs(c.Path) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// TempDir is the system temp folder of env: TMPDIR, else /tmp (the
// process's os.TempDir when env is nil).
func TempDir(env []string) string {
	if env == nil {
		return os.TempDir()
	}
	if t := lookup(env)("TMPDIR"); t != "" {
		return t
	}
	return os.TempDir()
}

// Writable lists what a command of the repository at root may write: the
// repository, the temp folder, the toolchains' caches and extra (the
// configuration's sandbox.writable). Landlock grants only folders that
// exist, so the caches of the toolchain argv runs, and of every toolchain
// installed (a Makefile's recipe may run any of them), are created first:
// a first build can then fill them.
func Writable(root string, env []string, extra []string, argv []string) []string {
	out := []string{root, TempDir(env)}
	prog := ""
	if len(argv) > 0 {
		prog = argv[0]
	}
	installed := map[string]bool{}
	for _, c := range Caches(env) {
		if uses(c, prog) || installedAny(c.Tools, installed) {
			_ = os.MkdirAll(c.Path, 0o755) // best effort: a missing cache only fails the tool that needs it
		}
		out = append(out, c.Path)
	}
	return append(out, expandHome(extra, lookup(env)("HOME"))...)
}

// expandHome returns paths with a leading ~/ made the home folder.
func expandHome(paths []string, home string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		if rest, ok := strings.CutPrefix(p, "~/"); ok && home != "" {
			p = filepath.Join(home, rest)
		}
		out = append(out, p)
	}
	return out
}

// installedAny reports whether one of tools is on PATH, remembering answers.
func installedAny(tools []string, seen map[string]bool) bool {
	for _, t := range tools {
		if strings.Contains(t, "/") {
			continue // ./gradlew is the repository's own file, not a toolchain here
		}
		ok, known := seen[t]
		if !known {
			_, err := exec.LookPath(t)
			ok = err == nil
			seen[t] = ok
		}
		if ok {
			return true
		}
	}
	return false
}

func uses(c Cache, prog string) bool {
	for _, t := range c.Tools {
		if t == prog || (!strings.Contains(t, "/") && filepath.Base(prog) == t) {
			return true
		}
	}
	return false
}

// lookup reads env like os.Getenv; nil env is the process's.
func lookup(env []string) func(string) string {
	if env == nil {
		return os.Getenv
	}
	return func(key string) string {
		v := ""
		for _, kv := range env {
			if k, val, ok := strings.Cut(kv, "="); ok && k == key {
				v = val // the last one wins, as for exec
			}
		}
		return v
	}
}

func firstList(v string) string {
	if v == "" {
		return ""
	}
	return filepath.SplitList(v)[0]
}
