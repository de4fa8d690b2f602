// Package config is the `oss-dev config` command group: show, get, set,
// unset and path, over the layered configuration of internal/config.
package config

import (
	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/config"
)

// NewCmdConfig returns the `config` group.
func NewCmdConfig(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config <command>",
		Short: "Show and change OSS-Dev's settings",
		Long: `Show and change OSS-Dev's settings.

Settings come in layers; a later one overrides an earlier one:
  1. built-in defaults
  2. system files: $XDG_CONFIG_DIRS/oss-dev/config.toml (default /etc/xdg)
  3. your file: $XDG_CONFIG_HOME/oss-dev/config.toml (default ~/.config)
  4. the project's file: .oss-dev/config.toml at the repository's root
  5. environment variables OSS_DEV_SECTION__KEY, such as
     OSS_DEV_APPROVAL__POLICY=auto or OSS_DEV_GITHUB__CACHE_TTL=5m
     (lists are comma-separated; an empty variable counts as unset)

Secrets never go in files: the model's API key comes from
OSS_DEV_MODEL__API_KEY (or OPENAI_API_KEY, GEMINI_API_KEY), the GitHub token
from GH_TOKEN or 'gh auth login'.`,
		Example: `  $ oss-dev config show --origin
  $ oss-dev config get approval.policy
  $ oss-dev config set github.cache_ttl 5m
  $ oss-dev config set approval.policy on_failure --project
  $ oss-dev config unset ui.color
  $ oss-dev config path`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(
		NewCmdShow(f, nil),
		NewCmdGet(f, nil),
		NewCmdSet(f, nil),
		NewCmdUnset(f, nil),
		NewCmdTrust(f, nil),
		NewCmdPath(f, nil),
		NewCmdRules(f),
	)
	return cmd
}

// loader loads the layers for the factory's working directory.
func loader(f *cmdutil.Factory) func() (*config.Loaded, error) {
	return func() (*config.Loaded, error) {
		return f.ReadConfig(f.WorkDir)
	}
}

// pathsFor resolves the layer files for the factory's working directory.
func pathsFor(f *cmdutil.Factory) func() config.Paths {
	return func() config.Paths { return config.ResolvePaths(f.WorkDir, nil) }
}
