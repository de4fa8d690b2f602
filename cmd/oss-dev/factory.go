package main

import (
	"os"
	"sync"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/service/telemetry"
)

// newFactory wires the real dependencies. Each is built on first use, so a
// command pays only for what it touches.
func newFactory(ios *iostreams.IOStreams) *cmdutil.Factory {
	wd, _ := os.Getwd()
	f := &cmdutil.Factory{
		IO:         ios,
		AppVersion: versionString(),
		WorkDir:    wd,
		Output:     &cmdutil.Output{},
	}
	f.Config = configLoader(f)
	f.LLM = factoryLLM(f)
	f.GitHub = factoryGitHub(f)
	f.Git = factoryGit
	f.Plugins = pluginCatalog(f)
	f.Telemetry = func() (*telemetry.Log, error) { return telemetryLog(nil) }
	return f
}

// configLoader loads the layered config the first time a command asks and
// returns the same result after. It applies ui.color: "always" or "never"
// override the terminal check, though NO_COLOR still wins over "always".
func configLoader(f *cmdutil.Factory) func() (*config.Config, error) {
	var (
		once sync.Once
		cfg  *config.Config
		err  error
	)
	return func() (*config.Config, error) {
		once.Do(func() {
			var l *config.Loaded
			if l, err = config.Load(config.LoadOptions{WorkDir: f.WorkDir}); err != nil {
				return
			}
			cfg = &l.Config
			addConfigSecrets(f.IO.Redactor(), cfg)
			switch cfg.UI.Color {
			case "always":
				if _, noColor := os.LookupEnv("NO_COLOR"); !noColor {
					f.IO.SetColorEnabled(true)
				}
			case "never":
				f.IO.SetColorEnabled(false)
			}
		})
		return cfg, err
	}
}
