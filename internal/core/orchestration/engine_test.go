package orchestration

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// facts answers every phase with the facts its guard needs.
func facts() workflow.Facts {
	return workflow.Facts{IssueURLValid: true, RepoAnalyzed: true, IssueParsed: true, PlanDocumented: true,
		FilesModified: true, TestsPassed: true, VerifiedCurrentDiff: true, RequirementsMet: true,
		PRCreated: true, UserConfirmed: true}
}

func newEngine(t *testing.T, h HandlerFunc) (*Engine, *state.Store, *workflow.State, *[]Event) {
	t.Helper()
	store := state.Open(t.TempDir(), "")
	store.KeyPath = filepath.Join(t.TempDir(), "state.key")
	st := workflow.New("wf-1", "/repo", "https://github.com/o/r/issues/1", 1, t0)
	if err := store.Create(context.Background(), &st); err != nil {
		t.Fatal(err)
	}
	var events []Event
	e := &Engine{Store: store, Handler: h, Pause: map[workflow.Phase]bool{workflow.Implementation: true},
		Now: func() time.Time { return t0 }, OnEvent: func(ev Event) { events = append(events, ev) }}
	if err := e.Fire(context.Background(), &st, workflow.Start, workflow.Facts{IssueURLValid: true}, "started"); err != nil {
		t.Fatal(err)
	}
	return e, store, &st, &events
}

func TestRunStopsWhereThePersonWorks(t *testing.T) {
	var ran []workflow.Phase
	e, store, st, events := newEngine(t, func(_ context.Context, p workflow.Phase, s *workflow.State) (Outcome, error) {
		ran = append(ran, p)
		return Outcome{Facts: facts(), Reason: string(p) + " done"}, s.SetMeta(string(p), true)
	})
	n, err := e.Run(context.Background(), st)
	if err != nil || n != 3 {
		t.Fatalf("run: %d steps, %v", n, err)
	}
	if want := []workflow.Phase{workflow.RepoAnalysis, workflow.IssueAnalysis, workflow.Planning}; !reflect.DeepEqual(ran, want) {
		t.Fatalf("ran %v, want %v", ran, want)
	}
	stored, err := store.Load("wf-1")
	if err != nil || stored.Phase != workflow.Implementation || stored.Version != st.Version {
		t.Fatalf("stored %s v%d (memory v%d): %v", stored.Phase, stored.Version, st.Version, err)
	}
	if ok, _ := stored.Meta(string(workflow.Planning), new(bool)); !ok {
		t.Fatal("the handler's metadata was not saved with the transition")
	}
	last := (*events)[len(*events)-1]
	if last.Kind != Paused || last.Phase != workflow.Implementation {
		t.Fatalf("last event %+v", last)
	}
	// Starting in a paused phase tries to complete it, and goes on.
	if n, err = e.Run(context.Background(), st); err != nil || st.Phase != workflow.Complete || n != 4 {
		t.Fatalf("second run: %s after %d steps, %v", st.Phase, n, err)
	}
}

func TestFailPhaseStopsTheRun(t *testing.T) {
	e, _, st, _ := newEngine(t, func(_ context.Context, p workflow.Phase, _ *workflow.State) (Outcome, error) {
		if p == workflow.Verification {
			f := facts()
			f.TestsPassed = false
			return Outcome{Trigger: workflow.FailPhase, Facts: f, Reason: "TestX failed"}, nil
		}
		return Outcome{Facts: facts()}, nil
	})
	e.Pause = nil
	if _, err := e.Run(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if st.Phase != workflow.Implementation || st.History[len(st.History)-1].Reason != "TestX failed" {
		t.Fatalf("phase %s, history %+v", st.Phase, st.History)
	}
}

func TestStaleStateLoses(t *testing.T) {
	e, store, st, _ := newEngine(t, func(context.Context, workflow.Phase, *workflow.State) (Outcome, error) {
		return Outcome{Facts: facts()}, nil
	})
	other, err := store.Load("wf-1")
	must(t, err)
	must(t, e.Step(context.Background(), st))
	if err := e.Step(context.Background(), &other); !errcode.HasCode(err, errcode.StateVersionMismatch) {
		t.Fatalf("stale step: %v", err)
	}
}

func TestGuardFailureNamesTheGuard(t *testing.T) {
	e, _, st, _ := newEngine(t, func(context.Context, workflow.Phase, *workflow.State) (Outcome, error) {
		return Outcome{}, nil
	})
	err := e.Step(context.Background(), st)
	if !errcode.HasCode(err, errcode.WorkflowGuardFailed) || st.Phase != workflow.RepoAnalysis {
		t.Fatalf("err %v, phase %s", err, st.Phase)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestAfterStepSeesTheSavedTransition checks that AfterStep runs on the
// transition as stored, and that its error leaves the transition standing
// and counted.
func TestAfterStepSeesTheSavedTransition(t *testing.T) {
	e, store, st, events := newEngine(t, func(context.Context, workflow.Phase, *workflow.State) (Outcome, error) {
		return Outcome{Facts: facts()}, nil
	})
	var stored []workflow.Phase
	stop := errcode.New(errcode.Canceled, "interrupted", "")
	e.AfterStep = func(_ context.Context, done workflow.Phase, got workflow.State) error {
		s, err := store.Load("wf-1")
		must(t, err)
		if s.Version != got.Version || s.Phase != got.Phase {
			t.Errorf("after %s: stored %s v%d, given %s v%d", done, s.Phase, s.Version, got.Phase, got.Version)
		}
		stored = append(stored, s.Phase)
		if done == workflow.IssueAnalysis {
			return stop
		}
		return nil
	}
	n, err := e.Run(context.Background(), st)
	if !errors.Is(err, stop) || n != 2 {
		t.Fatalf("run: %d steps, %v; want 2 and the AfterStep error", n, err)
	}
	if want := []workflow.Phase{workflow.IssueAnalysis, workflow.Planning}; !reflect.DeepEqual(stored, want) {
		t.Fatalf("AfterStep read %v, want %v", stored, want)
	}
	if s, err := store.Load("wf-1"); err != nil || s.Phase != workflow.Planning || st.Phase != workflow.Planning || s.Version != st.Version {
		t.Fatalf("stored %s v%d, memory %s v%d: %v", s.Phase, s.Version, st.Phase, st.Version, err)
	}
	if last := (*events)[len(*events)-1]; last.Kind != Failed || last.Phase != workflow.IssueAnalysis {
		t.Fatalf("last event %+v", last)
	}
}
