// Package approval decides whether a change may be made: the blueprint's
// policies, command safety through a real shell parser, path safety, allow
// and deny rules, a person's confirmation, and an audit line per decision.
// Nothing is approved by default: with no one to ask and no rule or policy
// that decides, the answer is APPROVAL_NOT_CONFIGURED.
package approval

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Request describes one change to be made.
type Request struct {
	Workflow string
	// Tool names the kind of change (config.Tools lists them).
	Tool   config.Tool
	Action string
	// Command is the program and arguments, when the change runs one.
	Command []string
	// Shell is a whole command line, when the command comes as one.
	Shell string
	// Paths are files the change writes.
	Paths []string
	// Mutating is false for read-only work; commands are judged by their class.
	Mutating bool
	Detail   string
	// Origin is set when the command is the repository's own; it is then
	// never known safe, and runs inside the sandbox where there is one.
	Origin *Origin
}

// Outcome is what the manager concluded before anyone was asked.
type Outcome string

// Outcomes.
const (
	Approve Outcome = "approve"
	Ask     Outcome = "ask"
	Reject  Outcome = "reject"
)

// Who decided.
const (
	ByRule     = "rule"
	ByPolicy   = "policy"
	BySafety   = "safety"
	ByPerson   = "person"
	ByReadOnly = "read-only"
	// ByAssistant: the assistant refused a change of the model's before
	// asking (a path outside the repository); it is recorded all the same.
	ByAssistant = "assistant"
)

// Decision is the manager's answer and why.
type Decision struct {
	Outcome   Outcome       `json:"decision"`
	Approved  bool          `json:"approved"`
	DecidedBy string        `json:"decided_by"`
	Rule      *SourcedRule  `json:"rule,omitempty"`
	Policy    config.Policy `json:"policy"`
	Safety    *Assessment   `json:"safety,omitempty"`
	Paths     []PathVerdict `json:"paths,omitempty"`
	Reason    string        `json:"reason"`
	// Sandboxed is true when the command, if it runs, runs confined: a
	// repository's own command on a system with the sandbox.
	Sandboxed bool `json:"sandboxed"`
}

// RuleWriter persists an "always allow" answer as an allow rule.
type RuleWriter interface {
	AddAllow(ctx context.Context, r config.Rule) (SourcedRule, error)
}

// Manager applies the approval policy.
type Manager struct {
	Policy      config.Policy
	ToolPolicy  map[config.Tool]config.Policy
	Rules       Rules
	Env         Environment
	Confirmer   contract.Confirmer
	RuleWriter  RuleWriter
	Audit       *AuditLog
	Now         func() time.Time
	PolicyLayer string
	// Notes say what the configuration asked for that was not honoured.
	Notes []string
	// Sandbox says whether the repository's commands can run confined.
	Sandbox Sandbox
	// Pins keeps "always" answers for the repository's commands; nil
	// means "always" is not offered for them.
	Pins PinStore
}

// Evaluate decides without asking anyone and without side effects; the
// `config rules check` command shows exactly this.
func (m *Manager) Evaluate(req Request) Decision {
	policy := m.policyFor(req.Tool)
	d := Decision{Policy: policy, Sandboxed: req.Origin != nil && m.Sandbox.Available}
	a, segs := m.assess(req)
	d.Safety = a
	d.Paths = m.paths(req, a)
	if r, ok := m.denied(req.Tool, segs); ok {
		return d.set(Reject, ByRule, &r, "denied by the rule "+r.Pattern()+" ("+r.File+")")
	}
	if a != nil && a.Class == Dangerous {
		return d.set(Reject, BySafety, nil, "dangerous: "+a.Reason)
	}
	if req.Origin != nil {
		return m.repoCommand(d, policy, req)
	}
	class := Unknown
	if a != nil {
		class = a.Class
	}
	if !req.Mutating && (a == nil || class == Safe) && allInside(d.Paths) {
		return d.set(Approve, ByReadOnly, nil, "does not change anything")
	}
	if r, ok := m.allowed(req.Tool, segs, a); ok {
		return d.set(Approve, ByRule, &r, "allowed by the rule "+r.Pattern()+" ("+r.File+")")
	}
	return m.byPolicy(d, policy, class)
}

