package workflow

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func all() Facts {
	return Facts{IssueURLValid: true, RepoAnalyzed: true, IssueParsed: true, PlanDocumented: true,
		FilesModified: true, TestsPassed: true, VerifiedCurrentDiff: true, RequirementsMet: true,
		PRCreated: true, UserConfirmed: true}
}

func at(p Phase) State {
	s := New("wf1", "/repo", "https://github.com/o/r/issues/1", 1, t0)
	s.Phase = p
	return s
}

func TestHappyPathFollowsTheBlueprint(t *testing.T) {
	s := at(Idle)
	want := []Phase{RepoAnalysis, IssueAnalysis, Planning, Implementation, Verification, Validation, CommitPR, Complete}
	trig := Start
	for i, p := range want {
		var err error
		s, err = Fire(s, trig, all(), "", t0.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatalf("step %d to %s: %v", i, p, err)
		}
		if s.Phase != p {
			t.Fatalf("step %d: phase %s, want %s", i, s.Phase, p)
		}
		trig = CompletePhase
	}
	if len(s.History) != len(want) {
		t.Fatalf("history has %d events, want %d", len(s.History), len(want))
	}
	if h := s.History[0]; h.From != Idle || h.To != RepoAnalysis || h.Trigger != Start || !h.At.Equal(t0) {
		t.Fatalf("first event %+v", h)
	}
}

func TestGuards(t *testing.T) {
	cases := []struct {
		from    Phase
		trigger Trigger
		unset   func(*Facts)
		guard   string
	}{
		{Idle, Start, func(f *Facts) { f.IssueURLValid = false }, "Valid issue URL provided"},
		{RepoAnalysis, CompletePhase, func(f *Facts) { f.RepoAnalyzed = false }, "Repository analyzed"},
		{IssueAnalysis, CompletePhase, func(f *Facts) { f.IssueParsed = false }, "Issue fetched and parsed"},
		{Planning, CompletePhase, func(f *Facts) { f.PlanDocumented = false }, "Plan documented"},
		{Implementation, CompletePhase, func(f *Facts) { f.FilesModified = false }, "Files modified on feature branch"},
		{Verification, CompletePhase, func(f *Facts) { f.TestsPassed = false }, "All tests pass"},
		{Verification, CompletePhase, func(f *Facts) { f.VerifiedCurrentDiff = false }, "All tests pass"},
		{Verification, FailPhase, func(f *Facts) {}, "Tests failed, retry"},
		{Validation, CompletePhase, func(f *Facts) { f.RequirementsMet = false }, "Changes validated against requirements"},
		{Validation, CompletePhase, func(f *Facts) { f.VerifiedCurrentDiff = false }, "Changes validated against requirements"},
		{CommitPR, CompletePhase, func(f *Facts) { f.PRCreated = false }, "PR created, user confirmed"},
		{CommitPR, CompletePhase, func(f *Facts) { f.UserConfirmed = false }, "PR created, user confirmed"},
		{Planning, ReportBlocker, func(f *Facts) { f.BlockerReason = "" }, "External dependency missing"},
	}
	for _, c := range cases {
		f := all()
		f.BlockerReason = "x"
		c.unset(&f)
		s := at(c.from)
		got, err := Fire(s, c.trigger, f, "", t0)
		if !errcode.HasCode(err, errcode.WorkflowGuardFailed) {
			t.Errorf("%s/%s: err = %v, want WORKFLOW_GUARD_FAILED", c.from, c.trigger, err)
			continue
		}
		if !strings.Contains(err.Error(), c.guard) {
			t.Errorf("%s/%s: error %q does not name guard %q", c.from, c.trigger, err, c.guard)
		}
		if !reflect.DeepEqual(got, s) {
			t.Errorf("%s/%s: a refused transition changed the state", c.from, c.trigger)
		}
	}
}

func TestFailedTestsReturnToImplementation(t *testing.T) {
	f := all()
	f.TestsPassed = false
	s, err := Fire(at(Verification), FailPhase, f, "2 tests failed", t0)
	if err != nil || s.Phase != Implementation {
		t.Fatalf("phase %s, err %v", s.Phase, err)
	}
	if s.History[0].Reason != "2 tests failed" {
		t.Fatalf("reason not recorded: %+v", s.History[0])
	}
}

