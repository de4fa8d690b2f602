package gemini

import (
	"context"
	"encoding/json"
	"iter"
	"strconv"
	"strings"

	"google.golang.org/genai"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// ownIDPrefix marks tool call IDs the provider made up because Gemini sent
// none.
const ownIDPrefix = "gemini-call-"

// ChatCompletion streams the model's answer to messages through
// streamGenerateContent. Text arrives as EventText deltas (thought parts
// are left out); Gemini sends each function call whole, and each becomes
// one EventToolCall; the last event is EventDone with the usage metadata
// and the finish reason in OpenAI's words (stop, tool_calls, length,
// content_filter; others lower-cased). A failure ends the sequence with a
// non-nil *errcode.Error; cancelling ctx stops the stream.
func (p *Provider) ChatCompletion(ctx context.Context, messages []model.Message, tools []model.ToolSchema) iter.Seq2[model.StreamEvent, error] {
	return func(yield func(model.StreamEvent, error) bool) {
		contents, gcfg, err := p.request(messages, tools)
		if err != nil {
			yield(model.StreamEvent{}, err)
			return
		}
		callCtx, cancel := p.callContext(ctx)
		defer cancel()

		var (
			usage  *model.Usage
			finish genai.FinishReason
			called bool
		)
		for resp, err := range p.client.Models.GenerateContentStream(callCtx, p.model, contents, gcfg) {
			if err != nil {
				yield(model.StreamEvent{}, p.mapError(ctx, err))
				return
			}
			if resp.UsageMetadata != nil {
				usage = toUsage(resp.UsageMetadata)
			}
			if pf := resp.PromptFeedback; pf != nil && pf.BlockReason != "" {
				yield(model.StreamEvent{}, errcode.Newf(errcode.ProviderFailed,
					"rephrase the request, or remove the content Gemini objects to",
					"Gemini refused the prompt (%s)", pf.BlockReason))
				return
			}
			if len(resp.Candidates) == 0 {
				continue
			}
			cand := resp.Candidates[0]
			if cand.Content != nil {
				for _, part := range cand.Content.Parts {
					ev, ok := p.event(part)
					if !ok {
						continue
					}
					called = called || ev.Kind == model.EventToolCall
					if !yield(ev, nil) {
						return
					}
				}
			}
			if cand.FinishReason != "" {
				finish = cand.FinishReason
			}
		}
		if err := ctx.Err(); err != nil {
			yield(model.StreamEvent{}, p.mapError(ctx, err))
			return
		}
		if finish == "" {
			yield(model.StreamEvent{}, errcode.New(errcode.ProviderBadResponse,
				"Gemini ended the answer before the model finished it",
				"try again; if it keeps happening, check status.cloud.google.com"))
			return
		}
		yield(model.StreamEvent{Kind: model.EventDone, Usage: usage, FinishReason: finishReason(finish, called)}, nil)
	}
}

// event turns one part of the answer into a stream event; ok is false for
// parts that carry nothing for the caller (thoughts, empty text).
func (p *Provider) event(part *genai.Part) (model.StreamEvent, bool) {
	switch {
	case part.FunctionCall != nil:
		return model.StreamEvent{Kind: model.EventToolCall, ToolCall: p.toolCall(part)}, true
	case part.Thought || part.Text == "":
		return model.StreamEvent{}, false
	}
	return model.StreamEvent{Kind: model.EventText, Text: part.Text}, true
}

// toolCall converts a function call part and remembers what must go back
// with it next turn.
func (p *Provider) toolCall(part *genai.Part) *model.ToolCall {
	fc := part.FunctionCall
	args := []byte("{}")
	if len(fc.Args) > 0 {
		// Args came from JSON; marshalling it back cannot fail.
		args, _ = json.Marshal(fc.Args)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	id := fc.ID
	if id == "" {
		p.next++
		id = ownIDPrefix + strconv.Itoa(p.next)
	}
	if len(part.ThoughtSignature) > 0 {
		p.signatures[id] = part.ThoughtSignature
	}
	return &model.ToolCall{ID: id, Name: fc.Name, Arguments: string(args)}
}

func toUsage(u *genai.GenerateContentResponseUsageMetadata) *model.Usage {
	out := int(u.CandidatesTokenCount + u.ThoughtsTokenCount)
	return &model.Usage{
		InputTokens:  int(u.PromptTokenCount),
		OutputTokens: out,
		TotalTokens:  int(u.TotalTokenCount),
	}
}

// finishReason speaks OpenAI's vocabulary, so callers need know one.
func finishReason(r genai.FinishReason, called bool) string {
	switch r {
	case genai.FinishReasonStop:
		if called {
			return "tool_calls"
		}
		return "stop"
	case genai.FinishReasonMaxTokens:
		return "length"
	case genai.FinishReasonSafety, genai.FinishReasonRecitation, genai.FinishReasonBlocklist,
		genai.FinishReasonProhibitedContent, genai.FinishReasonSPII:
		return "content_filter"
	}
	return strings.ToLower(string(r))
}

// request converts the conversation: system messages become the system
// instruction, assistant turns the "model" role, and tool results function
// responses named after the call they answer (consecutive results share a
// turn, as Gemini expects for parallel calls).
func (p *Provider) request(messages []model.Message, tools []model.ToolSchema) ([]*genai.Content, *genai.GenerateContentConfig, error) {
	gcfg := &genai.GenerateContentConfig{}
	if p.temperature > 0 {
		gcfg.Temperature = genai.Ptr(float32(p.temperature))
	}
	names := map[string]string{}
	for _, m := range messages {
		for _, c := range m.ToolCalls {
			names[c.ID] = c.Name
		}
	}
	var contents []*genai.Content
	for i, m := range messages {
		switch m.Role {
		case model.RoleSystem:
			if gcfg.SystemInstruction == nil {
				gcfg.SystemInstruction = &genai.Content{}
			}
			gcfg.SystemInstruction.Parts = append(gcfg.SystemInstruction.Parts, genai.NewPartFromText(m.Content))
		case model.RoleUser:
			contents = append(contents, genai.NewContentFromText(m.Content, genai.RoleUser))
		case model.RoleAssistant:
			c, err := p.modelTurn(m)
			if err != nil {
				return nil, nil, err
			}
			contents = append(contents, c)
		case model.RoleTool:
			part, err := functionResponse(m, names[m.ToolCallID])
			if err != nil {
				return nil, nil, err
			}
			if last := len(contents) - 1; last >= 0 && isFunctionResponses(contents[last]) {
				contents[last].Parts = append(contents[last].Parts, part)
			} else {
				contents = append(contents, &genai.Content{Role: genai.RoleUser, Parts: []*genai.Part{part}})
			}
		default:
			return nil, nil, errcode.Newf(errcode.InvalidInput, "use one of system, user, assistant or tool",
				"message %d of the conversation has the unknown role %s", i+1, m.Role)
		}
	}
	if len(tools) > 0 {
		decls := make([]*genai.FunctionDeclaration, 0, len(tools))
		for _, t := range tools {
			d := &genai.FunctionDeclaration{Name: t.Name, Description: t.Description}
			if t.Parameters != nil {
				d.ParametersJsonSchema = t.Parameters
			}
			decls = append(decls, d)
		}
		gcfg.Tools = []*genai.Tool{{FunctionDeclarations: decls}}
	}
	return contents, gcfg, nil
}

func isFunctionResponses(c *genai.Content) bool {
	return c.Role == genai.RoleUser && len(c.Parts) > 0 && c.Parts[0].FunctionResponse != nil
}

func (p *Provider) modelTurn(m model.Message) (*genai.Content, error) {
	c := &genai.Content{Role: genai.RoleModel}
	if m.Content != "" {
		c.Parts = append(c.Parts, genai.NewPartFromText(m.Content))
	}
	for _, call := range m.ToolCalls {
		var args map[string]any
		if call.Arguments != "" {
			if err := json.Unmarshal([]byte(call.Arguments), &args); err != nil {
				return nil, errcode.Wrap(errcode.InvalidInput, err,
					"the arguments of the tool call "+call.Name+" in the conversation are not a JSON object",
					"pass tool calls back as the model made them")
			}
		}
		part := genai.NewPartFromFunctionCall(call.Name, args)
		if !strings.HasPrefix(call.ID, ownIDPrefix) {
			part.FunctionCall.ID = call.ID
		}
		part.ThoughtSignature = p.signature(call.ID)
		c.Parts = append(c.Parts, part)
	}
	return c, nil
}

// functionResponse answers the call named name. A result that is a JSON
// object is sent as the response; anything else is wrapped as
// {"output": text}.
func functionResponse(m model.Message, name string) (*genai.Part, error) {
	if name == "" {
		return nil, errcode.Newf(errcode.InvalidInput,
			"keep the assistant message with the tool call in the conversation before its result",
			"the tool result for call %q answers no tool call of this conversation", m.ToolCallID)
	}
	var response map[string]any
	if json.Unmarshal([]byte(m.Content), &response) != nil || response == nil {
		response = map[string]any{"output": m.Content}
	}
	part := genai.NewPartFromFunctionResponse(name, response)
	if !strings.HasPrefix(m.ToolCallID, ownIDPrefix) {
		part.FunctionResponse.ID = m.ToolCallID
	}
	return part, nil
}

// signature returns the thought signature Gemini sent with a call, if any.
func (p *Provider) signature(id string) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.signatures[id]
}
