package assist

import "github.com/oss-dev/oss-dev/internal/model"

// EventKind says what an Event reports.
type EventKind string

// The kinds of event the loop reports to its observers.
const (
	// EventText is a piece of the model's answer, as it streams.
	EventText EventKind = "text"
	// EventToolRequested is a tool call the model made, before it runs.
	EventToolRequested EventKind = "tool_requested"
	// EventApproved and EventRejected are the approval manager's decision
	// on a change or a command.
	EventApproved EventKind = "approved"
	EventRejected EventKind = "rejected"
	// EventApplied is a change made to a file, with its diff.
	EventApplied EventKind = "applied"
	// EventOutput is what a tool gave back to the model.
	EventOutput EventKind = "output"
	// EventError is a tool call that failed; the model is told and goes on.
	EventError EventKind = "error"
	// EventUsage is the token usage of one model call.
	EventUsage EventKind = "usage"
)

// Event is one thing that happened in a run. Fields not used by its kind
// are empty.
type Event struct {
	Kind EventKind `json:"kind"`
	// Step counts the model calls of the run, from 1.
	Step int `json:"step"`
	// Text is the model's text (EventText), or what a tool returned or why
	// it failed (EventOutput, EventError), or the decision's reason.
	Text   string `json:"text,omitempty"`
	Tool   string `json:"tool,omitempty"`
	CallID string `json:"call_id,omitempty"`
	// Arguments are the tool call's arguments as the model sent them.
	Arguments string `json:"arguments,omitempty"`
	// Path and Diff describe a file change (EventApplied, and the approval
	// of a change).
	Path    string       `json:"path,omitempty"`
	Diff    string       `json:"diff,omitempty"`
	Command string       `json:"command,omitempty"`
	Usage   *model.Usage `json:"usage,omitempty"`
}

// Observer is told every event of a run, in order.
type Observer func(Event)
