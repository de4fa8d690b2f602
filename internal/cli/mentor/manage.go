package mentor

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
)

// StatusOptions holds what `mentor status` needs.
type StatusOptions struct {
	Deps
	ID string
}

// NewCmdStatus builds `mentor status`.
func NewCmdStatus(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{Deps: depsOf(f)}
	return &cobra.Command{
		Use:   "status [ID]",
		Short: "Show a workflow's phase, history and next step",
		Long: `Show the workflow's phase, its history, the next step, what the way forward
still needs, and the tokens its language-model calls used.

JSON output (--json): {workflow, history: [{at, from, to, trigger, reason}],
next_step, guard: {name, holds, needs}, tokens: {calls, input, output, total},
assistant: {calls, input, output, total, cost},
plan_path, verification, validation, pull_request, branch_link: {linked,
branch, repo, note}, warnings}.`,
		Example: `  $ oss-dev mentor status
  $ oss-dev mentor status --jq .guard.needs`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = idArg(args)
			if runF != nil {
				return runF(opts)
			}
			return statusRun(cmd.Context(), opts)
		},
	}
}

func statusRun(ctx context.Context, opts *StatusOptions) error {
	st, err := opts.Service().Status(ctx, opts.ID)
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, st)
	}
	out, cs := opts.IO.Out, opts.IO.ColorScheme()
	w := st.Workflow
	fmt.Fprintf(out, "%s  %s\n", cs.Bold(w.ID), clipLine(oneLine(w.Title), 200))
	fmt.Fprintf(out, "Issue:   %s\nPhase:   %s\n", w.IssueURL, cs.Bold(string(w.Phase)))
	if w.Branch != "" {
		fmt.Fprintf(out, "Branch:  %s\n", w.Branch)
	}
	if st.PlanPath != "" {
		fmt.Fprintf(out, "Plan:    %s\n", st.PlanPath)
	}
	if g := st.Guard; g != nil {
		state := cs.Green("holds")
		if !g.Holds {
			state = cs.Yellow("needs: " + g.Needs)
		}
		fmt.Fprintf(out, "Guard:   %s (%s)\n", g.Name, state)
	}
	if v := st.Verification; v != nil {
		res := "passed"
		if !v.Passed {
			res = "failed: " + strings.Join(v.Summary, "; ")
		}
		fmt.Fprintf(out, "Tests:   %s %s\n", orText(v.Command, "none"), res)
	}
	if pr := st.PullRequest; pr != nil {
		fmt.Fprintf(out, "PR:      #%d %s\n", pr.Number, pr.URL)
	}
	if l := st.BranchLink; l != nil {
		link := "linked to the issue on GitHub"
		if !l.Linked {
			link = "not linked: " + l.Note
		}
		fmt.Fprintf(out, "Link:    %s\n", link)
	}
	if v := st.Validation; v != nil && len(v.Checklist) > 0 {
		fmt.Fprintln(out, "\nWhat the issue asks ('oss-dev mentor check' ticks what you did):")
		printChecklist(out, opts.IO, v.Checklist)
	}
	fmt.Fprintf(out, "Tokens:  %d in %d model call(s)\n", st.Tokens.Total, st.Tokens.Calls)
	if a := st.Assistant; a != nil {
		fmt.Fprintf(out, "Assist:  %d in %d model call(s)", a.Total, a.Calls)
		if a.Cost > 0 {
			fmt.Fprintf(out, ", cost %.4f", a.Cost)
		}
		fmt.Fprintln(out)
	}
	if err := cmdutil.PrintDiagnostics(out, cs, "", st.Warnings); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nHistory:")
	for _, h := range st.History {
		fmt.Fprintf(out, "  %s  %-14s -> %-14s %s %s\n", h.At.Local().Format("2006-01-02 15:04"), h.From, h.To, h.Trigger, cs.Gray(oneLine(h.Reason)))
	}
	fmt.Fprintf(out, "\nNext: %s\n", st.NextStep)
	return nil
}

// ListOptions holds what `mentor list` needs.
type ListOptions struct{ Deps }

