package config

import (
	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
)

// ShowOptions are the inputs of `config show`.
type ShowOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	Load   func() (*config.Loaded, error)

	Origin bool
}

// ShowJSON is the --json shape of `config show`.
type ShowJSON struct {
	Config  map[string]any           `json:"config"`
	Origins map[string]config.Origin `json:"origins"`
	// Rules are the approval rules of every layer, each with its own file
	// and line: rules add up across layers, so one origin per key cannot
	// say where each came from.
	Rules []config.FileRule `json:"rules"`
	// Ignored lists the values set in a file that are not in force, with
	// why: those of a project config that is not the user's own and would
	// loosen approvals.
	Ignored []config.Ignored `json:"ignored"`
}

// NewCmdShow returns `config show`.
func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{IO: f.IO, Output: f.Output, Load: loader(f)}
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Print the merged settings",
		Long: `Print the settings in effect, merged from every layer, as TOML. Secrets
that are set show as "****".

With --origin each value carries a comment saying where it came from:
"default", "env OSS_DEV_...", or the layer, file and line
("user /home/me/.config/oss-dev/config.toml:3").

With --json the output is one object:
  {"config":  {"schema_version": 1, "model": {...}, "approval": {...}, ...},
   "origins": {"approval.policy": {"layer": "user", "file": "/path", "line": 3},
               "github.timeout": {"layer": "env", "variable": "OSS_DEV_GITHUB__TIMEOUT"},
               "ui.color": {"layer": "default"}, ...},
   "rules":   [{"program": "go", "subcommand": "test", "kind": "allow",
               "layer": "project", "file": "/path", "index": 0, "line": 7}, ...]}
"config" nests tables as objects, durations as text ("30s", "5m"); "origins"
has one entry per dotted key; "line" and "file" appear only for files.

Approval rules add up across layers (see 'oss-dev config rules list'); with
--origin each [[approval.allow]] and [[approval.deny]] table says the file
and line it came from, and "rules" lists them in --json.`,
		Example: `  $ oss-dev config show
  $ oss-dev config show --origin
  $ oss-dev config show --json --jq .config.approval.policy`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Origin, "origin", false, "Say where each value came from")
	return cmd
}

func showRun(opts *ShowOptions) error {
	l, err := opts.Load()
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		rules, err := l.FileRules()
		if err != nil {
			return err
		}
		if rules == nil {
			rules = []config.FileRule{}
		}
		ignored := l.Ignored
		if ignored == nil {
			ignored = []config.Ignored{}
		}
		return opts.Output.Export(opts.IO.Out, ShowJSON{Config: l.JSON(), Origins: l.Origins, Rules: rules, Ignored: ignored})
	}
	_, err = opts.IO.Out.Write(l.TOML(opts.Origin))
	return err
}
