package mentor

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
)

// StartOptions holds what `mentor start` needs.
type StartOptions struct {
	Deps
	Ref string
	Dir string
}

// NewCmdStart builds `mentor start`.
func NewCmdStart(f *cmdutil.Factory, runF func(*StartOptions) error) *cobra.Command {
	opts := &StartOptions{Deps: depsOf(f)}
	cmd := &cobra.Command{
		Use:   "start REF [--dir DIR]",
		Short: "Start a contribution to an issue",
		Long: `Start a contribution to the issue REF (OWNER/REPO#N or its URL).

The repository is used where it is when the current folder (or --dir) is a
clone of it; otherwise it is cloned into --dir or ./REPO. When you cannot push
to it, your fork is found or created and added as the remote "fork". Then the
repository and the issue are analysed, plan.md is written in the workflow's
folder, and the feature branch is created. Each change asks for approval.

JSON output (--json): {workflow, steps, plan_path, plan, warnings, next_step};
see mentoring.Result.`,
		Example: `  $ oss-dev mentor start cli/cli#1234
  $ oss-dev mentor start https://github.com/cli/cli/issues/1234 --dir ~/src/cli`,
		Args: cmdutil.ExactArgs(1, "REF (OWNER/REPO#NUMBER or an issue URL)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return startRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "Use or clone the repository in `DIR`")
	return cmd
}

func startRun(ctx context.Context, opts *StartOptions) error {
	res, err := opts.Service().Start(ctx, opts.Ref, opts.Dir)
	return printResult(opts.Deps, res, err)
}

// printResult prints what start, next and resume did, also when they
// stopped with an error after doing part of it.
func printResult(d Deps, res *mentoring.Result, runErr error) error {
	d.IO.StopProgress()
	if res == nil {
		return runErr
	}
	if d.Output.WantsJSON() {
		if err := d.Output.Export(d.IO.Out, res); err != nil {
			return err
		}
		return runErr
	}
	out, cs := d.IO.Out, d.IO.ColorScheme()
	if res.Plan != "" {
		fmt.Fprintln(out, renderMarkdown(d.IO, res.Plan))
		fmt.Fprintf(out, "Plan written to %s\n", res.PlanPath)
	}
	if v := res.Verification; v != nil {
		icon := cs.SuccessIcon()
		if !v.Passed {
			icon = cs.FailureIcon()
		}
		fmt.Fprintf(out, "%s tests: %s (exit %d)\n", icon, orText(v.Command, "none detected"), v.ExitCode)
		for _, s := range v.Summary {
			fmt.Fprintf(out, "    %s\n", s)
		}
	}
	if v := res.Validation; v != nil {
		printChecklist(out, d.IO, v.Checklist)
		for _, c := range v.Checks {
			icon := cs.SuccessIcon()
			if !c.Passed {
				icon = cs.FailureIcon()
			}
			fmt.Fprintf(out, "%s %s\n", icon, c.Name)
		}
	}
	if pr := res.PullRequest; pr != nil {
		kind := "Pull request"
		if pr.Draft {
			kind = "Draft pull request"
		}
		if pr.Adopted {
			kind += " (already open, now recorded)"
		}
		fmt.Fprintf(out, "%s #%d: %s\n", kind, pr.Number, pr.URL)
	}
	if l := res.BranchLink; l != nil {
		printBranchLink(out, l)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(out, "%s %s\n", cs.WarningIcon(), w)
	}
	fmt.Fprintf(out, "Workflow %s is in %s\n", res.Workflow.ID, cs.Bold(res.Workflow.Phase))
	if runErr == nil {
		fmt.Fprintf(out, "Next: %s\n", res.NextStep)
	}
	return runErr
}

// printBranchLink says whether the branch is linked to the issue on GitHub.
func printBranchLink(out io.Writer, l *mentoring.BranchLink) {
	if l.Linked {
		fmt.Fprintf(out, "Branch %s on %s is linked to the issue\n", l.Branch, l.Repo)
		return
	}
	fmt.Fprintf(out, "Branch %s is not linked to the issue: %s\n", l.Branch, l.Note)
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
