package main

import (
	"os"
	"sync"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/plugin"
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