func TestBlockedReturnsWhereItCameFrom(t *testing.T) {
	for _, p := range []Phase{Idle, RepoAnalysis, IssueAnalysis, Planning, Implementation, Verification, Validation, CommitPR} {
		f := Facts{BlockerReason: "go 1.30 missing"}
		s, err := Fire(at(p), ReportBlocker, f, "", t0)
		if err != nil || s.Phase != Blocked || s.BlockedFrom != p || s.BlockReason != "go 1.30 missing" {
			t.Fatalf("block from %s: %+v %v", p, s, err)
		}
		if _, err := Fire(s, ResolveBlocker, Facts{}, "", t0); !errcode.HasCode(err, errcode.WorkflowGuardFailed) {
			t.Fatalf("unblock without removal: %v", err)
		}
		s, err = Fire(s, ResolveBlocker, Facts{BlockerRemoved: true}, "", t0)
		if err != nil || s.Phase != p || s.BlockedFrom != "" {
			t.Fatalf("unblock to %s: %+v %v", p, s, err)
		}
	}
}

func TestInvalidTransitions(t *testing.T) {
	cases := []struct {
		from    Phase
		trigger Trigger
	}{
		{Idle, CompletePhase}, {RepoAnalysis, Start}, {Implementation, FailPhase},
		{Complete, CompletePhase}, {Complete, ReportBlocker}, {Blocked, ReportBlocker},
		{Blocked, CompletePhase}, {Planning, ResolveBlocker},
	}
	for _, c := range cases {
		_, err := Fire(at(c.from), c.trigger, all(), "", t0)
		if !errcode.HasCode(err, errcode.WorkflowInvalidTransition) {
			t.Errorf("%s/%s: %v, want WORKFLOW_INVALID_TRANSITION", c.from, c.trigger, err)
			continue
		}
		if !strings.Contains(err.Error(), string(c.from)) || !strings.Contains(err.Error(), string(c.trigger)) {
			t.Errorf("error %q does not name from and trigger", err)
		}
	}
	_, err := Fire(at(Verification), Start, all(), "", t0)
	if !strings.Contains(err.Error(), "complete_phase -> VALIDATION") || !strings.Contains(err.Error(), "fail_phase -> IMPLEMENTATION") {
		t.Errorf("error %q does not list what is allowed", err)
	}
}

func TestBlockedWithoutOriginIsCorrupt(t *testing.T) {
	s := at(Blocked)
	_, err := Fire(s, ResolveBlocker, Facts{BlockerRemoved: true}, "", t0)
	if !errcode.HasCode(err, errcode.StateCorrupted) {
		t.Fatalf("err = %v", err)
	}
}

func TestDeterministic(t *testing.T) {
	run := func() State {
		s := at(Idle)
		for _, tr := range []Trigger{Start, CompletePhase, ReportBlocker, ResolveBlocker, CompletePhase} {
			f := all()
			f.BlockerReason = "network"
			s, _ = Fire(s, tr, f, "r", t0)
		}
		return s
	}
	if a, b := run(), run(); !reflect.DeepEqual(a, b) {
		t.Fatalf("same inputs gave different states:\n%+v\n%+v", a, b)
	}
}

func TestEveryPhaseButCompleteHasAWayOut(t *testing.T) {
	for _, p := range Phases() {
		if got := len(Allowed(p)); (got == 0) != p.Terminal() {
			t.Errorf("%s has %d ways out", p, got)
		}
	}
}

func TestChangesAfterVerificationGoBack(t *testing.T) {
	for _, p := range []Phase{Validation, CommitPR} {
		if _, err := Fire(at(p), FailPhase, all(), "", t0); !errcode.HasCode(err, errcode.WorkflowGuardFailed) {
			t.Errorf("%s: going back while the diff is verified: %v", p, err)
		}
		f := all()
		f.VerifiedCurrentDiff = false
		s, err := Fire(at(p), FailPhase, f, "changed since the tests ran", t0)
		if err != nil || s.Phase != Implementation {
			t.Errorf("%s: %s, %v", p, s.Phase, err)
		}
	}
}
