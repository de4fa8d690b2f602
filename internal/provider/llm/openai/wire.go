package openai

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// The request and answer shapes of POST /chat/completions, as far as this
// client uses them.

type chatRequest struct {
	Model         string         `json:"model"`
	Messages      []wireMessage  `json:"messages"`
	Stream        bool           `json:"stream"`
	StreamOptions *streamOptions `json:"stream_options,omitempty"`
	Temperature   *float64       `json:"temperature,omitempty"`
	Tools         []wireTool     `json:"tools,omitempty"`
}

type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

type wireMessage struct {
	Role       string         `json:"role"`
	Content    *string        `json:"content,omitempty"`
	ToolCallID string         `json:"tool_call_id,omitempty"`
	ToolCalls  []wireToolCall `json:"tool_calls,omitempty"`
}

type wireToolCall struct {
	ID           string          `json:"id"`
	Type         string          `json:"type"`
	Function     wireFunction    `json:"function"`
	ExtraContent json.RawMessage `json:"extra_content,omitempty"`
}

type wireFunction struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

type wireTool struct {
	Type     string      `json:"type"`
	Function functionDef `json:"function"`
}

type functionDef struct {
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	Parameters  map[string]any `json:"parameters"`
}

// chunk is one chat.completion.chunk of a stream, or an error event.
type chunk struct {
	Choices []struct {
		Index int `json:"index"`
		Delta struct {
			Content   string          `json:"content"`
			ToolCalls []toolCallDelta `json:"tool_calls"`
		} `json:"delta"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *wireUsage `json:"usage"`
	Error *apiError  `json:"error"`
}

// toolCallDelta is a fragment of a streamed tool call, or a whole call of a
// chat.completion. Index is a pointer because some servers leave it out.
type toolCallDelta struct {
	Index        *int            `json:"index"`
	ID           string          `json:"id"`
	Function     wireFunction    `json:"function"`
	ExtraContent json.RawMessage `json:"extra_content"`
}

// completion is a whole chat.completion, for servers that do not stream.
type completion struct {
	Choices []struct {
		Index   int `json:"index"`
		Message struct {
			Content   string          `json:"content"`
			ToolCalls []toolCallDelta `json:"tool_calls"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *wireUsage `json:"usage"`
	Error *apiError  `json:"error"`
}

type wireUsage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

func (u *wireUsage) model() *model.Usage {
	return &model.Usage{InputTokens: u.PromptTokens, OutputTokens: u.CompletionTokens, TotalTokens: u.TotalTokens}
}

// requestBody encodes the conversation, the tools as function schemas, and
// stream_options.include_usage so that the last chunk reports usage.
func (p *Provider) requestBody(messages []model.Message, tools []model.ToolSchema) ([]byte, error) {
	req := chatRequest{
		Model:         p.model,
		Stream:        true,
		StreamOptions: &streamOptions{IncludeUsage: true},
	}
	if p.temperature > 0 && acceptsTemperature(p.model) {
		t := p.temperature
		req.Temperature = &t
	}
	for i, m := range messages {
		msg, ok := p.message(m)
		if !ok {
			return nil, errcode.New(errcode.InvalidInput,
				"message "+strconv.Itoa(i+1)+" of the conversation has the unknown role "+printable(string(m.Role)),
				"use one of system, user, assistant or tool")
		}
		req.Messages = append(req.Messages, msg)
	}
	for _, t := range tools {
		req.Tools = append(req.Tools, wireTool{Type: "function", Function: functionDef{
			Name: t.Name, Description: t.Description, Parameters: schema(t.Parameters),
		}})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(req); err != nil {
		return nil, errcode.Wrap(errcode.InvalidInput, err, "the request could not be encoded as JSON",
			"check the tools' parameter schemas")
	}
	return buf.Bytes(), nil
}

func (p *Provider) message(m model.Message) (wireMessage, bool) {
	content := m.Content
	switch m.Role {
	case model.RoleSystem, model.RoleUser:
		return wireMessage{Role: string(m.Role), Content: &content}, true
	case model.RoleTool:
		return wireMessage{Role: "tool", Content: &content, ToolCallID: m.ToolCallID}, true
	case model.RoleAssistant:
		w := wireMessage{Role: "assistant"}
		if m.Content != "" || len(m.ToolCalls) == 0 {
			w.Content = &content
		}
		for _, c := range m.ToolCalls {
			w.ToolCalls = append(w.ToolCalls, wireToolCall{
				ID: c.ID, Type: "function",
				Function:     wireFunction{Name: c.Name, Arguments: c.Arguments},
				ExtraContent: p.extras.get(c.ID),
			})
		}
		return w, true
	}
	return wireMessage{}, false
}

// acceptsTemperature reports whether a model takes a temperature other than
// the default; OpenAI's reasoning models reject one.
func acceptsTemperature(name string) bool {
	for _, prefix := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(name, prefix) {
			return false
		}
	}
	return true
}

// schema returns params, or the empty object schema the API expects for a
// tool that takes no arguments.
func schema(params map[string]any) map[string]any {
	if params == nil {
		return map[string]any{"type": "object", "properties": map[string]any{}}
	}
	return params
}