// NewCmdList builds `mentor list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{Deps: depsOf(f)}
	return &cobra.Command{
		Use:   "list",
		Short: "List the workflows of this repository",
		Long: `List the workflows of the current repository, newest first.

JSON output (--json): [{id, phase, issue, issue_url, title, branch, repository,
abandoned, blocked_reason, updated_at, version, error, ignored}]. A workflow
file your oss-dev did not write (committed, cloned, edited) is listed with
ignored: true and never loaded.`,
		Example: `  $ oss-dev mentor list
  $ oss-dev mentor list --jq '.[] | select(.abandoned | not) | .id'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
}

func listRun(ctx context.Context, opts *ListOptions) error {
	list, err := opts.Service().List(ctx)
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(opts.IO.ErrOut, "No workflows in this repository; start one with 'oss-dev mentor start OWNER/REPO#N'")
		return nil
	}
	t := cmdutil.NewTable(opts.IO, "ID", "PHASE", "ISSUE", "BRANCH", "UPDATED")
	for _, w := range list {
		phase := string(w.Phase)
		switch {
		case w.Ignored:
			phase = "ignored: not written by you"
		case w.Error != "":
			phase = "unreadable"
		case w.Abandoned:
			phase = "abandoned (" + string(w.Phase) + ")"
		}
		updated := ""
		if !w.UpdatedAt.IsZero() {
			updated = w.UpdatedAt.Local().Format(time.DateTime)
		}
		t.AddRow(w.ID, phase, w.Issue, w.Branch, updated)
	}
	return t.Render()
}

// BlockOptions holds what `mentor block` needs.
type BlockOptions struct {
	Deps
	Reason string
	ID     string
}

// NewCmdBlock builds `mentor block`.
func NewCmdBlock(f *cmdutil.Factory, runF func(*BlockOptions) error) *cobra.Command {
	opts := &BlockOptions{Deps: depsOf(f)}
	cmd := &cobra.Command{
		Use:   "block REASON [--id ID]",
		Short: "Mark the workflow blocked by something outside it",
		Long: `Mark the workflow blocked, with the reason. 'mentor unblock' returns it to
the phase it was in.

JSON output (--json): the workflow's summary, as in 'mentor list'.`,
		Example: `  $ oss-dev mentor block "waiting for the maintainers to agree on the API"`,
		Args:    cmdutil.ExactArgs(1, "REASON"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Reason = strings.TrimSpace(args[0])
			if opts.Reason == "" {
				return cmdutil.UsageErrorf("the reason is empty")
			}
			if runF != nil {
				return runF(opts)
			}
			sum, err := opts.Service().Block(cmd.Context(), opts.ID, opts.Reason)
			return printSummary(opts.Deps, sum, err, "blocked")
		},
	}
	cmd.Flags().StringVar(&opts.ID, "id", "", "The workflow `ID` (default: the most recent active one)")
	return cmd
}

// UnblockOptions holds what `mentor unblock` needs.
type UnblockOptions struct {
	Deps
	ID string
}

// NewCmdUnblock builds `mentor unblock`.
func NewCmdUnblock(f *cmdutil.Factory, runF func(*UnblockOptions) error) *cobra.Command {
	opts := &UnblockOptions{Deps: depsOf(f)}
	return &cobra.Command{
		Use:   "unblock [ID]",
		Short: "Return a blocked workflow to its phase",
		Long: `Check that the workflow can go on (its repository and branch are there) and
return it to the phase it was blocked in.

JSON output (--json): the workflow's summary, as in 'mentor list'.`,
		Example: `  $ oss-dev mentor unblock`,
		Args:    cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = idArg(args)
			if runF != nil {
				return runF(opts)
			}
			id := opts.ID
			if id == "" {
				id = lastBlocked(cmd.Context(), opts.Deps)
			}
			sum, err := opts.Service().Unblock(cmd.Context(), id)
			return printSummary(opts.Deps, sum, err, "back in "+string(sum.Phase))
		},
	}
}

// lastBlocked picks the most recent blocked workflow, since a blocked one
// is what unblock is for.
func lastBlocked(ctx context.Context, d Deps) string {
	list, err := d.Service().List(ctx)
	if err != nil {
		return ""
	}
	for _, w := range list {
		if w.Phase == mentoring.PhaseBlocked && !w.Abandoned {
			return w.ID
		}
	}
	return ""
}

// AbandonOptions holds what `mentor abandon` needs.
type AbandonOptions struct {
	Deps
	ID     string
	Reason string
}

