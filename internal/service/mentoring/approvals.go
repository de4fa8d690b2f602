package mentoring

import (
	"context"
	"path/filepath"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	approvalsvc "github.com/oss-dev/oss-dev/internal/service/approvals"
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
func AuditPath(cfg *config.Config, stateDir string) string {
	return approvalsvc.AuditPath(cfg, stateDir)
}

// manager returns a manager for the repository as it is now; env says what
// the classifier knows (default branch, dirtiness, the repository's own
// commands). It is built the one way every caller builds it, so that
// `config rules check` tells what the workflow does.
func (a *approvals) manager(env approval.Environment) (*approval.Manager, error) {
	if env.RepoRoot == "" {
		env.RepoRoot = a.root
	}
	var confirmer contract.Confirmer
	if a.svc.Confirmer != nil {
		confirmer = a.svc.Confirmer
	}
	m, err := approvalsvc.NewManager(a.cfg, env, confirmer, approvalsvc.AuditLog(&a.cfg.Config, a.svc.Env, a.svc.Dirs.State), a.svc.Dirs.State)
	if err != nil {
		return nil, err
	}
	m.Now = a.svc.Now
	m.RuleWriter = projectRules{path: filepath.Join(a.root, config.ProjectDir, "config.toml")}
	return m, nil
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
