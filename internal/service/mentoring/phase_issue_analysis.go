package mentoring

import (
	"context"
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

// issueAnalysis reads the issue, classifies it and extracts what it asks
// for, and warns when it looks taken or is closed.
type issueAnalysis struct{ *session }

func (issueAnalysis) Phase() workflow.Phase { return workflow.IssueAnalysis }

func (ss issueAnalysis) Run(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
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
	if err := issueField.write(st, im); err != nil {
		return orchestration.Outcome{}, err
	}
	var warns []diag.Diagnostic
	if rep.Claim.Taken {
		by := ""
		if rep.Claim.By != "" {
			by = " by @" + rep.Claim.By
		}
		warns = append(warns, diag.NewWarning(CodeIssueTaken, fmt.Sprintf("the issue looks taken (%s%s): ask on the issue before you put work in", rep.Claim.Status, by)))
	}
	if strings.EqualFold(in.Issue.State, "closed") {
		warns = append(warns, diag.NewWarning(CodeIssueClosed, "the issue is closed: check with the maintainers that a fix is still wanted"))
	}
	if err := ss.warn(st, warns...); err != nil {
		return orchestration.Outcome{}, err
	}
	reason := fmt.Sprintf("%q (%s)", in.Issue.Title, orNone(string(rep.Classification.Type)))
	return orchestration.Outcome{Facts: workflow.Facts{IssueParsed: true}, Reason: reason}, nil
}