func (m *Manager) byPolicy(d Decision, policy config.Policy, class Class) Decision {
	outside := !allInside(d.Paths)
	safe := class == Safe && !outside
	why := "the policy is " + string(policy)
	switch {
	case policy == config.PolicyYolo:
		return d.set(Approve, ByPolicy, nil, why+": checks are bypassed")
	case outside && policy != config.PolicyNever:
		return d.set(Ask, ByPolicy, nil, "touches a path outside the repository: "+firstOutside(d.Paths))
	case policy == config.PolicyAuto || policy == config.PolicyOnFailure:
		return d.set(Approve, ByPolicy, nil, why)
	case safe:
		return d.set(Approve, BySafety, nil, "known safe: "+d.safetyReason())
	case policy == config.PolicyNever:
		return d.set(Reject, ByPolicy, nil, why+": only known-safe actions are approved")
	}
	return d.set(Ask, ByPolicy, nil, why+": "+d.askReason(class))
}

func (d Decision) set(o Outcome, by string, r *SourcedRule, reason string) Decision {
	d.Outcome, d.DecidedBy, d.Rule, d.Reason = o, by, r, reason
	d.Approved = o == Approve
	return d
}

func (d Decision) safetyReason() string {
	if d.Safety != nil {
		return d.Safety.Reason
	}
	return "read-only"
}

func (d Decision) askReason(class Class) string {
	if d.Safety != nil && class == Unknown {
		return "a person confirms commands that are not known to be safe (" + d.Safety.Reason + ")"
	}
	return "a person confirms every change"
}

func (m *Manager) policyFor(tool config.Tool) config.Policy {
	if p, ok := m.ToolPolicy[tool]; ok && p != "" {
		return p
	}
	if m.Policy == "" {
		return config.PolicyOnRequest
	}
	return m.Policy
}

// assess classifies the request's command, if it has one, and returns the
// argument lists of its simple commands for rule matching.
func (m *Manager) assess(req Request) (*Assessment, [][]string) {
	var a Assessment
	switch {
	case req.Shell != "":
		a = Classify(req.Shell, m.Env)
	case len(req.Command) > 0:
		a = ClassifyArgs(req.Command, m.Env)
	default:
		return nil, nil
	}
	segs := make([][]string, 0, len(a.Segments))
	for _, s := range a.Segments {
		segs = append(segs, s.Args)
	}
	return &a, segs
}

func (m *Manager) paths(req Request, a *Assessment) []PathVerdict {
	var out []PathVerdict
	for _, p := range req.Paths {
		out = append(out, m.Env.CheckPath(p))
	}
	if a != nil {
		for _, s := range a.Segments {
			out = append(out, s.Paths...)
		}
	}
	return out
}

// denied reports the first deny rule that matches the tool or any segment.
func (m *Manager) denied(tool config.Tool, segs [][]string) (SourcedRule, bool) {
	for _, r := range m.Rules.Deny {
		if len(segs) == 0 && matches(r.Rule, tool, nil) {
			return r, true
		}
		for _, s := range segs {
			if matches(r.Rule, tool, s) {
				return r, true
			}
		}
	}
	return SourcedRule{}, false
}

// allowed reports an allow rule covering the request: every segment must be
// matched by an allow rule or be safe on its own.
func (m *Manager) allowed(tool config.Tool, segs [][]string, a *Assessment) (SourcedRule, bool) {
	if len(segs) == 0 {
		for _, r := range m.Rules.Allow {
			if matches(r.Rule, tool, nil) {
				return r, true
			}
		}
		return SourcedRule{}, false
	}
	var first *SourcedRule
	for i, s := range segs {
		r, ok := m.allowRuleFor(tool, s)
		switch {
		case ok && first == nil:
			first = &r
		case !ok && a.Segments[i].Class != Safe:
			return SourcedRule{}, false
		}
	}
	if first == nil {
		return SourcedRule{}, false
	}
	return *first, true
}

func (m *Manager) allowRuleFor(tool config.Tool, args []string) (SourcedRule, bool) {
	for _, r := range m.Rules.Allow {
		if matches(r.Rule, tool, args) {
			return r, true
		}
	}
	return SourcedRule{}, false
}

func allInside(ps []PathVerdict) bool {
	for _, p := range ps {
		if !p.Inside {
			return false
		}
	}
	return true
}

func firstOutside(ps []PathVerdict) string {
	for _, p := range ps {
		if !p.Inside {
			return strings.TrimSpace(p.Path + " (" + p.Reason + ")")
		}
	}
	return ""
}

