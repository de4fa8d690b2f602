// Package orchestration runs a contribution workflow phase by phase: it
// asks a phase handler (the service layer's work) what the current phase
// observed, fires the transition the state machine allows, and saves the
// state with optimistic locking after every step. Every step is reported
// as an event, so that a terminal can show progress. Plugins' hooks around
// a phase are the service's to run (the mentoring service runs them): the
// before hooks in the handler, the after hooks in AfterStep.
package orchestration

import (
	"context"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Outcome is what a phase's work observed.
type Outcome struct {
	// Trigger is complete_phase or fail_phase.
	Trigger workflow.Trigger
	Facts   workflow.Facts
	// Reason is recorded in the history with the transition.
	Reason string
}

// Handler does the work of each phase. Run may change st (its metadata,
// its branch name); the engine saves those changes with the transition.
type Handler interface {
	Run(ctx context.Context, phase workflow.Phase, st *workflow.State) (Outcome, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, phase workflow.Phase, st *workflow.State) (Outcome, error)

// Run calls f.
func (f HandlerFunc) Run(ctx context.Context, phase workflow.Phase, st *workflow.State) (Outcome, error) {
	return f(ctx, phase, st)
}

// Store persists states; *state.Store implements it. Save must refuse a
// state based on a stale version (STATE_VERSION_MISMATCH).
type Store interface {
	Save(ctx context.Context, st *workflow.State) error
}

// EventKind says what an Event reports.
type EventKind string

// The events, in the order a step emits them.
const (
	PhaseStarted EventKind = "phase_started"
	PhaseDone    EventKind = "phase_done"
	Transitioned EventKind = "transitioned"
	Paused       EventKind = "paused"
	Failed       EventKind = "failed"
)

// Event is one step of a run, for progress output.
type Event struct {
	Kind    EventKind      `json:"kind"`
	Phase   workflow.Phase `json:"phase"`
	To      workflow.Phase `json:"to,omitempty"`
	Message string         `json:"message,omitempty"`
	At      time.Time      `json:"at"`
}

// Engine drives workflows. Its zero value is not usable: set Store and Handler.
type Engine struct {
	Store   Store
	Handler Handler
	// Pause lists the phases where a person works: a run that enters one
	// stops there, and a run that starts in one tries to complete it.
	Pause map[workflow.Phase]bool
	// OnEvent, when set, is told every step.
	OnEvent func(Event)
	// AfterStep, when set, runs once Step has saved the transition the
	// work of phase made, with the state as saved: what follows a phase's
	// work (plugins' after hooks) sees it recorded. Its error is Step's;
	// the transition stands.
	AfterStep func(ctx context.Context, phase workflow.Phase, st workflow.State) error
	Now       func() time.Time
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) emit(kind EventKind, phase, to workflow.Phase, msg string) {
	if e.OnEvent != nil {
		e.OnEvent(Event{Kind: kind, Phase: phase, To: to, Message: msg, At: e.now().UTC()})
	}
}

// Fire applies a transition that needs no phase work (start, block,
// unblock), saves it and reports it.
func (e *Engine) Fire(ctx context.Context, st *workflow.State, trigger workflow.Trigger, facts workflow.Facts, reason string) error {
	next, err := workflow.Fire(*st, trigger, facts, reason, e.now())
	if err != nil {
		return err
	}
	if err := e.Store.Save(ctx, &next); err != nil {
		return err
	}
	from := st.Phase
	*st = next
	e.emit(Transitioned, from, next.Phase, reason)
	return nil
}

// Step runs the current phase once: the handler, then the transition the
// outcome asks for, saved, then AfterStep. On an error before the save the
// stored state is left as it was; an error from AfterStep comes with the
// transition saved and in st.
func (e *Engine) Step(ctx context.Context, st *workflow.State) error {
	_, err := e.step(ctx, st)
	return err
}

// step is Step, and reports whether it saved a transition.
func (e *Engine) step(ctx context.Context, st *workflow.State) (saved bool, err error) {
	phase := st.Phase
	if phase.Terminal() || phase == workflow.Blocked || phase == workflow.Idle {
		return false, errcode.Newf(errcode.WorkflowInvalidTransition, "run 'oss-dev mentor status' to see what the workflow needs",
			"workflow %s is %s: there is no phase work to run", st.WorkflowID, phase)
	}
	work := *st
	work.Metadata = cloneMeta(st.Metadata)
	e.emit(PhaseStarted, phase, "", "")
	out, err := e.Handler.Run(ctx, phase, &work)
	if err != nil {
		return false, e.fail(phase, err)
	}
	e.emit(PhaseDone, phase, "", out.Reason)
	if out.Trigger == "" {
		out.Trigger = workflow.CompletePhase
	}
	next, err := workflow.Fire(work, out.Trigger, out.Facts, out.Reason, e.now())
	if err != nil {
		return false, e.fail(phase, err)
	}
	if err := e.Store.Save(ctx, &next); err != nil {
		return false, e.fail(phase, err)
	}
	*st = next
	e.emit(Transitioned, phase, next.Phase, out.Reason)
	if e.AfterStep != nil {
		if err := e.AfterStep(ctx, phase, next); err != nil {
			return true, e.fail(phase, err)
		}
	}
	return true, nil
}

func (e *Engine) fail(phase workflow.Phase, err error) error {
	e.emit(Failed, phase, "", err.Error())
	return err
}

// Run steps through phases until the workflow finishes, enters a phase
// where a person works (Pause), goes back through fail_phase, or an error
// stops it. It returns the number of transitions made.
func (e *Engine) Run(ctx context.Context, st *workflow.State) (int, error) {
	steps := 0
	for {
		if err := ctx.Err(); err != nil {
			return steps, errcode.Wrap(errcode.Canceled, err, "the workflow was interrupted", "run 'oss-dev mentor resume' to continue")
		}
		if st.Phase.Terminal() || st.Phase == workflow.Blocked {
			return steps, nil
		}
		from := st.Phase
		saved, err := e.step(ctx, st)
		if saved {
			steps++
		}
		if err != nil {
			return steps, err
		}
		last := st.History[len(st.History)-1]
		if last.Trigger == workflow.FailPhase || (e.Pause[st.Phase] && st.Phase != from) {
			e.emit(Paused, st.Phase, "", last.Reason)
			return steps, nil
		}
	}
}

func cloneMeta[M ~map[string]V, V any](m M) M {
	if m == nil {
		return nil
	}
	out := make(M, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
