// Package workflow is the contribution workflow's state machine: the
// blueprint's phases, its transition table with triggers and guards, and the
// history of every transition. It decides; it performs nothing.
package workflow

// Phase is one step of a contribution.
type Phase string

// The blueprint's phases.
const (
	Idle           Phase = "IDLE"
	RepoAnalysis   Phase = "REPO_ANALYSIS"
	IssueAnalysis  Phase = "ISSUE_ANALYSIS"
	Planning       Phase = "PLANNING"
	Implementation Phase = "IMPLEMENTATION"
	Verification   Phase = "VERIFICATION"
	Validation     Phase = "VALIDATION"
	CommitPR       Phase = "COMMIT_PR"
	Complete       Phase = "COMPLETE"
	Blocked        Phase = "BLOCKED"
)

// Phases lists the phases in workflow order, BLOCKED last.
func Phases() []Phase {
	return []Phase{Idle, RepoAnalysis, IssueAnalysis, Planning, Implementation, Verification, Validation, CommitPR, Complete, Blocked}
}

// Valid reports whether p is one of the blueprint's phases.
func (p Phase) Valid() bool {
	for _, q := range Phases() {
		if p == q {
			return true
		}
	}
	return false
}

// Terminal reports whether nothing follows p.
func (p Phase) Terminal() bool { return p == Complete }

// Trigger is what moves a workflow from one phase to another.
type Trigger string

// The blueprint's triggers.
const (
	Start          Trigger = "start"
	CompletePhase  Trigger = "complete_phase"
	FailPhase      Trigger = "fail_phase"
	ReportBlocker  Trigger = "report_blocker"
	ResolveBlocker Trigger = "resolve_blocker"
)
