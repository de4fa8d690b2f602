package mentoring

import (
	"context"
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

// runPhase is the engine's handler: the work of each phase.
func (ss *session) runPhase(ctx context.Context, phase workflow.Phase, st *workflow.State) (orchestration.Outcome, error) {
	switch phase {
	case workflow.RepoAnalysis:
		return ss.repoAnalysis(ctx, st)
	case workflow.IssueAnalysis:
		return ss.issueAnalysis(ctx, st)
	case workflow.Planning:
		return ss.planning(ctx, st)
	case workflow.Implementation:
		return ss.implementation(ctx, st)
	case workflow.Verification:
		return ss.verification(ctx, st)
	case workflow.Validation:
		return ss.validation(ctx, st)
	case workflow.CommitPR:
		return ss.commitPR(ctx, st)
	}
	return orchestration.Outcome{}, errcode.Newf(errcode.WorkflowInvalidTransition, "", "phase %s has no work", phase)
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
	var warn []string
	if ok, _ := st.Meta(metaWarnings, &warn); ok {
		res.Warnings = append(warn, res.Warnings...)
	}
	if res.Warnings == nil {
		res.Warnings = []string{}
	}
	if err != nil {
		return res, err
	}
	var v Verification
	if last := st.History[len(st.History)-1]; last.Trigger == workflow.FailPhase && last.From == workflow.Verification {
		if ok, _ := st.Meta(metaVerify, &v); ok {
			res.Verification = &v
		}
		return res, errcode.Newf(errcode.ChecksFailed, "fix the failures, then run 'oss-dev mentor next' again",
			"the tests failed, so the workflow is back in IMPLEMENTATION: %s", last.Reason)
	}
	return res, nil
}

func (ss *session) repoAnalysis(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	svc := analysis.RepoService{Progress: ss.svc.note}
	rep, err := svc.AnalyzeRepo(ctx, analysis.RepoTarget{Local: ss.root})
	if err != nil {
		return orchestration.Outcome{}, err
	}
	var rm repoMeta
	if _, err := st.Meta(metaRepo, &rm); err != nil {
		return orchestration.Outcome{}, err
	}
	rm.Test, rm.Lint, rm.Format = commandsOf(rep, repo.KindTest), commandsOf(rep, repo.KindLint), commandsOf(rep, repo.KindFormat)
	c := rep.Contribution
	rm.PRTemplate = ""
	if len(c.PRTemplates) > 0 {
		rm.PRTemplate = c.PRTemplates[0].Path
	}
	rm.DCO = c.DCO.Required
	rm.Convention, rm.ConvShare = c.CommitConvention.Style, c.CommitConvention.Share
	rm.Language = rep.PrimaryLanguage
	if rm.DefaultBranch == "" {
		if b, err := ss.git.DefaultBranch(ctx, "origin"); err == nil {
			rm.DefaultBranch = b
		}
	}
	if err := st.SetMeta(metaRepo, rm); err != nil {
		return orchestration.Outcome{}, err
	}
	if err := ss.prepareEnvironment(ctx, st, rep); err != nil { // toolchains checked, setup offered (environment.go)
		return orchestration.Outcome{}, err
	}
	reason := fmt.Sprintf("%s; test: %s", orNone(rep.PrimaryLanguage), orNone(first(rm.Test)))
	return orchestration.Outcome{Facts: workflow.Facts{RepoAnalyzed: true}, Reason: reason}, nil
}

func commandsOf(rep *repo.Report, kind string) []CommandInfo {
	var out []CommandInfo
	for _, c := range rep.Commands {
		// a command that holds a CI expression runs in CI only; the first
		// runnable test is the report's test_command
		if c.Kind == kind && c.Runnable() {
			out = append(out, CommandInfo{Command: c.Command, Dir: c.Dir, CI: c.CI})
		}
	}
	return out
}

func first(cs []CommandInfo) string {
	if len(cs) == 0 {
		return ""
	}
	return cs[0].Command
}

func orNone(s string) string {
	if s == "" {
		return "none found"
	}
	return s
}

func (ss *session) issueAnalysis(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	in, err := ss.readIssue(ctx, st)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	rep, err := analysis.AnalyzeIssue(in, ss.svc.now())
	if err != nil {
		return orchestration.Outcome{}, err
	}
	im := issueMeta{Title: in.Issue.Title, URL: in.Issue.URL, State: in.Issue.State, Type: string(rep.Classification.Type),
		Labels: in.Issue.LabelNames(), Requirements: rep.Requirements, Claim: rep.Claim, Body: in.Issue.Body}
	if err := st.SetMeta(metaIssue, im); err != nil {
		return orchestration.Outcome{}, err
	}
	var warns []string
	if rep.Claim.Taken {
		by := ""
		if rep.Claim.By != "" {
			by = " by @" + rep.Claim.By
		}
		warns = append(warns, fmt.Sprintf("the issue looks taken (%s%s): ask on the issue before you put work in", rep.Claim.Status, by))
	}
	if strings.EqualFold(in.Issue.State, "closed") {
		warns = append(warns, "the issue is closed: check with the maintainers that a fix is still wanted")
	}
	for _, w := range warns {
		ss.svc.note("Warning: " + w)
	}
	if err := addWarnings(st, warns...); err != nil {
		return orchestration.Outcome{}, err
	}
	reason := fmt.Sprintf("%q (%s)", in.Issue.Title, orNone(string(rep.Classification.Type)))
	return orchestration.Outcome{Facts: workflow.Facts{IssueParsed: true}, Reason: reason}, nil
}

func addWarnings(st *workflow.State, warns ...string) error {
	if len(warns) == 0 {
		return nil
	}
	var all []string
	if _, err := st.Meta(metaWarnings, &all); err != nil {
		return err
	}
	for _, w := range warns {
		if !contains(all, w) {
			all = append(all, w)
		}
	}
	return st.SetMeta(metaWarnings, all)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// implementation checks the guard of the contributor's phase: changes on
// the feature branch.
func (ss *session) implementation(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	if err := ss.onBranch(ctx, st); err != nil {
		return orchestration.Outcome{}, err
	}
	files, err := ss.changedFiles(ctx, st)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	reason := fmt.Sprintf("%d file(s) changed", len(files))
	return orchestration.Outcome{Facts: workflow.Facts{FilesModified: len(files) > 0}, Reason: reason}, nil
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
