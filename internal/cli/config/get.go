package config

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
)

// GetOptions are the inputs of `config get`.
type GetOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	Load   func() (*config.Loaded, error)

	Key string
}

// NewCmdGet returns `config get`.
func NewCmdGet(f *cmdutil.Factory, runF func(*GetOptions) error) *cobra.Command {
	opts := &GetOptions{IO: f.IO, Output: f.Output, Load: loader(f)}
	cmd := &cobra.Command{
		Use:   "get <key>",
		Short: "Print the value of one setting",
		Long: `Print the value in effect for one dotted key, such as approval.policy.

A string prints as it is, a list one item a line, approval rules and
approval.tools as TOML. A secret that is set prints as "****".

With --json: {"key": "approval.policy", "value": "auto",
"origin": {"layer": "user", "file": "/path", "line": 3}, "ignored": [{"key",
"value", "origin", "why"}]}. A value set in a project config that is not
your own and would loosen approvals is not in force: it is listed under
"ignored" (on stderr without --json), with why.
An unknown key fails with CONFIG_INVALID.`,
		Example: `  $ oss-dev config get approval.policy
  $ oss-dev config get github.cache_ttl --json`,
		Args: cmdutil.ExactArgs(1, "the key to print"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Key = args[0]
			if runF != nil {
				return runF(opts)
			}
			return getRun(opts)
		},
	}
	return cmd
}

func getRun(opts *GetOptions) error {
	// An unknown key is reported even when a file is broken.
	l, err := opts.Load()
	if err != nil {
		if _, kerr := (&config.Loaded{}).Get(opts.Key); kerr != nil {
			return kerr
		}
		return err
	}
	e, err := l.Get(opts.Key)
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, e)
	}
	if _, err := fmt.Fprintln(opts.IO.Out, e.Text()); err != nil {
		return err
	}
	// On stderr, so that $(oss-dev config get KEY) is still the value alone.
	for _, ig := range e.Ignored {
		fmt.Fprintf(opts.IO.ErrOut, "%s ignored %s from %s: %s\n", opts.IO.ColorScheme().WarningIcon(), ig.Key, ig.Origin, ig.Why)
	}
	return nil
}
