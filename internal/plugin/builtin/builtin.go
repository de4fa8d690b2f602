// Package builtin holds the plugins compiled into oss-dev. They meet the
// same contract as external ones and are on unless disabled: each checks,
// before VALIDATION, a rule the repository sets for what it accepts.
package builtin

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/plugin"
)

// Facts is what the checks read of a workflow's repository and branch.
// The composition root gathers them (the repository analysis and git).
type Facts struct {
	// Convention is the commit-message convention most of the
	// repository's history follows: "conventional", "area" or "".
	Convention string
	// DCO is true when the repository asks for a Signed-off-by trailer.
	DCO bool
	// Base is what the branch is compared with, such as origin/main.
	Base string
	// Commits are the branch's commits that Base does not have, newest first.
	Commits []model.Commit
	// Changed are the files the branch adds or changes against Base.
	Changed []string
}

// Deps are what the built-in plugins need from the host.
type Deps struct {
	// Facts gathers the facts of the repository at dir.
	Facts func(ctx context.Context, dir string) (Facts, error)
	// Approver decides the changes a check offers to make in the
	// repository at dir.
	Approver func(dir string) plugin.Approver
	// SignOff adds a sign-off to every commit of the branch at dir since
	// base: git rebase --signoff base.
	SignOff func(ctx context.Context, dir, base string) error
	// Version is oss-dev's version, the built-ins' own.
	Version string
}

// Plugins returns the built-in plugins.
func Plugins(d Deps) []plugin.Plugin {
	return []plugin.Plugin{
		newCheck(d, "commit-convention", "Checks that the branch's commits follow the repository's commit-message convention", conventionCheck),
		newCheck(d, "dco", "Checks that every commit is signed off where the repository asks for a DCO, and offers to sign them off", dcoCheck),
		newCheck(d, "changelog", "Checks that the branch adds a changelog entry where the repository asks for one", changelogCheck),
	}
}

// check is a built-in plugin with one hook, before VALIDATION.
type check struct {
	man  *plugin.Manifest
	deps Deps
	run  func(ctx context.Context, d Deps, f Facts, wf plugin.Workflow) plugin.HookResult
}

// Event is when the built-in checks run.
const Event = "before:VALIDATION"

func newCheck(d Deps, name, desc string, run func(context.Context, Deps, Facts, plugin.Workflow) plugin.HookResult) *check {
	v := d.Version
	if v == "" {
		v = "built-in"
	}
	m := &plugin.Manifest{Name: name, Version: v, Description: desc, Protocol: plugin.Protocol, Hooks: []plugin.HookSpec{{Event: Event}}}
	return &check{man: m, deps: d, run: run}
}

func (c *check) Manifest() *plugin.Manifest              { return c.man }
func (c *check) Init(context.Context, plugin.Init) error { return nil }
func (c *check) Shutdown(context.Context) error          { return nil }
func (c *check) CallTool(_ context.Context, name string, _ json.RawMessage) (string, error) {
	return "", errcode.Newf(errcode.PluginNotFound, "", "plugin %s has no tool %s", c.man.Name, name)
}

func (c *check) RunCommand(_ context.Context, call plugin.CommandCall) (int, error) {
	return 1, errcode.Newf(errcode.PluginNotFound, "", "plugin %s has no command %s", c.man.Name, call.Name)
}

// RunHook gathers the facts of the workflow's repository and checks them.
func (c *check) RunHook(ctx context.Context, event string, wf plugin.Workflow) (plugin.HookResult, error) {
	if event != Event {
		return plugin.HookResult{OK: true}, nil
	}
	f, err := c.deps.Facts(ctx, wf.RepositoryPath)
	if err != nil {
		return plugin.HookResult{}, errcode.Wrap(errcode.PluginFailed, err, "plugin "+c.man.Name+": "+err.Error(), "")
	}
	return c.run(ctx, c.deps, f, wf), nil
}

// shortCommit names a commit for a message: its short hash and subject.
func shortCommit(c model.Commit) string {
	return c.SHA[:min(7, len(c.SHA))] + " " + c.Subject
}

func named(cs []model.Commit) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, shortCommit(c))
	}
	return strings.Join(parts, "; ")
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