// NewCmdAbandon builds `mentor abandon`.
func NewCmdAbandon(f *cmdutil.Factory, runF func(*AbandonOptions) error) *cobra.Command {
	opts := &AbandonOptions{Deps: depsOf(f)}
	cmd := &cobra.Command{
		Use:   "abandon [ID]",
		Short: "Give up a workflow, keeping its files",
		Long: `Mark the workflow abandoned. Its file and plan stay; your branch and
changes are not touched.

JSON output (--json): the workflow's summary, as in 'mentor list'.`,
		Example: `  $ oss-dev mentor abandon
  $ oss-dev mentor abandon cli-1234-a1b2c3 --reason "fixed upstream"`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = idArg(args)
			if runF != nil {
				return runF(opts)
			}
			sum, err := opts.Service().Abandon(cmd.Context(), opts.ID, opts.Reason)
			return printSummary(opts.Deps, sum, err, "abandoned")
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "Why, for the record")
	return cmd
}

func printSummary(d Deps, sum mentoring.Summary, err error, what string) error {
	if err != nil {
		return err
	}
	if d.Output.WantsJSON() {
		return d.Output.Export(d.IO.Out, sum)
	}
	fmt.Fprintf(d.IO.Out, "%s Workflow %s %s\n", d.IO.ColorScheme().SuccessIcon(), sum.ID, what)
	return nil
}

// AuditOptions holds what `mentor audit` needs.
type AuditOptions struct {
	Deps
	ID string
}

// NewCmdAudit builds `mentor audit`.
func NewCmdAudit(f *cmdutil.Factory, runF func(*AuditOptions) error) *cobra.Command {
	opts := &AuditOptions{Deps: depsOf(f)}
	return &cobra.Command{
		Use:   "audit [ID]",
		Short: "Show the approval decisions of a workflow",
		Long: `Show every approval decision recorded for the workflow: when, which tool
and action, the decision, and whether a rule, the policy or a person made it.

JSON output (--json): [{time, workflow, tool, action, command, decision,
decided_by, rule, rule_file, policy, safety, reason}].`,
		Example: `  $ oss-dev mentor audit
  $ oss-dev mentor audit --jq '.[] | select(.decided_by == "person")'`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = idArg(args)
			if runF != nil {
				return runF(opts)
			}
			return auditRun(cmd.Context(), opts)
		},
	}
}

func auditRun(ctx context.Context, opts *AuditOptions) error {
	recs, path, err := opts.Service().Audit(ctx, opts.ID)
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, recs)
	}
	if len(recs) == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "No approval decisions recorded in %s\n", path)
		return nil
	}
	t := cmdutil.NewTable(opts.IO, "TIME", "TOOL", "ACTION", "DECISION", "BY", "REASON")
	for _, r := range recs {
		by := r.DecidedBy
		if r.Rule != "" {
			by += " (" + r.Rule + ")"
		}
		t.AddRow(r.Time.Local().Format(time.DateTime), string(r.Tool), r.Action, r.Decision, by, r.Reason)
	}
	return t.Render()
}

// AdoptOptions holds what `mentor adopt` needs.
type AdoptOptions struct {
	Deps
	ID string
}

// NewCmdAdopt builds `mentor adopt`.
func NewCmdAdopt(f *cmdutil.Factory, runF func(*AdoptOptions) error) *cobra.Command {
	opts := &AdoptOptions{Deps: depsOf(f)}
	return &cobra.Command{
		Use:   "adopt ID",
		Short: "Take a workflow written by an earlier oss-dev as your own",
		Long: `Sign a workflow file as yours after you approve what it holds.

oss-dev only loads workflow files it wrote for you on this machine: each
carries a signature made with a key in your state folder. A file without one
(written by an earlier oss-dev, or shipped in the repository by someone
else) is ignored. adopt shows what the file holds (its issue, phase, branch
and the commands it would run) and signs it only when you approve; no
approval policy answers for you.

JSON output (--json): the workflow's summary, as in 'mentor list'.`,
		Example: `  $ oss-dev mentor adopt tool-42-1a2b3c`,
		Args:    cmdutil.ExactArgs(1, "ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			sum, err := opts.Service().Adopt(cmd.Context(), opts.ID)
			return printSummary(opts.Deps, sum, err, "is yours now")
		},
	}
}
