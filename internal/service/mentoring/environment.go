package mentoring

// The contributor's environment in the workflow: after REPO_ANALYSIS the
// toolchains are checked and the setup commands offered (each through the
// approval manager); VERIFICATION with a required toolchain missing goes to
// BLOCKED instead of running tests that cannot pass; `mentor unblock`
// checks again.

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/service/setup"
)

// metaEnvironment keeps the last environment check of the workflow.
const metaEnvironment = "environment"

// environmentMeta is what the workflow remembers of the environment.
type environmentMeta struct {
	// Problems are the requirements this machine did not meet.
	Problems []setup.Problem `json:"problems"`
	// Blocked is true when VERIFICATION was blocked by them.
	Blocked bool `json:"blocked"`
	// Prepared lists the setup commands that ran, and Skipped those that did not.
	Prepared []string `json:"prepared,omitempty"`
	Skipped  []string `json:"skipped,omitempty"`
}

// checkEnvironment checks the repository's requirements on this machine,
// plus the program of the test command the workflow will run.
func (ss *session) checkEnvironment(ctx context.Context, st *workflow.State) (setup.Report, []setup.Problem, error) {
	c := &setup.Checker{Prober: setup.Prober{Env: ss.svc.Env}}
	r, err := c.Check(ctx, ss.root)
	if err != nil {
		return setup.Report{}, nil, err
	}
	problems := r.Blocking()
	var rm repoMeta
	if ok := repoField.load(st, &rm); ok && len(rm.Test) > 0 {
		if p, missing := ss.testProgramMissing(&c.Prober, rm.Test[0]); missing {
			problems = append(problems, p)
		}
	}
	return r, problems, nil
}

// testProgramMissing reports the test command's program when it is not on
// PATH (make for "make test"), unless a failed check already names it.
func (ss *session) testProgramMissing(p *setup.Prober, c CommandInfo) (setup.Problem, bool) {
	f := strings.Fields(c.Command)
	for len(f) > 0 && strings.Contains(f[0], "=") {
		f = f[1:]
	}
	if len(f) == 0 || strings.ContainsAny(f[0], `/\$`) {
		return setup.Problem{}, false // a script of the repository, or a shell construct
	}
	if _, _, err := p.Find(f[0]); err == nil {
		return setup.Problem{}, false
	}
	return setup.Problem{Tool: f[0], Requirement: "to run the test command " + c.Command, Found: "not found on PATH",
		Fix: "install " + f[0] + ", then run 'oss-dev mentor unblock'", Evidence: []setup.Location{}}, true
}

// prepareEnvironment runs after REPO_ANALYSIS: it checks the toolchains,
// says what is missing, and offers the setup commands, each through the
// approval manager. Nothing here stops the workflow: a declined or failed
// step is a warning, and VERIFICATION blocks if the tests cannot run.
func (ss *session) prepareEnvironment(ctx context.Context, st *workflow.State, rep *repo.Report) error {
	r, problems, err := ss.checkEnvironment(ctx, st)
	if err != nil {
		return addWarnings(st, diag.NewWarning(CodeEnvironment, "the environment was not checked: "+err.Error()))
	}
	em := environmentMeta{Problems: problems}
	var warns []diag.Diagnostic
	for _, p := range problems {
		warns = append(warns, diag.NewWarning(CodeEnvironment, "missing toolchain: "+p.String()))
	}
	for _, t := range r.Tools {
		if t.Status == setup.Warn {
			ss.svc.note(diag.NewWarning(CodeEnvironment, t.Tool+": "+t.Message))
		}
	}
	steps, err := setup.PlanFromReport(ss.root, rep, "")
	if err != nil || len(steps) == 0 {
		return ss.saveEnvironment(st, em, warns)
	}
	if len(problems) > 0 {
		warns = append(warns, diag.NewWarning(CodeEnvironment, "the setup commands were not run because a required toolchain is missing; after installing it: oss-dev setup"))
		return ss.saveEnvironment(st, em, warns)
	}
	m, err := ss.appr.manager(ss.env(ctx, st))
	if err != nil {
		return err
	}
	runner := &setup.Runner{Root: ss.root, Approver: m, Confirmer: ss.svc.Confirmer, Workflow: st.WorkflowID, Sandbox: &ss.appr.cfg.Config.Sandbox,
		Progress: func(i, n int, step setup.Step, res *setup.StepResult) {
			if res == nil {
				ss.svc.progress("Setup " + itoa(i) + "/" + itoa(n) + ": " + step.Command)
			}
		}}
	results, runErr := runner.Run(ctx, steps)
	for _, res := range results {
		if res.Outcome == setup.StepDone {
			em.Prepared = append(em.Prepared, res.Step.Command)
		} else {
			em.Skipped = append(em.Skipped, res.Step.Command)
		}
	}
	for _, step := range steps[len(results):] {
		em.Skipped = append(em.Skipped, step.Command)
	}
	if runErr != nil {
		if errcode.HasCode(runErr, errcode.Canceled) {
			return runErr
		}
		warns = append(warns, diag.NewWarning(CodeEnvironment, "the repository is not fully prepared ("+firstLineOf(runErr.Error())+"); run 'oss-dev setup' in "+filepath.Clean(ss.root)))
	}
	return ss.saveEnvironment(st, em, warns)
}

