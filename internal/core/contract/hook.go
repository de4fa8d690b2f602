package contract

import (
	"context"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// HookWhen says whether a hook runs before or after a phase's work.
type HookWhen string

// The two hook points of a phase.
const (
	HookBefore HookWhen = "before"
	HookAfter  HookWhen = "after"
)

// HookEvent names a hook point: before or after the work of one workflow
// phase. Phase is the phase's name as the workflow records it
// ("PLANNING", "VERIFICATION"); the registry refuses a phase that has no
// work.
type HookEvent struct {
	When  HookWhen
	Phase string
}

// String is the event as a plugin manifest writes it: "before:PLANNING".
func (e HookEvent) String() string { return string(e.When) + ":" + e.Phase }

// ParseHookEvent reads the "before:PHASE" or "after:PHASE" a plugin
// manifest names a hook point with. It checks the form; whether PHASE is
// a phase with work is the registry's to say.
func ParseHookEvent(s string) (HookEvent, error) {
	when, phase, ok := strings.Cut(strings.TrimSpace(s), ":")
	e := HookEvent{When: HookWhen(when), Phase: phase}
	if !ok || (e.When != HookBefore && e.When != HookAfter) || phase == "" {
		return HookEvent{}, errcode.Newf(errcode.InvalidInput, "write it as before:PHASE or after:PHASE, say before:VERIFICATION",
			"%q is not a hook point", s)
	}
	return e, nil
}

// HookContext is what a hook is told about the workflow it runs in.
type HookContext struct {
	Event      HookEvent
	WorkflowID string
	// Phase is the phase whose work the hook runs before or after.
	Phase    string
	IssueURL string
	// Repository is the path of the repository the workflow works in.
	Repository string
	// Branch is the workflow's feature branch, empty until PLANNING has
	// created it.
	Branch string
}

// HookFunc is a hook. An error from a before hook stops the phase: the
// workflow stays where it was, as when a guard does not hold. An after
// hook runs once the phase's transition is saved; its error becomes a
// warning of the run, and the transition stands.
type HookFunc func(ctx context.Context, hc HookContext) error

// HookRegistry takes hooks; the plugin layer registers each hook point a
// plugin's manifest declares. Register refuses an empty name, a nil
// function, a phase without work, and a name already registered for the
// same event.
type HookRegistry interface {
	Register(event HookEvent, name string, fn HookFunc) error
}
