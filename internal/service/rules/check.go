package rules

import (
	"context"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
)

// CheckRequest is a command to judge.
type CheckRequest struct {
	// Dir is the folder the command would run in; its repository is the one judged.
	Dir string
	// Tool is the kind of change; config.ToolShell when empty.
	Tool config.Tool
	// Policy replaces the configured policy, per-tool policies included; "" keeps them.
	Policy config.Policy
	// Command is an argument list; Shell a whole command line. One of them is set.
	Command []string
	Shell   string
	// Mutating says the command is submitted as a change, as the workflow
	// submits the repository's build and test commands: a safe command is
	// then approved by its class or the policy, not as read-only.
	Mutating bool
}

// CheckResult is what the approval manager would decide, and why. Its
// JSON form is the documented output of `config rules check --json`.
type CheckResult struct {
	Decision  approval.Outcome `json:"decision"`
	DecidedBy string           `json:"decided_by"`
	// Safety is the command's class: safe, dangerous or unknown.
	Safety string        `json:"safety"`
	Reason string        `json:"reason"`
	Policy config.Policy `json:"policy"`
	// PolicyFrom says where the policy came from: "--policy", "default",
	// "env OSS_DEV_APPROVAL__POLICY", "user /path/config.toml:2".
	PolicyFrom string      `json:"policy_from"`
	Tool       config.Tool `json:"tool"`
	Command    string      `json:"command"`
	Repository string      `json:"repository"`
	// Rule is the rule that decided, or null.
	Rule     *RuleRef  `json:"rule"`
	Segments []Segment `json:"segments"`
	// Paths are all the path verdicts of every segment.
	Paths []Path `json:"paths"`
	// Notes say what the configuration asked for that is not honoured, such
	// as allow rules in a project config that came with the repository.
	Notes []string `json:"notes"`
	// Sandboxed is true when the command, if it runs, runs confined: it is
	// the repository's own and this system has the sandbox.
	Sandboxed bool `json:"sandboxed"`
	// Origin says where the repository defines the command and what it
	// runs; null for a command the repository does not define.
	Origin *approval.Origin `json:"origin"`
}

// RuleRef names a rule and where it is written.
type RuleRef struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Pattern string `json:"pattern"`
	Layer   string `json:"layer"`
	File    string `json:"file"`
}

// Segment is one simple command of the command line.
type Segment struct {
	Args    []string `json:"args"`
	Class   string   `json:"class"`
	Reason  string   `json:"reason"`
	Wrapped []string `json:"wrapped"`
	Paths   []Path   `json:"paths"`
}

// Path is a path argument and whether it stays inside the repository.
type Path struct {
	Path   string `json:"path"`
	Inside bool   `json:"inside"`
	Reason string `json:"reason"`
}

// Check returns the decision the approval manager would make for the
// command now, in the repository around req.Dir, with the same manager the
// workflow builds. It runs nothing, asks no one and writes nothing.
func (s *Service) Check(ctx context.Context, req CheckRequest) (CheckResult, error) {
	m, l, err := s.manager(ctx, req.Dir, req.Policy)
	if err != nil {
		return CheckResult{}, err
	}
	r := Request(req)
	if err := MarkRepositoryCommand(ctx, m.Env.RepoRoot, &r); err != nil {
		return CheckResult{}, err
	}
	return Result(r, m.Evaluate(r), m, policyFrom(l, req.Policy, r.Tool)), nil
}

// MarkRepositoryCommand sets r.Origin when its command is one the
// repository at root defines: it is then judged as the repository's code.
// The workflow and setup mark their requests with it too.
func MarkRepositoryCommand(ctx context.Context, root string, r *approval.Request) error {
	line := r.Shell
	if line == "" {
		line = strings.Join(r.Command, " ")
	}
	if strings.TrimSpace(line) == "" {
		return nil
	}
	o, err := Origin(ctx, root, line)
	if err != nil {
		return errcode.Wrap(errcode.InvalidInput, err, "could not analyse the repository at "+root+" to tell whether the command is its own",
			"run the check inside a readable git repository")
	}
	if o != nil {
		r.Origin, r.Mutating = o, true
	}
	return nil
}

// Manager builds the approval manager for the repository around dir, as
// the workflow builds it, with no one to ask and no audit log; policy,
// when set, replaces the configured policies.
func (s *Service) Manager(ctx context.Context, dir string, policy config.Policy) (*approval.Manager, error) {
	m, _, err := s.manager(ctx, dir, policy)
	return m, err
}

