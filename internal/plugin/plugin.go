// Package plugin is the plugin layer: the contract every plugin meets
// (built-in ones compiled in, external ones in their own process), the
// plugin.toml manifest, discovery of installed plugins, and protocol 1,
// JSON-RPC 2.0 over a plugin's stdin and stdout.
package plugin

import (
	"context"
	"encoding/json"
	"io"
)

// Protocol is the version of the plugin protocol this host speaks.
const Protocol = 1

// Plugin is what the host asks of every plugin. A plugin says what it
// contributes in its Manifest; the host calls Init once before the first
// use, with the plugin's own config section only, and Shutdown when the
// command ends. Methods other than Manifest may be called only after Init.
type Plugin interface {
	Manifest() *Manifest
	Init(ctx context.Context, in Init) error
	RunCommand(ctx context.Context, call CommandCall) (int, error)
	RunHook(ctx context.Context, event string, wf Workflow) (HookResult, error)
	CallTool(ctx context.Context, name string, args json.RawMessage) (string, error)
	Shutdown(ctx context.Context) error
}

// Init is what a plugin is initialised with.
type Init struct {
	// HostVersion is oss-dev's version.
	HostVersion string
	// Config is the plugin's own config section, nil when it has none.
	Config map[string]any
	// Dir is the working folder: the repository, else the command's folder.
	Dir string
}

// CommandCall is one run of a plugin's command.
type CommandCall struct {
	Name string
	Args []string
	Dir  string
	// TTY says whether the user's stdout is a terminal.
	TTY bool
	// Stdout and Stderr receive what the plugin prints; text from an
	// external plugin reaches them as it came, so the caller sanitises.
	Stdout, Stderr io.Writer
}

// Workflow is what a hook is told about the contribution it runs in.
type Workflow struct {
	ID             string `json:"id"`
	Phase          string `json:"phase"`
	IssueURL       string `json:"issue_url"`
	RepositoryPath string `json:"repository_path"`
	Branch         string `json:"branch"`
}

// HookResult is a hook's answer: OK false before a phase stops it, after a
// phase it is a warning; Message says why.
type HookResult struct {
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

// ApprovalRequest is a plugin asking the host to approve a change it wants
// to make: a command it would run or a file it would write.
type ApprovalRequest struct {
	Plugin  string `json:"-"`
	Tool    string `json:"tool"`
	Command string `json:"command,omitempty"`
	Path    string `json:"path,omitempty"`
	Reason  string `json:"reason"`
}

// Approver decides a plugin's approval request through the host's approval
// manager, which audits every decision. It returns true only when the
// change is approved; err says why not when it is not.
type Approver interface {
	Approve(ctx context.Context, req ApprovalRequest) (bool, error)
}

// Phases lists the workflow phases a hook may name, in workflow order. The
// plugin layer does not see the state machine; a test of the composition
// root checks the two lists agree.
func Phases() []string {
	return []string{"REPO_ANALYSIS", "ISSUE_ANALYSIS", "PLANNING", "IMPLEMENTATION", "VERIFICATION", "VALIDATION", "COMMIT_PR"}
}
