package contract

import (
	"context"

	"github.com/oss-dev/oss-dev/internal/config"
)

// Answer is a person's reply to an approval prompt.
type Answer int

// The possible answers. AnswerAlways approves and keeps an allow rule for
// the same parsed command in this repository.
const (
	AnswerNo Answer = iota
	AnswerYes
	AnswerAlways
)

// ApprovalPrompt is what a person is shown before a change is made.
type ApprovalPrompt struct {
	Workflow string
	Tool     config.Tool
	Action   string
	// Command is the command line, when the action runs one.
	Command string
	// Detail is what will change: a diff summary, a pull request's title and body.
	Detail string
	// Reason says why a person is asked (the safety class, a path outside the repository).
	Reason string
	// Rule is the allow rule AnswerAlways would add, empty when none can be.
	Rule string
	// From and Runs say, for a command of the repository, where it is
	// defined (path:line) and what it runs (the recipe or script).
	From string
	Runs []string
	// Pin names the files whose content AnswerAlways is tied to, for a
	// command of the repository; empty when "always" is not offered.
	Pin string
	// Sandboxed is true when the command runs confined by the sandbox.
	Sandboxed bool
}

// Confirmer asks a person to approve a change. Implementations must honour
// ctx and must never answer yes on their own.
type Confirmer interface {
	Confirm(ctx context.Context, p ApprovalPrompt) (Answer, error)
}
