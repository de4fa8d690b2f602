package mentor

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/service/assist"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	pluginsvc "github.com/oss-dev/oss-dev/internal/service/plugins"
)

// AssistOptions holds what `mentor assist` needs.
type AssistOptions struct {
	Deps
	LLM func() (contract.LLM, error)
	// PluginTools returns the tools of the plugins in use; nil means none.
	PluginTools func() ([]assist.Tool, error)

	ID           string
	Goal         string
	MaxSteps     int
	BudgetTokens int
	MaxTime      time.Duration
	Resume       bool
}

// NewCmdAssist builds `mentor assist`.
func NewCmdAssist(f *cmdutil.Factory, runF func(*AssistOptions) error) *cobra.Command {
	opts := &AssistOptions{Deps: depsOf(f), LLM: f.LLM, PluginTools: pluginTools(f)}
	cmd := &cobra.Command{
		Use:   "assist [ID] [--goal TEXT] [--max-steps N] [--budget-tokens N] [--resume]",
		Short: "Let the language model propose the implementation, change by change",
		Long: `In IMPLEMENTATION, the configured language model works toward the plan and
the issue's requirements with a fixed set of tools: it reads, lists and
searches the repository's files, edits and writes files, runs commands and
the repository's tests, and reads the diff. Every edit is shown as a diff and
every command as its command line before it is made, and is approved by a
rule, the approval policy or you, like every other change of the workflow;
commands are classified, what hides what it runs is refused, and the rest
runs confined to the repository where the system allows. The tools of the
plugins in use are offered too ('oss-dev plugins list'); a plugin tool that
changes something is approved first. The assistant never
commits, pushes, opens pull requests or changes branches, and never writes
outside the repository or into .git or .oss-dev. When the model is done and
changed files, the tests are offered.

The run ends when the model is done, after --max-steps model calls
(model.max_steps, default 30), once --budget-tokens tokens are used
(model.budget_tokens, 0 for no bound), after --max-time, or on Ctrl-C; every
change made is complete and recorded. The session is saved beside the
workflow, signed like it; --resume continues it. 'oss-dev mentor undo'
reverts the assistant's last change.

JSON output (--json): one document once the run ends: {workflow, stopped
(done, max_steps, budget_tokens, time, canceled, no_one_to_ask), steps, usage: {calls, input,
output, total, cost}, applied: [{path, diff}], tests, text (the model's
answer), events: [{kind, step, tool, call_id, arguments, text, path, diff,
command, usage}]}. Streamed text is merged into one event per step.`,
		Example: `  $ oss-dev mentor assist
  $ oss-dev mentor assist --goal "add a test for the empty input case" --max-steps 10
  $ oss-dev mentor assist --resume --budget-tokens 50000`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = idArg(args)
			if cmd.Flags().Changed("max-steps") && opts.MaxSteps < 1 {
				return cmdutil.UsageErrorf("--max-steps must be at least 1")
			}
			if opts.BudgetTokens < 0 || opts.MaxTime < 0 {
				return cmdutil.UsageErrorf("--budget-tokens and --max-time cannot be negative")
			}
			if runF != nil {
				return runF(opts)
			}
			return assistRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Goal, "goal", "", "What to work on, when not the whole plan")
	cmd.Flags().IntVar(&opts.MaxSteps, "max-steps", 0, "Most model calls in this run (default model.max_steps)")
	cmd.Flags().IntVar(&opts.BudgetTokens, "budget-tokens", 0, "Most tokens in this run (default model.budget_tokens)")
	cmd.Flags().DurationVar(&opts.MaxTime, "max-time", 0, "Longest this run may take (0: no bound)")
	cmd.Flags().BoolVar(&opts.Resume, "resume", false, "Continue the saved session's conversation")
	return cmd
}

// assistReport is the --json document of a run.
type assistReport struct {
	Workflow string            `json:"workflow"`
	Stopped  assist.StopReason `json:"stopped"`
	Steps    int               `json:"steps"`
	Usage    usageReport       `json:"usage"`
	Applied  []appliedChange   `json:"applied"`
	Tests    string            `json:"tests,omitempty"`
	Text     string            `json:"text"`
	Events   []assist.Event    `json:"events"`
}

type usageReport struct {
	assist.Usage
	Cost float64 `json:"cost,omitempty"`
}

type appliedChange struct {
	Path string `json:"path"`
	Diff string `json:"diff"`
}

