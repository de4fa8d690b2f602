// Package mentor is `oss-dev mentor`: the contribution workflow from issue
// to pull request, one phase at a time.
package mentor

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/cli/markdown"
	"github.com/oss-dev/oss-dev/internal/cli/prompt"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
)

// NewCmdMentor builds the `mentor` group.
func NewCmdMentor(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mentor <command>",
		Short: "Walk through a contribution, from issue to pull request",
		Long: `Guide a contribution phase by phase: repository analysis, issue analysis,
a plan, your implementation on a feature branch, the repository's tests, a
check against the issue's requirements, then commit, push and pull request.
Every change oss-dev makes (clone, fork, branch, commands, commit, push,
pull request) is approved first, by a rule, the approval policy or you.

Workflows live in the repository, under .oss-dev/workflows/, signed with a
key only you have: a workflow file you did not write is ignored. ID defaults
to the most recent active workflow of the current repository.`,
		Example: `  $ oss-dev mentor start cli/cli#1234
  $ oss-dev mentor next
  $ oss-dev mentor status --json`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(
		NewCmdStart(f, nil), NewCmdNext(f, nil), NewCmdResume(f, nil), NewCmdStatus(f, nil),
		NewCmdCheck(f, nil), NewCmdList(f, nil), NewCmdBlock(f, nil), NewCmdUnblock(f, nil), NewCmdAbandon(f, nil), NewCmdAudit(f, nil),
		NewCmdAdopt(f, nil), NewCmdAssist(f, nil), NewCmdUndo(f, nil),
	)
	return cmd
}

// Deps are what every mentor command needs from the factory.
type Deps struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	Service func() *mentoring.Service
}

func depsOf(f *cmdutil.Factory) Deps {
	return Deps{IO: f.IO, Output: f.Output, Service: func() *mentoring.Service { return newService(f) }}
}

// newService wires the mentoring service to the factory and the terminal:
// progress on stderr, a prompt only when a person can answer.
func newService(f *cmdutil.Factory) *mentoring.Service {
	ios := f.IO
	cs := ios.ColorScheme()
	s := f.Mentoring()
	if c := prompt.New(ios); c != nil {
		s.Confirmer = stopProgress{ios: ios, next: c}
	}
	s.OnEvent = func(ev mentoring.Event) {
		switch ev.Kind {
		case mentoring.EventPhaseStarted:
			ios.StartProgress(phaseLabel(ev.Phase))
		case mentoring.EventTransitioned:
			ios.StopProgress()
			msg := ""
			if ev.Message != "" {
				msg = ": " + ev.Message
			}
			fmt.Fprintf(ios.ErrOut, "%s %s -> %s%s\n", cs.SuccessIcon(), ev.Phase, cs.Bold(string(ev.To)), msg)
		case mentoring.EventFailed:
			ios.StopProgress()
		}
	}
	s.Note = func(d diag.Diagnostic) {
		ios.StopProgress()
		fmt.Fprint(ios.ErrOut, cmdutil.FormatDiagnostic(cs, "", d))
	}
	if ios.IsStderrTTY() {
		s.Stream = ios.ErrOut
	}
	s.Hooks = pluginHooks(f, s.Note)
	return s
}

// codePluginFailed: a plugin's hooks could not be registered or run.
const codePluginFailed diag.Code = "PLUGIN_FAILED"

// pluginHooks registers the hooks of the plugins in use; no plugin starts
// until one of its hooks runs. A plugin that fails while a hook runs is a
// warning, and the workflow goes on without it.
func pluginHooks(f *cmdutil.Factory, note func(diag.Diagnostic)) *mentoring.Hooks {
	if f.PluginHost == nil {
		return nil
	}
	h, err := f.PluginHost()
	if err != nil {
		return nil // the configuration's error is the command's to report
	}
	hooks := &mentoring.Hooks{}
	warn := func(err error) { note(diag.NewWarning(codePluginFailed, err.Error())) }
	if err := h.RegisterHooks(hooks, warn); err != nil {
		warn(err)
	}
	return hooks
}

// stopProgress removes the spinner before a prompt is shown.
type stopProgress struct {
	ios  *iostreams.IOStreams
	next contract.Confirmer
}

func phaseLabel(p mentoring.Phase) string {
	switch p {
	case mentoring.PhaseRepoAnalysis:
		return "Analysing the repository"
	case mentoring.PhaseIssueAnalysis:
		return "Analysing the issue"
	case mentoring.PhasePlanning:
		return "Writing the plan"
	case mentoring.PhaseImplementation:
		return "Looking at your changes"
	case mentoring.PhaseVerification:
		return "Running the tests"
	case mentoring.PhaseValidation:
		return "Checking the changes"
	case mentoring.PhaseCommitPR:
		return "Committing and opening the pull request"
	}
	return string(p)
}

// renderMarkdown renders Markdown for a terminal (styled when colour is
// on), or returns it as it is when piped, so that it can be saved as the
// Markdown it is.
func renderMarkdown(ios *iostreams.IOStreams, md string) string {
	if !ios.IsStdoutTTY() {
		return md
	}
	out := markdown.Render(md, markdown.Options{Width: min(ios.TerminalWidth(), 100), Color: ios.ColorScheme()})
	return strings.TrimSuffix(out, "\n")
}

// idArg returns the optional ID argument.
func idArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return ""
}
