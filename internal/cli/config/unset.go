package config

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
)

// UnsetOptions are the inputs of `config unset`.
type UnsetOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	Paths  func() config.Paths

	Key     string
	Project bool
}

// UnsetJSON is the --json shape of `config unset`.
type UnsetJSON struct {
	Key     string       `json:"key"`
	Layer   config.Layer `json:"layer"`
	File    string       `json:"file"`
	Removed bool         `json:"removed"`
}

// NewCmdUnset returns `config unset`.
func NewCmdUnset(f *cmdutil.Factory, runF func(*UnsetOptions) error) *cobra.Command {
	opts := &UnsetOptions{IO: f.IO, Output: f.Output, Paths: pathsFor(f)}
	var user bool
	cmd := &cobra.Command{
		Use:   "unset <key>",
		Short: "Remove one setting from your file or the project's",
		Long: `Remove the line that sets key from your config file (--user, the default)
or the project's (--project), so the layers below decide its value again.
Everything else in the file stays as it was.

A key that is not in the file is not an error (nothing changes). A key the
file has but that is not valid, such as a misspelt one or a secret, can be
removed too: that is how a broken file is repaired.

With --json: {"key": ..., "layer": "user", "file": "/path", "removed": true}.`,
		Example: `  $ oss-dev config unset ui.color
  $ oss-dev config unset approval.policy --project`,
		Args: cmdutil.ExactArgs(1, "the key to remove"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Key = args[0]
			if runF != nil {
				return runF(opts)
			}
			return unsetRun(opts)
		},
	}
	addLayerFlags(cmd, &user, &opts.Project)
	return cmd
}

func unsetRun(opts *UnsetOptions) error {
	layer, path, err := target(opts.Paths(), opts.Project)
	if err != nil {
		return err
	}
	removed, err := config.Unset(path, opts.Key)
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, UnsetJSON{Key: opts.Key, Layer: layer, File: path, Removed: removed})
	}
	if !removed {
		fmt.Fprintf(opts.IO.ErrOut, "%s was not set in %s; nothing changed\n", opts.Key, path)
		return nil
	}
	if opts.IO.IsStdoutTTY() {
		fmt.Fprintf(opts.IO.Out, "%s Removed %s from %s\n", opts.IO.ColorScheme().SuccessIcon(), opts.Key, path)
	}
	return nil
}
