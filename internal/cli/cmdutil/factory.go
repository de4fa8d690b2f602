// Package cmdutil holds what every command shares: the factory of
// dependencies, JSON export, usage errors and table output.
package cmdutil

import (
	"context"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
	"github.com/oss-dev/oss-dev/internal/service/docs"
	"github.com/oss-dev/oss-dev/internal/service/explain"
	"github.com/oss-dev/oss-dev/internal/service/issues"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/rules"
	"github.com/oss-dev/oss-dev/internal/service/setup"
	"github.com/oss-dev/oss-dev/internal/service/telemetry"
	"github.com/oss-dev/oss-dev/internal/service/workspace"
)

// Factory carries the dependencies of commands. cmd/oss-dev fills it with
// the real ones; tests fill the same fields with fakes. Every func field is
// called only by the commands that need it, so start-up stays cheap.
type Factory struct {
	IO         *iostreams.IOStreams
	AppVersion string
	// WorkDir is the directory the command runs in (the process's cwd).
	WorkDir string

	// Dirs are oss-dev's own folders (config, cache, state, clones, data,
	// plugins), resolved once by cmd/oss-dev; every command uses these.
	Dirs config.Dirs

	// Config loads the merged configuration once and returns the same value after.
	Config func() (*config.Config, error)
	// LoadConfig returns the configuration in force in dir. It is read
	// once per repository and shared: the working folder's is Config's.
	LoadConfig func(dir string) (*config.Loaded, error)
	// ReadConfig reads the configuration in dir from the files as they are
	// now, for commands that write a config file and look again.
	ReadConfig func(dir string) (*config.Loaded, error)

	// LLM returns the configured language model, or nil with no error when
	// the configured provider is "none".
	LLM func() (contract.LLM, error)

	// The services commands work through, built on first use.
	Workspace func() *workspace.Service
	Analysis  func() *analysis.RepoService
	Explain   func() *explain.Service
	Mentoring func() *mentoring.Service
	Setup     func() *setup.Service
	Rules     func() *rules.Service
	Issues    func() *issues.Service
	Docs      func() *docs.Service
	// Discovery fails when the GitHub provider cannot be built.
	Discovery func() (*discovery.Service, error)

	// Telemetry returns the local telemetry log and whether the user
	// turned it on.
	Telemetry func() (*telemetry.Log, error)

	// Plugins discovers the plugins once (manifests read, nothing
	// started) and returns the same catalog after.
	Plugins func() (*plugin.Catalog, error)
	// PluginHost runs the plugins: each starts on first use.
	PluginHost func() (*plugin.Host, error)

	// Output holds the global --json, --jq and --debug flags.
	Output *Output
}

// Output is the state of the root's persistent output flags.
type Output struct {
	JSON  bool
	JQ    string
	Debug bool
}

// Context returns a background context; commands receive theirs from cobra.
func Context() context.Context { return context.Background() }
