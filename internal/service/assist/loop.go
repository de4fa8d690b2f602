package assist

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// StopReason says why a run ended.
type StopReason string

// The reasons a run ends.
const (
	StopDone     StopReason = "done"
	StopSteps    StopReason = "max_steps"
	StopTokens   StopReason = "budget_tokens"
	StopTime     StopReason = "time"
	StopCanceled StopReason = "canceled"
	// StopNoApprover ends a run whose change needed a person's approval
	// and had no one to ask: every later proposal would be refused too.
	StopNoApprover StopReason = "no_one_to_ask"
)

// Budget bounds a run. Zero values mean no bound, except MaxSteps, which
// defaults to DefaultMaxSteps.
type Budget struct {
	MaxSteps int
	Tokens   int
	Time     time.Duration
}

// DefaultMaxSteps bounds a run when nothing else does: a model that keeps
// calling tools stops somewhere.
const DefaultMaxSteps = 30

// Loop runs the assistant: it streams from the model, runs the tool calls
// in order and stops when the model is done or a budget is spent.
type Loop struct {
	LLM     contract.LLM
	Tools   *Registry
	WS      *Workspace
	Brief   Brief
	Budget  Budget
	Observe Observer
	// Redactor masks the secrets the process knows in what tools give
	// back, before the model or an observer sees it.
	Redactor *redact.Redactor
	// Save persists the session after every step, so a crash or Ctrl-C
	// loses at most the step under way; nil saves nothing.
	Save func(*Session) error
	// OnUsage is told the usage of each model call, to account for it in
	// the workflow and the audit log; an error ends the run.
	OnUsage func(model.Usage) error
	// OfferTests runs the test command, after its approval, when the model
	// is done and changed files without running the tests since.
	OfferTests bool
	Now        func() time.Time
}

// Outcome is what one run did.
type Outcome struct {
	Stopped StopReason `json:"stopped"`
	Steps   int        `json:"steps"`
	Usage   Usage      `json:"usage"`
	// Applied are the changes this run made, in order.
	Applied []Change `json:"applied"`
	// Tests is the output of the test run offered at the end, if it ran.
	Tests string `json:"tests,omitempty"`
	// noOneToAsk is set when an approval found no one to ask.
	noOneToAsk bool
}

// Run runs the loop on s until the model is done or a budget is reached.
// A model or transport failure is returned with the outcome so far; every
// change in Applied has been made and recorded in s.
func (l *Loop) Run(ctx context.Context, s *Session) (Outcome, error) {
	out := Outcome{Applied: []Change{}}
	runCtx := ctx
	if l.Budget.Time > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, l.Budget.Time)
		defer cancel()
	}
	maxSteps := l.Budget.MaxSteps
	if maxSteps <= 0 {
		maxSteps = DefaultMaxSteps
	}
	for {
		if reason, stop := l.stopBefore(ctx, runCtx, out, maxSteps); stop {
			return l.finish(s, out, reason, nil)
		}
		out.Steps++
		s.Steps++
		calls, err := l.step(runCtx, s, &out)
		if err != nil {
			if reason, stop := interrupted(ctx, runCtx); stop {
				return l.finish(s, out, reason, nil)
			}
			return l.finish(s, out, "", err)
		}
		if len(calls) == 0 {
			l.offerTests(runCtx, s, &out)
			return l.finish(s, out, StopDone, nil)
		}
		for i, c := range calls {
			if _, stop := interrupted(ctx, runCtx); stop {
				l.skip(s, calls[i:], "not run: the session was stopped before this call")
				break
			}
			l.call(runCtx, s, &out, c)
			if out.noOneToAsk {
				l.skip(s, calls[i+1:], "not run: no one can approve changes here")
				break
			}
		}
		if err := l.save(s); err != nil {
			return l.finish(s, out, "", err)
		}
		if out.noOneToAsk {
			return l.finish(s, out, StopNoApprover, nil)
		}
	}
}

// stopBefore says whether the run ends before another model call.
func (l *Loop) stopBefore(ctx, runCtx context.Context, out Outcome, maxSteps int) (StopReason, bool) {
	if reason, stop := interrupted(ctx, runCtx); stop {
		return reason, true
	}
	if out.Steps >= maxSteps {
		return StopSteps, true
	}
	if l.Budget.Tokens > 0 && out.Usage.Total >= l.Budget.Tokens {
		return StopTokens, true
	}
	return "", false
}

// interrupted tells Ctrl-C (the caller's context) from the time budget.
func interrupted(ctx, runCtx context.Context) (StopReason, bool) {
	switch {
	case ctx.Err() != nil:
		return StopCanceled, true
	case runCtx.Err() != nil:
		return StopTime, true
	}
	return "", false
}

func (l *Loop) finish(s *Session, out Outcome, reason StopReason, err error) (Outcome, error) {
	out.Stopped = reason
	s.Stopped = reason
	if serr := l.save(s); err == nil {
		err = serr
	}
	return out, err
}

func (l *Loop) save(s *Session) error {
	s.UpdatedAt = l.now().UTC()
	if l.Save == nil {
		return nil
	}
	return l.Save(s)
}

func (l *Loop) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func (l *Loop) emit(ev Event) {
	if l.Observe != nil {
		l.Observe(ev)
	}
}

