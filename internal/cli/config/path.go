package config

import (
	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
)

// PathOptions are the inputs of `config path`.
type PathOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	Paths  func() config.Paths
}

// PathJSON is the --json shape of `config path`.
type PathJSON struct {
	// Files are the layer files, lowest priority first.
	Files []config.LayerFile `json:"files"`
	// User is the file `config set` writes; Project the one
	// `config set --project` writes, "" outside a repository.
	User    string `json:"user"`
	Project string `json:"project"`
}

// NewCmdPath returns `config path`.
func NewCmdPath(f *cmdutil.Factory, runF func(*PathOptions) error) *cobra.Command {
	opts := &PathOptions{IO: f.IO, Output: f.Output, Paths: pathsFor(f)}
	cmd := &cobra.Command{
		Use:   "path",
		Short: "List the config file of every layer",
		Long: `List the config files OSS-Dev reads, lowest priority first, whether each
exists, and which one 'config set' writes (--user, the default) and which
'config set --project' writes. Piped, the rows are tab-separated:
layer, path, exists|missing, and the writing note when there is one.

With --json: {"files": [{"layer": "system", "path": "/etc/xdg/oss-dev/config.toml",
"exists": false}, ...], "user": "/path", "project": "/path or empty"}.`,
		Example: `  $ oss-dev config path
  $ oss-dev config path --json --jq .user`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return pathRun(opts)
		},
	}
	return cmd
}

func pathRun(opts *PathOptions) error {
	p := opts.Paths()
	files := p.Files()
	if opts.Output.WantsJSON() {
		if files == nil {
			files = []config.LayerFile{}
		}
		return opts.Output.Export(opts.IO.Out, PathJSON{Files: files, User: p.User, Project: p.Project})
	}
	t := cmdutil.NewTable(opts.IO, "LAYER", "PATH", "STATUS", "")
	cs := opts.IO.ColorScheme()
	t.Style(2, func(s string) string {
		if s == "exists" {
			return cs.Green(s)
		}
		return cs.Gray(s)
	})
	for _, f := range files {
		status := "missing"
		if f.Exists {
			status = "exists"
		}
		note := ""
		switch f.Layer {
		case config.LayerUser:
			note = "config set writes here"
		case config.LayerProject:
			note = "config set --project writes here"
		}
		t.AddRow(string(f.Layer), f.Path, status, note)
	}
	if p.Project == "" {
		t.AddRow(string(config.LayerProject), "-", "not in a git repository", "")
	}
	return t.Render()
}
