package docs

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/cli/prompt"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	svc "github.com/oss-dev/oss-dev/internal/service/docs"
	"github.com/oss-dev/oss-dev/internal/service/setup"
)

// GenerateOptions holds what `docs generate` needs.
type GenerateOptions struct {
	IO       *iostreams.IOStreams
	Output   *cmdutil.Output
	WorkDir  string
	Services services
	// Confirmer asks a person; nil builds the terminal prompt when there
	// is a terminal.
	Confirmer contract.Confirmer
	// Env is the environment verified commands see (nil: the process's).
	Env []string

	Target string
	Out    string
	Stdout bool
	Verify bool
	NoLLM  bool
}

// NewCmdGenerate builds `docs generate`.
func NewCmdGenerate(f *cmdutil.Factory, runF func(*GenerateOptions) error) *cobra.Command {
	opts := &GenerateOptions{IO: f.IO, Output: f.Output, WorkDir: f.WorkDir, Services: servicesFrom(f)}
	cmd := &cobra.Command{
		Use:   "generate [PATH | OWNER/REPO | URL]",
		Short: "Write START_HERE.md: how to set up, build, test and contribute",
		Long: `Write START_HERE.md for a repository, offline, from its own files:

  what it is      the first paragraph of its README, its manifests' descriptions
  languages       linguist's language bar, the primary language first
  layout          the top-level folders with their role
  toolchains      the tools and versions it asks for, with the file and line
  commands        set up, build, test, lint and format, the ones 'analyze repo'
                  ranks first, each with the file and line it comes from
  getting started one section per package manager: install, then build and test
  contributing    the guide, DCO or CLA, the commit convention, pull request and
                  issue templates, changelog fragments, code owners, the license
  reading         the entry points to start reading from
  issues          open issues labelled for newcomers, when GitHub answers

The same tree gives the same bytes: no dates and no paths of this machine.
With a language model configured, a marked overview paragraph is added; it
never changes or adds a command (--no-llm leaves it out).

--verify runs the first setup, build and test commands, each after the
approval manager approves it and, being the repository's code, inside the
sandbox where there is one, and marks each verified with the time it took
or failed with the last lines of its output.

The file goes to the repository's root (or --out FILE) after approval;
--stdout prints it and writes nothing. With --json the guide is printed as
JSON: {"guide": {schema_version (2), name, about, overview, primary_language,
languages, layout, toolchains [{tool, required, declared [{range, source,
evidence}], ci {versions, summary, evidence}, evidence, conflict}],
commands [{kind, command, dir, ci, sources,
verification {outcome, seconds, exit_code, reason, tail}}], stacks,
contribution, start_reading, issues}, "markdown", "written"}.`,
		Example: `  $ oss-dev docs generate --stdout
  $ oss-dev docs generate ../some-checkout --out /tmp/START_HERE.md
  $ oss-dev docs generate --verify
  $ oss-dev docs generate cli/cli --stdout`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Target = args[0]
			}
			if opts.Stdout && opts.Out != "" {
				return cmdutil.UsageErrorf("--stdout and --out cannot be used together")
			}
			if runF != nil {
				return runF(opts)
			}
			return generateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "Write the guide to `FILE` instead of the repository's START_HERE.md")
	cmd.Flags().BoolVar(&opts.Stdout, "stdout", false, "Print the guide; write nothing")
	cmd.Flags().BoolVar(&opts.Verify, "verify", false, "Run the setup, build and test commands and mark each verified or failed")
	cmd.Flags().BoolVar(&opts.NoLLM, "no-llm", false, "Leave out the language model's overview")
	return cmd
}

// generateResult is the --json shape.
type generateResult struct {
	Guide    *svc.Guide `json:"guide"`
	Markdown string     `json:"markdown"`
	// Written is the file written; empty with --stdout.
	Written string `json:"written"`
}

