package plugins

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/cli/prompt"
	"github.com/oss-dev/oss-dev/internal/plugin"
	svc "github.com/oss-dev/oss-dev/internal/service/plugins"
)

// manager is the service that changes what is installed and enabled.
func manager(cmd *cobra.Command, f *cmdutil.Factory) (*svc.Manager, error) {
	cat, err := f.Plugins()
	if err != nil {
		return nil, err
	}
	root := cmd.Root()
	taken := func(name string) bool {
		c, _, err := root.Find([]string{name})
		return name == "help" || name == "completion" || (err == nil && c != root && c.GroupID != GroupID)
	}
	return &svc.Manager{WorkDir: f.WorkDir, Catalog: cat, Taken: taken, Confirmer: prompt.New(f.IO), Dirs: f.Dirs, ReadConfig: f.ReadConfig}, nil
}

func newCmdInstall(f *cmdutil.Factory) *cobra.Command {
	var allowToken bool
	cmd := &cobra.Command{
		Use:   "install PATH|GIT-URL",
		Short: "Install a plugin from a folder or a git repository",
		Long: `Install the plugin in a folder, or in a git repository (cloned first into a
staging folder), into the plugin folder, and enable it. The manifest and the
executable are checked before anything is copied; a name that a plugin or a
command already has is refused. The install is approved first, like every
change oss-dev makes. A plugin whose manifest needs your GitHub token gets it
only with --allow-token.
With --json: {"name", "version", "path", "source", "github_token", "needs_github_token"}.`,
		Example: `  $ oss-dev plugins install ./hello
  $ oss-dev plugins install https://github.com/someone/oss-dev-plugin.git`,
		Args: cmdutil.ExactArgs(1, "the plugin's folder or git URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := manager(cmd, f)
			if err != nil {
				return err
			}
			in, err := m.Install(cmd.Context(), args[0], allowToken)
			if err != nil {
				return err
			}
			if f.Output.WantsJSON() {
				return f.Output.Export(f.IO.Out, in)
			}
			fmt.Fprintf(f.IO.Out, "Installed %s %s into %s and enabled it.\n", iostreams.Sanitize(in.Name), iostreams.Sanitize(in.Version), in.Path)
			if in.NeedsToken && !in.TokenGrant {
				fmt.Fprintf(f.IO.Out, "It asks for your GitHub token and does not get it; install it again with --allow-token to give it.\n")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&allowToken, "allow-token", false, "Give the plugin your GitHub token when its manifest needs it")
	return cmd
}

func newCmdRemove(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "remove NAME",
		Short: "Remove an installed plugin",
		Long: `Delete an installed plugin's folder, once approved, and take it out of
plugins.enabled. Built-in plugins and executables on PATH are not removed:
disable them instead.
With --json: {"name", "path"}.`,
		Example: `  $ oss-dev plugins remove hello`,
		Args:    cmdutil.ExactArgs(1, "the plugin's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := manager(cmd, f)
			if err != nil {
				return err
			}
			path, err := m.Remove(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if f.Output.WantsJSON() {
				return f.Output.Export(f.IO.Out, map[string]string{"name": args[0], "path": path})
			}
			fmt.Fprintf(f.IO.Out, "Removed %s (%s).\n", iostreams.Sanitize(args[0]), path)
			return nil
		},
	}
}

func newCmdToggle(f *cmdutil.Factory, enable bool) *cobra.Command {
	use, short, long := "disable", "Turn a plugin off", `Turn a plugin off, built-in ones included, in your own config
(plugins.disabled). Its commands, hooks and tools are gone until you enable it.`
	if enable {
		use, short, long = "enable", "Turn a plugin on", `Turn a plugin on in your own config: into plugins.enabled and out of
plugins.disabled. Only your own config enables a plugin; a repository's cannot.`
	}
	return &cobra.Command{
		Use:     use + " NAME",
		Short:   short,
		Long:    long + "\nWith --json: {\"name\", \"status\"}.",
		Example: "  $ oss-dev plugins " + use + " hello",
		Args:    cmdutil.ExactArgs(1, "the plugin's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := manager(cmd, f)
			if err != nil {
				return err
			}
			name := args[0]
			if _, ok := m.Catalog.Lookup(name); !ok {
				return notFound(name)
			}
			status := plugin.StatusDisabled
			if enable {
				status = plugin.StatusOK
				err = m.Enable(name)
			} else {
				err = m.Disable(name)
			}
			if err != nil {
				return err
			}
			if f.Output.WantsJSON() {
				return f.Output.Export(f.IO.Out, map[string]string{"name": name, "status": string(status)})
			}
			fmt.Fprintf(f.IO.Out, "%s is %sd in %s.\n", iostreams.Sanitize(name), use, "your config")
			return nil
		},
	}
}
