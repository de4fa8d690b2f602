package gemini_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
	"github.com/oss-dev/oss-dev/internal/provider/llm/gemini"
	"github.com/oss-dev/oss-dev/internal/provider/llm/llmtest"
)

var _ contract.LLM = (*gemini.Provider)(nil)

const secret = "AIzaTEST-SECRET-0123456789"

type result struct {
	text  string
	calls []model.ToolCall
	done  *model.StreamEvent
	err   error
}

func collect(seq iter.Seq2[model.StreamEvent, error]) result {
	var r result
	for ev, err := range seq {
		if err != nil {
			r.err = err
			break
		}
		switch ev.Kind {
		case model.EventText:
			r.text += ev.Text
		case model.EventToolCall:
			r.calls = append(r.calls, *ev.ToolCall)
		case model.EventDone:
			d := ev
			r.done = &d
		}
	}
	return r
}

func newProvider(t *testing.T, cfg config.ModelConfig) *gemini.Provider {
	t.Helper()
	p, err := gemini.New(cfg, gemini.WithMaxRetries(0))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

func fakeProvider(t *testing.T) (*llmtest.Gemini, *gemini.Provider) {
	t.Helper()
	srv := llmtest.NewGemini(t)
	srv.APIKey = secret
	return srv, newProvider(t, config.ModelConfig{Provider: "gemini", Name: "gemini-2.5-flash", BaseURL: srv.URL, APIKey: secret, Temperature: 0.2})
}

var conversation = []model.Message{
	{Role: model.RoleSystem, Content: "You are terse."},
	{Role: model.RoleUser, Content: "What is in README.md?"},
}

func TestStreamsTextAndReportsUsage(t *testing.T) {
	srv, p := fakeProvider(t)
	srv.Script(llmtest.Reply{Text: []string{"Hel", "lo, ", "world"}, Usage: &llmtest.Usage{Input: 12, Output: 3}})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.text != "Hello, world" {
		t.Errorf("text = %q", r.text)
	}
	want := model.Usage{InputTokens: 12, OutputTokens: 3, TotalTokens: 15}
	if r.done == nil || r.done.Usage == nil || *r.done.Usage != want || r.done.FinishReason != "stop" {
		t.Fatalf("done = %+v (usage %+v)", r.done, r.done.Usage)
	}
}

func TestSendsTheRequestToTheConfiguredServer(t *testing.T) {
	srv, p := fakeProvider(t)
	tools := []model.ToolSchema{{
		Name: "read_file", Description: "Read a file",
		Parameters: map[string]any{"type": "object", "properties": map[string]any{"path": map[string]any{"type": "string"}}},
	}}
	history := append(append([]model.Message{}, conversation...),
		model.Message{Role: model.RoleAssistant, Content: "Looking.", ToolCalls: []model.ToolCall{
			{ID: "c1", Name: "read_file", Arguments: `{"path":"README.md"}`},
			{ID: "c2", Name: "read_file", Arguments: `{"path":"LICENSE"}`},
		}},
		model.Message{Role: model.RoleTool, ToolCallID: "c1", Content: "# Hello"},
		model.Message{Role: model.RoleTool, ToolCallID: "c2", Content: `{"license":"MIT"}`},
	)
	if r := collect(p.ChatCompletion(context.Background(), history, tools)); r.err != nil {
		t.Fatal(r.err)
	}
	got, ok := srv.LastRequest()
	if !ok {
		t.Fatal("the fake server received nothing")
	}
	if got.Path != "/v1beta/models/gemini-2.5-flash:streamGenerateContent" || got.Query != "alt=sse" {
		t.Errorf("request went to %s?%s", got.Path, got.Query)
	}
	if got.Header.Get("x-goog-api-key") != secret {
		t.Errorf("the API key was not sent in x-goog-api-key")
	}
	req, err := got.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if req.SystemInstruction == nil || req.SystemInstruction.Parts[0].Text != "You are terse." {
		t.Errorf("system instruction = %+v", req.SystemInstruction)
	}
	if len(req.Contents) != 3 {
		t.Fatalf("contents = %+v", req.Contents)
	}
	if c := req.Contents[0]; c.Role != "user" || c.Parts[0].Text != "What is in README.md?" {
		t.Errorf("user turn = %+v", c)
	}
	m := req.Contents[1]
	if m.Role != "model" || len(m.Parts) != 3 || m.Parts[0].Text != "Looking." ||
		m.Parts[1].FunctionCall == nil || m.Parts[1].FunctionCall.Name != "read_file" ||
		m.Parts[1].FunctionCall.Args["path"] != "README.md" || m.Parts[1].FunctionCall.ID != "c1" {
		t.Errorf("model turn = %+v", m)
	}
	resp := req.Contents[2]
	if resp.Role != "user" || len(resp.Parts) != 2 {
		t.Fatalf("both tool results should share one turn: %+v", resp)
	}
	r1, r2 := resp.Parts[0].FunctionResponse, resp.Parts[1].FunctionResponse
	if r1 == nil || r1.Name != "read_file" || r1.ID != "c1" || r1.Response["output"] != "# Hello" {
		t.Errorf("first function response = %+v", r1)
	}
	if r2 == nil || r2.Response["license"] != "MIT" {
		t.Errorf("a JSON object result should be sent as the response: %+v", r2)
	}
	if len(req.Tools) != 1 || len(req.Tools[0].FunctionDeclarations) != 1 {
		t.Fatalf("tools = %+v", req.Tools)
	}
	d := req.Tools[0].FunctionDeclarations[0]
	if d.Name != "read_file" || d.Description != "Read a file" || d.ParametersJSONSchema["type"] != "object" {
		t.Errorf("function declaration = %+v", d)
	}
	if req.GenerationConfig == nil || req.GenerationConfig.Temperature == nil || *req.GenerationConfig.Temperature < 0.19 {
		t.Errorf("generation config = %+v", req.GenerationConfig)
	}
}

func TestFunctionCallsBecomeToolCalls(t *testing.T) {
	srv, p := fakeProvider(t)
	srv.Script(llmtest.Reply{
		Text:      []string{"Reading."},
		ToolCalls: []llmtest.ToolCall{{Name: "read_file", Arguments: `{"path":"docs/CONTRIBUTING.md","max_bytes":4096}`}},
	})
	r := collect(p.ChatCompletion(context.Background(), conversation, []model.ToolSchema{{Name: "read_file"}}))
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.calls) != 1 || r.calls[0].Name != "read_file" || r.calls[0].ID == "" {
		t.Fatalf("calls = %+v", r.calls)
	}
	var args map[string]any
	if err := json.Unmarshal([]byte(r.calls[0].Arguments), &args); err != nil || args["path"] != "docs/CONTRIBUTING.md" || args["max_bytes"] != 4096.0 {
		t.Errorf("arguments = %s (%v)", r.calls[0].Arguments, err)
	}
	if r.done == nil || r.done.FinishReason != "tool_calls" {
		t.Errorf("done = %+v", r.done)
	}

	// The next turn sends the call back with its thought signature, and the
	// result under the function's name, without the made-up ID.
	srv.Script(llmtest.Reply{Text: []string{"Done."}})
	history := append(append([]model.Message{}, conversation...),
		model.Message{Role: model.RoleAssistant, ToolCalls: r.calls},
		model.Message{Role: model.RoleTool, ToolCallID: r.calls[0].ID, Content: "be kind"},
	)
	if r := collect(p.ChatCompletion(context.Background(), history, nil)); r.err != nil {
		t.Fatal(r.err)
	}
	got, _ := srv.LastRequest()
	req, _ := got.Generate()
	call := req.Contents[1].Parts[0]
	if call.FunctionCall == nil || call.ThoughtSignature != llmtest.Signature("read_file") || call.FunctionCall.ID != "" {
		t.Errorf("call sent back = %+v", call)
	}
	res := req.Contents[2].Parts[0].FunctionResponse
	if res == nil || res.Name != "read_file" || res.ID != "" {
		t.Errorf("result sent = %+v", res)
	}
}

