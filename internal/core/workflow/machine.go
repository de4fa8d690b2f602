package workflow

import (
	"fmt"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Fire applies trigger to s given the observed facts, and returns the new
// state with the transition recorded in its history. s is not modified. An
// invalid transition is WORKFLOW_INVALID_TRANSITION; a guard that does not
// hold is WORKFLOW_GUARD_FAILED naming the guard and why.
func Fire(s State, trigger Trigger, facts Facts, reason string, now time.Time) (State, error) {
	t, ok := find(s.Phase, trigger)
	if !ok {
		return s, invalid(s.Phase, trigger)
	}
	if t.To == "" && !s.BlockedFrom.Valid() {
		return s, errcode.Newf(errcode.StateCorrupted, "abandon this workflow and start it again",
			"workflow %s is BLOCKED but does not record the phase it came from", s.WorkflowID)
	}
	if holds, why := t.Guard.Holds(facts); !holds {
		return s, errcode.Newf(errcode.WorkflowGuardFailed, guardFix(t),
			"cannot %s from %s: guard %q does not hold: %s", trigger, s.Phase, t.Guard.Name, why)
	}
	next := s
	next.History = append(append([]Event(nil), s.History...), Event{
		At: now.UTC(), From: s.Phase, To: target(t, s), Trigger: trigger, Reason: reason,
	})
	next.Phase = target(t, s)
	next.UpdatedAt = now.UTC()
	switch trigger {
	case ReportBlocker:
		next.BlockedFrom, next.BlockReason = s.Phase, facts.BlockerReason
	case ResolveBlocker:
		next.BlockedFrom, next.BlockReason = "", ""
	}
	return next, nil
}

// Allowed lists the triggers that have a transition out of phase p, with
// their targets, in table order.
func Allowed(p Phase) []Transition {
	var out []Transition
	for _, t := range Table() {
		if matches(t, p) {
			out = append(out, t)
		}
	}
	return out
}

// Next returns the phase complete_phase leads to from p, if any.
func Next(p Phase) (Phase, bool) {
	t, ok := find(p, CompletePhase)
	return t.To, ok
}

func find(p Phase, trigger Trigger) (Transition, bool) {
	for _, t := range Table() {
		if t.Trigger == trigger && matches(t, p) {
			return t, true
		}
	}
	return Transition{}, false
}

// matches reports whether t leaves phase p. "Any phase" excludes the
// terminal phase and BLOCKED itself: a finished contribution cannot block,
// and a blocked one is already blocked.
func matches(t Transition, p Phase) bool {
	if t.From == "" {
		return !p.Terminal() && p != Blocked
	}
	return t.From == p
}

func target(t Transition, s State) Phase {
	if t.To == "" {
		return s.BlockedFrom
	}
	return t.To
}

func invalid(p Phase, trigger Trigger) error {
	var allowed []string
	for _, t := range Allowed(p) {
		to := string(t.To)
		if to == "" {
			to = "the phase before BLOCKED"
		}
		allowed = append(allowed, fmt.Sprintf("%s -> %s", t.Trigger, to))
	}
	list := "none: the workflow is finished"
	if len(allowed) > 0 {
		list = strings.Join(allowed, ", ")
	}
	return errcode.Newf(errcode.WorkflowInvalidTransition,
		"run 'oss-dev mentor status' to see the current phase and its next step",
		"%s is not allowed from %s; allowed: %s", trigger, p, list)
}

func guardFix(t Transition) string {
	switch t.Trigger {
	case ResolveBlocker:
		return "remove the blocker, then run 'oss-dev mentor unblock' again"
	case ReportBlocker:
		return "give the reason: oss-dev mentor block REASON"
	}
	return "finish the current phase's work, then try again; 'oss-dev mentor status' shows what is missing"
}
