package mentoring

import (
	"context"
	"fmt"
	"sync"

	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Hooks holds the hooks registered for the phases' hook points; it
// implements contract.HookRegistry. Its zero value holds none, and a
// phase with no hooks runs exactly as it would without a registry.
// Plugins register at start-up; the workflow reads it while it runs.
type Hooks struct {
	mu      sync.Mutex
	byEvent map[contract.HookEvent][]namedHook
}

type namedHook struct {
	name string
	fn   contract.HookFunc
}

var _ contract.HookRegistry = (*Hooks)(nil)

// Register adds a hook at a hook point. Hooks at one point run in the
// order they were registered.
func (h *Hooks) Register(ev contract.HookEvent, name string, fn contract.HookFunc) error {
	if name == "" || fn == nil {
		return errcode.New(errcode.InvalidInput, "a hook needs a name and a function", "register the hook with both")
	}
	if ev.When != contract.HookBefore && ev.When != contract.HookAfter {
		return errcode.Newf(errcode.InvalidInput, "a hook runs before or after a phase",
			"hook %q: %q is neither before nor after", name, ev.When)
	}
	if !hasWork(workflow.Phase(ev.Phase)) {
		return errcode.Newf(errcode.InvalidInput, "name one of "+workingPhaseNames(),
			"hook %q: %s is not a phase with work to run hooks around", name, ev)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, x := range h.byEvent[ev] {
		if x.name == name {
			return errcode.Newf(errcode.InvalidInput, "give each hook at one point its own name",
				"a hook named %q is already registered at %s", name, ev)
		}
	}
	if h.byEvent == nil {
		h.byEvent = map[contract.HookEvent][]namedHook{}
	}
	h.byEvent[ev] = append(h.byEvent[ev], namedHook{name, fn})
	return nil
}

// Registered lists the hook names at a hook point, in the order they run.
func (h *Hooks) Registered(ev contract.HookEvent) []string {
	var out []string
	for _, x := range h.at(ev) {
		out = append(out, x.name)
	}
	return out
}

// at is a copy of the hooks at ev, so a hook that registers another
// cannot change the list being run.
func (h *Hooks) at(ev contract.HookEvent) []namedHook {
	if h == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]namedHook(nil), h.byEvent[ev]...)
}

// before runs the hooks before a phase's work. The first error stops
// them and the phase, naming the hook and what it said.
func (h *Hooks) before(ctx context.Context, p workflow.Phase, st *workflow.State) error {
	hc := hookContext(contract.HookBefore, p, st)
	for _, x := range h.at(hc.Event) {
		if err := x.fn(ctx, hc); err != nil {
			if ctx.Err() != nil {
				return interrupted(ctx)
			}
			return errcode.Wrap(errcode.WorkflowGuardFailed, err,
				fmt.Sprintf("the %s hook %q stopped the phase: %v", hc.Event, x.name, err),
				"do what the hook asks, then run 'oss-dev mentor next' again; or disable the plugin that registered it")
		}
	}
	return nil
}

// after runs the hooks after a phase's work, once its transition is
// saved, and returns their failures as warnings: the work is done and
// recorded whatever they say. An interruption while they run is still an
// error, with the transition recorded.
func (h *Hooks) after(ctx context.Context, p workflow.Phase, st *workflow.State) ([]string, error) {
	hc := hookContext(contract.HookAfter, p, st)
	var warns []string
	for _, x := range h.at(hc.Event) {
		err := x.fn(ctx, hc)
		if ctx.Err() != nil {
			return warns, interrupted(ctx)
		}
		if err != nil {
			warns = append(warns, fmt.Sprintf("the %s hook %q failed: %v", hc.Event, x.name, err))
		}
	}
	return warns, nil
}

func hookContext(when contract.HookWhen, p workflow.Phase, st *workflow.State) contract.HookContext {
	return contract.HookContext{Event: contract.HookEvent{When: when, Phase: string(p)}, WorkflowID: st.WorkflowID,
		Phase: string(p), IssueURL: st.IssueURL, Repository: st.RepositoryPath, Branch: st.BranchName}
}

func interrupted(ctx context.Context) error {
	return errcode.Wrap(errcode.Canceled, ctx.Err(), "the workflow was interrupted", "run 'oss-dev mentor resume' to continue")
}
