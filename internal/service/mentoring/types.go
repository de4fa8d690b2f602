package mentoring

import (
	"time"

	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
)

// Metadata keys of a workflow's state.
const (
	metaRepo       = "repository"
	metaIssue      = "issue"
	metaPlan       = "plan"
	metaBranch     = "branch"
	metaVerify     = "verification"
	metaValidate   = "validation"
	metaPR         = "pull_request"
	metaTokens     = "tokens"
	metaAbandoned  = "abandoned"
	metaWarnings   = "warnings"
	metaTicks      = "ticks"
	metaLink       = "issue_link"
	forkRemoteName = "fork"
)

// CommandInfo is a detected command and where to run it.
type CommandInfo struct {
	Command string `json:"command"`
	Dir     string `json:"dir,omitempty"`
	CI      bool   `json:"ci,omitempty"`
}

// repoMeta is what REPO_ANALYSIS and the start learned about the repository.
type repoMeta struct {
	Upstream      string        `json:"upstream"`
	Host          string        `json:"host"`
	DefaultBranch string        `json:"default_branch"`
	CanPush       bool          `json:"can_push"`
	PushRemote    string        `json:"push_remote"`
	HeadOwner     string        `json:"head_owner"`
	Test          []CommandInfo `json:"test,omitempty"`
	Lint          []CommandInfo `json:"lint,omitempty"`
	Format        []CommandInfo `json:"format,omitempty"`
	PRTemplate    string        `json:"pr_template,omitempty"`
	DCO           bool          `json:"dco"`
	Convention    string        `json:"convention,omitempty"`
	ConvShare     float64       `json:"convention_share,omitempty"`
	Language      string        `json:"language,omitempty"`
}

// issueMeta is what ISSUE_ANALYSIS learned.
type issueMeta struct {
	Title        string             `json:"title"`
	URL          string             `json:"url"`
	State        string             `json:"state"`
	Type         string             `json:"type"`
	Labels       []string           `json:"labels"`
	Requirements issue.Requirements `json:"requirements"`
	Claim        issue.Claim        `json:"claim"`
	Body         string             `json:"body"`
}

type planMeta struct {
	Path  string   `json:"path"`
	Files []string `json:"files"`
}

type branchMeta struct {
	Name    string `json:"name"`
	Base    string `json:"base"`
	BaseSHA string `json:"base_sha"`
}

// Verification is the result of a test run.
type Verification struct {
	Command     string    `json:"command"`
	Passed      bool      `json:"passed"`
	ExitCode    int       `json:"exit_code"`
	Summary     []string  `json:"summary,omitempty"`
	OutputTail  string    `json:"output_tail,omitempty"`
	Fingerprint string    `json:"fingerprint,omitempty"`
	At          time.Time `json:"at"`
	// Skipped says no test command was found, so nothing ran.
	Skipped bool `json:"skipped,omitempty"`
}

// CheckItem is one requirement of the issue checked against the diff.
type CheckItem struct {
	// Number is the item's place in the list, from 1, as `mentor check` takes it.
	Number int    `json:"number"`
	Kind   string `json:"kind"`
	Text   string `json:"text"`
	// Status is "addressed" when the diff touches what it names, "checked"
	// when a person ticked it with `mentor check` or at the prompt, or
	// "unknown" when a person must tick it.
	Status   string   `json:"status"`
	Evidence []string `json:"evidence,omitempty"`
	// CheckedBy and CheckedAt say who ticked it and when.
	CheckedBy string     `json:"checked_by,omitempty"`
	CheckedAt *time.Time `json:"checked_at,omitempty"`
}

// CheckResult is one check VALIDATION ran.
type CheckResult struct {
	Name    string   `json:"name"`
	Passed  bool     `json:"passed"`
	Detail  string   `json:"detail,omitempty"`
	Summary []string `json:"summary,omitempty"`
}

// Validation is what VALIDATION found.
type Validation struct {
	Checklist     []CheckItem   `json:"checklist"`
	Checks        []CheckResult `json:"checks"`
	CommitMessage string        `json:"commit_message"`
	SignOff       bool          `json:"sign_off"`
}

// PullRequest is the pull request COMMIT_PR opened.
type PullRequest struct {
	Number int    `json:"number"`
	URL    string `json:"url"`
	Repo   string `json:"repo"`
	Head   string `json:"head"`
	Base   string `json:"base"`
	Draft  bool   `json:"draft"`
	Title  string `json:"title"`
	Commit string `json:"commit,omitempty"`
	// Adopted says the pull request was already open (an earlier run opened
	// it before it could record it) and was taken over, not opened again.
	Adopted bool `json:"adopted,omitempty"`
}

// BranchLink says whether the feature branch is linked to the issue on
// GitHub (its "Development" section) and, when not, why and what links
// the work to the issue instead.
type BranchLink struct {
	Linked bool   `json:"linked"`
	Branch string `json:"branch"`
	// Repo is where the branch lives (the upstream or the fork).
	Repo string `json:"repo"`
	Note string `json:"note,omitempty"`
}

