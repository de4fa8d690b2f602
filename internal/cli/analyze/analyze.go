// Package analyze holds the `analyze` command group: what a repository is
// made of and how to work on it, and what an issue asks for.
package analyze

import (
	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
)

// NewCmdAnalyze builds the `analyze` group.
func NewCmdAnalyze(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "analyze <command>",
		Short: "Analyse a repository or an issue",
		Long: `Analyse a repository (languages, size, stack, commands, how to contribute,
layout) or an issue (type, newcomer suitability, requirements).`,
		Example: `  $ oss-dev analyze repo .
  $ oss-dev analyze repo cli/cli --json`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(NewCmdRepo(f, nil))
	cmd.AddCommand(NewCmdIssue(f, nil))
	return cmd
}
