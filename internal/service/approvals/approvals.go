// Package approvals builds the approval manager from the configuration, the
// one way every caller builds it: the contribution workflow that asks
// before each change, and `config rules check` that shows what it would
// decide. Sharing the construction is what makes the check truthful.
package approvals

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// NewManager returns the manager for the loaded configuration in the
// repository env describes: the policy and per-tool policies, every allow
// and deny rule of every layer with the file it came from, and the
// confirmer and audit log given (nil for none). A nil confirmer means no
// one can be asked. "Always" answers for the repositories' own commands are
// kept in stateDir. The caller sets RuleWriter and Now when it needs them.
func NewManager(l *config.Loaded, env approval.Environment, confirmer contract.Confirmer, audit *approval.AuditLog, stateDir string) (*approval.Manager, error) {
	rules, err := Rules(l)
	if err != nil {
		return nil, err
	}
	c := l.Config.Approval
	if env.HomeDir == "" {
		env.HomeDir, _ = os.UserHomeDir()
	}
	m := &approval.Manager{
		Policy:      c.Policy,
		ToolPolicy:  c.Tools,
		Rules:       rules,
		Env:         env,
		Audit:       audit,
		PolicyLayer: string(l.Origins["approval.policy"].Layer),
		Sandbox:     Sandbox(&l.Config),
		Pins:        &approval.PinFile{Path: PinPath(stateDir)},
	}
	if confirmer != nil {
		m.Confirmer = confirmer
	}
	m.Notes = ignoredNotes(l)
	return m, nil
}

// ignoredNotes says which approval settings of the configuration are not
// in force, and why: a project config that is not the user's own may only
// tighten approvals (config/trust.go decides and applies that).
func ignoredNotes(l *config.Loaded) []string {
	var notes []string
	for _, ig := range l.Ignored {
		if !strings.HasPrefix(ig.Key, "approval.") {
			continue
		}
		notes = append(notes, fmt.Sprintf("ignored %s from %s: %s", ig.Key, ig.Origin, ig.Why))
	}
	return notes
}

// Rules returns the allow and deny rules in force, each with its kind,
// layer, file and index in that file, so its ID (project-allow-2) names it.
func Rules(l *config.Loaded) (approval.Rules, error) {
	frs, err := l.FileRules()
	if err != nil {
		return approval.Rules{}, err
	}
	var out approval.Rules
	for _, fr := range frs {
		if fr.Ignored != "" {
			continue // an allow rule of a project config that is not the user's own
		}
		sr := Sourced(fr)
		if fr.Kind == config.RuleDeny {
			out.Deny = append(out.Deny, sr)
		} else {
			out.Allow = append(out.Allow, sr)
		}
	}
	return out, nil
}

// Sourced converts a rule of a file into the approval manager's form.
func Sourced(fr config.FileRule) approval.SourcedRule {
	return approval.SourcedRule{Rule: fr.Rule, Kind: fr.Kind, Layer: string(fr.Layer), File: fr.File, Index: fr.Index}
}

// AuditPath is where the audit log is: approval.audit_log, else the state
// folder's audit.jsonl.
func AuditPath(c *config.Config, stateDir string) string {
	if c.Approval.AuditLog != "" {
		return c.Approval.AuditLog
	}
	return filepath.Join(stateDir, "audit.jsonl")
}

// AuditLog is the audit log of c. Besides secret shapes it masks the
// credentials that environ holds ("NAME=value" entries; nil means the
// process's environment), the model's API key and the passwords of the
// configured URLs. Without approval.audit_log it is kept in stateDir.
func AuditLog(c *config.Config, environ []string, stateDir string) *approval.AuditLog {
	if environ == nil {
		environ = os.Environ()
	}
	r := redact.New(c.Model.APIKey)
	r.AddEnv(environ)
	r.AddURL(c.GitHub.APIURL)
	r.AddURL(c.Model.BaseURL)
	return &approval.AuditLog{Path: AuditPath(c, stateDir), Redactor: r}
}

// Repo is what RepoEnvironment reads of the working tree.
type Repo interface {
	Root() string
	IsDirty(ctx context.Context) (bool, error)
	LocalDefaultBranch(ctx context.Context, remote string) (string, error)
}

// RepoEnvironment describes the git working tree containing dir as the
// command classifier sees it: its root, the home folder, whether it has
// uncommitted changes, the origin's default branch when known, and dir as
// the folder relative paths start from. It reads; it changes nothing.
func RepoEnvironment(ctx context.Context, dir string, r Repo) (approval.Environment, error) {
	env := approval.Environment{RepoRoot: r.Root()}
	env.HomeDir, _ = os.UserHomeDir()
	if dirty, err := r.IsDirty(ctx); err == nil {
		env.Dirty = dirty
	}
	// Only what the clone recorded: a check must not wait on the network,
	// and main and master are protected whatever the default branch is.
	if b, err := r.LocalDefaultBranch(ctx, "origin"); err == nil {
		env.DefaultBranch = b
	}
	if abs, err := filepath.Abs(dir); err == nil {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		if root, err := filepath.EvalSymlinks(env.RepoRoot); err == nil && root != abs {
			env.Dir = abs
		}
	}
	return env, nil
}
