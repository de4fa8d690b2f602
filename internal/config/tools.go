package config

import (
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/suggest"
)

// Tool names a kind of change that the approval manager judges. Its string
// is what approval.tools.NAME, a rule's tool and the audit log say.
type Tool string

// The tools whose changes go through the approval manager, so that a policy
// or a rule can name them.
const (
	ToolShell             Tool = "shell"
	ToolSetup             Tool = "setup"
	ToolGitClone          Tool = "git_clone"
	ToolGitRemote         Tool = "git_remote"
	ToolGitBranch         Tool = "git_branch"
	ToolGitCommit         Tool = "git_commit"
	ToolGitPush           Tool = "git_push"
	ToolGitHubFork        Tool = "github_fork"
	ToolGitHubPullRequest Tool = "github_pull_request"
	ToolFileWrite         Tool = "file_write"
	// ToolPlugin is a change a plugin asks for (approval.request, or a
	// call of a tool its manifest says mutates).
	ToolPlugin Tool = "plugin"
	// ToolPluginInstall is installing or removing a plugin.
	ToolPluginInstall Tool = "plugin_install"
	// ToolDocs writes a generated guide (START_HERE.md) into a repository.
	ToolDocs Tool = "docs"
)

// Prompts that only a person answers: no policy or rule decides them, so
// configuration cannot name them.
const (
	ToolRequirements  Tool = "requirements"
	ToolAdoptWorkflow Tool = "adopt_workflow"
)

// ToolModel names the audit records of the assistant's language-model
// calls. They decide nothing; they account for tokens and cost.
const ToolModel Tool = "model"

// Tools lists the tools a policy or a rule may name.
func Tools() []Tool {
	return []Tool{ToolShell, ToolSetup, ToolGitClone, ToolGitRemote, ToolGitBranch, ToolGitCommit, ToolGitPush, ToolGitHubFork, ToolGitHubPullRequest, ToolFileWrite, ToolPlugin, ToolPluginInstall, ToolDocs}
}

// Valid reports whether a policy or a rule may name t.
func (t Tool) Valid() bool {
	for _, v := range Tools() {
		if t == v {
			return true
		}
	}
	return false
}

// ToolList is the names of Tools, comma-separated, for messages.
func ToolList() string {
	names := make([]string, 0, len(Tools()))
	for _, t := range Tools() {
		names = append(names, string(t))
	}
	return strings.Join(names, ", ")
}

// unknownToolMessage says that name is no tool, suggesting the nearest one
// and listing them all.
func unknownToolMessage(name string) string {
	msg := fmt.Sprintf("%q is not a tool", name)
	best, bestDist := "", len(name)/3+2
	for _, t := range Tools() {
		if d := suggest.Distance(name, string(t)); d < bestDist {
			best, bestDist = string(t), d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return msg + "; the tools are " + ToolList()
}

// ParseTool checks a tool name given by a person (a flag, a rule pattern).
// An unknown name is INVALID_INPUT listing the valid ones.
func ParseTool(name string) (Tool, error) {
	t := Tool(strings.TrimSpace(name))
	if !t.Valid() {
		return "", errcode.New(errcode.InvalidInput, unknownToolMessage(name), "name one of: "+ToolList())
	}
	return t, nil
}
