package mentoring

import (
	"context"
	"os"
	"slices"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Next moves the workflow id (the most recent active one when empty) on
// when its phase's guard holds, and runs the phases after it until one
// needs the contributor again.
func (s *Service) Next(ctx context.Context, id string) (*Result, error) {
	ss, st, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := refuseInactive(st); err != nil {
		return nil, err
	}
	if st.Phase.Terminal() {
		return nil, errcode.Newf(errcode.WorkflowInvalidTransition, "start another: oss-dev mentor start OWNER/REPO#N",
			"workflow %s is complete", st.WorkflowID)
	}
	e := ss.engine()
	return ss.run(ctx, e, &st)
}

// Resume continues an interrupted workflow: the phase it stopped in runs
// again from its start (every phase can be repeated safely). In
// IMPLEMENTATION it only reports where things stand. With restore, a
// corrupt state is first replaced by its last good copy.
func (s *Service) Resume(ctx context.Context, id string, restore bool) (*Result, error) {
	if restore {
		if id == "" {
			return nil, errcode.New(errcode.InvalidInput, "--restore needs the workflow's id", "run 'oss-dev mentor list' and pass the id: oss-dev mentor resume ID --restore")
		}
		root, err := s.repoRoot()
		if err != nil {
			return nil, err
		}
		ss, err := s.openSession(ctx, root)
		if err != nil {
			return nil, err
		}
		if _, err := ss.store.RestoreBackup(ctx, id); err != nil {
			return nil, err
		}
	}
	ss, st, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := refuseInactive(st); err != nil {
		return nil, err
	}
	if st.Phase == workflow.Implementation || st.Phase.Terminal() {
		return &Result{Workflow: summarize(st), NextStep: nextStep(st), Warnings: diag.List{}}, nil
	}
	e := ss.engine()
	return ss.run(ctx, e, &st)
}

// Block records a blocker; the workflow returns to its phase on Unblock.
func (s *Service) Block(ctx context.Context, id, reason string) (Summary, error) {
	ss, st, err := s.load(ctx, id)
	if err != nil {
		return Summary{}, err
	}
	e := ss.engine()
	if err := e.Fire(ctx, &st, workflow.ReportBlocker, workflow.Facts{BlockerReason: reason}, reason); err != nil {
		return Summary{}, err
	}
	s.recordIndex(st, OutcomeBlocked, false)
	return summarize(st), nil
}

// Unblock re-checks that the workflow can go on (its repository and
// branch are there) and returns it to the phase it was blocked in.
func (s *Service) Unblock(ctx context.Context, id string) (Summary, error) {
	ss, st, err := s.load(ctx, id)
	if err != nil {
		return Summary{}, err
	}
	if st.Phase != workflow.Blocked {
		return Summary{}, errcode.Newf(errcode.WorkflowInvalidTransition, "nothing to do; 'oss-dev mentor status' shows the next step",
			"workflow %s is not blocked (it is in %s)", st.WorkflowID, st.Phase)
	}
	removed, why := ss.recheck(ctx, st)
	e := ss.engine()
	if err := e.Fire(ctx, &st, workflow.ResolveBlocker, workflow.Facts{BlockerRemoved: removed}, "unblocked: was "+st.BlockReason); err != nil {
		if why != "" {
			return Summary{}, errcode.Wrap(errcode.WorkflowGuardFailed, err, "the workflow cannot go on yet: "+why, "fix that, then run 'oss-dev mentor unblock' again")
		}
		return Summary{}, err
	}
	s.recordIndex(st, "", false)
	return summarize(st), nil
}

// recheck looks at what the blocked phase needs to go on.
func (ss *session) recheck(ctx context.Context, st workflow.State) (bool, string) {
	if _, err := os.Stat(ss.root); err != nil {
		return false, "the repository folder " + ss.root + " is gone"
	}
	if ok, why := ss.environmentReady(ctx, st); !ok { // a missing toolchain (environment.go)
		return false, why
	}
	if st.BranchName != "" {
		branches, err := ss.git.Branches(ctx)
		if err != nil {
			return false, err.Error()
		}
		if !slices.Contains(branches, st.BranchName) {
			return false, "the branch " + st.BranchName + " no longer exists"
		}
	}
	return true, ""
}

// Abandon marks the workflow abandoned. Its file and plan are kept.
func (s *Service) Abandon(ctx context.Context, id, reason string) (Summary, error) {
	ss, st, err := s.load(ctx, id)
	if err != nil {
		return Summary{}, err
	}
	if err := refuseInactive(st); err != nil && st.Phase != workflow.Blocked {
		return Summary{}, err
	}
	if st.Phase.Terminal() {
		return Summary{}, errcode.Newf(errcode.WorkflowInvalidTransition, "", "workflow %s is complete", st.WorkflowID)
	}
	if err := abandonedField.write(&st, abandonMeta{At: s.now().UTC(), Reason: reason}); err != nil {
		return Summary{}, err
	}
	st.UpdatedAt = s.now().UTC()
	if err := ss.store.Save(ctx, &st); err != nil {
		return Summary{}, err
	}
	s.recordIndex(st, OutcomeAbandoned, false)
	return summarize(st), nil
}

// List returns the workflows of the current repository, newest first.
func (s *Service) List(ctx context.Context) ([]Summary, error) {
	root, err := s.repoRoot()
	if err != nil {
		return nil, err
	}
	ss, err := s.openSession(ctx, root)
	if err != nil {
		return nil, err
	}
	list, err := ss.store.List()
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(list))
	for _, w := range list {
		sum := summarize(w.State)
		if w.Err == nil {
			w.Err = checkMeta(w.State)
		}
		if w.Err != nil {
			sum.Error = w.Err.Error()
			sum.Ignored = errcode.HasCode(w.Err, errcode.StateUntrusted)
		}
		out = append(out, sum)
	}
	return out, nil
}

