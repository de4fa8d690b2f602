package mentoring

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/model"
	approvalsvc "github.com/oss-dev/oss-dev/internal/service/approvals"
)

// Workspace is what the assistant may use of one workflow: the repository,
// the issue, its requirements and plan, the test command, and the approval
// path every change of the workflow takes. It is the assistant's only
// view of the workflow.
type Workspace struct {
	WorkflowID string
	Phase      workflow.Phase
	Root       string
	IssueTitle string
	IssueBody  string
	// Requirements are the issue's requirements, one line each.
	Requirements []string
	Plan         string
	Test         CommandInfo
	Config       *config.Config
	Git          Repo
	Store        *state.Store
	// Approver decides each change as the workflow's own changes are
	// decided, with the repository as it is at that moment.
	Approver Approver
}

// Approver is the workflow's approval manager, built afresh for each
// request so that the classifier sees the working tree as it is then.
type Approver struct {
	ss *session
	st workflow.State
}

// Request decides req, asking a person when the policy says so, and
// records the decision in the audit log.
func (a Approver) Request(ctx context.Context, req approval.Request) (approval.Decision, error) {
	return a.ss.decide(ctx, &a.st, req)
}

// Refuse records in the audit log a change the assistant refused before
// it reached the approval manager (a path outside the repository), so
// that the log shows every change that was proposed and not made.
func (a Approver) Refuse(ctx context.Context, req approval.Request, reason string) {
	req.Workflow = a.st.WorkflowID
	m, err := a.ss.appr.manager(a.ss.env(ctx, &a.st))
	if err != nil || m.Audit == nil {
		return
	}
	d := approval.Decision{Outcome: approval.Reject, DecidedBy: approval.ByAssistant, Policy: m.Policy, Reason: reason}
	m.Audit.Write(approval.NewRecord(a.ss.svc.now(), req, d))
}

// metaAssistant keeps the assistant's usage in the workflow.
const metaAssistant = "assistant"

// maxPlanRead bounds the plan read for the assistant.
const maxPlanRead = 256 << 10

// Workspace opens workflow id (the most recent active one when empty) for
// the assistant. It does not check the phase: undo works in any phase.
func (s *Service) Workspace(ctx context.Context, id string) (*Workspace, error) {
	ss, st, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	var im issueMeta
	if _, err := issueField.read(st, &im); err != nil {
		return nil, err
	}
	w := &Workspace{WorkflowID: st.WorkflowID, Phase: st.Phase, Root: ss.root, IssueTitle: im.Title, IssueBody: im.Body,
		Requirements: requirementLines(im), Config: &ss.cfg.Config, Git: ss.git, Store: ss.store, Approver: Approver{ss: ss, st: st}}
	var rm repoMeta
	if ok := repoField.load(st, &rm); ok && len(rm.Test) > 0 {
		w.Test = rm.Test[0]
	}
	var pm planMeta
	if ok := planField.load(st, &pm); ok && pm.Path != "" {
		if rel, err := filepath.Rel(ss.root, pm.Path); err == nil && !strings.HasPrefix(rel, "..") {
			if b, err := ss.readInside(rel, maxPlanRead); err == nil {
				w.Plan = string(b)
			}
		}
	}
	return w, nil
}

func requirementLines(im issueMeta) []string {
	var out []string
	for _, ki := range requirementItems(im.Requirements) {
		out = append(out, ki.kind+": "+ki.item.Text)
	}
	return out
}

// AssistantUsage is what the assistant used in a workflow, over its sessions.
type AssistantUsage struct {
	Calls  int     `json:"calls"`
	Input  int     `json:"input"`
	Output int     `json:"output"`
	Total  int     `json:"total"`
	Cost   float64 `json:"cost,omitempty"`
}

// Cost is what usage cost at the configured prices per million tokens;
// 0 when no price is set.
func Cost(m config.ModelConfig, input, output int) float64 {
	return (float64(input)*m.PriceInputPerMTok + float64(output)*m.PriceOutputPerMTok) / 1e6
}

// RecordAssistantCall accounts for one model call of the assistant: in
// the workflow's token counts, in the assistant's own, and as a line of
// the audit log with its tokens and cost.
func (s *Service) RecordAssistantCall(ctx context.Context, w *Workspace, modelName string, u model.Usage) error {
	total := u.TotalTokens
	if total == 0 {
		total = u.InputTokens + u.OutputTokens
	}
	cost := Cost(w.Config.Model, u.InputTokens, u.OutputTokens)
	st, err := w.Store.Load(w.WorkflowID)
	if err == nil {
		err = checkMeta(st)
	}
	if err != nil {
		return err
	}
	if err := addTokens(&st, u); err != nil {
		return err
	}
	var a AssistantUsage
	if _, err := assistantField.read(st, &a); err != nil {
		return err
	}
	a.Calls, a.Input, a.Output, a.Total, a.Cost = a.Calls+1, a.Input+u.InputTokens, a.Output+u.OutputTokens, a.Total+total, a.Cost+cost
	if err := assistantField.write(&st, a); err != nil {
		return err
	}
	if err := w.Store.Save(context.WithoutCancel(ctx), &st); err != nil {
		return err
	}
	audit := approvalsvc.AuditLog(w.Config, s.Env, s.Dirs.State)
	audit.Write(approval.Record{Time: s.now().UTC(), Workflow: w.WorkflowID, Tool: config.ToolModel, Action: "a call of the assistant to " + modelName,
		Decision: "usage", Reason: fmt.Sprintf("%d tokens in, %d out", u.InputTokens, u.OutputTokens),
		Tokens: &approval.Tokens{Input: u.InputTokens, Output: u.OutputTokens, Total: total}, Cost: cost})
	return nil
}
