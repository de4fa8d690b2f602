package mentor

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/assist"
)

// UndoOptions holds what `mentor undo` needs.
type UndoOptions struct {
	Deps
	ID  string
	All bool
}

// NewCmdUndo builds `mentor undo`.
func NewCmdUndo(f *cmdutil.Factory, runF func(*UndoOptions) error) *cobra.Command {
	opts := &UndoOptions{Deps: depsOf(f)}
	cmd := &cobra.Command{
		Use:   "undo [ID] [--all]",
		Short: "Revert the assistant's last change",
		Long: `Revert the last file change 'oss-dev mentor assist' made, and only that:
changes you made by hand stay. A file that changed since the assistant wrote
it (by you or a command) is left as it is and named. --all reverts every
change of the workflow's assistant sessions, newest first. Each revert is
approved like any other change.

JSON output (--json): {workflow, reverted: [{path, reverted, reason, diff}]}.`,
		Example: `  $ oss-dev mentor undo
  $ oss-dev mentor undo --all`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = idArg(args)
			if runF != nil {
				return runF(opts)
			}
			return undoRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "Revert every change of the assistant in this workflow")
	return cmd
}

func undoRun(ctx context.Context, opts *UndoOptions) error {
	w, err := opts.Service().Workspace(ctx, opts.ID)
	if err != nil {
		return err
	}
	sessions := assist.Sessions{Store: w.Store}
	s, ok, err := sessions.Load(w.WorkflowID)
	if err != nil {
		return err
	}
	if !ok {
		return errcode.Newf(errcode.InvalidInput, "nothing to undo; 'oss-dev mentor assist' records the changes it makes",
			"the assistant has made no change in workflow %s", w.WorkflowID)
	}
	ws := &assist.Workspace{Root: w.Root, Workflow: w.WorkflowID, Approver: w.Approver}
	reverted, undoErr := assist.Undo(ctx, ws, s, opts.All)
	if err := sessions.Save(ctx, s); err != nil {
		return err
	}
	if undoErr != nil {
		return undoErr
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, struct {
			Workflow string            `json:"workflow"`
			Reverted []assist.Reverted `json:"reverted"`
		}{w.WorkflowID, reverted})
	}
	cs := opts.IO.ColorScheme()
	for _, r := range reverted {
		if r.Reverted {
			fmt.Fprintf(opts.IO.Out, "%s Reverted the assistant's change to %s\n", cs.SuccessIcon(), r.Path)
			continue
		}
		fmt.Fprintf(opts.IO.Out, "%s Left %s: %s\n", cs.WarningIcon(), r.Path, r.Reason)
	}
	return nil
}
