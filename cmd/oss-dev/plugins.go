package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/prompt"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/provider/ghauth"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	pluginsvc "github.com/oss-dev/oss-dev/internal/service/plugins"
)

// pluginCatalog discovers the plugins the first time a command asks: the
// user's plugin folders and PATH, under the user's plugins.enabled and
// plugins.disabled. Manifests are read; no plugin is started.
func pluginCatalog(f *cmdutil.Factory) func() (*plugin.Catalog, error) {
	return sync.OnceValues(func() (*plugin.Catalog, error) {
		cfg, err := f.Config()
		if err != nil {
			return nil, err
		}
		found := plugin.Discover(config.PluginDirs(cfg, f.Dirs.Plugins), os.Getenv("PATH"))
		sel := plugin.Selection{Enabled: cfg.Plugins.Enabled, Disabled: cfg.Plugins.Disabled}
		return plugin.NewCatalog(builtinPlugins(f), found, sel), nil
	})
}

// pluginHost is the host of this command's plugins: they work in the
// repository (else the command's folder), their approval requests go to
// the approval manager with the terminal's prompt, their stderr to the
// debug log (shown with --debug), and the GitHub token only to a plugin
// that needs it and was granted it at install.
func pluginHost(f *cmdutil.Factory) *lazyHost {
	return &lazyHost{build: sync.OnceValues(func() (*plugin.Host, error) {
		cat, err := f.Plugins()
		if err != nil {
			return nil, err
		}
		cfg, err := f.Config()
		if err != nil {
			return nil, err
		}
		dir := config.FindRepoRoot(f.WorkDir)
		if dir == "" {
			dir = f.WorkDir
		}
		rt := &plugin.Runtime{
			Env:         os.Environ(),
			Token:       func() string { return ghauth.Resolve(context.Background(), cfg.GitHub.Host).Value },
			Granted:     plugin.Grants{Path: plugin.GrantsPath(f.Dirs.State)}.Granted,
			Approver:    pluginApprover(f, dir),
			Log:         debugLog(f),
			HookTimeout: cfg.Plugins.HookTimeout,
		}
		h := &plugin.Host{Catalog: cat, Runtime: rt, Version: f.AppVersion, Dir: dir}
		if f.Dirs.Config != "" {
			h.ConfigDir = filepath.Join(f.Dirs.Config, "plugins")
		}
		return h, nil
	})}
}

// pluginApprover takes plugins' approval requests in the repository at
// dir to the approval manager, with the terminal's prompt.
func pluginApprover(f *cmdutil.Factory, dir string) *pluginsvc.Approver {
	return &pluginsvc.Approver{Dir: dir, Confirmer: prompt.New(f.IO), LoadConfig: f.LoadConfig,
		OpenRepo: openGit(func(r *git.Repo) approvals.Repo { return r }), StateDir: f.Dirs.State}
}

// lazyHost builds the plugin host on first use and remembers whether it
// did, so that the end of a command that used no plugin costs nothing.
type lazyHost struct {
	build func() (*plugin.Host, error)
	built atomic.Bool
}

func (l *lazyHost) get() (*plugin.Host, error) {
	l.built.Store(true)
	return l.build()
}

// shutdown stops the plugins the command started.
func (l *lazyHost) shutdown() {
	if !l.built.Load() {
		return
	}
	if h, err := l.build(); err == nil {
		h.Shutdown(context.Background())
	}
}

// debugLog is where plugins' stderr and log lines go: stderr, redacted,
// with --debug; nowhere without.
func debugLog(f *cmdutil.Factory) *slog.Logger {
	if f.Output == nil || !f.Output.Debug {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(f.IO.Redactor().Writer(f.IO.ErrOut), &slog.HandlerOptions{Level: slog.LevelDebug}))
}
