package plugins

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/plugin"
	approvalsvc "github.com/oss-dev/oss-dev/internal/service/approvals"
)

// Manager installs, removes, enables and disables plugins. Installing and
// removing are approved first; enabling and disabling edit the user's
// config, as `oss-dev config set --user` does.
type Manager struct {
	// WorkDir is the command's folder, for the configuration.
	WorkDir string
	// Env is the environment (nil: the process's).
	Env []string
	// Catalog is what is installed now.
	Catalog *plugin.Catalog
	// Taken reports names oss-dev's own commands use.
	Taken func(name string) bool
	// Confirmer asks a person; nil when no one can be asked.
	Confirmer contract.Confirmer
	// Git runs git for a clone; "" means "git" on PATH.
	Git string
	// Dirs are oss-dev's folders: plugins are installed into Dirs.Plugins,
	// grants kept in Dirs.State.
	Dirs config.Dirs
	// ReadConfig reads the configuration in a folder as the files are now.
	ReadConfig func(dir string) (*config.Loaded, error)
}

// Installed is what an install did.
type Installed struct {
	Name       string `json:"name"`
	Version    string `json:"version"`
	Path       string `json:"path"`
	Source     string `json:"source"`
	TokenGrant bool   `json:"github_token"`
	NeedsToken bool   `json:"needs_github_token"`
}

// Install installs the plugin at src, a folder or a git URL, into the
// plugin folder and enables it. The manifest and the executable are
// checked before anything is copied into the plugin folder; a git URL is
// cloned into a staging folder next to it first. A name already in use is
// refused. allowToken grants the GitHub token to a plugin that needs it.
func (m *Manager) Install(ctx context.Context, src string, allowToken bool) (Installed, error) {
	l, err := m.load()
	if err != nil {
		return Installed{}, err
	}
	root := m.Dirs.Plugins
	if root == "" {
		return Installed{}, errcode.New(errcode.ConfigNotFound, "there is no home folder to install plugins into", "set HOME or XDG_DATA_HOME")
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return Installed{}, errcode.Wrap(errcode.Unknown, err, "cannot create "+root+": "+err.Error(), "")
	}
	stage, err := os.MkdirTemp(root, ".install-")
	if err != nil {
		return Installed{}, errcode.Wrap(errcode.Unknown, err, "cannot create a staging folder in "+root+": "+err.Error(), "")
	}
	defer os.RemoveAll(stage)
	dir, origin, err := m.fetch(ctx, src, stage)
	if err != nil {
		return Installed{}, err
	}
	man, err := inspect(dir)
	if err != nil {
		return Installed{}, err
	}
	if err := m.free(man.Name); err != nil {
		return Installed{}, err
	}
	dest := filepath.Join(root, man.Name)
	in := Installed{Name: man.Name, Version: man.Version, Path: dest, Source: origin, NeedsToken: slices.Contains(man.Needs, plugin.NeedGitHubToken)}
	in.TokenGrant = in.NeedsToken && allowToken
	if err := m.approve(ctx, l, installRequest(in, man, dest)); err != nil {
		return Installed{}, err
	}
	if err := place(dir, filepath.Join(stage, "tree"), dest); err != nil {
		return Installed{}, err
	}
	if err := m.grants().Set(man.Name, in.TokenGrant); err != nil {
		return in, errcode.Wrap(errcode.ConfigWrite, err, "installed, but the token grant could not be recorded: "+err.Error(), "run the install again")
	}
	return in, m.Enable(man.Name)
}

func (m *Manager) load() (*config.Loaded, error) {
	return m.ReadConfig(m.WorkDir)
}

func (m *Manager) grants() plugin.Grants {
	return plugin.Grants{Path: plugin.GrantsPath(m.Dirs.State)}
}

// isGitURL reports whether src names a repository to clone rather than a folder.
func isGitURL(src string) bool {
	for _, p := range []string{"https://", "http://", "ssh://", "git://", "file://", "git@"} {
		if strings.HasPrefix(src, p) {
			return true
		}
	}
	return false
}

// fetch returns the folder holding the plugin: src itself, or a clone of
// it in stage.
func (m *Manager) fetch(ctx context.Context, src, stage string) (dir, origin string, err error) {
	if !isGitURL(src) {
		abs, err := filepath.Abs(src)
		if err != nil {
			return "", "", err
		}
		if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
			return "", "", errcode.Newf(errcode.InvalidInput, "give the folder that holds plugin.toml, or a git URL", "%s is not a folder", src)
		}
		return abs, abs, nil
	}
	git := m.Git
	if git == "" {
		git = "git"
	}
	clone := filepath.Join(stage, "clone")
	cmd := exec.CommandContext(ctx, git, "clone", "--quiet", "--depth", "1", "--no-recurse-submodules", "--", src, clone)
	// A clone must not wait on a password prompt.
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", errcode.Wrap(errcode.GitFailed, err, "cloning "+src+" failed: "+strings.TrimSpace(string(out)), "check the URL and that you can clone it with git")
	}
	return clone, src, nil
}

// inspect validates the plugin in dir: its manifest, and an executable
// that is a regular, executable file inside the folder.
func inspect(dir string) (*plugin.Manifest, error) {
	f := plugin.LoadDir(dir, plugin.User)
	if f.Manifest == nil {
		if f.Err != nil {
			return nil, f.Err
		}
		return nil, errcode.Newf(errcode.PluginLoadFailed, "a plugin folder holds a plugin.toml (PLUGINS.md)", "%s has no plugin.toml", dir)
	}
	if f.Err != nil && !strings.Contains(f.Err.Error(), "its manifest names it") {
		return nil, f.Err // the folder's own name does not matter before it is installed
	}
	return f.Manifest, nil
}

