// Package assist is the assistant of the IMPLEMENTATION phase: a language
// model proposes reads, edits and commands through a fixed set of tools,
// and every change passes the approval manager before it is made. The
// loop streams from the model, runs the tool calls in order, keeps the
// conversation within the model's window and stops at the step, token or
// time budget, leaving each file either as it was or as approved.
//
// Everything the model says is attacker-controlled: a tool call is
// validated against its schema before anything runs, paths stay inside the
// repository, and commands are classified and run in the sandbox.
package assist

import (
	"context"

	"github.com/oss-dev/oss-dev/internal/core/approval"
)

// Approver decides whether a change may be made; *approval.Manager is one.
// It records every decision in the audit log.
type Approver interface {
	Request(ctx context.Context, req approval.Request) (approval.Decision, error)
}

// Refuser is told of a change the assistant refused before asking the
// approver (a path outside the repository), so that the audit log shows
// it too. An Approver may implement it.
type Refuser interface {
	Refuse(ctx context.Context, req approval.Request, reason string)
}

// Command is a command of the repository and the folder it runs in,
// relative to the repository's root.
type Command struct {
	Command string `json:"command"`
	Dir     string `json:"dir,omitempty"`
}

// Workspace is the repository the assistant works in and what it may use
// of the workflow.
type Workspace struct {
	// Root is the repository's root folder.
	Root string
	// Workflow is the workflow's id, for the audit log.
	Workflow string
	Approver Approver
	// Git reads the repository for search and git_diff.
	Git Git
	// Test is the workflow's test command; empty when none was found.
	Test Command
	// Writable and Network are the sandbox settings of the configuration.
	Writable []string
	Network  bool
	// SandboxExe is the binary that confines commands; empty means this
	// process's own (tests set their own binary).
	SandboxExe string
}
