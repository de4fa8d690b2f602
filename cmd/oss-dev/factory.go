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
// command pays only for what it touches. The folders are resolved here,
// once, from the process's environment.
func newFactory(ios *iostreams.IOStreams) (*cmdutil.Factory, *lazyHost) {
	wd, _ := os.Getwd()
	f := &cmdutil.Factory{
		IO:         ios,
		AppVersion: versionString(),
		WorkDir:    wd,
		Dirs:       config.ResolveDirs(nil),
		Output:     &cmdutil.Output{},
	}
	f.ReadConfig = readConfig(f)
	f.LoadConfig = configCache(f.ReadConfig)
	f.Config = configLoader(f)
	f.LLM = factoryLLM(f)
	f.Plugins = pluginCatalog(f)
	plugins := pluginHost(f)
	f.PluginHost = plugins.get
	f.Telemetry = func() (*telemetry.Log, error) { return telemetryLog(nil) }
	wireServices(f, gitHubClient(f))
	return f, plugins
}

// readConfig reads the layers that apply in dir and tells the redactor
// the secrets they hold.
func readConfig(f *cmdutil.Factory) func(dir string) (*config.Loaded, error) {
	return func(dir string) (*config.Loaded, error) {
		l, err := config.Load(config.LoadOptions{WorkDir: dir})
		if err != nil {
			return nil, err
		}
		addConfigSecrets(f.IO.Redactor(), &l.Config)
		return l, nil
	}
}

// configCache reads the configuration of each repository (or of each
// folder outside one) once and shares it, so that a service never reloads
// what the command already read.
func configCache(read func(dir string) (*config.Loaded, error)) func(dir string) (*config.Loaded, error) {
	type result struct {
		l   *config.Loaded
		err error
	}
	var (
		mu   sync.Mutex
		seen = map[string]result{}
	)
	return func(dir string) (*config.Loaded, error) {
		key := config.FindRepoRoot(dir)
		if key == "" {
			key = dir
		}
		mu.Lock()
		defer mu.Unlock()
		if r, ok := seen[key]; ok {
			return r.l, r.err
		}
		l, err := read(dir)
		seen[key] = result{l, err}
		return l, err
	}
}

// configLoader returns the working folder's configuration, the first time
// a command asks. It applies ui.color: "always" or "never" override the
// terminal check, though NO_COLOR still wins over "always".
func configLoader(f *cmdutil.Factory) func() (*config.Config, error) {
	var once sync.Once
	return func() (*config.Config, error) {
		l, err := f.LoadConfig(f.WorkDir)
		if err != nil {
			return nil, err
		}
		once.Do(func() {
			switch l.Config.UI.Color {
			case "always":
				if _, noColor := os.LookupEnv("NO_COLOR"); !noColor {
					f.IO.SetColorEnabled(true)
				}
			case "never":
				f.IO.SetColorEnabled(false)
			}
		})
		return &l.Config, nil
	}
}