func assistRun(ctx context.Context, opts *AssistOptions) error {
	svc := opts.Service()
	w, err := svc.Workspace(ctx, opts.ID)
	if err != nil {
		return err
	}
	if w.Phase != mentoring.PhaseImplementation {
		return errcode.Newf(errcode.WorkflowInvalidTransition, "the assistant works in IMPLEMENTATION; 'oss-dev mentor status' says what the workflow needs now",
			"workflow %s is in %s, not IMPLEMENTATION", w.WorkflowID, w.Phase)
	}
	llm, err := opts.LLM()
	if err != nil {
		return err
	}
	if llm == nil {
		return errcode.New(errcode.LLMNotConfigured, "the assistant needs a language model and none is configured",
			"configure one: oss-dev config set model.provider ollama (or openai, gemini, vllm, llamacpp, lmstudio) and model.name")
	}
	sessions := assist.Sessions{Store: w.Store}
	s, err := sessions.Open(w.WorkflowID, opts.Goal, opts.Resume, time.Now())
	if err != nil {
		return err
	}
	loop, err := newLoop(ctx, opts, svc, w, llm, sessions)
	if err != nil {
		return err
	}
	r := newRenderer(opts.IO, opts.Output.WantsJSON())
	loop.Observe = r.observe
	out, runErr := loop.Run(ctx, s)
	r.end()
	cost := mentoring.Cost(w.Config.Model, out.Usage.Input, out.Usage.Output)
	if opts.Output.WantsJSON() {
		rep := assistReport{Workflow: w.WorkflowID, Stopped: out.Stopped, Steps: out.Steps, Usage: usageReport{out.Usage, cost},
			Applied: []appliedChange{}, Tests: out.Tests, Text: r.text.String(), Events: r.events}
		for _, c := range out.Applied {
			rep.Applied = append(rep.Applied, appliedChange{Path: c.Path, Diff: c.Diff})
		}
		if runErr != nil {
			return runErr
		}
		return opts.Output.Export(opts.IO.Out, rep)
	}
	printOutcome(opts.IO, out, cost)
	return runErr
}

func newLoop(ctx context.Context, opts *AssistOptions, svc *mentoring.Service, w *mentoring.Workspace, llm contract.LLM, sessions assist.Sessions) (*assist.Loop, error) {
	tools, err := assist.NewRegistry(assist.Builtins()...)
	if err != nil {
		return nil, err
	}
	if err := addPluginTools(opts, tools); err != nil {
		return nil, err
	}
	m := w.Config.Model
	budget := assist.Budget{MaxSteps: m.MaxSteps, Tokens: m.BudgetTokens, Time: opts.MaxTime}
	if opts.MaxSteps > 0 {
		budget.MaxSteps = opts.MaxSteps
	}
	if opts.BudgetTokens > 0 {
		budget.Tokens = opts.BudgetTokens
	}
	ws := &assist.Workspace{Root: w.Root, Workflow: w.WorkflowID, Approver: w.Approver, Git: w.Git,
		Test: assist.Command{Command: w.Test.Command, Dir: w.Test.Dir}, Writable: w.Config.Sandbox.Writable, Network: w.Config.Sandbox.Network}
	return &assist.Loop{
		LLM: llm, Tools: tools, WS: ws, Budget: budget, Redactor: opts.IO.Redactor(), OfferTests: true,
		Brief: assist.Brief{IssueTitle: w.IssueTitle, IssueBody: w.IssueBody, Requirements: w.Requirements, Plan: w.Plan, Goal: opts.Goal},
		Save:  func(s *assist.Session) error { return sessions.Save(ctx, s) },
		OnUsage: func(u model.Usage) error {
			return svc.RecordAssistantCall(ctx, w, llm.ModelName(), u)
		},
	}, nil
}

// pluginTools is the factory's plugin host's tools for the assistant.
func pluginTools(f *cmdutil.Factory) func() ([]assist.Tool, error) {
	if f.PluginHost == nil {
		return nil
	}
	return func() ([]assist.Tool, error) {
		h, err := f.PluginHost()
		if err != nil {
			return nil, err
		}
		return pluginsvc.AssistTools(h), nil
	}
}

// addPluginTools registers the plugins' tools after the built-in ones; a
// plugin tool named like one already registered is left out and said so,
// never put in its place.
func addPluginTools(opts *AssistOptions, r *assist.Registry) error {
	if opts.PluginTools == nil {
		return nil
	}
	tools, err := opts.PluginTools()
	if err != nil {
		return err
	}
	for _, t := range tools {
		if err := r.Add(t); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "%s plugin tool left out: %v\n", opts.IO.ColorScheme().WarningIcon(), err)
		}
	}
	return nil
}

