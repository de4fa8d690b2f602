package model

// Role is who speaks in a chat message.
type Role string

// Chat roles.
const (
	RoleSystem    Role = "system"
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleTool      Role = "tool"
)

// Message is one chat message.
type Message struct {
	Role    Role   `json:"role"`
	Content string `json:"content"`
	// ToolCallID answers a tool call (RoleTool).
	ToolCallID string     `json:"tool_call_id,omitempty"`
	ToolCalls  []ToolCall `json:"tool_calls,omitempty"`
}

// ToolSchema describes a tool the model may call; Parameters is a JSON schema.
type ToolSchema struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Parameters  map[string]any `json:"parameters"`
}

// ToolCall is the model's request to run a tool; Arguments is JSON.
type ToolCall struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// Usage counts the tokens of one call.
type Usage struct {
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
	TotalTokens  int `json:"total_tokens"`
}

// StreamEventKind tells what a StreamEvent carries.
type StreamEventKind string

// Stream event kinds.
const (
	EventText     StreamEventKind = "text"
	EventToolCall StreamEventKind = "tool_call"
	EventDone     StreamEventKind = "done"
)

// StreamEvent is one piece of a streamed chat completion. The final event
// has Kind EventDone and carries Usage and FinishReason.
type StreamEvent struct {
	Kind         StreamEventKind `json:"kind"`
	Text         string          `json:"text,omitempty"`
	ToolCall     *ToolCall       `json:"tool_call,omitempty"`
	Usage        *Usage          `json:"usage,omitempty"`
	FinishReason string          `json:"finish_reason,omitempty"`
}
