// Package cmdutil holds what every command shares: the factory of
// dependencies, JSON export, usage errors and table output.
package cmdutil

import (
	"context"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/service/telemetry"
)

// Factory carries the dependencies of commands. cmd/oss-dev fills it with
// the real ones; tests fill the same fields with fakes. Every func field is
// called only by the commands that need it, so start-up stays cheap.
type Factory struct {
	IO         *iostreams.IOStreams
	AppVersion string
	// WorkDir is the directory the command runs in (the process's cwd).
	WorkDir string

	// Config loads the merged configuration once and returns the same value after.
	Config func() (*config.Config, error)

	// GitHub returns the GitHub provider, authenticated as well as it can be.
	GitHub func() (contract.GitHub, error)
	// Git returns the git provider bound to the working tree at dir.
	Git func(dir string) (contract.Git, error)
	// LLM returns the configured language model, or nil with no error when
	// the configured provider is "none".
	LLM func() (contract.LLM, error)

	// Telemetry returns the local telemetry log and whether the user
	// turned it on.
	Telemetry func() (*telemetry.Log, error)

	// Plugins discovers the plugins once (manifests read, nothing
	// started) and returns the same catalog after.
	Plugins func() (*plugin.Catalog, error)

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