func TestToolResultForAnUnknownCall(t *testing.T) {
	_, p := fakeProvider(t)
	msgs := append(append([]model.Message{}, conversation...), model.Message{Role: model.RoleTool, ToolCallID: "nope", Content: "x"})
	r := collect(p.ChatCompletion(context.Background(), msgs, nil))
	if !errcode.HasCode(r.err, errcode.InvalidInput) {
		t.Fatalf("err = %v", r.err)
	}
}

func TestCancellationStopsTheStream(t *testing.T) {
	srv, p := fakeProvider(t)
	text := make([]string, 100)
	for i := range text {
		text[i] = "word "
	}
	srv.Script(llmtest.Reply{Text: text, Delay: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		texts int
		err   error
	)
	for ev, e := range p.ChatCompletion(ctx, conversation, nil) {
		if e != nil {
			err = e
			break
		}
		if ev.Kind == model.EventText {
			if texts++; texts == 2 {
				cancel()
			}
		}
	}
	if !errors.Is(err, context.Canceled) || !errcode.HasCode(err, errcode.Canceled) {
		t.Fatalf("err = %v, want a cancellation", err)
	}
	if texts >= len(text) {
		t.Errorf("received all %d deltas despite the cancellation", texts)
	}
}

func TestServerErrorsMapToCodes(t *testing.T) {
	tests := []struct {
		name  string
		reply llmtest.Reply
		key   string
		model string
		code  errcode.Code
		says  string
	}{
		{name: "wrong key", key: "AIza-wrong-key-000", code: errcode.ProviderAuthFailed, says: "rejected the API key"},
		{name: "unauthenticated", reply: llmtest.Reply{Status: 401}, code: errcode.ProviderAuthFailed},
		{name: "permission denied", reply: llmtest.Reply{Status: 403}, code: errcode.ProviderAuthFailed},
		{name: "unknown model", model: "gemini-nonexistent", code: errcode.ProviderNotFound, says: `"gemini-nonexistent"`},
		{name: "rate limited", reply: llmtest.Reply{Status: 429}, code: errcode.ProviderRateLimited},
		{name: "server error", reply: llmtest.Reply{Status: 500}, code: errcode.ProviderUnavailable, says: "HTTP 500"},
		{name: "overloaded", reply: llmtest.Reply{Status: 503}, code: errcode.ProviderUnavailable},
		{name: "deadline", reply: llmtest.Reply{Status: 504}, code: errcode.ProviderTimeout},
		{name: "bad request", reply: llmtest.Reply{Status: 400, ErrorMessage: "contents must not be empty " + secret},
			code: errcode.ProviderFailed, says: "contents must not be empty"},
		{name: "dropped connection", reply: llmtest.Reply{Text: []string{"a", "b", "c"}, DisconnectAfter: 2},
			code: errcode.ProviderUnavailable, says: "dropped"},
		{name: "stream ends early", reply: llmtest.Reply{Text: []string{"a", "b"}, Truncate: true},
			code: errcode.ProviderBadResponse, says: "before the model finished"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewGemini(t)
			srv.APIKey = secret
			srv.Models = []string{"gemini-2.5-flash"}
			srv.Script(tt.reply)
			key := secret
			if tt.key != "" {
				key = tt.key
			}
			name := tt.model
			if name == "" {
				name = "gemini-2.5-flash"
			}
			p := newProvider(t, config.ModelConfig{Name: name, BaseURL: srv.URL, APIKey: key})
			r := collect(p.ChatCompletion(context.Background(), conversation, nil))
			if !errcode.HasCode(r.err, tt.code) {
				t.Fatalf("err = %v (%s), want %s", r.err, errcode.CodeOf(r.err), tt.code)
			}
			if !strings.Contains(r.err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", r.err, tt.says)
			}
			var e *errcode.Error
			if errors.As(r.err, &e) && e.Fix == "" {
				t.Errorf("error %q has no fix", r.err)
			}
			assertNoSecret(t, r.err, secret, tt.key)

			// countTokens fails the same way.
			srv.Script(tt.reply)
			if tt.reply.DisconnectAfter == 0 && !tt.reply.Truncate {
				_, err := p.CountTokens(context.Background(), "some text")
				if !errcode.HasCode(err, tt.code) {
					t.Errorf("CountTokens err = %v, want %s", err, tt.code)
				}
				assertNoSecret(t, err, secret, tt.key)
			}
		})
	}
}