// renderer shows a run as it happens on a terminal, or gathers its events
// for the one JSON document printed at the end.
type renderer struct {
	ios    *iostreams.IOStreams
	json   bool
	events []assist.Event
	text   strings.Builder
	// midLine is set while the model's text has no final newline yet.
	midLine bool
}

func newRenderer(ios *iostreams.IOStreams, json bool) *renderer {
	return &renderer{ios: ios, json: json, events: []assist.Event{}}
}

func (r *renderer) observe(ev assist.Event) {
	if ev.Kind == assist.EventText {
		r.text.WriteString(ev.Text)
	}
	if r.json {
		r.collect(ev)
		return
	}
	r.ios.StopProgress()
	cs, errOut := r.ios.ColorScheme(), r.ios.ErrOut
	if ev.Kind != assist.EventText && r.midLine {
		fmt.Fprintln(r.ios.Out)
		r.midLine = false
	}
	switch ev.Kind {
	case assist.EventText:
		io.WriteString(r.ios.Out, ev.Text)
		r.midLine = !strings.HasSuffix(ev.Text, "\n")
	case assist.EventToolRequested:
		fmt.Fprintf(errOut, "%s %s %s\n", cs.Cyan("→"), ev.Tool, cs.Gray(clipLine(ev.Arguments, 100)))
	case assist.EventApproved:
		fmt.Fprintf(errOut, "  %s approved: %s\n", cs.SuccessIcon(), ev.Text)
	case assist.EventRejected:
		fmt.Fprintf(errOut, "  %s refused: %s\n", cs.FailureIcon(), ev.Text)
	case assist.EventApplied:
		fmt.Fprintf(errOut, "  %s changed %s\n", cs.SuccessIcon(), ev.Path)
	case assist.EventOutput:
		fmt.Fprintf(errOut, "  %s\n", cs.Gray(firstLine(ev.Text)))
	case assist.EventError:
		fmt.Fprintf(errOut, "  %s %s\n", cs.WarningIcon(), clipLine(ev.Text, 200))
	}
}

// collect keeps an event for --json, merging the text of one step.
func (r *renderer) collect(ev assist.Event) {
	if n := len(r.events); ev.Kind == assist.EventText && n > 0 && r.events[n-1].Kind == assist.EventText && r.events[n-1].Step == ev.Step {
		r.events[n-1].Text += ev.Text
		return
	}
	r.events = append(r.events, ev)
}

func (r *renderer) end() {
	if !r.json && r.midLine {
		fmt.Fprintln(r.ios.Out)
	}
}

func printOutcome(ios *iostreams.IOStreams, out assist.Outcome, cost float64) {
	cs, w := ios.ColorScheme(), ios.ErrOut
	fmt.Fprintf(w, "\n%s %s after %d model call(s), %d tokens", cs.Bold("Stopped:"), stopText(out.Stopped), out.Steps, out.Usage.Total)
	if cost > 0 {
		fmt.Fprintf(w, " (%.4f)", cost)
	}
	fmt.Fprintln(w)
	if len(out.Applied) == 0 {
		fmt.Fprintln(w, "No file was changed.")
		return
	}
	fmt.Fprintln(w, "Changed ('oss-dev mentor undo' reverts the last one):")
	for _, c := range out.Applied {
		fmt.Fprintf(w, "  %s\n", c.Path)
	}
}

func stopText(s assist.StopReason) string {
	switch s {
	case assist.StopDone:
		return "the model is done"
	case assist.StopSteps:
		return "the step budget was reached (--max-steps, model.max_steps)"
	case assist.StopTokens:
		return "the token budget was reached (--budget-tokens, model.budget_tokens)"
	case assist.StopTime:
		return "the time budget was reached (--max-time)"
	case assist.StopCanceled:
		return "interrupted"
	case assist.StopNoApprover:
		return "a change needed approval and there is no terminal to ask (run it in a terminal, or allow it with a rule or approval.policy)"
	}
	return "the model call failed"
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return clipLine(line, 120)
}

// clipLine is s on one line, cut to at most n bytes at a character
// boundary.
func clipLine(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// oneLine is s with every run of white space, line breaks included, made
// one space: text from an issue, a repository or a test run may hold line
// breaks that would pass for lines of our own.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
