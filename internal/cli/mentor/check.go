package mentor

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
)

// CheckOptions holds what `mentor check` needs.
type CheckOptions struct {
	Deps
	ID      string
	Numbers []int
	All     bool
	Undo    bool
}

// NewCmdCheck builds `mentor check`.
func NewCmdCheck(f *cmdutil.Factory, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{Deps: depsOf(f)}
	cmd := &cobra.Command{
		Use:   "check [ID] [N...] [--all] [--undo]",
		Short: "Tick the issue's requirements you have done",
		Long: `Show the issue's requirements as a numbered checklist, or tick the ones you
have done: by number, or all of them with --all. --undo removes ticks.

VALIDATION matches each requirement against your changes. The ones it cannot
match must be ticked by you: ahead of time with this command, or when
'mentor next' asks on a terminal. Without a terminal, 'mentor next' stops
and names the numbers to tick. Each tick records who (git's user.name and
user.email) and when; the pull request's checklist shows the ticks.

ID is optional and comes first: the numbers are the checklist's, shown by
'oss-dev mentor check' with no numbers.

JSON output (--json): {workflow, items: [{number, kind, text, status,
evidence, checked_by, checked_at}], unchecked}; status is addressed (found
in the diff), checked (ticked by a person) or unknown.`,
		Example: `  $ oss-dev mentor check
  $ oss-dev mentor check 2 3
  $ oss-dev mentor check --all
  $ oss-dev mentor check widget-7-a1b2c3 2 --undo`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := parseCheckArgs(opts, args); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return checkRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "Tick every requirement")
	cmd.Flags().BoolVar(&opts.Undo, "undo", false, "Remove the ticks instead")
	return cmd
}

// parseCheckArgs takes an optional workflow ID first, then requirement numbers.
func parseCheckArgs(opts *CheckOptions, args []string) error {
	if len(args) > 0 {
		if _, err := strconv.Atoi(args[0]); err != nil {
			opts.ID, args = args[0], args[1:]
		}
	}
	for _, a := range args {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 {
			return cmdutil.UsageErrorf("%q is not a requirement number (1, 2, ...); the workflow ID, if any, comes first", a)
		}
		opts.Numbers = append(opts.Numbers, n)
	}
	if opts.All && len(opts.Numbers) > 0 {
		return cmdutil.UsageErrorf("give requirement numbers or --all, not both")
	}
	if opts.Undo && !opts.All && len(opts.Numbers) == 0 {
		return cmdutil.UsageErrorf("--undo needs the numbers to untick, or --all")
	}
	return nil
}

func checkRun(ctx context.Context, opts *CheckOptions) error {
	list, err := opts.Service().Check(ctx, opts.ID, mentoring.CheckOptions{Numbers: opts.Numbers, All: opts.All, Undo: opts.Undo})
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, list)
	}
	out := opts.IO.Out
	fmt.Fprintf(out, "%s  %s\n", opts.IO.ColorScheme().Bold(list.Workflow.ID), list.Workflow.Title)
	if len(list.Items) == 0 {
		fmt.Fprintln(out, "The issue names no requirements to tick.")
		return nil
	}
	printChecklist(out, opts.IO, list.Items)
	switch {
	case list.Unchecked == 0:
		fmt.Fprintln(out, "Every requirement is matched or ticked.")
	default:
		fmt.Fprintf(out, "%d requirement(s) still to tick once you have checked them: oss-dev mentor check N...\n", list.Unchecked)
	}
	return nil
}

// printChecklist prints the numbered checklist with how each item is known
// to be done: found in the diff, or ticked by whom and when.
func printChecklist(out io.Writer, ios *iostreams.IOStreams, items []mentoring.CheckItem) {
	cs := ios.ColorScheme()
	for _, it := range items {
		box, why := "[ ]", ""
		switch it.Status {
		case "addressed":
			box = "[x]"
			if len(it.Evidence) > 0 {
				why = "found: " + it.Evidence[0]
			}
		case "checked":
			box = "[x]"
			why = "ticked by " + it.CheckedBy
			if it.CheckedAt != nil {
				why += " on " + it.CheckedAt.Local().Format("2006-01-02 15:04")
			}
		}
		line := fmt.Sprintf("  %d. %s %s", it.Number, box, it.Text)
		if why != "" {
			line += "  " + cs.Gray("("+why+")")
		}
		fmt.Fprintln(out, line)
	}
}