// free refuses a name a plugin, an extension or a command already has.
func (m *Manager) free(name string) error {
	if e, ok := m.Catalog.Lookup(name); ok {
		where := string(e.Source)
		if p := e.Dir + e.Exe; p != "" {
			where += " " + e.Dir
			if e.Dir == "" {
				where += e.Exe
			}
		}
		return errcode.Newf(errcode.InvalidInput, "remove the other one first ('oss-dev plugins remove "+name+"'), or choose another plugin",
			"a plugin named %s is already installed (%s)", name, where)
	}
	if m.Taken != nil && m.Taken(name) {
		return errcode.Newf(errcode.InvalidInput, "the plugin cannot be installed under that name", "%s is one of oss-dev's own commands", name)
	}
	return nil
}

func installRequest(in Installed, man *plugin.Manifest, dest string) approval.Request {
	detail := fmt.Sprintf("%s %s: %s\nfrom %s\ninto %s\nruns %s", man.Name, man.Version, man.Description, in.Source, dest, man.Executable)
	if in.NeedsToken {
		if in.TokenGrant {
			detail += "\nit receives your GitHub token"
		} else {
			detail += "\nit asks for your GitHub token, which it does not get without --allow-token"
		}
	}
	return approval.Request{Tool: config.ToolPluginInstall, Action: "install plugin " + man.Name + " " + man.Version, Paths: []string{dest}, Mutating: true, Detail: detail}
}

func (m *Manager) approve(ctx context.Context, l *config.Loaded, req approval.Request) error {
	env := approval.Environment{}
	env.HomeDir, _ = os.UserHomeDir()
	mgr, err := approvalsvc.NewManager(l, env, m.Confirmer, approvalsvc.AuditLog(&l.Config, m.Env, m.Dirs.State), m.Dirs.State)
	if err != nil {
		return err
	}
	_, err = mgr.Request(ctx, req)
	return err
}

// place copies the tree at src to tmp and renames it to dest, so that the
// plugin folder never holds half a plugin. A clone's .git is left out;
// a symbolic link is refused.
func place(src, tmp, dest string) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		target := filepath.Join(tmp, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			return copyFile(path, target)
		}
		return fmt.Errorf("%s is not a plain file or folder; plugins are installed as plain files", rel)
	})
	if err == nil {
		err = os.Rename(tmp, dest)
	}
	if err != nil {
		return errcode.Wrap(errcode.PluginLoadFailed, err, "the plugin could not be copied: "+err.Error(), "nothing was installed")
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, fi.Mode().Perm()&0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Remove deletes an installed plugin's folder, once approved, and takes it
// out of plugins.enabled.
func (m *Manager) Remove(ctx context.Context, name string) (string, error) {
	e, ok := m.Catalog.Lookup(name)
	if !ok {
		return "", errcode.Newf(errcode.PluginNotFound, "'oss-dev plugins list' shows the plugins there are", "there is no plugin named %s", name)
	}
	if e.Source != plugin.User || e.Dir == "" {
		return "", errcode.Newf(errcode.InvalidInput, "disable it instead: oss-dev plugins disable "+name,
			"%s is %s, not a plugin folder oss-dev can remove", name, describeSource(e))
	}
	l, err := m.load()
	if err != nil {
		return "", err
	}
	req := approval.Request{Tool: config.ToolPluginInstall, Action: "remove plugin " + name, Paths: []string{e.Dir}, Mutating: true, Detail: "deletes " + e.Dir}
	if err := m.approve(ctx, l, req); err != nil {
		return "", err
	}
	if err := os.RemoveAll(e.Dir); err != nil {
		return "", errcode.Wrap(errcode.Unknown, err, "could not remove "+e.Dir+": "+err.Error(), "remove the folder yourself")
	}
	_ = m.grants().Set(name, false)
	return e.Dir, m.setLists(l, name, false, false)
}

func describeSource(e plugin.Entry) string {
	switch {
	case e.Source == plugin.BuiltIn:
		return "built in"
	case e.Dir == "":
		return "the executable " + e.Exe
	}
	return "from " + string(e.Source)
}

// Enable turns name on in the user's config: into plugins.enabled (for
// an installed plugin) and out of plugins.disabled.
func (m *Manager) Enable(name string) error {
	l, err := m.load()
	if err != nil {
		return err
	}
	return m.setLists(l, name, true, false)
}

// Disable turns name off in the user's config.
func (m *Manager) Disable(name string) error {
	l, err := m.load()
	if err != nil {
		return err
	}
	return m.setLists(l, name, false, true)
}

// setLists writes plugins.enabled and plugins.disabled of the user's
// config with name in or out of each.
func (m *Manager) setLists(l *config.Loaded, name string, enabled, disabled bool) error {
	path := config.ResolvePaths(m.WorkDir, m.Env).User
	if path == "" {
		return errcode.New(errcode.ConfigNotFound, "there is no user config folder", "set HOME or XDG_CONFIG_HOME")
	}
	c := l.Config.Plugins
	for _, l := range []struct {
		key  string
		list []string
		in   bool
	}{{"plugins.enabled", c.Enabled, enabled}, {"plugins.disabled", c.Disabled, disabled}} {
		next := slices.DeleteFunc(slices.Clone(l.list), func(s string) bool { return s == name })
		if l.in {
			next = append(next, name)
		}
		if slices.Equal(next, l.list) {
			continue
		}
		var err error
		if len(next) == 0 {
			_, err = config.Unset(path, l.key)
		} else {
			err = config.Set(path, l.key, strings.Join(next, ","))
		}
		if err != nil {
			return err
		}
	}
	return nil
}
