package mentoring

import (
	"context"
	"os"
	"path/filepath"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
)

// approvals builds the approval manager from the configuration: the
// policy, per-tool policies, the allow and deny rules with the files they
// came from, the audit log, and the repository as the classifier sees it.
type approvals struct {
	svc  *Service
	cfg  *config.Loaded
	root string
}

func newApprovals(s *Service, cfg *config.Loaded, root string) *approvals {
	return &approvals{svc: s, cfg: cfg, root: root}
}

// AuditPath is where the audit log is: approval.audit_log, else the state
// folder's audit.jsonl.
func AuditPath(cfg *config.Config) string {
	if cfg.Approval.AuditLog != "" {
		return cfg.Approval.AuditLog
	}
	return filepath.Join(config.StateDir(), "audit.jsonl")
}

// manager returns a manager for the repository as it is now; env says what
// the classifier knows (default branch, dirtiness, the repository's own
// commands).
func (a *approvals) manager(env approval.Environment) *approval.Manager {
	c := a.cfg.Config
	if env.RepoRoot == "" {
		env.RepoRoot = a.root
	}
	if env.HomeDir == "" {
		env.HomeDir, _ = os.UserHomeDir()
	}
	m := &approval.Manager{
		Policy:      c.Approval.Policy,
		ToolPolicy:  c.Approval.Tools,
		Rules:       a.rules(),
		Env:         env,
		Audit:       &approval.AuditLog{Path: AuditPath(&c)},
		Now:         a.svc.Now,
		PolicyLayer: string(a.cfg.Origins["approval.policy"].Layer),
		RuleWriter:  projectRules{path: filepath.Join(a.root, config.ProjectDir, "config.toml")},
	}
	if a.svc.Confirmer != nil {
		m.Confirmer = a.svc.Confirmer
	}
	return m
}

func (a *approvals) rules() approval.Rules {
	var r approval.Rules
	c := a.cfg.Config.Approval
	for kind, list := range map[string][]config.Rule{"allow": c.Allow, "deny": c.Deny} {
		o := a.cfg.Origins["approval."+kind]
		for i, rule := range list {
			sr := approval.SourcedRule{Rule: rule, Kind: kind, Layer: string(o.Layer), File: o.File, Index: i}
			if kind == "allow" {
				r.Allow = append(r.Allow, sr)
			} else {
				r.Deny = append(r.Deny, sr)
			}
		}
	}
	return r
}

// projectRules keeps "always allow" answers in the repository's own
// .oss-dev/config.toml as [[approval.allow]] tables.
type projectRules struct{ path string }

// AddAllow appends r to the project config.
func (p projectRules) AddAllow(_ context.Context, r config.Rule) (approval.SourcedRule, error) {
	if r.Reason == "" {
		r.Reason = "allowed with \"always\" at an approval prompt"
	}
	i, err := config.AppendRule(p.path, "allow", r)
	if err != nil {
		return approval.SourcedRule{}, err
	}
	return approval.SourcedRule{Rule: r, Kind: "allow", Layer: string(config.LayerProject), File: p.path, Index: i}, nil
}