// Request decides, asks a person when the policy says so, records the
// decision in the audit log, and returns APPROVAL_REJECTED or
// APPROVAL_NOT_CONFIGURED unless the change is approved.
func (m *Manager) Request(ctx context.Context, req Request) (Decision, error) {
	d := m.Evaluate(req)
	if d.Outcome == Ask {
		var err error
		if d, err = m.ask(ctx, req, d); err != nil {
			m.record(req, d)
			return d, err
		}
	}
	m.record(req, d)
	if !d.Approved {
		return d, rejected(req, d)
	}
	return d, nil
}

func (m *Manager) ask(ctx context.Context, req Request, d Decision) (Decision, error) {
	if m.Confirmer == nil {
		d = d.set(Reject, ByPolicy, nil, "no one to ask: "+d.Reason)
		scope := ""
		if m.Env.RepoRoot == "" {
			scope = "--user " // outside a repository only the user's file can hold the rule
		}
		fix := "run it in a terminal to answer the prompt, or allow it: 'oss-dev config rules allow " + scope + m.suggestedPattern(req) + "', or set approval.policy"
		if req.Origin != nil {
			fix = "run it in a terminal to answer the prompt (\"always\" lasts while its files stay as they are), or run it yourself"
		}
		return d, errcode.Newf(errcode.ApprovalNotConfigured, fix,
			"%s needs approval and there is no terminal to ask (%s)", describe(req), d.Reason)
	}
	if req.Origin != nil {
		return m.askRepoCommand(ctx, req, d)
	}
	rule, canAlways := m.alwaysRule(req)
	answer, err := m.Confirmer.Confirm(ctx, m.prompt(req, d, rule, canAlways))
	if err != nil {
		d = d.set(Reject, ByPerson, nil, "the prompt failed: "+err.Error())
		return d, errcode.Wrap(errcode.ApprovalNotConfigured, err, "could not ask for approval of "+describe(req), "answer the prompt in a terminal, or set approval.policy")
	}
	switch answer {
	case contract.AnswerYes:
		return d.set(Approve, ByPerson, nil, "approved at the prompt"), nil
	case contract.AnswerAlways:
		d = d.set(Approve, ByPerson, nil, "approved at the prompt, always in this repository")
		if canAlways && m.RuleWriter != nil {
			sr, err := m.RuleWriter.AddAllow(ctx, rule)
			if err != nil {
				d.Reason += " (the rule could not be saved: " + err.Error() + ")"
			} else {
				d.Rule = &sr
			}
		}
		return d, nil
	}
	return d.set(Reject, ByPerson, nil, "declined at the prompt"), nil
}

func (m *Manager) prompt(req Request, d Decision, rule config.Rule, canAlways bool) contract.ApprovalPrompt {
	p := contract.ApprovalPrompt{Workflow: req.Workflow, Tool: req.Tool, Action: req.Action, Detail: req.Detail, Reason: d.Reason}
	if d.Safety != nil {
		p.Command = d.Safety.Command
	}
	if canAlways {
		p.Rule = Pattern(rule)
	}
	return p
}

// alwaysRule is the allow rule an "always" answer adds; a command line of
// several commands gets none, since one rule cannot scope them all.
func (m *Manager) alwaysRule(req Request) (config.Rule, bool) {
	a, segs := m.assess(req)
	if a == nil {
		return RuleFor(req.Tool, nil)
	}
	if len(segs) != 1 {
		return config.Rule{}, false
	}
	return RuleFor("", segs[0])
}

func (m *Manager) suggestedPattern(req Request) string {
	if r, ok := m.alwaysRule(req); ok {
		return Pattern(r)
	}
	return "PROGRAM [SUBCOMMAND]"
}

func describe(req Request) string {
	if req.Action != "" {
		return req.Action
	}
	if req.Shell != "" {
		return req.Shell
	}
	return strings.Join(req.Command, " ")
}

func rejected(req Request, d Decision) error {
	fix := "nothing was changed; run it yourself if you are sure"
	switch d.DecidedBy {
	case ByRule:
		fix = fmt.Sprintf("nothing was changed; the deny rule %s is in %s ('oss-dev config rules list')", d.Rule.ID(), d.Rule.File)
	case ByPolicy:
		fix = "nothing was changed; the policy " + string(d.Policy) + " rejects it (oss-dev config set approval.policy on_request)"
	case ByPerson:
		fix = "nothing was changed"
	}
	return errcode.Newf(errcode.ApprovalRejected, fix, "%s was rejected: %s", describe(req), d.Reason)
}

func (m *Manager) record(req Request, d Decision) {
	if m.Audit == nil {
		return
	}
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	m.Audit.Write(NewRecord(now(), req, d))
}