func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	texts := append(errcode.Chain(err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
	var e *errcode.Error
	if errors.As(err, &e) {
		texts = append(texts, e.Fix)
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("error text contains the API key: %q", text)
			}
		}
	}
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p := newProvider(t, config.ModelConfig{BaseURL: "http://" + addr + "/", APIKey: secret})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if !errcode.HasCode(r.err, errcode.ProviderUnavailable) {
		t.Fatalf("err = %v", r.err)
	}
	assertNoSecret(t, r.err, secret)
}

func TestConfiguredTimeout(t *testing.T) {
	srv, _ := fakeProvider(t)
	srv.Script(llmtest.Reply{HeaderDelay: time.Minute})
	p := newProvider(t, config.ModelConfig{BaseURL: srv.URL, APIKey: secret, Timeout: 50 * time.Millisecond})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if !errcode.HasCode(r.err, errcode.ProviderTimeout) {
		t.Fatalf("err = %v, want PROVIDER_TIMEOUT", r.err)
	}
}

func TestCountTokensAsksTheAPI(t *testing.T) {
	srv, p := fakeProvider(t)
	srv.Script(llmtest.Reply{Tokens: 42})
	n, err := p.CountTokens(context.Background(), "count these words please")
	if err != nil || n != 42 {
		t.Fatalf("CountTokens = %d, %v", n, err)
	}
	got, _ := srv.LastRequest()
	if got.Path != "/v1beta/models/gemini-2.5-flash:countTokens" {
		t.Errorf("path = %s", got.Path)
	}
	req, _ := got.Generate()
	if len(req.Contents) != 1 || req.Contents[0].Parts[0].Text != "count these words please" {
		t.Errorf("contents = %+v", req.Contents)
	}
}

