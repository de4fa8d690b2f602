package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/prompt"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/provider/ghauth"
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
		return plugin.NewCatalog(builtinPlugins(), found, sel), nil
	})
}

// builtinPlugins are the plugins compiled in.
func builtinPlugins() []plugin.Plugin { return nil }

// pluginHost is the host of this command's plugins: they work in the
// repository (else the command's folder), their approval requests go to
// the approval manager with the terminal's prompt, their stderr to the
// debug log (shown with --debug), and the GitHub token only to a plugin
// that needs it and was granted it at install.
func pluginHost(f *cmdutil.Factory) func() (*plugin.Host, error) {
	return sync.OnceValues(func() (*plugin.Host, error) {
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
			Granted:     plugin.Grants{Path: plugin.GrantsPath(config.StateDir())}.Granted,
			Approver:    &pluginsvc.Approver{Dir: dir, Confirmer: prompt.New(f.IO)},
			Log:         debugLog(f),
			HookTimeout: cfg.Plugins.HookTimeout,
		}
		h := &plugin.Host{Catalog: cat, Runtime: rt, Version: f.AppVersion, Dir: dir}
		if u := config.UserConfigPath(); u != "" {
			h.ConfigDir = filepath.Join(filepath.Dir(u), "plugins")
		}
		return h, nil
	})
}

// debugLog is where plugins' stderr and log lines go: stderr, redacted,
// with --debug; nowhere without.
func debugLog(f *cmdutil.Factory) *slog.Logger {
	if f.Output == nil || !f.Output.Debug {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(f.IO.Redactor().Writer(f.IO.ErrOut), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// shutdownPlugins stops the plugins the command started.
func shutdownPlugins(f *cmdutil.Factory) {
	if h, err := f.PluginHost(); err == nil {
		h.Shutdown(context.Background())
	}
}
