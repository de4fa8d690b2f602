package approvals

import (
	"context"
	"path/filepath"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

// A project config that is tracked by git came with the repository: its
// authors, not the contributor, wrote it. Such a file may only tighten
// approvals: its deny rules and its never/on_request policies apply; its
// allow rules and looser policies are ignored, so cloning a repository can
// never switch approvals off.

// shippedProjectConfig reports whether the project layer's file is tracked
// in the repository at root.
func shippedProjectConfig(ctx context.Context, l *config.Loaded, root string) bool {
	if l.Paths.Project == "" || root == "" {
		return false
	}
	r, err := git.New(root)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(r.Root(), l.Paths.Project)
	if err != nil {
		return false
	}
	tracked, err := r.IsTracked(ctx, filepath.ToSlash(rel))
	return err == nil && tracked
}

func strict(p config.Policy) bool { return p == config.PolicyNever || p == config.PolicyOnRequest }

// restrictShipped removes what a shipped project config may not grant and
// returns a note for each thing it ignored.
func restrictShipped(m *approval.Manager, l *config.Loaded) []string {
	var notes []string
	if l.Origins["approval.policy"].Layer == config.LayerProject && !strict(m.Policy) {
		notes = append(notes, "ignored approval.policy = "+string(m.Policy)+" from the repository's own "+l.Paths.Project+" (a file that came with the repository may only tighten approvals)")
		m.Policy = config.PolicyOnRequest
	}
	tools := map[string]config.Policy{}
	for name, p := range m.ToolPolicy {
		if l.Origins["approval.tools."+name].Layer == config.LayerProject && !strict(p) {
			notes = append(notes, "ignored approval.tools."+name+" = "+string(p)+" from the repository's own config")
			continue
		}
		tools[name] = p
	}
	m.ToolPolicy = tools
	var allow []approval.SourcedRule
	for _, r := range m.Rules.Allow {
		if r.Layer == string(config.LayerProject) {
			notes = append(notes, "ignored the allow rule "+r.Pattern()+" from the repository's own config")
			continue
		}
		allow = append(allow, r)
	}
	m.Rules.Allow = allow
	return notes
}
