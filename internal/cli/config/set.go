package config

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// SetOptions are the inputs of `config set`.
type SetOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	Paths  func() config.Paths
	Load   func() (*config.Loaded, error)

	Key, Value string
	Project    bool
}

// SetJSON is the --json shape of `config set`.
type SetJSON struct {
	Key   string       `json:"key"`
	Value string       `json:"value"`
	Layer config.Layer `json:"layer"`
	File  string       `json:"file"`
}

// NewCmdSet returns `config set`.
func NewCmdSet(f *cmdutil.Factory, runF func(*SetOptions) error) *cobra.Command {
	opts := &SetOptions{IO: f.IO, Output: f.Output, Paths: pathsFor(f), Load: loader(f)}
	var user bool
	cmd := &cobra.Command{
		Use:   "set <key> <value>",
		Short: "Change one setting in your file or the project's",
		Long: `Write key = value into your config file (--user, the default) or the
project's (--project, at the repository's root).

The key and the value are checked first, then the file as it would be;
nothing is written when either is wrong. The file keeps everything else as
it was, comments and order included, and is replaced atomically, so it is
never left half-written. The file and its folder are created only when a
value is actually written.

Lists are comma-separated ("go,rust"); durations are written like 30s, 5m,
1h30m. Secrets cannot be set here (use the environment), nor approval rules
(use 'oss-dev config rules').

With --json: {"key": ..., "value": ..., "layer": "user", "file": "/path"}.`,
		Example: `  $ oss-dev config set approval.policy on_failure
  $ oss-dev config set github.cache_ttl 5m
  $ oss-dev config set profile.languages go,rust
  $ oss-dev config set approval.tools.run_tests auto --project`,
		Args: cmdutil.ExactArgs(2, "the key and its value"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Key, opts.Value = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return setRun(opts)
		},
	}
	addLayerFlags(cmd, &user, &opts.Project)
	return cmd
}

// addLayerFlags adds the mutually exclusive --user and --project.
func addLayerFlags(cmd *cobra.Command, user, project *bool) {
	cmd.Flags().BoolVar(user, "user", false, "Write your own config file (the default)")
	cmd.Flags().BoolVar(project, "project", false, "Write the project's .oss-dev/config.toml at the repository's root")
	cmd.MarkFlagsMutuallyExclusive("user", "project")
}

// target is the file that set and unset write.
func target(p config.Paths, project bool) (config.Layer, string, error) {
	if !project {
		return config.LayerUser, p.User, nil
	}
	if p.ProjectRoot == "" {
		return "", "", errcode.New(errcode.ConfigNotFound,
			"there is no project config here: this folder is not inside a git repository",
			"run the command inside the repository, or leave out --project to change your own settings")
	}
	return config.LayerProject, p.Project, nil
}

func setRun(opts *SetOptions) error {
	layer, path, err := target(opts.Paths(), opts.Project)
	if err != nil {
		return err
	}
	if layer == config.LayerProject && config.UserOnly(opts.Key) {
		return errcode.Newf(errcode.ConfigInvalid, "set it in your own config: oss-dev config set --user "+opts.Key+" VALUE",
			"%s cannot be set in a project config: a repository's own config could send your credentials elsewhere or start programs", opts.Key)
	}
	if err := config.Set(path, opts.Key, opts.Value); err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, SetJSON{Key: opts.Key, Value: opts.Value, Layer: layer, File: path})
	}
	if opts.IO.IsStdoutTTY() {
		fmt.Fprintf(opts.IO.Out, "%s Set %s in %s\n", opts.IO.ColorScheme().SuccessIcon(), opts.Key, path)
	}
	warnOverridden(opts.IO, opts.Load, opts.Key, path)
	return nil
}

// warnOverridden tells on stderr when a higher layer still decides the
// value just written, so the change would otherwise seem to do nothing.
func warnOverridden(ios *iostreams.IOStreams, load func() (*config.Loaded, error), key, path string) {
	if load == nil {
		return
	}
	l, err := load()
	if err != nil {
		return
	}
	for _, ig := range l.IgnoredFor(key) {
		if ig.Origin.File == path {
			fmt.Fprintf(ios.ErrOut, "note: %s in %s is not in force: %s\n", key, path, ig.Why)
			return
		}
	}
	o, ok := l.Origins[key]
	if !ok || o.File == path || o.Layer == config.LayerDefault {
		return
	}
	fmt.Fprintf(ios.ErrOut, "note: %s is still decided by %s, which overrides %s\n", key, o, path)
}
