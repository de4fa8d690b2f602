package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// appDir is the folder name OSS-Dev uses under each base directory.
const appDir = "oss-dev"

// fileName is the name of every config file.
const fileName = "config.toml"

// ProjectDir is the folder at a repository's root that holds the project
// config and the workflow state.
const ProjectDir = ".oss-dev"

// envLookup answers environment questions from a fixed list of KEY=VALUE
// entries, so paths are computed from the environment the caller passes
// (tests set XDG_* variables) rather than from a global.
type envLookup map[string]string

func newEnvLookup(env []string) envLookup {
	m := make(envLookup, len(env))
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

func (e envLookup) get(k string) string { return e[k] }

// home is the user's home folder, or "" when the environment names none.
func (e envLookup) home() string {
	if h := e.get("HOME"); h != "" {
		return h
	}
	if runtime.GOOS == "windows" {
		return e.get("USERPROFILE")
	}
	return ""
}

// absDir returns the variable's value when it is an absolute path; the XDG
// specification says relative values are to be ignored.
func (e envLookup) absDir(name string) string {
	v := e.get(name)
	if v != "" && filepath.IsAbs(v) {
		return v
	}
	return ""
}

// configHome is $XDG_CONFIG_HOME, else %AppData% on Windows, else ~/.config
// (on macOS too, as gh and git do, so dotfiles stay in one place).
func (e envLookup) configHome() string {
	if d := e.absDir("XDG_CONFIG_HOME"); d != "" {
		return d
	}
	if runtime.GOOS == "windows" {
		if d := e.get("APPDATA"); d != "" {
			return d
		}
	}
	if h := e.home(); h != "" {
		return filepath.Join(h, ".config")
	}
	return ""
}

// systemDirs lists $XDG_CONFIG_DIRS, highest priority first; the default is
// /etc/xdg (%ProgramData% on Windows).
func (e envLookup) systemDirs() []string {
	var dirs []string
	for _, d := range filepath.SplitList(e.get("XDG_CONFIG_DIRS")) {
		if d != "" && filepath.IsAbs(d) {
			dirs = append(dirs, d)
		}
	}
	if len(dirs) > 0 {
		return dirs
	}
	if runtime.GOOS == "windows" {
		if d := e.get("ProgramData"); d != "" {
			return []string{d}
		}
		return nil
	}
	return []string{"/etc/xdg"}
}

// cacheDir is $XDG_CACHE_HOME/oss-dev with the platform's usual fallback.
func (e envLookup) cacheDir() string {
	if d := e.absDir("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, appDir)
	}
	switch runtime.GOOS {
	case "windows":
		if d := e.get("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, appDir, "cache")
		}
	case "darwin":
		if h := e.home(); h != "" {
			return filepath.Join(h, "Library", "Caches", appDir)
		}
	}
	if h := e.home(); h != "" {
		return filepath.Join(h, ".cache", appDir)
	}
	return ""
}

// stateDir is $XDG_STATE_HOME/oss-dev with the platform's usual fallback.
func (e envLookup) stateDir() string {
	if d := e.absDir("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, appDir)
	}
	if runtime.GOOS == "windows" {
		if d := e.get("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, appDir, "state")
		}
	}
	if h := e.home(); h != "" {
		return filepath.Join(h, ".local", "state", appDir)
	}
	return ""
}

// dataHome is $XDG_DATA_HOME, else %LocalAppData% on Windows, else
// ~/.local/share (on macOS too, as for the config folder).
func (e envLookup) dataHome() string {
	if d := e.absDir("XDG_DATA_HOME"); d != "" {
		return d
	}
	if runtime.GOOS == "windows" {
		if d := e.get("LOCALAPPDATA"); d != "" {
			return d
		}
	}
	if h := e.home(); h != "" {
		return filepath.Join(h, ".local", "share")
	}
	return ""
}

// PluginsDir is where `oss-dev plugins install` puts plugins:
// $XDG_DATA_HOME/oss-dev/plugins, else ~/.local/share/oss-dev/plugins. It
// is computed from env (nil means the process environment) and is "" when
// the environment names no home folder. Nothing is created.
func PluginsDir(env []string) string {
	if env == nil {
		env = os.Environ()
	}
	if d := newEnvLookup(env).dataHome(); d != "" {
		return filepath.Join(d, appDir, "plugins")
	}
	return ""
}

// PluginDirs lists the folders plugins are found in: PluginsDir first,
// then the user's plugins.dirs in their order, each once.
func PluginDirs(c *Config, env []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range append([]string{PluginsDir(env)}, c.Plugins.Dirs...) {
		if d != "" && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// CacheDir is where OSS-Dev keeps data it can fetch again:
// $XDG_CACHE_HOME/oss-dev, else ~/.cache/oss-dev (~/Library/Caches/oss-dev
// on macOS, %LocalAppData%\oss-dev\cache on Windows). It is "" when the
// environment names no home folder. Nothing is created.
func CacheDir() string { return newEnvLookup(os.Environ()).cacheDir() }

// StateDir is where OSS-Dev keeps what it must not lose (audit log, workflow
// index): $XDG_STATE_HOME/oss-dev, else ~/.local/state/oss-dev
// (%LocalAppData%\oss-dev\state on Windows). It is "" when the environment
// names no home folder. Nothing is created.
func StateDir() string { return newEnvLookup(os.Environ()).stateDir() }

// UserConfigPath is the user's config file:
// $XDG_CONFIG_HOME/oss-dev/config.toml, else ~/.config/oss-dev/config.toml
// (%AppData%\oss-dev\config.toml on Windows). It is "" when the environment
// names no home folder.
func UserConfigPath() string {
	return userConfigPath(newEnvLookup(os.Environ()))
}

func userConfigPath(e envLookup) string {
	if d := e.configHome(); d != "" {
		return filepath.Join(d, appDir, fileName)
	}
	return ""
}

// Paths are the config files of every layer for one working directory.
type Paths struct {
	// System lists the system files, highest priority first.
	System []string
	// User is the user file, "" when no home folder is known.
	User string
	// ProjectRoot is the repository root above the working directory, ""
	// outside a repository; Project is its .oss-dev/config.toml.
	ProjectRoot string
	Project     string
}

// ResolvePaths computes the layer files for workDir from env (nil means the
// process environment). It only looks; it creates nothing.
func ResolvePaths(workDir string, env []string) Paths {
	if env == nil {
		env = os.Environ()
	}
	return resolvePaths(workDir, newEnvLookup(env))
}

func resolvePaths(workDir string, e envLookup) Paths {
	var p Paths
	for _, d := range e.systemDirs() {
		p.System = append(p.System, filepath.Join(d, appDir, fileName))
	}
	p.User = userConfigPath(e)
	if root := FindRepoRoot(workDir); root != "" {
		p.ProjectRoot = root
		p.Project = filepath.Join(root, ProjectDir, fileName)
	}
	return p
}

// FindRepoRoot walks up from dir to the first folder that holds a .git entry
// (a folder, or a file for worktrees and submodules) and returns it, or ""
// when there is none.
func FindRepoRoot(dir string) string {
	if dir == "" {
		return ""
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// displayPath shortens a path under home to ~/..., for messages.
func displayPath(path, home string) string {
	if home == "" || path == "" {
		return path
	}
	if rel, err := filepath.Rel(home, path); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
		return "~" + string(filepath.Separator) + rel
	}
	return path
}

// Files lists the layer files in the order they apply, lowest priority
// first, each marked as existing when a regular file is there. It reads
// nothing but the files' metadata, so it works while a file is broken.
func (p Paths) Files() []LayerFile {
	files := layerFiles(p)
	for i := range files {
		info, err := os.Stat(files[i].Path)
		files[i].Exists = err == nil && info.Mode().IsRegular()
	}
	return files
}
