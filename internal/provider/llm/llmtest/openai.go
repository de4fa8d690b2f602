package llmtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// OpenAI is a fake OpenAI-compatible server (OpenAI, Ollama, vLLM,
// llama.cpp and LM Studio all speak this format). It serves
// POST /v1/chat/completions, streamed as server-sent events when the request
// says "stream": true, and whole otherwise. NewGeminiOpenAI starts one that
// answers as Gemini's OpenAI-compatible endpoint does.
type OpenAI struct {
	server
	// URL is the base URL to configure a client with; it ends in /v1.
	URL string
	// APIKey, when set, is required as "Authorization: Bearer KEY"; other
	// requests get OpenAI's 401, whose message echoes the key it was sent.
	APIKey string
	// Models, when set, lists the models that exist; others get a 404.
	Models []string
	// gemini makes the server answer as Gemini's compatible endpoint:
	// errors as Google's [{"error": {code, message, status, details}}],
	// each tool call whole in one delta without an index and with a thought
	// signature in extra_content, and "stop" as the finish reason of an
	// answer that called tools.
	gemini bool
}

// NewOpenAI starts a fake OpenAI-compatible server, closed when t ends.
func NewOpenAI(t testing.TB) *OpenAI {
	s := &OpenAI{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	s.start(t, mux)
	s.URL = s.srv.URL + "/v1"
	return s
}

// NewGeminiOpenAI starts a fake of Gemini's OpenAI-compatible endpoint,
// closed when t ends. Its URL ends in /v1beta/openai.
func NewGeminiOpenAI(t testing.TB) *OpenAI {
	s := &OpenAI{gemini: true}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1beta/openai/chat/completions", s.chat)
	s.start(t, mux)
	s.URL = s.srv.URL + "/v1beta/openai"
	return s
}

// Signature is the thought signature the Gemini fake attaches to a call of
// the named tool.
func Signature(name string) string { return "sig-" + name }

// ChatRequest is the part of a chat completion request that tests look at.
type ChatRequest struct {
	Model         string `json:"model"`
	Stream        bool   `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	Temperature *float64      `json:"temperature"`
	Messages    []ChatMessage `json:"messages"`
	Tools       []struct {
		Type     string `json:"type"`
		Function struct {
			Name        string         `json:"name"`
			Description string         `json:"description"`
			Parameters  map[string]any `json:"parameters"`
		} `json:"function"`
	} `json:"tools"`
}

// ChatMessage is one message of a chat completion request. Content is a
// string or an array of parts, as the API allows both.
type ChatMessage struct {
	Role       string          `json:"role"`
	Content    json.RawMessage `json:"content"`
	ToolCallID string          `json:"tool_call_id"`
	ToolCalls  []struct {
		ID       string `json:"id"`
		Type     string `json:"type"`
		Function struct {
			Name      string `json:"name"`
			Arguments string `json:"arguments"`
		} `json:"function"`
		ExtraContent *struct {
			Google struct {
				ThoughtSignature string `json:"thought_signature"`
			} `json:"google"`
		} `json:"extra_content"`
	} `json:"tool_calls"`
}

// Text returns the message's content as plain text, joining text parts.
func (m ChatMessage) Text() string {
	var s string
	if json.Unmarshal(m.Content, &s) == nil {
		return s
	}
	var parts []struct {
		Text string `json:"text"`
	}
	_ = json.Unmarshal(m.Content, &parts)
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// Chat decodes a recorded request as a chat completion request.
func (r Request) Chat() (ChatRequest, error) {
	var c ChatRequest
	err := r.Decode(&c)
	return c, err
}

func (s *OpenAI) chat(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	reply := s.record(r, body)
	addHeaders(w, reply.Header)
	if !wait(r, reply.HeaderDelay) {
		return
	}
	var req ChatRequest
	if err := json.Unmarshal(body, &req); err != nil {
		s.error(w, http.StatusBadRequest, "We could not parse the JSON body of your request.", "")
		return
	}
	if s.APIKey != "" && r.Header.Get("Authorization") != "Bearer "+s.APIKey {
		sent := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if s.gemini {
			geminiError(w, http.StatusBadRequest, "API key not valid. Please pass a valid API key.", "API_KEY_INVALID")
			return
		}
		openAIError(w, http.StatusUnauthorized, "Incorrect API key provided: "+sent+". You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")
		return
	}
	if len(s.Models) > 0 && !contains(s.Models, req.Model) {
		s.error(w, http.StatusNotFound, "The model `"+req.Model+"` does not exist or you do not have access to it.", "model_not_found")
		return
	}
	if reply.Status != 0 && reply.Status != http.StatusOK {
		msg := reply.ErrorMessage
		if msg == "" {
			msg = http.StatusText(reply.Status)
		}
		s.error(w, reply.Status, msg, reply.ErrorCode)
		return
	}
	if req.Stream && !reply.Whole {
		s.stream(w, r, req, reply)
		return
	}
	s.whole(w, req, reply)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func errorType(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "requests"
	case status >= 500:
		return "server_error"
	}
	return "invalid_request_error"
}

// error writes the error body of the server's vendor.
func (s *OpenAI) error(w http.ResponseWriter, status int, message, code string) {
	if s.gemini {
		geminiError(w, status, message, code)
		return
	}
	openAIError(w, status, message, errorType(status), code)
}

// geminiError writes Google's error body as the compatible endpoint sends
// it: a one-element array. reason, when set, goes into an ErrorInfo detail;
// a 429 carries a RetryInfo detail.
func geminiError(w http.ResponseWriter, status int, message, reason string) {
	details := []any{}
	if reason != "" {
		details = append(details, map[string]any{
			"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": "googleapis.com",
		})
	}
	if status == http.StatusTooManyRequests {
		details = append(details, map[string]any{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s"})
	}
	writeJSON(w, status, []any{map[string]any{"error": map[string]any{
		"code": status, "message": message, "status": googleStatus(status), "details": details,
	}}})
}

func googleStatus(code int) string {
	switch code {
	case http.StatusBadRequest:
		return "INVALID_ARGUMENT"
	case http.StatusForbidden:
		return "PERMISSION_DENIED"
	case http.StatusNotFound:
		return "NOT_FOUND"
	case http.StatusTooManyRequests:
		return "RESOURCE_EXHAUSTED"
	case http.StatusServiceUnavailable:
		return "UNAVAILABLE"
	}
	return "INTERNAL"
}

// openAIError writes the API's error body: {"error": {message, type, param, code}}.
func openAIError(w http.ResponseWriter, status int, message, typ, code string) {
	var c any
	if code != "" {
		c = code
	}
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"message": message, "type": typ, "param": nil, "code": c,
	}})
}

func (r Reply) openAIFinish(gemini bool) string {
	switch {
	case r.FinishReason != "":
		return r.FinishReason
	case len(r.ToolCalls) > 0 && !gemini:
		return "tool_calls"
	}
	return "stop"
}

func (r Reply) usage() Usage {
	if r.Usage != nil {
		return *r.Usage
	}
	out := words(r.text()...)
	for _, c := range r.ToolCalls {
		out += words(c.Arguments)
	}
	return Usage{Input: 10, Output: out}
}

func openAIUsage(u Usage) map[string]any {
	return map[string]any{
		"prompt_tokens":     u.Input,
		"completion_tokens": u.Output,
		"total_tokens":      u.Input + u.Output,
	}
}

// chunk builds one chat.completion.chunk; choice is nil for the usage chunk.
func chunk(model string, choice map[string]any, usage any) string {
	choices := []any{}
	if choice != nil {
		choices = append(choices, choice)
	}
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1700000000,
		"model": model, "system_fingerprint": "fp_fake", "choices": choices, "usage": usage,
	})
	return string(b)
}

func delta(d map[string]any, finish any) map[string]any {
	return map[string]any{"index": 0, "delta": d, "logprobs": nil, "finish_reason": finish}
}

// stream sends the reply the way the API does: a role delta, content
// deltas, each tool call as a head (id, name) and argument fragments, a
// finish reason, the usage chunk when asked for, then [DONE].
func (s *OpenAI) stream(w http.ResponseWriter, r *http.Request, req ChatRequest, reply Reply) {
	startSSE(w)
	e := &sse{w: w, r: r, reply: reply}
	if !e.event(chunk(req.Model, delta(map[string]any{"role": "assistant", "content": ""}, nil), nil)) {
		return
	}
	for _, t := range reply.text() {
		if !e.event(chunk(req.Model, delta(map[string]any{"content": t}, nil), nil)) {
			return
		}
	}
	if reply.StreamError != "" {
		b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": reply.StreamError, "type": "server_error", "code": nil}})
		e.event(string(b))
		return
	}
	for i, c := range reply.ToolCalls {
		for _, d := range s.toolCallDeltas(i, c) {
			if !e.event(chunk(req.Model, delta(map[string]any{"tool_calls": []any{d}}, nil), nil)) {
				return
			}
		}
	}
	if reply.Truncate {
		return
	}
	if !e.event(chunk(req.Model, delta(map[string]any{}, reply.openAIFinish(s.gemini)), nil)) {
		return
	}
	if req.StreamOptions != nil && req.StreamOptions.IncludeUsage {
		if !e.event(chunk(req.Model, nil, openAIUsage(reply.usage()))) {
			return
		}
	}
	e.event("[DONE]")
}

// toolCallDeltas splits a call as the API streams it: the first fragment
// carries index, id, type and name with empty arguments; the arguments
// follow in pieces that carry only the index. Gemini sends the call whole,
// with no index and with its thought signature.
func (s *OpenAI) toolCallDeltas(index int, c ToolCall) []map[string]any {
	id := c.ID
	if id == "" && !s.gemini {
		id = "call_fake_" + string(rune('a'+index))
	}
	if s.gemini {
		return []map[string]any{{
			"id": id, "type": "function",
			"function":      map[string]any{"name": c.Name, "arguments": c.Arguments},
			"extra_content": map[string]any{"google": map[string]any{"thought_signature": Signature(c.Name)}},
		}}
	}
	out := []map[string]any{{
		"index": index, "id": id, "type": "function",
		"function": map[string]any{"name": c.Name, "arguments": ""},
	}}
	for _, piece := range split(c.Arguments, 3) {
		out = append(out, map[string]any{
			"index":    index,
			"function": map[string]any{"arguments": piece},
		})
	}
	return out
}

// split cuts s into n pieces of about equal length (fewer when s is
// short), on character boundaries.
func split(s string, n int) []string {
	rs := []rune(s)
	if len(rs) == 0 {
		return nil
	}
	size := (len(rs) + n - 1) / n
	var out []string
	for len(rs) > size {
		out = append(out, string(rs[:size]))
		rs = rs[size:]
	}
	return append(out, string(rs))
}

func (s *OpenAI) whole(w http.ResponseWriter, req ChatRequest, reply Reply) {
	msg := map[string]any{"role": "assistant", "content": strings.Join(reply.text(), ""), "refusal": nil}
	if len(reply.ToolCalls) > 0 {
		var calls []any
		for i, c := range reply.ToolCalls {
			d := s.toolCallDeltas(i, c)[0]
			delete(d, "index")
			d["function"] = map[string]any{"name": c.Name, "arguments": c.Arguments}
			calls = append(calls, d)
		}
		msg["tool_calls"] = calls
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": 1700000000, "model": req.Model,
		"choices": []any{map[string]any{"index": 0, "message": msg, "logprobs": nil, "finish_reason": reply.openAIFinish(s.gemini)}},
		"usage":   openAIUsage(reply.usage()),
	})
}
