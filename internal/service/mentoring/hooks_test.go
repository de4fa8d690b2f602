package mentoring_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

func hookAt(when contract.HookWhen, phase string) contract.HookEvent {
	return contract.HookEvent{When: when, Phase: phase}
}

func noop(context.Context, contract.HookContext) error { return nil }

func TestRegisterRefusesWhatCannotRun(t *testing.T) {
	h := &mentoring.Hooks{}
	if err := h.Register(hookAt(contract.HookBefore, "VERIFICATION"), "lint", noop); err != nil {
		t.Fatalf("first registration: %v", err)
	}
	// one name may serve several points: a plugin's hook before and after a phase
	if err := h.Register(hookAt(contract.HookAfter, "VERIFICATION"), "lint", noop); err != nil {
		t.Fatalf("same name at another point: %v", err)
	}
	tests := []struct {
		name  string
		ev    contract.HookEvent
		hook  string
		fn    contract.HookFunc
		wants string
	}{
		{"no name", hookAt(contract.HookBefore, "PLANNING"), "", noop, "a name"},
		{"no function", hookAt(contract.HookBefore, "PLANNING"), "x", nil, "a function"},
		{"neither before nor after", hookAt("during", "PLANNING"), "x", noop, "during"},
		{"unknown phase", hookAt(contract.HookBefore, "DEPLOY"), "x", noop, "before:DEPLOY"},
		{"phase in lower case", hookAt(contract.HookBefore, "planning"), "x", noop, "before:planning"},
		{"a phase without work", hookAt(contract.HookAfter, "COMPLETE"), "x", noop, "after:COMPLETE"},
		{"the blocked state", hookAt(contract.HookBefore, "BLOCKED"), "x", noop, "before:BLOCKED"},
		{"a taken name", hookAt(contract.HookBefore, "VERIFICATION"), "lint", noop, "already registered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := h.Register(tt.ev, tt.hook, tt.fn)
			if !errcode.HasCode(err, errcode.InvalidInput) || !strings.Contains(err.Error(), tt.wants) {
				t.Fatalf("Register: %v; want INVALID_INPUT saying %q", err, tt.wants)
			}
		})
	}
	if got := h.Registered(hookAt(contract.HookBefore, "VERIFICATION")); len(got) != 1 || got[0] != "lint" {
		t.Fatalf("registered before VERIFICATION: %v", got)
	}
}

// TestBeforeHookStopsThePhase registers a hook that refuses PLANNING: the
// workflow stays in PLANNING with no plan and no branch, the error names
// the hook and what it said, and once the hook is gone the phase runs.
func TestBeforeHookStopsThePhase(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	s.Hooks = &mentoring.Hooks{}
	var seen []contract.HookContext
	refuse := func(_ context.Context, hc contract.HookContext) error {
		seen = append(seen, hc)
		return errors.New("sign the CLA first")
	}
	if err := s.Hooks.Register(hookAt(contract.HookBefore, "PLANNING"), "cla", refuse); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := s.Start(ctx, mentoringtest.IssueID, "")
	if !errcode.HasCode(err, errcode.WorkflowGuardFailed) || !strings.Contains(err.Error(), `before:PLANNING hook "cla"`) ||
		!strings.Contains(err.Error(), "sign the CLA first") {
		t.Fatalf("start: %v; want WORKFLOW_GUARD_FAILED naming the hook and its message", err)
	}
	if res == nil || res.Workflow.Phase != "PLANNING" || res.PlanPath != "" {
		t.Fatalf("after the refusal: %+v", res)
	}
	if len(seen) != 1 {
		t.Fatalf("the hook ran %d times, want once", len(seen))
	}
	hc := seen[0]
	clone := w.Clone()
	if hc.WorkflowID != res.Workflow.ID || hc.Phase != "PLANNING" || hc.Event.String() != "before:PLANNING" ||
		hc.IssueURL != res.Workflow.IssueURL || !sameDir(hc.Repository, clone) || hc.Branch != "" {
		t.Fatalf("the hook was told %+v; workflow %+v in %s", hc, res.Workflow, clone)
	}
	if branches := w.Git(clone, "branch", "--list", "oss-dev/*"); strings.TrimSpace(branches) != "" {
		t.Fatalf("the refused phase created a branch: %s", branches)
	}

	s.WorkDir = clone
	s.Hooks = nil
	res, err = s.Next(ctx, "")
	if err != nil || res.Workflow.Phase != "IMPLEMENTATION" || res.PlanPath == "" {
		t.Fatalf("next without the hook: %+v, %v", res, err)
	}
}