// Tokens counts what the language model used.
type Tokens struct {
	Calls  int `json:"calls"`
	Input  int `json:"input"`
	Output int `json:"output"`
	Total  int `json:"total"`
}

type abandonMeta struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
}

// Summary identifies a workflow.
type Summary struct {
	ID         string    `json:"id"`
	Phase      Phase     `json:"phase"`
	Issue      string    `json:"issue"`
	IssueURL   string    `json:"issue_url"`
	Title      string    `json:"title,omitempty"`
	Branch     string    `json:"branch,omitempty"`
	Repository string    `json:"repository"`
	Abandoned  bool      `json:"abandoned"`
	Blocked    string    `json:"blocked_reason,omitempty"`
	UpdatedAt  time.Time `json:"updated_at"`
	Version    int       `json:"version"`
	Error      string    `json:"error,omitempty"`
	// Ignored is true for a workflow file this user's oss-dev did not write
	// (committed, cloned, edited): it is never loaded; Error says why.
	Ignored bool `json:"ignored,omitempty"`
}

// Result is what start, next and resume did. Its JSON shape:
//
//	workflow      Summary: id, phase, issue, issue_url, title, branch, repository, ...
//	steps         number of transitions made
//	plan_path     plan.md's path, when PLANNING ran
//	plan          plan.md's text, when PLANNING ran
//	verification  {command, passed, exit_code, summary, output_tail, fingerprint, at, skipped}
//	validation    {checklist: [{kind, text, status, evidence}], checks: [{name, passed, detail, summary}], commit_message, sign_off}
//	pull_request  {number, url, repo, head, base, draft, title, commit, adopted}
//	branch_link   {linked, branch, repo, note}: the branch's link to the issue on GitHub
//	warnings      [{severity, code, summary, detail, source: {file, line}}]
//	next_step     what to do now
type Result struct {
	Workflow     Summary       `json:"workflow"`
	Steps        int           `json:"steps"`
	PlanPath     string        `json:"plan_path,omitempty"`
	Plan         string        `json:"plan,omitempty"`
	Verification *Verification `json:"verification,omitempty"`
	Validation   *Validation   `json:"validation,omitempty"`
	PullRequest  *PullRequest  `json:"pull_request,omitempty"`
	BranchLink   *BranchLink   `json:"branch_link,omitempty"`
	Warnings     diag.List     `json:"warnings"`
	NextStep     string        `json:"next_step"`
}

// HistoryEntry is one transition, for Status.
type HistoryEntry struct {
	At      time.Time `json:"at"`
	From    Phase     `json:"from"`
	To      Phase     `json:"to"`
	Trigger string    `json:"trigger"`
	Reason  string    `json:"reason,omitempty"`
}

// Status is `mentor status`. Its JSON shape:
//
//	workflow      Summary
//	history       [{at, from, to, trigger, reason}]
//	next_step     what to do now
//	guard         {name, holds, needs}: the guard of the way forward and what it still needs
//	tokens        {calls, input, output, total} used by language-model calls
//	assistant     {calls, input, output, total, cost} used by `mentor assist`
//	verification, validation, pull_request, branch_link, plan_path as in Result
type Status struct {
	Workflow Summary        `json:"workflow"`
	History  []HistoryEntry `json:"history"`
	NextStep string         `json:"next_step"`
	Guard    *GuardStatus   `json:"guard,omitempty"`
	Tokens   Tokens         `json:"tokens"`
	// Assistant is what `mentor assist` used, when it ran.
	Assistant    *AssistantUsage `json:"assistant,omitempty"`
	PlanPath     string          `json:"plan_path,omitempty"`
	Verification *Verification   `json:"verification,omitempty"`
	Validation   *Validation     `json:"validation,omitempty"`
	PullRequest  *PullRequest    `json:"pull_request,omitempty"`
	BranchLink   *BranchLink     `json:"branch_link,omitempty"`
	Warnings     diag.List       `json:"warnings"`
}

// GuardStatus is the guard on the way forward from the current phase.
type GuardStatus struct {
	Name  string `json:"name"`
	Holds bool   `json:"holds"`
	Needs string `json:"needs,omitempty"`
}

// AuditRecord is one line of the audit log.
type AuditRecord = approval.Record

func summarize(st workflow.State) Summary {
	s := Summary{ID: st.WorkflowID, Phase: st.Phase, IssueURL: st.IssueURL, Branch: st.BranchName,
		Repository: st.RepositoryPath, Blocked: st.BlockReason, UpdatedAt: st.UpdatedAt, Version: st.Version}
	var im issueMeta
	if ok := issueField.load(st, &im); ok {
		s.Title = im.Title
	}
	var rm repoMeta
	if ok := repoField.load(st, &rm); ok && rm.Upstream != "" {
		s.Issue = rm.Upstream + "#" + itoa(st.IssueNumber)
	}
	if s.Issue == "" {
		s.Issue = st.IssueURL
	}
	s.Abandoned = !active(st) && !st.Phase.Terminal()
	return s
}