// Status describes the workflow: phase, history, next step, what the way
// forward still needs, and the tokens its model calls used.
func (s *Service) Status(ctx context.Context, id string) (*Status, error) {
	ss, st, err := s.loadAny(ctx, id, true)
	if err != nil {
		return nil, err
	}
	out := &Status{Workflow: summarize(st), NextStep: nextStep(st), History: []HistoryEntry{}, Warnings: diag.List{}}
	for _, h := range st.History {
		out.History = append(out.History, HistoryEntry{At: h.At, From: h.From, To: h.To, Trigger: string(h.Trigger), Reason: h.Reason})
	}
	tokensField.load(st, &out.Tokens)
	var au AssistantUsage
	if ok := assistantField.load(st, &au); ok {
		out.Assistant = &au
	}
	if out.Warnings, err = warningsOf(st); err != nil {
		return nil, err
	}
	var pm planMeta
	if ok := planField.load(st, &pm); ok {
		out.PlanPath = pm.Path
	}
	var v Verification
	if ok := verifyField.load(st, &v); ok {
		out.Verification = &v
	}
	var val Validation
	if ok := validateField.load(st, &val); ok {
		out.Validation = &val
	}
	var pr PullRequest
	if ok := prField.load(st, &pr); ok {
		out.PullRequest = &pr
	}
	var link BranchLink
	if ok := linkField.load(st, &link); ok {
		out.BranchLink = &link
	}
	out.Guard = ss.guardStatus(ctx, st)
	return out, nil
}

// guardStatus evaluates the guard of complete_phase with what can be
// observed cheaply now: the changes for IMPLEMENTATION, whether the tests
// ran on them for VALIDATION and COMMIT_PR.
func (ss *session) guardStatus(ctx context.Context, st workflow.State) *GuardStatus {
	var t *workflow.Transition
	for _, tr := range workflow.Allowed(st.Phase) {
		if tr.Trigger == workflow.CompletePhase || (st.Phase == workflow.Blocked && tr.Trigger == workflow.ResolveBlocker) {
			tr := tr
			t = &tr
			break
		}
	}
	if t == nil {
		return nil
	}
	g := &GuardStatus{Name: t.Guard.Name}
	f := workflow.Facts{}
	switch st.Phase {
	case workflow.Implementation:
		files, err := ss.changedFiles(ctx, &st)
		f.FilesModified = err == nil && len(files) > 0
	case workflow.Validation, workflow.CommitPR:
		passed, current, _ := ss.verifiedNow(ctx, &st)
		f.TestsPassed, f.VerifiedCurrentDiff = passed, current
		f.RequirementsMet = true
		f.PRCreated, f.UserConfirmed = true, true
	default:
		g.Needs = "the phase's work has not run yet: run 'oss-dev mentor next'"
		return g
	}
	g.Holds, g.Needs = t.Guard.Holds(f)
	if st.Phase == workflow.CommitPR && g.Holds {
		g.Holds, g.Needs = false, "the pull request has not been opened yet: run 'oss-dev mentor next'"
	}
	return g
}

// nextStep says what to do now.
func nextStep(st workflow.State) string {
	if !active(st) && !st.Phase.Terminal() {
		return "nothing: the workflow was abandoned; start again with 'oss-dev mentor start " + st.IssueURL + "'"
	}
	switch st.Phase {
	case workflow.Idle, workflow.RepoAnalysis, workflow.IssueAnalysis, workflow.Planning:
		return "run 'oss-dev mentor resume' to finish the analysis and the plan"
	case workflow.Implementation:
		return "make your changes on " + st.BranchName + " (the plan is in plan.md; 'oss-dev mentor status' shows where), then run 'oss-dev mentor next'"
	case workflow.Verification:
		return "run 'oss-dev mentor next' to run the tests"
	case workflow.Validation:
		return "run 'oss-dev mentor next' to check the changes against the issue, the linter and the conventions"
	case workflow.CommitPR:
		return "run 'oss-dev mentor next' to commit, push and open the pull request"
	case workflow.Blocked:
		// The reason may quote a repository's files or a person's words over
		// several lines; the step is one line.
		if reason := strings.Join(strings.Fields(st.BlockReason), " "); reason != "" {
			return "blocked (" + reason + "): remove the blocker, then run 'oss-dev mentor unblock'"
		}
		return "blocked: remove the blocker, then run 'oss-dev mentor unblock'"
	case workflow.Complete:
		var pr PullRequest
		if ok := prField.load(st, &pr); ok && pr.URL != "" {
			return "follow the review of " + pr.URL
		}
		return "nothing: the workflow is complete"
	}
	return ""
}

// Audit returns the approval decisions recorded for workflow id (the most
// recent one's when id is empty; every decision when there is none).
func (s *Service) Audit(ctx context.Context, id string) ([]AuditRecord, string, error) {
	root, err := s.repoRoot()
	if err != nil {
		return nil, "", err
	}
	ss, err := s.openSession(ctx, root)
	if err != nil {
		return nil, "", err
	}
	if id == "" {
		if id, err = ss.latestActive(); err != nil {
			if id, err = ss.latest(); err != nil {
				id = ""
			}
		}
	} else if _, err := ss.store.Load(id); err != nil {
		return nil, "", err
	}
	path := AuditPath(&ss.cfg.Config, ss.svc.Dirs.State)
	recs, err := approval.ReadAudit(path, id)
	if err != nil {
		return nil, path, errcode.Wrap(errcode.StateCorrupted, err, "cannot read the audit log "+path, "check the file's permissions")
	}
	if recs == nil {
		recs = []AuditRecord{}
	}
	return recs, path, nil
}
