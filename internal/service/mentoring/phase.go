package mentoring

import (
	"context"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// A phase is the work the engine runs while a workflow is in one phase.
// Each lives in its own file, phase_<name>.go, and reaches the
// repository, the configuration and the approval manager through the
// session it embeds. Run may change st (its metadata, its branch); the
// engine saves those changes with the transition Run's outcome asks for.
// Run asks for approval before every change it makes.
type phase interface {
	Phase() workflow.Phase
	Run(ctx context.Context, st *workflow.State) (orchestration.Outcome, error)
}

// phases lists the work of every phase that has any, in workflow order.
func (ss *session) phases() []phase {
	return []phase{repoAnalysis{ss}, issueAnalysis{ss}, planning{ss}, implementation{ss},
		verification{ss}, validation{ss}, commitPR{ss}}
}

// runPhase is the engine's handler: it runs the work of the phase the
// workflow is in, after the hooks registered before it. The hooks
// registered after it run once the engine has saved the transition
// (afterPhase), so they see the phase's work recorded.
func (ss *session) runPhase(ctx context.Context, p workflow.Phase, st *workflow.State) (orchestration.Outcome, error) {
	w := ss.work(p)
	if w == nil {
		return orchestration.Outcome{}, errcode.Newf(errcode.WorkflowInvalidTransition, "", "phase %s has no work", p)
	}
	if err := ss.svc.Hooks.before(ctx, p, st); err != nil {
		return orchestration.Outcome{}, err
	}
	return w.Run(ctx, st)
}

// afterPhase runs the hooks registered after phase p, on the state the
// engine saved when p's work was done. Their failures are warnings of the
// run: the transition is recorded whatever they say.
func (ss *session) afterPhase(ctx context.Context, p workflow.Phase, st workflow.State) error {
	warns, err := ss.svc.Hooks.after(ctx, p, &st)
	for _, msg := range warns {
		d := diag.NewWarning(CodeHook, msg)
		ss.svc.note(d)
		ss.res.Warnings = append(ss.res.Warnings, d)
	}
	return err
}

func (ss *session) work(p workflow.Phase) phase {
	for _, w := range ss.phases() {
		if w.Phase() == p {
			return w
		}
	}
	return nil
}

// hasWork reports whether the engine runs work in p.
func hasWork(p workflow.Phase) bool {
	return (&session{}).work(p) != nil
}

func workingPhaseNames() string {
	var names []string
	for _, w := range (&session{}).phases() {
		names = append(names, string(w.Phase()))
	}
	return strings.Join(names, ", ")
}

// run drives the engine from the current phase and gathers the result.
func (ss *session) run(ctx context.Context, e *orchestration.Engine, st *workflow.State) (*Result, error) {
	n, err := e.Run(ctx, st)
	if n > 0 && st.Phase == workflow.Complete {
		ss.svc.recordIndex(*st, OutcomeCompleted, false)
	}
	res := ss.res
	res.Steps = n
	res.Workflow = summarize(*st)
	res.NextStep = nextStep(*st)
	warn, werr := warningsOf(*st)
	if werr != nil && err == nil {
		err = werr
	}
	res.Warnings = append(warn, res.Warnings...)
	if err != nil {
		return res, err
	}
	var v Verification
	if last := st.History[len(st.History)-1]; last.Trigger == workflow.FailPhase && last.From == workflow.Verification {
		if ok := verifyField.load(st, &v); ok {
			res.Verification = &v
		}
		return res, errcode.Newf(errcode.ChecksFailed, "fix the failures, then run 'oss-dev mentor next' again",
			"the tests failed, so the workflow is back in IMPLEMENTATION: %s", last.Reason)
	}
	return res, nil
}

// onBranch refuses to work while another branch is checked out.
func (ss *session) onBranch(ctx context.Context, st *workflow.State) error {
	cur, err := ss.git.CurrentBranch(ctx)
	if err != nil {
		return err
	}
	if cur != st.BranchName {
		return errcode.Newf(errcode.WorkflowPhaseFailed, "switch back to it: git switch "+st.BranchName,
			"the workflow's branch is %s, but %s is checked out", st.BranchName, cur)
	}
	return nil
}