// step makes one model call and records its answer in the history.
func (l *Loop) step(ctx context.Context, s *Session, out *Outcome) ([]model.ToolCall, error) {
	head := []model.Message{system(s.Nonce), l.Brief.fixed(s.Nonce)}
	msgs := fit(l.window(), head, s.History)
	var text strings.Builder
	var calls []model.ToolCall
	var usage *model.Usage
	for ev, err := range l.LLM.ChatCompletion(ctx, msgs, l.Tools.Schemas()) {
		if err != nil {
			return nil, err
		}
		switch ev.Kind {
		case model.EventText:
			text.WriteString(ev.Text)
			l.emit(Event{Kind: EventText, Step: out.Steps, Text: ev.Text})
		case model.EventToolCall:
			if ev.ToolCall != nil {
				calls = append(calls, *ev.ToolCall)
			}
		case model.EventDone:
			usage = ev.Usage
		}
	}
	if usage == nil {
		// The server said nothing: count what was sent and received.
		u := model.Usage{InputTokens: costOf(msgs), OutputTokens: llm.EstimateTokens(text.String())}
		for _, c := range calls {
			u.OutputTokens += llm.EstimateTokens(c.Arguments)
		}
		usage = &u
	}
	out.Usage.add(*usage)
	s.Usage.add(*usage)
	l.emit(Event{Kind: EventUsage, Step: out.Steps, Usage: usage})
	s.History = append(s.History, model.Message{Role: model.RoleAssistant, Content: text.String(), ToolCalls: calls})
	if l.OnUsage != nil {
		if err := l.OnUsage(*usage); err != nil {
			l.skip(s, calls, "not run: the session stopped")
			return nil, err
		}
	}
	return calls, nil
}

// window is the token budget of a call's messages: the model's window,
// less room for its answer.
func (l *Loop) window() int {
	w := l.LLM.ContextWindow()
	if w <= 0 {
		w = llm.DefaultContextWindow
	}
	return w - min(w/4, 4096)
}

// call runs one tool call and records its result; a failure goes back to
// the model as the result, and the loop goes on.
func (l *Loop) call(ctx context.Context, s *Session, out *Outcome, c model.ToolCall) {
	env := &Env{WS: l.WS, Step: out.Steps, CallID: c.ID, Tool: c.Name, observe: l.Observe,
		noOneToAsk: &out.noOneToAsk,
		apply: func(ch Change) {
			s.Changes = append(s.Changes, ch)
			out.Applied = append(out.Applied, ch)
		}}
	env.emit(Event{Kind: EventToolRequested, Arguments: c.Arguments})
	result, err := l.Tools.Call(ctx, env, c)
	result = l.Redactor.Redact(result)
	var content string
	switch {
	case err == nil:
		env.emit(Event{Kind: EventOutput, Text: result})
		content = fence(s.Nonce, "output of "+c.Name, result)
	case ctx.Err() != nil:
		content = "error: interrupted: the session was stopped while this call ran"
		env.emit(Event{Kind: EventError, Text: "interrupted"})
	default:
		msg := l.Redactor.Redact(errorText(err))
		env.emit(Event{Kind: EventError, Text: msg})
		content = "error: " + msg
	}
	s.History = append(s.History, model.Message{Role: model.RoleTool, ToolCallID: c.ID, Content: content})
}

func errorText(err error) string {
	var te *ToolError
	if errors.As(err, &te) {
		return te.Msg
	}
	var ec *errcode.Error
	if errors.As(err, &ec) {
		return ec.Message
	}
	return err.Error()
}

// offerTests runs the tests once the model is done, when it changed files
// after the last test run; the approval prompt is the offer. The result
// is not put in the conversation: the model has already answered.
func (l *Loop) offerTests(ctx context.Context, s *Session, out *Outcome) {
	if !l.OfferTests || len(out.Applied) == 0 || l.WS.Test.Command == "" || testedSinceChange(s.History) {
		return
	}
	env := &Env{WS: l.WS, Step: out.Steps, CallID: "offered-tests", Tool: "run_tests", observe: l.Observe}
	env.emit(Event{Kind: EventToolRequested})
	result, err := RunTests{}.Run(ctx, env, nil)
	if err != nil {
		env.emit(Event{Kind: EventError, Text: l.Redactor.Redact(errorText(err))})
		return
	}
	out.Tests = l.Redactor.Redact(result)
	env.emit(Event{Kind: EventOutput, Text: out.Tests})
}

// testedSinceChange reports whether run_tests was called after the last
// edit_file or write_file of the history.
func testedSinceChange(history []model.Message) bool {
	for i := len(history) - 1; i >= 0; i-- {
		calls := history[i].ToolCalls
		for j := len(calls) - 1; j >= 0; j-- {
			switch calls[j].Name {
			case "run_tests":
				return true
			case "edit_file", "write_file":
				return false
			}
		}
	}
	return false
}

// skip answers calls that were not run, so that the history stays a valid
// conversation for --resume.
func (l *Loop) skip(s *Session, calls []model.ToolCall, why string) {
	for _, c := range calls {
		s.History = append(s.History, model.Message{Role: model.RoleTool, ToolCallID: c.ID, Content: "error: " + why})
	}
}
