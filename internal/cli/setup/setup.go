// Package setup is the `oss-dev setup` command: check this machine against
// what a repository asks for, then prepare the repository on approval.
package setup

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/cli/prompt"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	svc "github.com/oss-dev/oss-dev/internal/service/setup"
)

// Options are the setup command's inputs.
type Options struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	WorkDir string
	// Env is the environment checks and steps see (nil: the process's).
	Env []string
	// Confirmer asks a person; nil builds the terminal prompt when there
	// is a terminal.
	Confirmer contract.Confirmer
	// Service builds the approval manager and the runner of the steps.
	Service func() *svc.Service

	Dir     string
	Check   bool
	Timeout time.Duration
}

// NewCmdSetup builds `oss-dev setup`.
func NewCmdSetup(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Output: f.Output, WorkDir: f.WorkDir, Service: f.Setup}
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Check and prepare this machine for a repository",
		Long: `Find the toolchains and tools the repository asks for (go.mod, .nvmrc,
package.json engines and packageManager, .python-version, pyproject.toml,
rust-toolchain, Maven and Gradle settings, .ruby-version, global.json and
.NET target frameworks, composer.json and .php-version, mix.exs,
Package.swift and .swift-version, .cabal files, cabal.project and
stack.yaml, pubspec.yaml, .tool-versions, mise.toml, the dev container, CI
setup steps and matrices, and the system tools its build calls), each with
the file and line that asks, and check them against this machine: PATH and
the folders of asdf, mise, nvm, pyenv, rbenv, rustup and GHCup. Each is ok,
warn (an older minor, an untested newer major, a version that cannot be
read) or fail, with a one-line fix for this platform. Sources that ask for
different versions are shown.

Without --check, the commands that install the repository's dependencies for
development follow, in order: the setup commands CI runs, then the
contributing guide's, then each stack's convention (go mod download, npm ci
or the lockfile's package manager with a frozen lockfile, a virtual
environment in .venv with pip inside it, cargo fetch, Maven or Gradle
dependency resolution, bundle install into vendor/bundle). Each is run only
after the approval manager approves it; one that installs outside the
project (a global npm package, pip outside the virtual environment, go
install) also needs a person's explicit yes, and sudo is never run.

With --json the result is {"report": {"root", "os", "tools": [{"tool",
"required", "status", "wanted", "found", "path", "via", "message", "fix",
"conflict", "evidence": [{"path", "line"}]}], "requirements", "warnings",
"ok", "failed", "warned"}, "steps": [{"command", "args", "dir", "env",
"source", "evidence", "global", "note"}], "results": [{"step", "outcome",
"exit_code", "tail", "reason"}]}. The exit status is 1 when a check fails or
a step fails.`,
		Example: `  $ oss-dev setup --check
  $ oss-dev setup --dir ../some-checkout
  $ oss-dev setup
  $ oss-dev setup --check --json --jq '.report.tools[] | select(.status != "ok")'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Timeout <= 0 {
				return cmdutil.UsageErrorf("--timeout must be positive")
			}
			if runF != nil {
				return runF(opts)
			}
			return setupRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "The repository `folder` (default: the repository of the current folder)")
	cmd.Flags().BoolVar(&opts.Check, "check", false, "Only report; run nothing")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", svc.DefaultTimeout, "Bound for each version probe")
	return cmd
}

// result is the --json shape.
type result struct {
	Report  svc.Report       `json:"report"`
	Steps   []svc.Step       `json:"steps"`
	Results []svc.StepResult `json:"results"`
}

func setupRun(ctx context.Context, opts *Options) error {
	if ctx == nil {
		ctx = context.Background()
	}
	root := resolveRoot(opts.WorkDir, opts.Dir)
	opts.IO.StartProgress("checking the toolchains")
	report, err := (&svc.Checker{Prober: svc.Prober{Env: opts.Env, Timeout: opts.Timeout}}).Check(ctx, root)
	opts.IO.StopProgress()
	if err != nil {
		return err
	}
	out := result{Report: report, Steps: []svc.Step{}, Results: []svc.StepResult{}}
	if !opts.Output.WantsJSON() {
		if err := printReport(opts.IO, report); err != nil {
			return err
		}
	}
	if opts.Check {
		if opts.Output.WantsJSON() {
			if err := opts.Output.Export(opts.IO.Out, out); err != nil {
				return err
			}
		}
		return failedChecks(report)
	}
	if b := report.Blocking(); len(b) > 0 {
		if opts.Output.WantsJSON() {
			if err := opts.Output.Export(opts.IO.Out, out); err != nil {
				return err
			}
		}
		return errcode.Newf(errcode.ChecksFailed, "install what is missing (the fixes above), then run 'oss-dev setup' again",
			"%d required tool(s) missing or too old, so the preparation was not started: %s", len(b), b[0])
	}
	opts.IO.StartProgress("reading the repository")
	out.Steps, err = svc.Plan(ctx, report.Root, "")
	opts.IO.StopProgress()
	if err != nil {
		return err
	}
	if !opts.Output.WantsJSON() {
		if err := printSteps(opts.IO, out.Steps); err != nil {
			return err
		}
	}
	out.Results, err = runSteps(ctx, opts, report.Root, out.Steps)
	if opts.Output.WantsJSON() {
		if xerr := opts.Output.Export(opts.IO.Out, out); xerr != nil {
			return xerr
		}
	}
	return err
}

// resolveRoot is --dir (or the working folder) made absolute, raised to
// its repository's root when it is inside one.
func resolveRoot(workDir, dir string) string {
	if dir == "" {
		dir = workDir
	} else if !filepath.IsAbs(dir) {
		dir = filepath.Join(workDir, dir)
	}
	if root := config.FindRepoRoot(dir); root != "" {
		return root
	}
	return dir
}

func failedChecks(r svc.Report) error {
	if r.OK {
		return nil
	}
	return errcode.Newf(errcode.ChecksFailed, "apply the fixes above, then run 'oss-dev setup --check' again",
		"%d of %d toolchain checks failed", r.Failed, len(r.Tools))
}

func runSteps(ctx context.Context, opts *Options, root string, steps []svc.Step) ([]svc.StepResult, error) {
	if len(steps) == 0 {
		return []svc.StepResult{}, nil
	}
	confirmer := opts.Confirmer
	if confirmer == nil {
		if c := prompt.New(opts.IO); c != nil {
			confirmer = c
		}
	}
	r, err := opts.Service().NewRunner(root, opts.Env, confirmer)
	if err != nil {
		return nil, err
	}
	cs := opts.IO.ColorScheme()
	r.Progress = func(i, n int, st svc.Step, res *svc.StepResult) {
		if res == nil {
			fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", cs.Bold(fmt.Sprintf("[%d/%d]", i, n)), st.Command)
			return
		}
		switch res.Outcome {
		case svc.StepDone:
			fmt.Fprintf(opts.IO.ErrOut, "  %s done\n", cs.SuccessIcon())
		case svc.StepSkipped:
			fmt.Fprintf(opts.IO.ErrOut, "  %s skipped: %s\n", cs.WarningIcon(), res.Reason)
		}
	}
	results, err := r.Run(ctx, steps)
	if results == nil {
		results = []svc.StepResult{}
	}
	return results, err
}

// printReport writes one line per tool, its fix and conflict below it,
// then the warnings.
func printReport(ios *iostreams.IOStreams, r svc.Report) error {
	w, cs := ios.Out, ios.ColorScheme()
	fmt.Fprintln(w, cs.Bold("Toolchains for "+r.Root))
	if len(r.Tools) == 0 {
		fmt.Fprintln(w, "  nothing found that asks for a toolchain")
	}
	for _, t := range r.Tools {
		icon := map[svc.Status]string{svc.OK: cs.SuccessIcon(), svc.Warn: cs.WarningIcon(), svc.Fail: cs.FailureIcon()}[t.Status]
		if !cs.Enabled() {
			icon = string(t.Status)
		}
		optional := ""
		if !t.Required {
			optional = " (optional)"
		}
		fmt.Fprintf(w, "  %s %s%s: %s\n", icon, t.Tool, optional, t.Message)
		fmt.Fprintf(w, "      %s %s (%s)\n", cs.Gray("wants:"), t.Wanted, evidence(t.Evidence))
		if t.Fix != "" && t.Status != svc.OK {
			fmt.Fprintf(w, "      %s %s\n", cs.Gray("fix:"), t.Fix)
		}
		if t.Conflict != "" {
			fmt.Fprintf(w, "      %s %s\n", cs.Gray("note:"), t.Conflict)
		}
	}
	if err := cmdutil.PrintDiagnostics(w, cs, "  ", r.Warnings); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, summary(r))
	return err
}

// summary counts what the lines above show: tools that failed or warned,
// and the warnings (!) on files that could not be read as expected.
func summary(r svc.Report) string {
	s := fmt.Sprintf("%s: %d failed, %d with a warning", cmdutil.Plural(len(r.Tools), "tool"), r.Failed, r.Warned)
	if len(r.Warnings) > 0 {
		s += "; " + cmdutil.Plural(len(r.Warnings), "warning") + " on the files read"
	}
	return s
}

func evidence(ls []svc.Location) string {
	var parts []string
	for i, l := range ls {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(ls)-3))
			break
		}
		parts = append(parts, l.String())
	}
	return strings.Join(parts, ", ")
}

// printSteps lists the preparation before anything runs.
func printSteps(ios *iostreams.IOStreams, steps []svc.Step) error {
	w, cs := ios.Out, ios.ColorScheme()
	fmt.Fprintln(w)
	if len(steps) == 0 {
		_, err := fmt.Fprintln(w, "Nothing to prepare: no dependency installation was found for this repository.")
		return err
	}
	fmt.Fprintln(w, cs.Bold("Preparation, each step approved before it runs"))
	for i, st := range steps {
		where := ""
		if st.Dir != "" {
			where = " (in " + st.Dir + ")"
		}
		global := ""
		if st.Global {
			global = cs.Yellow(" [outside the project: asks you explicitly]")
		}
		fmt.Fprintf(w, "  %d. %s%s%s\n", i+1, st.Command, where, global)
		fmt.Fprintf(w, "      %s %s %s\n", cs.Gray("from:"), st.Source, evidence(st.Evidence))
		if st.Note != "" {
			fmt.Fprintf(w, "      %s %s\n", cs.Gray("note:"), st.Note)
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}
