package openai

import (
	"context"
	"encoding/json"
	"iter"
	"sort"
	"strconv"
	"strings"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/shared"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// ChatCompletion streams the model's answer to messages. Text arrives as
// EventText deltas; each tool call is assembled from its streamed fragments
// and sent as one EventToolCall once the model has finished it; the last
// event is EventDone with the finish reason and the usage the server
// reported (nil when it reported none). A failure ends the sequence with a
// non-nil *errcode.Error; cancelling ctx stops the stream.
func (p *Provider) ChatCompletion(ctx context.Context, messages []model.Message, tools []model.ToolSchema) iter.Seq2[model.StreamEvent, error] {
	return func(yield func(model.StreamEvent, error) bool) {
		params, err := p.params(messages, tools)
		if err != nil {
			yield(model.StreamEvent{}, err)
			return
		}
		callCtx, cancel := p.callContext(ctx)
		defer cancel()
		stream := p.client.Chat.Completions.NewStreaming(callCtx, params)
		defer stream.Close()

		var (
			calls  = toolCalls{}
			usage  *model.Usage
			finish string
		)
		for stream.Next() {
			chunk := stream.Current()
			if chunk.JSON.Usage.Valid() {
				usage = &model.Usage{
					InputTokens:  int(chunk.Usage.PromptTokens),
					OutputTokens: int(chunk.Usage.CompletionTokens),
					TotalTokens:  int(chunk.Usage.TotalTokens),
				}
			}
			for _, choice := range chunk.Choices {
				if choice.Index != 0 {
					continue // one answer was asked for; ignore any others
				}
				if choice.Delta.Content != "" {
					if !yield(model.StreamEvent{Kind: model.EventText, Text: choice.Delta.Content}, nil) {
						return
					}
				}
				for _, d := range choice.Delta.ToolCalls {
					calls.add(d)
				}
				if choice.FinishReason != "" {
					finish = choice.FinishReason
					if !p.yieldCalls(calls, yield) {
						return
					}
				}
			}
		}
		if err := stream.Err(); err != nil {
			yield(model.StreamEvent{}, p.mapError(ctx, err))
			return
		}
		if err := ctx.Err(); err != nil {
			yield(model.StreamEvent{}, p.mapError(ctx, err))
			return
		}
		if finish == "" {
			yield(model.StreamEvent{}, errcode.New(errcode.ProviderBadResponse,
				p.vendor()+" ended the answer before the model finished it",
				"try again; if it keeps happening, check the server's logs"))
			return
		}
		yield(model.StreamEvent{Kind: model.EventDone, Usage: usage, FinishReason: finish}, nil)
	}
}

// yieldCalls sends the assembled tool calls in index order and forgets them.
func (p *Provider) yieldCalls(calls toolCalls, yield func(model.StreamEvent, error) bool) bool {
	for _, c := range calls.drain() {
		if c.Arguments == "" {
			c.Arguments = "{}"
		}
		if !json.Valid([]byte(c.Arguments)) {
			yield(model.StreamEvent{}, errcode.Newf(errcode.ProviderBadResponse,
				"try again, or choose a model that supports tool calling",
				"the model called the tool %q with arguments that are not valid JSON", c.Name))
			return false
		}
		if !yield(model.StreamEvent{Kind: model.EventToolCall, ToolCall: &c}, nil) {
			return false
		}
	}
	return true
}

// toolCalls assembles streamed tool-call fragments by their index: the
// first fragment of a call names it, later ones append to its arguments.
type toolCalls map[int64]*partialCall

type partialCall struct {
	id, name string
	args     strings.Builder
}

func (t toolCalls) add(d sdk.ChatCompletionChunkChoiceDeltaToolCall) {
	c := t[d.Index]
	if c == nil {
		c = &partialCall{}
		t[d.Index] = c
	}
	if d.ID != "" {
		c.id = d.ID
	}
	if d.Function.Name != "" {
		c.name = d.Function.Name
	}
	c.args.WriteString(d.Function.Arguments)
}

func (t toolCalls) drain() []model.ToolCall {
	idx := make([]int64, 0, len(t))
	for i := range t {
		idx = append(idx, i)
	}
	sort.Slice(idx, func(a, b int) bool { return idx[a] < idx[b] })
	out := make([]model.ToolCall, 0, len(idx))
	for _, i := range idx {
		c := t[i]
		out = append(out, model.ToolCall{ID: c.id, Name: c.name, Arguments: c.args.String()})
		delete(t, i)
	}
	return out
}

// callContext bounds one call by the configured timeout.
func (p *Provider) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if p.timeout > 0 {
		return context.WithTimeout(ctx, p.timeout)
	}
	return context.WithCancel(ctx)
}

// params builds the request: the conversation, the tools as function
// schemas, and stream_options.include_usage so the last chunk reports usage.
func (p *Provider) params(messages []model.Message, tools []model.ToolSchema) (sdk.ChatCompletionNewParams, error) {
	params := sdk.ChatCompletionNewParams{
		Model:         shared.ChatModel(p.model),
		StreamOptions: sdk.ChatCompletionStreamOptionsParam{IncludeUsage: sdk.Bool(true)},
	}
	if p.temperature > 0 && acceptsTemperature(p.model) {
		params.Temperature = sdk.Float(p.temperature)
	}
	for i, m := range messages {
		msg, err := message(m)
		if err != nil {
			return params, errcode.Wrap(errcode.InvalidInput, err,
				"message "+strconv.Itoa(i+1)+" of the conversation has the unknown role "+string(m.Role),
				"use one of system, user, assistant or tool")
		}
		params.Messages = append(params.Messages, msg)
	}
	for _, t := range tools {
		params.Tools = append(params.Tools, sdk.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
			Name:        t.Name,
			Description: sdk.String(t.Description),
			Parameters:  shared.FunctionParameters(schema(t.Parameters)),
		}))
	}
	return params, nil
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

type unknownRole string

func (r unknownRole) Error() string { return "unknown role " + string(r) }

func message(m model.Message) (sdk.ChatCompletionMessageParamUnion, error) {
	switch m.Role {
	case model.RoleSystem:
		return sdk.SystemMessage(m.Content), nil
	case model.RoleUser:
		return sdk.UserMessage(m.Content), nil
	case model.RoleTool:
		return sdk.ToolMessage(m.Content, m.ToolCallID), nil
	case model.RoleAssistant:
		a := sdk.ChatCompletionAssistantMessageParam{}
		if m.Content != "" || len(m.ToolCalls) == 0 {
			a.Content.OfString = sdk.String(m.Content)
		}
		for _, c := range m.ToolCalls {
			a.ToolCalls = append(a.ToolCalls, sdk.ChatCompletionMessageToolCallUnionParam{
				OfFunction: &sdk.ChatCompletionMessageFunctionToolCallParam{
					ID: c.ID,
					Function: sdk.ChatCompletionMessageFunctionToolCallFunctionParam{
						Name: c.Name, Arguments: c.Arguments,
					},
				},
			})
		}
		return sdk.ChatCompletionMessageParamUnion{OfAssistant: &a}, nil
	}
	return sdk.ChatCompletionMessageParamUnion{}, unknownRole(m.Role)
}