// TestAfterHookFailureIsAWarning registers a failing hook after PLANNING:
// the phase's work stands, the workflow moves on, and the failure is a
// warning of the run. The hook sees what the phase made.
func TestAfterHookFailureIsAWarning(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	s.Hooks = &mentoring.Hooks{}
	var notes []string
	s.Note = func(d diag.Diagnostic) { notes = append(notes, string(d.Severity)+": "+d.Summary) }
	var branch string
	var planSeen bool
	fail := func(_ context.Context, hc contract.HookContext) error {
		branch = hc.Branch
		_, err := os.Stat(filepath.Join(hc.Repository, ".oss-dev", "workflows", hc.WorkflowID, "plan.md"))
		planSeen = err == nil
		return errors.New("the notifier is offline")
	}
	if err := s.Hooks.Register(hookAt(contract.HookAfter, "PLANNING"), "notify", fail); err != nil {
		t.Fatal(err)
	}
	res, err := s.Start(context.Background(), mentoringtest.IssueID, "")
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	want := `the after:PLANNING hook "notify" failed: the notifier is offline`
	if res.Workflow.Phase != "IMPLEMENTATION" || !hasString(res.Warnings.Strings(), want) {
		t.Fatalf("after start: %s, warnings %q; want IMPLEMENTATION and %q", res.Workflow.Phase, res.Warnings, want)
	}
	if !hasString(notes, "warning: "+want) {
		t.Errorf("the warning was not said while the run went on: %q", notes)
	}
	if branch == "" || branch != res.Workflow.Branch || !planSeen {
		t.Fatalf("the hook saw branch %q (workflow's %q) and plan.md %v", branch, res.Workflow.Branch, planSeen)
	}
}

// TestAfterHookSeesTheTransitionSaved registers a hook after PLANNING
// that reads the workflow's file, as a plugin would: it finds the
// workflow already in IMPLEMENTATION, with the plan and the branch that
// PLANNING recorded.
func TestAfterHookSeesTheTransitionSaved(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	s.Hooks = &mentoring.Hooks{}
	var saved workflow.State
	var loadErr error
	read := func(_ context.Context, hc contract.HookContext) error {
		saved, loadErr = state.Open(hc.Repository, s.Dirs.State).Load(hc.WorkflowID)
		return loadErr
	}
	if err := s.Hooks.Register(hookAt(contract.HookAfter, "PLANNING"), "reader", read); err != nil {
		t.Fatal(err)
	}
	res, err := s.Start(context.Background(), mentoringtest.IssueID, "")
	if err != nil || loadErr != nil {
		t.Fatalf("start: %v; the hook's read: %v", err, loadErr)
	}
	last := saved.History[len(saved.History)-1]
	if saved.Phase != workflow.Implementation || last.From != workflow.Planning || last.To != workflow.Implementation {
		t.Fatalf("the hook read %s, last transition %s -> %s; want IMPLEMENTATION, PLANNING -> IMPLEMENTATION", saved.Phase, last.From, last.To)
	}
	if saved.BranchName == "" || saved.BranchName != res.Workflow.Branch || saved.Version != res.Workflow.Version {
		t.Fatalf("the hook read branch %q v%d; the workflow has %q v%d", saved.BranchName, saved.Version, res.Workflow.Branch, res.Workflow.Version)
	}
	if ok, _ := saved.Meta("plan", new(json.RawMessage)); !ok {
		t.Fatal("the hook read no plan in the saved workflow")
	}
}

// TestInterruptedAfterHookKeepsTheTransition interrupts the run while the
// hook after PLANNING runs: the branch and plan.md PLANNING made are
// recorded with the move to IMPLEMENTATION, not left behind by a workflow
// still in PLANNING, and the next run goes on from IMPLEMENTATION.
func TestInterruptedAfterHookKeepsTheTransition(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	s.Hooks = &mentoring.Hooks{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupt := func(context.Context, contract.HookContext) error {
		cancel()
		return nil
	}
	if err := s.Hooks.Register(hookAt(contract.HookAfter, "PLANNING"), "interrupt", interrupt); err != nil {
		t.Fatal(err)
	}
	_, err := s.Start(ctx, mentoringtest.IssueID, "")
	if !errcode.HasCode(err, errcode.Canceled) {
		t.Fatalf("start: %v; want CANCELED", err)
	}
	s.WorkDir = w.Clone()
	st, err := s.Status(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if st.Workflow.Phase != "IMPLEMENTATION" || st.Workflow.Branch == "" || st.PlanPath == "" {
		t.Fatalf("after the interruption: phase %s, branch %q, plan %q; want IMPLEMENTATION with both recorded", st.Workflow.Phase, st.Workflow.Branch, st.PlanPath)
	}
	if cur := strings.TrimSpace(w.Git(w.Clone(), "branch", "--show-current")); cur != st.Workflow.Branch {
		t.Fatalf("checked out %q, recorded %q", cur, st.Workflow.Branch)
	}
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sameDir(a, b string) bool {
	ea, err1 := filepath.EvalSymlinks(a)
	eb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ea == eb
}
