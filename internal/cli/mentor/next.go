package mentor

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
)

// NextOptions holds what `mentor next` needs.
type NextOptions struct {
	Deps
	ID string
}

// NewCmdNext builds `mentor next`.
func NewCmdNext(f *cmdutil.Factory, runF func(*NextOptions) error) *cobra.Command {
	opts := &NextOptions{Deps: depsOf(f)}
	cmd := &cobra.Command{
		Use:   "next [ID]",
		Short: "Move the workflow on when its phase is done",
		Long: `Move the workflow on when the current phase's guard holds, and run the
phases after it until one needs you again.

IMPLEMENTATION needs changes on the feature branch. VERIFICATION runs the
repository's test command; when it fails, the workflow goes back to
IMPLEMENTATION with the failing tests named. VALIDATION checks the changes
against the issue's requirements, runs the linter and formatter, and checks
the commit convention and DCO sign-off; requirements it cannot match in your
changes must be ticked by you ('oss-dev mentor check', or yes at the prompt
on a terminal), and without a terminal it stops naming the numbers to tick. COMMIT_PR commits, pushes (to your
fork when you cannot push upstream) and opens the pull request after you
confirm its title, body and target; a pull request already open from the
branch is recorded instead of opened twice. A branch pushed upstream is
linked to the issue on GitHub (GitHub creates it linked, then the push adds
your commits); a branch on a fork cannot be, and the pull request's
"Fixes #N" links the work to the issue. A change made after the tests ran sends
the workflow back to IMPLEMENTATION.

Exit status 1 with CHECKS_FAILED when the tests or checks failed.
JSON output (--json): {workflow, steps, verification, validation,
pull_request, branch_link, warnings, next_step}; see mentoring.Result.`,
		Example: `  $ oss-dev mentor next
  $ oss-dev mentor next cli-1234-a1b2c3 --json`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = idArg(args)
			if runF != nil {
				return runF(opts)
			}
			return nextRun(cmd.Context(), opts)
		},
	}
	return cmd
}

func nextRun(ctx context.Context, opts *NextOptions) error {
	res, err := opts.Service().Next(ctx, opts.ID)
	return printResult(opts.Deps, res, err)
}

// ResumeOptions holds what `mentor resume` needs.
type ResumeOptions struct {
	Deps
	ID      string
	Restore bool
}

// NewCmdResume builds `mentor resume`.
func NewCmdResume(f *cmdutil.Factory, runF func(*ResumeOptions) error) *cobra.Command {
	opts := &ResumeOptions{Deps: depsOf(f)}
	cmd := &cobra.Command{
		Use:   "resume [ID] [--restore]",
		Short: "Continue an interrupted workflow",
		Long: `Continue a workflow that was interrupted: the phase it was in runs again
from its start (what was saved is kept). In IMPLEMENTATION it shows where
things stand. --restore first replaces a corrupt workflow file with its last
good copy.

JSON output (--json): as 'mentor next'.`,
		Example: `  $ oss-dev mentor resume
  $ oss-dev mentor resume cli-1234-a1b2c3 --restore`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = idArg(args)
			if runF != nil {
				return runF(opts)
			}
			return resumeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Restore, "restore", false, "Restore the last good copy of a corrupt workflow first")
	return cmd
}

func resumeRun(ctx context.Context, opts *ResumeOptions) error {
	res, err := opts.Service().Resume(ctx, opts.ID, opts.Restore)
	return printResult(opts.Deps, res, err)
}
