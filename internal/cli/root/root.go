// Package root builds the oss-dev command tree.
package root

import (
	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/analyze"
	cachecmd "github.com/oss-dev/oss-dev/internal/cli/cache"
	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	configcmd "github.com/oss-dev/oss-dev/internal/cli/config"
	"github.com/oss-dev/oss-dev/internal/cli/discover"
	docscmd "github.com/oss-dev/oss-dev/internal/cli/docs"
	"github.com/oss-dev/oss-dev/internal/cli/doctor"
	"github.com/oss-dev/oss-dev/internal/cli/explain"
	"github.com/oss-dev/oss-dev/internal/cli/issues"
	"github.com/oss-dev/oss-dev/internal/cli/mentor"
	pluginscmd "github.com/oss-dev/oss-dev/internal/cli/plugins"
	"github.com/oss-dev/oss-dev/internal/cli/roadmap"
	setupcmd "github.com/oss-dev/oss-dev/internal/cli/setup"
	telemetrycmd "github.com/oss-dev/oss-dev/internal/cli/telemetry"
)

// NewCmdRoot returns the root command with every working command group.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "oss-dev <command> <subcommand> [flags]",
		Short: "The operating system for open-source contributors",
		Long: `OSS-Dev finds projects and issues that fit you, explains a repository and an
issue, and guides a contribution from issue to pull request, asking before
every change it makes.`,
		Example: `  $ oss-dev doctor
  $ oss-dev config show --origin
  $ oss-dev config set approval.policy on_request`,
		Version:       f.AppVersion,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.ArbitraryArgs,
		RunE:          cmdutil.GroupRunE,
	}
	cmd.SetVersionTemplate("oss-dev {{.Version}}\n")
	cmd.SetOut(f.IO.Out)
	cmd.SetErr(f.IO.ErrOut)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &cmdutil.FlagError{Err: err}
	})

	pf := cmd.PersistentFlags()
	pf.BoolVar(&f.Output.JSON, "json", false, "Print the result as JSON")
	pf.StringVar(&f.Output.JQ, "jq", "", "Filter the JSON result with a jq `expression` (implies --json)")
	pf.BoolVar(&f.Output.Debug, "debug", false, "Show the cause chain of errors and diagnostic detail")

	for _, sub := range commands(f) {
		cmd.AddCommand(sub)
	}
	cmd.InitDefaultCompletionCmd()
	if c, _, err := cmd.Find([]string{"completion"}); err == nil && c != cmd {
		c.Example = `  $ source <(oss-dev completion bash)
  $ oss-dev completion zsh > "${fpath[1]}/_oss-dev"
  $ oss-dev completion fish > ~/.config/fish/completions/oss-dev.fish`
	}
	return cmd
}

// commands lists the top-level command groups. A group appears here only
// when it works end to end.
func commands(f *cmdutil.Factory) []*cobra.Command {
	return []*cobra.Command{
		configcmd.NewCmdConfig(f),
		analyze.NewCmdAnalyze(f),
		docscmd.NewCmdDocs(f),
		doctor.NewCmdDoctor(f, nil),
		explain.NewCmdExplain(f, nil),
		cachecmd.NewCmdCache(f),
		issues.NewCmdIssues(f),
		mentor.NewCmdMentor(f),
		pluginscmd.NewCmdPlugins(f),
		discover.NewCmdDiscover(f),
		roadmap.NewCmdRoadmap(f, nil),
		setupcmd.NewCmdSetup(f, nil),
		telemetrycmd.NewCmdTelemetry(f),
	}
}

// AddPluginCommands registers the commands of the plugins in use under
// their own help heading when args may name one or list them (help,
// completion, a name oss-dev does not have), so that oss-dev's own
// commands do not pay for discovering plugins. A plugin cannot take a name
// oss-dev has. Without plugin commands the help stays as it is.
func AddPluginCommands(root *cobra.Command, f *cmdutil.Factory, args []string) {
	if !mayNamePlugin(root, args) {
		return
	}
	taken := func(name string) bool {
		c, _, err := root.Find([]string{name})
		return name == "help" || name == "completion" || (err == nil && c != root)
	}
	subs := pluginscmd.Commands(f, taken)
	if len(subs) == 0 {
		return
	}
	root.AddGroup(&cobra.Group{ID: "core", Title: "Available Commands:"}, &cobra.Group{ID: pluginscmd.GroupID, Title: "Plugin commands:"})
	for _, c := range root.Commands() {
		c.GroupID = "core"
	}
	root.SetHelpCommandGroupID("core")
	root.SetCompletionCommandGroupID("core")
	root.AddCommand(subs...)
}

// mayNamePlugin reports whether args run help, completion or a command
// that is not oss-dev's own.
func mayNamePlugin(root *cobra.Command, args []string) bool {
	if len(args) == 0 {
		return true
	}
	switch args[0] {
	case "help", "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
		return true
	}
	c, _, err := root.Find(args)
	return err != nil || c == root
}