func TestKeyFromTheEnvironment(t *testing.T) {
	t.Setenv("GOOGLE_API_KEY", "")
	t.Setenv("GEMINI_API_KEY", "")
	if _, err := gemini.New(config.ModelConfig{}); !errcode.HasCode(err, errcode.ProviderAuthMissing) {
		t.Fatalf("no key: err = %v", err)
	}
	srv := llmtest.NewGemini(t)
	for _, env := range []string{"GEMINI_API_KEY", "GOOGLE_API_KEY"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "key-from-"+env)
			srv.APIKey = "key-from-" + env
			p := newProvider(t, config.ModelConfig{BaseURL: srv.URL})
			if r := collect(p.ChatCompletion(context.Background(), conversation, nil)); r.err != nil {
				t.Fatal(r.err)
			}
		})
	}
}

func TestContextWindow(t *testing.T) {
	tests := []struct {
		name       string
		configured int
		want       int
	}{
		{"gemini-2.5-pro", 0, 1048576},
		{"models/gemini-1.5-pro-002", 0, 2097152},
		{"some-tuned-model", 0, llm.DefaultContextWindow},
		{"gemini-2.5-flash", 32000, 32000},
	}
	for _, tt := range tests {
		p := newProvider(t, config.ModelConfig{Name: tt.name, APIKey: secret, ContextWindow: tt.configured})
		if got := p.ContextWindow(); got != tt.want {
			t.Errorf("ContextWindow(%s) = %d, want %d", tt.name, got, tt.want)
		}
	}
	if p := newProvider(t, config.ModelConfig{APIKey: secret}); p.ModelName() != gemini.DefaultModel || p.BaseURL() != gemini.DefaultBaseURL {
		t.Errorf("defaults = %s %s", p.ModelName(), p.BaseURL())
	}
}

func TestPlainServerErrorBody(t *testing.T) {
	// A proxy in front of the API may answer with a non-JSON body.
	srv := llmtest.NewGemini(t)
	srv.Script(llmtest.Reply{Status: http.StatusBadGateway})
	p := newProvider(t, config.ModelConfig{BaseURL: srv.URL, APIKey: secret})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if !errcode.HasCode(r.err, errcode.ProviderUnavailable) {
		t.Fatalf("err = %v", r.err)
	}
}