func (ss *session) saveEnvironment(st *workflow.State, em environmentMeta, warns []diag.Diagnostic) error {
	if em.Problems == nil {
		em.Problems = []setup.Problem{}
	}
	if err := environmentField.write(st, em); err != nil {
		return err
	}
	return addWarnings(st, warns...)
}

// environmentBlocker is VERIFICATION's first step: with a required
// toolchain missing, the tests cannot pass, so the workflow is blocked
// with the requirement, what was found and the fix.
func (ss *session) environmentBlocker(ctx context.Context, st *workflow.State) (orchestration.Outcome, bool, error) {
	_, problems, err := ss.checkEnvironment(ctx, st)
	if err != nil {
		return orchestration.Outcome{}, false, err
	}
	var em environmentMeta
	if _, err := environmentField.read(st, &em); err != nil {
		return orchestration.Outcome{}, false, err
	}
	em.Problems, em.Blocked = problems, len(problems) > 0
	if em.Problems == nil {
		em.Problems = []setup.Problem{}
	}
	if err := environmentField.write(st, em); err != nil {
		return orchestration.Outcome{}, false, err
	}
	if len(problems) == 0 {
		return orchestration.Outcome{}, false, nil
	}
	if err := environmentField.write(st, em); err != nil {
		return orchestration.Outcome{}, false, err
	}
	parts := make([]string, 0, len(problems))
	for _, p := range problems {
		parts = append(parts, p.String())
	}
	reason := "a required toolchain is missing, so the tests cannot pass: " + strings.Join(parts, "; ")
	ss.svc.note(diag.NewWarning(CodeEnvironment, reason))
	return orchestration.Outcome{Trigger: workflow.ReportBlocker, Facts: workflow.Facts{BlockerReason: reason}, Reason: reason}, true, nil
}

// environmentReady is `mentor unblock`'s check of a workflow blocked by
// its environment: it holds once nothing required is missing any more.
func (ss *session) environmentReady(ctx context.Context, st workflow.State) (bool, string) {
	var em environmentMeta
	if ok := environmentField.load(st, &em); !ok || !em.Blocked || st.BlockedFrom != workflow.Verification {
		return true, ""
	}
	_, problems, err := ss.checkEnvironment(ctx, &st)
	if err != nil {
		return false, err.Error()
	}
	if len(problems) > 0 {
		parts := make([]string, 0, len(problems))
		for _, p := range problems {
			parts = append(parts, p.String())
		}
		return false, "still missing: " + strings.Join(parts, "; ")
	}
	return true, ""
}

func firstLineOf(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
