// Package plugins connects the plugin layer to the rest: a plugin's
// approval requests go to the approval manager, which asks, decides and
// audits them as it does the workflow's own changes.
package plugins

import (
	"context"
	"os"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/plugin"
	approvalsvc "github.com/oss-dev/oss-dev/internal/service/approvals"
)

// Approver decides plugins' approval requests with the approval manager
// of the repository at Dir, built on first use.
type Approver struct {
	// Dir is the plugins' working folder.
	Dir string
	// Env is the environment, for the audit log's redaction (nil: the process's).
	Env []string
	// Confirmer asks a person; nil when no one can be asked.
	Confirmer contract.Confirmer
	// LoadConfig returns the configuration in force in a folder.
	LoadConfig func(dir string) (*config.Loaded, error)
	// OpenRepo opens the git working tree that contains a folder.
	OpenRepo func(dir string) (approvalsvc.Repo, error)
	// StateDir is oss-dev's state folder: the audit log, pinned answers.
	StateDir string
}

var _ plugin.Approver = (*Approver)(nil)

// Approve builds the manager and asks it. The tool is "plugin", so that
// approval.tools.plugin sets the plugins' policy and no rule written for
// oss-dev's own changes applies to a plugin's; the action names the plugin.
func (a *Approver) Approve(ctx context.Context, req plugin.ApprovalRequest) (bool, error) {
	m, err := a.manager(ctx)
	if err != nil {
		return false, err
	}
	_, err = m.Request(ctx, Request(req))
	return err == nil, err
}

// Request is the approval manager's form of a plugin's request.
func Request(req plugin.ApprovalRequest) approval.Request {
	r := approval.Request{
		Tool:     config.ToolPlugin,
		Action:   "plugin " + req.Plugin + ": " + req.Reason + " (" + req.Tool + ")",
		Shell:    req.Command,
		Mutating: true,
		Detail:   req.Reason,
	}
	if req.Path != "" {
		r.Paths = []string{req.Path}
	}
	return r
}

func (a *Approver) manager(ctx context.Context) (*approval.Manager, error) {
	l, err := a.LoadConfig(a.Dir)
	if err != nil {
		return nil, err
	}
	// Outside a repository every path is outside it: the manager asks.
	env := approval.Environment{}
	env.HomeDir, _ = os.UserHomeDir()
	if repo, err := a.OpenRepo(a.Dir); err == nil {
		if e, err := approvalsvc.RepoEnvironment(ctx, a.Dir, repo); err == nil {
			env = e
		}
	}
	return approvalsvc.NewManager(l, env, a.Confirmer, approvalsvc.AuditLog(&l.Config, a.Env, a.StateDir), a.StateDir)
}
