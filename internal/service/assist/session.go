package assist

import (
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

// Usage counts the tokens of model calls.
type Usage struct {
	Calls  int `json:"calls"`
	Input  int `json:"input"`
	Output int `json:"output"`
	Total  int `json:"total"`
}

func (u *Usage) add(m model.Usage) {
	u.Calls++
	u.Input += m.InputTokens
	u.Output += m.OutputTokens
	total := m.TotalTokens
	if total == 0 {
		total = m.InputTokens + m.OutputTokens
	}
	u.Total += total
}

// Session is the assistant's conversation in one workflow, and the changes
// it made there, which `mentor undo` reverts.
type Session struct {
	Workflow string `json:"workflow"`
	// Nonce fences the data sections of this session's messages.
	Nonce string `json:"nonce"`
	Goal  string `json:"goal,omitempty"`
	// History is the conversation after the system message and the brief,
	// which are rebuilt from the workflow on every call.
	History []model.Message `json:"history"`
	Changes []Change        `json:"changes"`
	Usage   Usage           `json:"usage"`
	Steps   int             `json:"steps"`
	// Stopped says why the last run ended.
	Stopped   StopReason `json:"stopped,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// NewSession starts a session of workflow.
func NewSession(workflow, goal string, now time.Time) *Session {
	return &Session{Workflow: workflow, Nonce: randomHex(8), Goal: goal, History: []model.Message{}, Changes: []Change{},
		CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
}
