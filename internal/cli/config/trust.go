package config

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
)

// TrustOptions are the inputs of `config trust`.
type TrustOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	Paths  func() config.Paths
	Load   func() (*config.Loaded, error)
}

// TrustJSON is the --json shape of `config trust`.
type TrustJSON struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	// Now lists the values that were ignored before and count now.
	Now []config.Ignored `json:"now_in_force"`
}

// NewCmdTrust returns `config trust`.
func NewCmdTrust(f *cmdutil.Factory, runF func(*TrustOptions) error) *cobra.Command {
	opts := &TrustOptions{IO: f.IO, Output: f.Output, Paths: pathsFor(f), Load: loader(f)}
	return &cobra.Command{
		Use:   "trust",
		Short: "Let the project's config count in full, as it is now",
		Long: `Record the project's .oss-dev/config.toml, as it is now, as your own.

A project config may come with the repository, so unless it is yours it
only tightens approvals: its deny rules and stricter policies apply, and its
allow rules, looser policies and other values are ignored ('oss-dev config
show' lists them). A file is yours when oss-dev wrote it for you ('config
set --project', 'config rules allow', an "always" answer) or when you trust
it with this command after reading it. Its SHA-256 is kept in your state
folder, as 'direnv allow' does for an .envrc: when the file changes (a
pull, an edit by hand), it only tightens again until you trust it again.
A symbolic link is never trusted.

With --json: {"file": "/path", "sha256": "sha256:...", "now_in_force": [{"key",
"value", "origin", "why"}]}.`,
		Example: `  $ cat .oss-dev/config.toml
  $ oss-dev config trust`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return trustRun(opts)
		},
	}
}

func trustRun(opts *TrustOptions) error {
	_, path, err := target(opts.Paths(), true)
	if err != nil {
		return err
	}
	var before []config.Ignored
	if l, err := opts.Load(); err == nil {
		before = l.Ignored
	}
	sum, err := config.TrustProject(path)
	if err != nil {
		return err
	}
	if before == nil {
		before = []config.Ignored{}
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, TrustJSON{File: path, SHA256: sum, Now: before})
	}
	cs := opts.IO.ColorScheme()
	fmt.Fprintf(opts.IO.Out, "%s Trusted %s as it is now (%s)\n", cs.SuccessIcon(), path, sum)
	for _, ig := range before {
		fmt.Fprintf(opts.IO.Out, "  now in force: %s = %s (%s)\n", ig.Key, ig.Text(), ig.Origin)
	}
	return nil
}
