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
	Ref  string
	Dir  string
	File string
}

// NewCmdStart builds `mentor start`.
func NewCmdStart(f *cmdutil.Factory, runF func(*StartOptions) error) *cobra.Command {
	opts := &StartOptions{Deps: depsOf(f)}
	cmd := &cobra.Command{
		Use:   "start {REF | --file ISSUE} [--dir DIR]",
		Short: "Start a contribution to an issue",
		Long: `Start a contribution to the issue REF (OWNER/REPO#N or its URL).

The repository is used where it is when the current folder (or --dir) is a
clone of it; otherwise it is cloned into --dir or ./REPO. When you cannot push
to it, your fork is found or created and added as the remote "fork". Then the
repository and the issue are analysed, plan.md is written in the workflow's
folder, and the feature branch is created. Each change asks for approval.

With --file the issue is read from a saved file instead of GitHub: GitHub's
issue JSON, the output of 'gh issue view N --json
title,body,comments,labels,assignees,author,state,url,number,createdAt', or
Markdown whose first "# " line is the title. The repository must already be
cloned (the current folder or --dir); nothing is cloned or forked, and every
step up to COMMIT_PR runs without the network. COMMIT_PR then asks GitHub
whether you can push (setting up your fork if not) and opens the pull
request; offline it stops with PROVIDER_UNAVAILABLE and what to do.

JSON output (--json): {workflow, steps, plan_path, plan, warnings, next_step};
see mentoring.Result.`,
		Example: `  $ oss-dev mentor start cli/cli#1234
  $ oss-dev mentor start https://github.com/cli/cli/issues/1234 --dir ~/src/cli
  $ gh issue view 1234 --json title,body,comments,labels,assignees,author,state,url,number,createdAt > issue.json
  $ oss-dev mentor start --file issue.json --dir ~/src/cli`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Ref = args[0]
			}
			switch {
			case opts.Ref != "" && opts.File != "":
				return cmdutil.UsageErrorf("give either REF or --file, not both")
			case opts.Ref == "" && opts.File == "":
				return cmdutil.UsageErrorf("%s: missing REF (OWNER/REPO#NUMBER or an issue URL) or --file", cmd.CommandPath())
			}
			if runF != nil {
				return runF(opts)
			}
			return startRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "Use or clone the repository in `DIR`")
	cmd.Flags().StringVarP(&opts.File, "file", "F", "", "Start from the issue saved in `ISSUE` (JSON or Markdown), offline")
	return cmd
}

func startRun(ctx context.Context, opts *StartOptions) error {
	if opts.File != "" {
		res, err := opts.Service().StartFromFile(ctx, opts.File, opts.Dir)
		return printResult(opts.Deps, res, err)
	}
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
	if err := cmdutil.PrintDiagnostics(out, cs, "", res.Warnings); err != nil {
		return err
	}
	fmt.Fprintf(out, "Workflow %s is in %s\n", res.Workflow.ID, cs.Bold(string(res.Workflow.Phase)))
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
