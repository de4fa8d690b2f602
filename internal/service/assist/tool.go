package assist

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// Tool is one thing the model may ask for. Built-in tools and plugin
// tools satisfy it alike; the registry validates the arguments against
// Schema before Run is called.
type Tool interface {
	Schema() model.ToolSchema
	// Run does the work with arguments that passed the schema. A mutating
	// tool asks env.Approve before it changes anything.
	Run(ctx context.Context, env *Env, args json.RawMessage) (string, error)
}

// ToolError is a failure of one tool call that is the model's to deal
// with: a bad argument, a missing file, a declined change. It goes back to
// the model as the call's result and the loop goes on.
type ToolError struct {
	Msg string
}

func (e *ToolError) Error() string { return e.Msg }

func toolErrorf(format string, args ...any) error {
	return &ToolError{Msg: fmt.Sprintf(format, args...)}
}

// Registry holds the tools of a run, by name.
type Registry struct {
	tools map[string]Tool
	order []string
}

// NewRegistry returns a registry holding tools. A second tool with a name
// already taken is an error: a plugin cannot replace a built-in tool.
func NewRegistry(tools ...Tool) (*Registry, error) {
	r := &Registry{tools: map[string]Tool{}}
	for _, t := range tools {
		if err := r.Add(t); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Add registers t.
func (r *Registry) Add(t Tool) error {
	name := t.Schema().Name
	if name == "" {
		return errors.New("a tool has no name")
	}
	if _, ok := r.tools[name]; ok {
		return fmt.Errorf("two tools are named %q", name)
	}
	r.tools[name] = t
	r.order = append(r.order, name)
	return nil
}

// Schemas are the tools as the model is told of them, in registration order.
func (r *Registry) Schemas() []model.ToolSchema {
	out := make([]model.ToolSchema, 0, len(r.order))
	for _, name := range r.order {
		out = append(out, r.tools[name].Schema())
	}
	return out
}

// Names lists the registered tools.
func (r *Registry) Names() []string { return slices.Clone(r.order) }

// maxArguments bounds the arguments of one call: a write_file of a large
// file fits, a server streaming without end does not.
const maxArguments = 4 << 20

// Call validates c and runs its tool. Nothing runs unless the tool exists
// and its arguments are a JSON object that satisfies the tool's schema.
func (r *Registry) Call(ctx context.Context, env *Env, c model.ToolCall) (string, error) {
	t, ok := r.tools[c.Name]
	if !ok {
		return "", toolErrorf("there is no tool named %q; the tools are: %s", clip(c.Name, 80), strings.Join(r.order, ", "))
	}
	if len(c.Arguments) > maxArguments {
		return "", toolErrorf("the arguments of %s are larger than %d bytes", c.Name, maxArguments)
	}
	args := json.RawMessage(c.Arguments)
	if strings.TrimSpace(c.Arguments) == "" {
		args = json.RawMessage("{}")
	}
	if err := Validate(t.Schema().Parameters, args); err != nil {
		return "", toolErrorf("invalid arguments for %s: %v", c.Name, err)
	}
	return t.Run(ctx, env, args)
}

// Env is what a tool call may use: the workspace, and the loop's record of
// decisions and changes.
type Env struct {
	WS *Workspace
	// Step and CallID identify the call in events.
	Step   int
	CallID string
	Tool   string
	// observe reports events; apply records a change made to a file.
	observe Observer
	apply   func(Change)
	// noOneToAsk, when set, is told that an approval had no one to ask.
	noOneToAsk *bool
}

func (e *Env) emit(ev Event) {
	ev.Step, ev.CallID, ev.Tool = e.Step, e.CallID, e.Tool
	if e.observe != nil {
		e.observe(ev)
	}
}

// Approve asks the approval manager about req, reports its decision as an
// event, and returns a ToolError when the change may not be made. ev
// carries the path, diff or command the event shows.
func (e *Env) Approve(ctx context.Context, req approval.Request, ev Event) (approval.Decision, error) {
	if e.WS.Approver == nil {
		return approval.Decision{}, errcode.New(errcode.ApprovalNotConfigured, "the assistant has no approval manager", "")
	}
	req.Workflow = e.WS.Workflow
	d, err := e.WS.Approver.Request(ctx, req)
	if errcode.HasCode(err, errcode.ApprovalNotConfigured) && e.noOneToAsk != nil {
		*e.noOneToAsk = true
	}
	if err != nil || !d.Approved {
		ev.Kind, ev.Text = EventRejected, d.Reason
		e.emit(ev)
		if cerr := ctx.Err(); cerr != nil {
			return d, cerr
		}
		reason := d.Reason
		if reason == "" && err != nil {
			reason = err.Error()
		}
		return d, toolErrorf("not approved, nothing was done: %s", reason)
	}
	ev.Kind, ev.Text = EventApproved, d.Reason
	e.emit(ev)
	return d, nil
}

// refuse reports a file change refused before approval: to the audit log
// when the approver keeps one, and as an event.
func (e *Env) refuse(ctx context.Context, path, verb string, err error) {
	reason := errorText(err)
	if r, ok := e.WS.Approver.(Refuser); ok {
		r.Refuse(ctx, approval.Request{Workflow: e.WS.Workflow, Tool: config.ToolFileWrite, Action: verb + " " + clip(path, 200) + " (proposed by the assistant)",
			Paths: []string{path}, Mutating: true}, reason)
	}
	e.emit(Event{Kind: EventRejected, Path: clip(path, 200), Text: reason})
}

// Applied records a change that was made.
func (e *Env) Applied(c Change) {
	if e.apply != nil {
		e.apply(c)
	}
	e.emit(Event{Kind: EventApplied, Path: c.Path, Diff: c.Diff})
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Builtins are the assistant's own tools: reads, edits, commands, tests
// and the diff.
func Builtins() []Tool {
	return []Tool{ReadFile{}, ListFiles{}, Search{}, EditFile{}, WriteFile{}, RunCommand{}, RunTests{}, GitDiff{}}
}
