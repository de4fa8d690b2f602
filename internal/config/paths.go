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
type envLookup struct {
	vars map[string]string
	// goos is the system whose conventions apply; tests set another.
	goos string
}

func newEnvLookup(env []string) envLookup {
	m := make(map[string]string, len(env))
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return envLookup{vars: m, goos: runtime.GOOS}
}

func (e envLookup) get(k string) string { return e.vars[k] }

// home is the user's home folder, or "" when the environment names none.
func (e envLookup) home() string {
	if h := e.get("HOME"); h != "" {
		return h
	}
	if e.goos == "windows" {
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
	if e.goos == "windows" {
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
	if e.goos == "windows" {
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
	switch e.goos {
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
	if e.goos == "windows" {
		if d := e.get("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, appDir, "state")
		}
	}
	if h := e.home(); h != "" {
		return filepath.Join(h, ".local", "state", appDir)
	}
	return ""
}

// dataDir is $XDG_DATA_HOME/oss-dev, else ~/.local/share/oss-dev on every
// system but Windows (%LocalAppData%\oss-dev\data), as gh keeps its
// extensions.
func (e envLookup) dataDir() string {
	if d := e.absDir("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, appDir)
	}
	if e.goos == "windows" {
		if d := e.get("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, appDir, "data")
		}
	}
	if h := e.home(); h != "" {
		return filepath.Join(h, ".local", "share", appDir)
	}
	return ""
}

// Dirs are the folders OSS-Dev keeps its own files in. cmd/oss-dev
// resolves them once, with ResolveDirs, and hands the same value to every
// part that reads or writes them, so two commands never disagree about
// where a file is. A field is "" when the environment names no home folder
// and no XDG variable for it; nothing is created.
type Dirs struct {
	// Config holds the user's config file: $XDG_CONFIG_HOME/oss-dev, else
	// ~/.config/oss-dev (%AppData%\oss-dev on Windows).
	Config string
	// Cache holds what can be fetched again: $XDG_CACHE_HOME/oss-dev, else
	// ~/.cache/oss-dev (~/Library/Caches/oss-dev on macOS,
	// %LocalAppData%\oss-dev\cache on Windows).
	Cache string
	// State holds what must not be lost (audit log, workflow index, keys):
	// $XDG_STATE_HOME/oss-dev, else ~/.local/state/oss-dev
	// (%LocalAppData%\oss-dev\state on Windows).
	State string
	// Data holds what the user installs: $XDG_DATA_HOME/oss-dev, else
	// ~/.local/share/oss-dev (%LocalAppData%\oss-dev\data on Windows).
	Data string
	// Repos holds the clones of analysed repositories, as
	// HOST/OWNER/REPO: Cache/repos.
	Repos string
	// GitHubCache holds GitHub's cached answers: Cache/github.
	GitHubCache string
	// Plugins holds installed plugins, one folder each: Data/plugins.
	Plugins string
}

// Private are the folders of the user's own settings, keys and records:
// Config, State, Data and GitHubCache, those set. A repository's command
// may not read them.
func (d Dirs) Private() []string {
	var out []string
	for _, p := range []string{d.Config, d.State, d.Data, d.GitHubCache} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ResolveDirs computes the folders from env (KEY=VALUE entries; nil means
// the process environment). Only cmd/oss-dev calls it.
func ResolveDirs(env []string) Dirs {
	if env == nil {
		env = os.Environ()
	}
	return newEnvLookup(env).dirs()
}

func (e envLookup) dirs() Dirs {
	d := Dirs{Cache: e.cacheDir(), State: e.stateDir(), Data: e.dataDir()}
	if h := e.configHome(); h != "" {
		d.Config = filepath.Join(h, appDir)
	}
	if d.Cache != "" {
		d.Repos = filepath.Join(d.Cache, "repos")
		d.GitHubCache = filepath.Join(d.Cache, "github")
	}
	if d.Data != "" {
		d.Plugins = filepath.Join(d.Data, "plugins")
	}
	return d
}

// PluginDirs lists the folders plugins are found in: pluginsDir (the
// folder `oss-dev plugins` installs into, Dirs.Plugins) first, then the
// user's plugins.dirs in their order, each once.
func PluginDirs(c *Config, pluginsDir string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range append([]string{pluginsDir}, c.Plugins.Dirs...) {
		if d != "" && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
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
