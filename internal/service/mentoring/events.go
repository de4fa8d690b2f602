package mentoring

import (
	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
)

// Phase is one step of a contribution. Its string is the phase's name in
// state files and JSON output (REPO_ANALYSIS, ...).
type Phase = workflow.Phase

// The phases, so that callers switch on values rather than names.
const (
	PhaseIdle           = workflow.Idle
	PhaseRepoAnalysis   = workflow.RepoAnalysis
	PhaseIssueAnalysis  = workflow.IssueAnalysis
	PhasePlanning       = workflow.Planning
	PhaseImplementation = workflow.Implementation
	PhaseVerification   = workflow.Verification
	PhaseValidation     = workflow.Validation
	PhaseCommitPR       = workflow.CommitPR
	PhaseComplete       = workflow.Complete
	PhaseBlocked        = workflow.Blocked
)

// EventKind says what an Event reports.
type EventKind = orchestration.EventKind

// The kinds of Event, in the order a step emits them.
const (
	EventPhaseStarted = orchestration.PhaseStarted
	EventPhaseDone    = orchestration.PhaseDone
	EventTransitioned = orchestration.Transitioned
	EventPaused       = orchestration.Paused
	EventFailed       = orchestration.Failed
)