func generateRun(ctx context.Context, opts *GenerateOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	target, err := analysis.ParseRepoTarget(opts.Target, opts.WorkDir)
	if err != nil {
		return err
	}
	if target.Remote() && !opts.Stdout && opts.Out == "" {
		return cmdutil.UsageErrorf("%s is not a folder of yours to write START_HERE.md into: pass --out FILE or --stdout", target.Display())
	}
	res, err := build(ctx, opts.IO, opts.Services, svc.Request{Target: target, NoLLM: opts.NoLLM})
	if err != nil {
		return err
	}
	printNotes(opts.IO, res.Notes)
	var approver setup.Approver
	var sandbox *config.SandboxConfig
	var confirmer contract.Confirmer
	if opts.Verify || !opts.Stdout {
		if approver, sandbox, confirmer, err = manager(opts, res.Root); err != nil {
			return err
		}
	}
	if opts.Verify {
		verify(ctx, opts, res, approver, sandbox, confirmer)
	}
	md, err := svc.Markdown(res.Guide)
	if err != nil {
		return err
	}
	out := generateResult{Guide: res.Guide, Markdown: string(md)}
	if !opts.Stdout {
		out.Written = opts.Out
		if out.Written == "" {
			out.Written = filepath.Join(res.Root, svc.FileName)
		} else if !filepath.IsAbs(out.Written) {
			out.Written = filepath.Join(opts.WorkDir, out.Written)
		}
		if err := svc.Write(ctx, approver, out.Written, md); err != nil {
			return err
		}
	}
	switch {
	case opts.Output.WantsJSON():
		return opts.Output.Export(opts.IO.Out, out)
	case opts.Stdout:
		_, err = opts.IO.Out.Write(md)
		return err
	}
	_, err = fmt.Fprintf(opts.IO.Out, "Wrote %s (%s) for %s\n", out.Written, cmdutil.Plural(len(md), "byte"), res.Guide.Name)
	return err
}

// build runs the service with the spinner on while it analyses.
func build(ctx context.Context, ios *iostreams.IOStreams, s services, req svc.Request) (*svc.Result, error) {
	d := s.service(ios.StartProgress)
	res, err := d.Build(ctx, req)
	ios.StopProgress()
	return res, err
}

func printNotes(ios *iostreams.IOStreams, notes []string) {
	cs := ios.ColorScheme()
	for _, n := range notes {
		fmt.Fprintln(ios.ErrOut, cs.WarningIcon()+" "+n)
	}
}

// manager is the approval manager of the repository at root, with the
// terminal prompt when there is a terminal to ask on.
func manager(opts *GenerateOptions, root string) (setup.Approver, *config.SandboxConfig, contract.Confirmer, error) {
	confirmer := opts.Confirmer
	if confirmer == nil {
		if c := prompt.New(opts.IO); c != nil {
			confirmer = c
		}
	}
	m, sb, err := opts.Services.Setup().NewManager(root, opts.Env, confirmer)
	if err != nil {
		return nil, nil, nil, err
	}
	return m, sb, confirmer, nil
}

func verify(ctx context.Context, opts *GenerateOptions, res *svc.Result, m setup.Approver, sandbox *config.SandboxConfig, confirmer contract.Confirmer) {
	cs := opts.IO.ColorScheme()
	v := &svc.Verifier{Root: res.Root, Approver: m, Confirmer: confirmer, Env: opts.Env, Sandbox: sandbox,
		Redact: opts.IO.Redactor().Redact,
		Progress: func(c svc.Command) {
			fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", cs.Bold("verifying"), c.Command)
		}}
	v.Verify(ctx, res.Guide)
	for _, c := range res.Guide.Commands {
		if c.Verification == nil {
			continue
		}
		switch c.Verification.Outcome {
		case svc.Verified:
			fmt.Fprintf(opts.IO.ErrOut, "  %s %s (%s)\n", cs.SuccessIcon(), c.Command, c.Verification.Duration())
		case svc.Failed:
			fmt.Fprintf(opts.IO.ErrOut, "  %s %s: %s\n", cs.FailureIcon(), c.Command, c.Verification.Reason)
		default:
			fmt.Fprintf(opts.IO.ErrOut, "  %s %s not run: %s\n", cs.WarningIcon(), c.Command, c.Verification.Reason)
		}
	}
}