func (s *Service) manager(ctx context.Context, dir string, policy config.Policy) (*approval.Manager, *config.Loaded, error) {
	if dir == "" {
		dir = s.WorkDir
	}
	l, err := s.load(dir)
	if err != nil {
		return nil, nil, err
	}
	repo, err := s.OpenRepo(dir)
	if err != nil {
		return nil, nil, err
	}
	env, err := approvals.RepoEnvironment(ctx, dir, repo)
	if err != nil {
		return nil, nil, err
	}
	if home := s.home(); home != "" {
		env.HomeDir = home
	}
	m, err := approvals.NewManager(l, env, nil, nil, s.StateDir)
	if err != nil {
		return nil, nil, err
	}
	if policy != "" {
		m.Policy, m.ToolPolicy = policy, nil
	}
	return m, l, nil
}

// Request is the approval request the check judges: the command as the
// workflow would submit it for the tool.
func Request(req CheckRequest) approval.Request {
	tool := req.Tool
	if tool == "" {
		tool = config.ToolShell
	}
	r := approval.Request{Tool: tool, Command: req.Command, Shell: req.Shell, Mutating: req.Mutating}
	if len(r.Command) == 0 && r.Shell == "" {
		// A tool's change without a command (a push, a fork) is a change.
		r.Mutating = true
		r.Action = string(tool)
		return r
	}
	r.Action = "run " + r.Shell
	if r.Shell == "" {
		r.Action = "run " + strings.Join(r.Command, " ")
	}
	return r
}

// policyFrom says where the policy that judges tool came from.
func policyFrom(l *config.Loaded, flag config.Policy, tool config.Tool) string {
	if flag != "" {
		return "--policy"
	}
	if l.Config.Approval.Tools[tool] != "" {
		if o, ok := l.Origins["approval.tools."+string(tool)]; ok {
			return o.String()
		}
	}
	if o, ok := l.Origins["approval.policy"]; ok {
		return o.String()
	}
	return string(config.LayerDefault)
}

// Result turns the manager's decision into the check's answer.
func Result(req approval.Request, d approval.Decision, m *approval.Manager, policyFrom string) CheckResult {
	res := CheckResult{
		Decision: d.Outcome, DecidedBy: d.DecidedBy, Reason: d.Reason, Policy: d.Policy, PolicyFrom: policyFrom,
		Tool: req.Tool, Command: req.Shell, Repository: m.Env.RepoRoot, Safety: string(approval.Unknown),
		Segments: []Segment{}, Paths: []Path{}, Notes: append([]string{}, m.Notes...),
		Sandboxed: d.Sandboxed, Origin: req.Origin,
	}
	if req.Origin != nil && m.Sandbox.Note != "" {
		res.Notes = append(res.Notes, m.Sandbox.Note)
	}
	if d.Rule != nil {
		res.Rule = &RuleRef{ID: d.Rule.ID(), Kind: d.Rule.Kind, Pattern: d.Rule.Pattern(), Layer: d.Rule.Layer, File: d.Rule.File}
	}
	if a := d.Safety; a != nil {
		res.Safety, res.Command = string(a.Class), a.Command
		for _, s := range a.Segments {
			seg := Segment{Args: s.Args, Class: string(s.Class), Reason: s.Reason, Wrapped: s.Wrapped, Paths: paths(s.Paths)}
			if seg.Args == nil {
				seg.Args = []string{}
			}
			if seg.Wrapped == nil {
				seg.Wrapped = []string{}
			}
			res.Segments = append(res.Segments, seg)
		}
	}
	res.Paths = paths(d.Paths)
	return res
}

func paths(vs []approval.PathVerdict) []Path {
	out := make([]Path, 0, len(vs))
	for _, v := range vs {
		reason := v.Reason
		if reason == "" && v.Inside {
			reason = "inside the repository"
		}
		out = append(out, Path{Path: v.Path, Inside: v.Inside, Reason: reason})
	}
	return out
}

// CheckUsage reports a request that names no command, or two.
func CheckUsage(req CheckRequest) error {
	switch {
	case req.Shell != "" && len(req.Command) > 0:
		return errcode.New(errcode.InvalidInput, "give the command either after -- or with --cmd, not both", "oss-dev config rules check -- git push, or --cmd 'git push'")
	case strings.TrimSpace(req.Shell) == "" && strings.TrimSpace(strings.Join(req.Command, "")) == "" && (req.Tool == "" || req.Tool == config.ToolShell):
		return errcode.New(errcode.InvalidInput, "there is no command to check", "oss-dev config rules check -- git push, or --cmd 'make test | tee log'")
	}
	return nil
}
