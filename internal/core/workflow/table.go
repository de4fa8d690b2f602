package workflow

// Facts are what the orchestration observed before asking for a
// transition. Guards read only these, so the same facts always give the same
// transition.
type Facts struct {
	IssueURLValid       bool   // a valid issue reference was given
	RepoAnalyzed        bool   // the repository analysis finished
	IssueParsed         bool   // the issue was fetched and its requirements extracted
	PlanDocumented      bool   // plan.md was written
	FilesModified       bool   // the feature branch has changes against its base
	TestsPassed         bool   // the repository's tests passed
	VerifiedCurrentDiff bool   // those tests ran on the diff as it is now
	RequirementsMet     bool   // the diff was validated against the requirements
	PRCreated           bool   // the pull request exists
	UserConfirmed       bool   // the contributor confirmed the pull request
	BlockerReason       string // why the workflow is blocked (report_blocker)
	BlockerRemoved      bool   // the blocker no longer holds (resolve_blocker)
}

// Guard is a named condition on Facts.
type Guard struct {
	Name  string
	Holds func(Facts) (bool, string)
}

// Transition is one row of the blueprint's transition table. From is empty
// for "any phase" and To is empty for "the phase before BLOCKED".
type Transition struct {
	From    Phase
	To      Phase
	Trigger Trigger
	Guard   Guard
}

func guard(name string, holds func(Facts) bool, why string) Guard {
	return Guard{Name: name, Holds: func(f Facts) (bool, string) {
		if holds(f) {
			return true, ""
		}
		return false, why
	}}
}

// Table returns the transition table, in the blueprint's order.
func Table() []Transition {
	return []Transition{
		{Idle, RepoAnalysis, Start, guard("Valid issue URL provided",
			func(f Facts) bool { return f.IssueURLValid }, "no valid issue reference was given")},
		{RepoAnalysis, IssueAnalysis, CompletePhase, guard("Repository analyzed",
			func(f Facts) bool { return f.RepoAnalyzed }, "the repository has not been analysed yet")},
		{IssueAnalysis, Planning, CompletePhase, guard("Issue fetched and parsed",
			func(f Facts) bool { return f.IssueParsed }, "the issue has not been fetched and parsed yet")},
		{Planning, Implementation, CompletePhase, guard("Plan documented",
			func(f Facts) bool { return f.PlanDocumented }, "plan.md has not been written")},
		{Implementation, Verification, CompletePhase, guard("Files modified on feature branch",
			func(f Facts) bool { return f.FilesModified }, "the feature branch has no changes yet")},
		{Verification, Implementation, FailPhase, guard("Tests failed, retry",
			func(f Facts) bool { return !f.TestsPassed }, "the tests passed; there is nothing to retry")},
		{Verification, Validation, CompletePhase, guard("All tests pass",
			func(f Facts) bool { return f.TestsPassed && f.VerifiedCurrentDiff }, "the tests have not passed on the current changes")},
		{Validation, CommitPR, CompletePhase, Guard{Name: "Changes validated against requirements", Holds: validated}},
		// Not in the blueprint's table, which has no way back once the tests
		// passed: a change made after them must be verified again.
		{Validation, Implementation, FailPhase, changedSinceVerified()},
		{CommitPR, Complete, CompletePhase, Guard{Name: "PR created, user confirmed", Holds: prDone}},
		{CommitPR, Implementation, FailPhase, changedSinceVerified()},
		{"", Blocked, ReportBlocker, guard("External dependency missing",
			func(f Facts) bool { return f.BlockerReason != "" }, "no reason for the blocker was given")},
		{Blocked, "", ResolveBlocker, guard("Blocker removed",
			func(f Facts) bool { return f.BlockerRemoved }, "the blocker still holds")},
	}
}

// changedSinceVerified holds when the changes are no longer the ones the
// tests passed on.
func changedSinceVerified() Guard {
	return guard("Changes differ from the verified ones",
		func(f Facts) bool { return !f.TestsPassed || !f.VerifiedCurrentDiff }, "the tests passed on the changes as they are")
}

func validated(f Facts) (bool, string) {
	switch {
	case !f.TestsPassed || !f.VerifiedCurrentDiff:
		return false, "the changes differ from the ones the tests passed on; verify them again"
	case !f.RequirementsMet:
		return false, "the changes have not been validated against the issue's requirements"
	}
	return true, ""
}

func prDone(f Facts) (bool, string) {
	switch {
	case !f.PRCreated:
		return false, "the pull request has not been created"
	case !f.UserConfirmed:
		return false, "the contributor has not confirmed the pull request"
	}
	return true, ""
}
