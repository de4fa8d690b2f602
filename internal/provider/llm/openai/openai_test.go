package openai_test

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
	"github.com/oss-dev/oss-dev/internal/provider/llm/llmtest"
	"github.com/oss-dev/oss-dev/internal/provider/llm/openai"
)

var _ contract.LLM = (*openai.Provider)(nil)

const secret = "sk-test-SECRET-0123456789"

// result is a whole stream gathered up.
type result struct {
	text   string
	calls  []model.ToolCall
	done   *model.StreamEvent
	err    error
	events int
}

func collect(seq iter.Seq2[model.StreamEvent, error]) result {
	var r result
	for ev, err := range seq {
		r.events++
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

func newProvider(t *testing.T, cfg config.ModelConfig) *openai.Provider {
	t.Helper()
	if cfg.Provider == "" {
		cfg.Provider = "openai"
	}
	p, err := openai.New(cfg, openai.WithMaxRetries(0))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

func fakeProvider(t *testing.T) (*llmtest.OpenAI, *openai.Provider) {
	t.Helper()
	srv := llmtest.NewOpenAI(t)
	srv.APIKey = secret
	p := newProvider(t, config.ModelConfig{Name: "gpt-4o-mini", BaseURL: srv.URL, APIKey: secret, Temperature: 0.2})
	return srv, p
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
	if r.done == nil {
		t.Fatal("no done event")
	}
	want := model.Usage{InputTokens: 12, OutputTokens: 3, TotalTokens: 15}
	if r.done.Usage == nil || *r.done.Usage != want {
		t.Errorf("usage = %+v, want %+v", r.done.Usage, want)
	}
	if r.done.FinishReason != "stop" {
		t.Errorf("finish reason = %q", r.done.FinishReason)
	}
}

func TestSendsTheRequestToTheConfiguredServer(t *testing.T) {
	srv, p := fakeProvider(t)
	tools := []model.ToolSchema{{
		Name: "read_file", Description: "Read a file",
		Parameters: map[string]any{"type": "object", "properties": map[string]any{"path": map[string]any{"type": "string"}}},
	}, {Name: "list_files", Description: "List files"}}
	history := append(append([]model.Message{}, conversation...),
		model.Message{Role: model.RoleAssistant, ToolCalls: []model.ToolCall{{ID: "call_1", Name: "read_file", Arguments: `{"path":"README.md"}`}}},
		model.Message{Role: model.RoleTool, ToolCallID: "call_1", Content: "# Hello"},
	)
	if r := collect(p.ChatCompletion(context.Background(), history, tools)); r.err != nil {
		t.Fatal(r.err)
	}

	got, ok := srv.LastRequest()
	if !ok {
		t.Fatal("the fake server received nothing")
	}
	if got.Path != "/v1/chat/completions" || got.Method != http.MethodPost {
		t.Errorf("request went to %s %s", got.Method, got.Path)
	}
	if h := got.Header.Get("Authorization"); h != "Bearer "+secret {
		t.Errorf("Authorization header = %q", h)
	}
	req, err := got.Chat()
	if err != nil {
		t.Fatal(err)
	}
	if req.Model != "gpt-4o-mini" || !req.Stream || req.StreamOptions == nil || !req.StreamOptions.IncludeUsage {
		t.Errorf("model/stream/usage options = %q %v %+v", req.Model, req.Stream, req.StreamOptions)
	}
	if req.Temperature == nil || *req.Temperature != 0.2 {
		t.Errorf("temperature = %v", req.Temperature)
	}
	roles := []string{}
	for _, m := range req.Messages {
		roles = append(roles, m.Role)
	}
	if strings.Join(roles, ",") != "system,user,assistant,tool" {
		t.Errorf("roles = %v", roles)
	}
	if req.Messages[1].Text() != "What is in README.md?" {
		t.Errorf("user message = %q", req.Messages[1].Text())
	}
	a := req.Messages[2]
	if len(a.ToolCalls) != 1 || a.ToolCalls[0].ID != "call_1" || a.ToolCalls[0].Function.Name != "read_file" ||
		a.ToolCalls[0].Function.Arguments != `{"path":"README.md"}` || a.ToolCalls[0].Type != "function" {
		t.Errorf("assistant tool calls = %+v", a.ToolCalls)
	}
	if tm := req.Messages[3]; tm.ToolCallID != "call_1" || tm.Text() != "# Hello" {
		t.Errorf("tool message = %+v", tm)
	}
	if len(req.Tools) != 2 || req.Tools[0].Type != "function" || req.Tools[0].Function.Name != "read_file" ||
		req.Tools[0].Function.Parameters["type"] != "object" {
		t.Errorf("tools = %+v", req.Tools)
	}
	if req.Tools[1].Function.Parameters["type"] != "object" {
		t.Errorf("a tool without parameters should get an empty object schema, got %+v", req.Tools[1].Function.Parameters)
	}
}

// A call whose arguments are not JSON reaches the caller as sent, with the
// calls around it: the caller tells the model, and the answer is not lost.
func TestPassesToolCallsWithBrokenArgumentsOn(t *testing.T) {
	srv, p := fakeProvider(t)
	srv.Script(llmtest.Reply{ToolCalls: []llmtest.ToolCall{
		{ID: "call_a", Name: "read_file", Arguments: `{"path": "a.go"`},
		{ID: "call_b", Name: "list_files", Arguments: `{}`},
	}})
	r := collect(p.ChatCompletion(context.Background(), conversation, []model.ToolSchema{{Name: "read_file"}, {Name: "list_files"}}))
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.calls) != 2 || r.calls[0].Arguments != `{"path": "a.go"` || r.calls[1].Name != "list_files" {
		t.Fatalf("calls = %+v", r.calls)
	}
}

func TestAssemblesToolCallsFromFragments(t *testing.T) {
	srv, p := fakeProvider(t)
	srv.Script(llmtest.Reply{
		Text: []string{"Let me look."},
		ToolCalls: []llmtest.ToolCall{
			{ID: "call_a", Name: "read_file", Arguments: `{"path":"docs/CONTRIBUTING.md","max_bytes":4096}`},
			{ID: "call_b", Name: "search", Arguments: `{"query":"café ünïcode ✓"}`},
		},
	})
	r := collect(p.ChatCompletion(context.Background(), conversation, []model.ToolSchema{{Name: "read_file"}, {Name: "search"}}))
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.calls) != 2 {
		t.Fatalf("got %d tool calls, want 2: %+v", len(r.calls), r.calls)
	}
	want := []model.ToolCall{
		{ID: "call_a", Name: "read_file", Arguments: `{"path":"docs/CONTRIBUTING.md","max_bytes":4096}`},
		{ID: "call_b", Name: "search", Arguments: `{"query":"café ünïcode ✓"}`},
	}
	for i, c := range r.calls {
		if c != want[i] {
			t.Errorf("call %d = %+v, want %+v", i, c, want[i])
		}
		var args map[string]any
		if err := json.Unmarshal([]byte(c.Arguments), &args); err != nil {
			t.Errorf("call %d arguments are not JSON: %v", i, err)
		}
	}
	if r.done == nil || r.done.FinishReason != "tool_calls" {
		t.Errorf("done = %+v", r.done)
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
			texts++
			if texts == 2 {
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

func TestBreakingOutOfTheLoopEndsTheCall(t *testing.T) {
	srv, p := fakeProvider(t)
	srv.Script(llmtest.Reply{Text: []string{"a", "b", "c", "d"}})
	n := 0
	for range p.ChatCompletion(context.Background(), conversation, nil) {
		n++
		break
	}
	if n != 1 {
		t.Fatalf("n = %d", n)
	}
	// The next call still works: nothing was left half-read.
	srv.Script(llmtest.Reply{Text: []string{"again"}})
	if r := collect(p.ChatCompletion(context.Background(), conversation, nil)); r.err != nil || r.text != "again" {
		t.Fatalf("second call: %q %v", r.text, r.err)
	}
}

func TestServerErrorsMapToCodes(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*llmtest.OpenAI)
		reply llmtest.Reply
		key   string
		model string
		code  errcode.Code
		says  string
	}{
		{name: "wrong key", key: "sk-wrong-key-000", code: errcode.ProviderAuthFailed, says: "rejected the API key"},
		{name: "forbidden", reply: llmtest.Reply{Status: 403}, code: errcode.ProviderAuthFailed},
		{name: "unknown model", setup: func(s *llmtest.OpenAI) { s.Models = []string{"gpt-4o"} }, model: "gpt-nonexistent",
			code: errcode.ProviderNotFound, says: `"gpt-nonexistent"`},
		{name: "rate limited", reply: llmtest.Reply{Status: 429, Header: http.Header{"Retry-After": {"7"}}},
			code: errcode.ProviderRateLimited, says: "retry after 7 seconds"},
		{name: "server error", reply: llmtest.Reply{Status: 500}, code: errcode.ProviderUnavailable, says: "HTTP 500"},
		{name: "overloaded", reply: llmtest.Reply{Status: 503}, code: errcode.ProviderUnavailable},
		{name: "gateway timeout", reply: llmtest.Reply{Status: 504}, code: errcode.ProviderTimeout},
		{name: "bad request", reply: llmtest.Reply{Status: 400, ErrorMessage: "messages must not be empty, key " + secret},
			code: errcode.ProviderFailed, says: "messages must not be empty"},
		{name: "dropped connection", reply: llmtest.Reply{Text: []string{"a", "b", "c"}, DisconnectAfter: 2},
			code: errcode.ProviderUnavailable, says: "dropped"},
		{name: "stream ends early", reply: llmtest.Reply{Text: []string{"a", "b"}, Truncate: true},
			code: errcode.ProviderBadResponse, says: "before the model finished"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewOpenAI(t)
			srv.APIKey = secret
			if tt.setup != nil {
				tt.setup(srv)
			}
			srv.Script(tt.reply)
			key := secret
			if tt.key != "" {
				key = tt.key
				srv.APIKey = secret
			}
			name := tt.model
			if name == "" {
				name = "gpt-4o"
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
		})
	}
}

// assertNoSecret fails when any text of err (message, fix, causes, %+v)
// contains one of the secrets.
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

// refusedURL returns an http URL on which nothing listens.
func refusedURL(t *testing.T, path string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + path
}

func TestConnectionRefused(t *testing.T) {
	tests := []struct {
		provider string
		fix      string
	}{
		{"ollama", "ollama serve"},
		{"openai", "model.base_url"},
	}
	for _, tt := range tests {
		t.Run(tt.provider, func(t *testing.T) {
			p := newProvider(t, config.ModelConfig{Provider: tt.provider, BaseURL: refusedURL(t, "/v1"), APIKey: secret})
			r := collect(p.ChatCompletion(context.Background(), conversation, nil))
			var e *errcode.Error
			if !errors.As(r.err, &e) || e.Code != errcode.ProviderUnavailable {
				t.Fatalf("err = %v, want PROVIDER_UNAVAILABLE", r.err)
			}
			if !strings.Contains(e.Fix, tt.fix) {
				t.Errorf("fix %q does not mention %q", e.Fix, tt.fix)
			}
			assertNoSecret(t, r.err, secret)
		})
	}
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

func TestMissingKeyForOpenAI(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	_, err := openai.New(config.ModelConfig{Provider: "openai"})
	var e *errcode.Error
	if !errors.As(err, &e) || e.Code != errcode.ProviderAuthMissing || !strings.Contains(e.Fix, "OPENAI_API_KEY") {
		t.Fatalf("err = %v", err)
	}
}

func TestKeyFromTheEnvironment(t *testing.T) {
	srv := llmtest.NewOpenAI(t)
	srv.APIKey = "sk-from-env"
	t.Setenv("OPENAI_API_KEY", "sk-from-env")
	p := newProvider(t, config.ModelConfig{Provider: "openai", BaseURL: srv.URL})
	if r := collect(p.ChatCompletion(context.Background(), conversation, nil)); r.err != nil {
		t.Fatal(r.err)
	}
	// The config's key (OSS_DEV_MODEL__API_KEY) wins over OPENAI_API_KEY.
	srv.APIKey = "sk-from-config"
	p = newProvider(t, config.ModelConfig{Provider: "openai", BaseURL: srv.URL, APIKey: "sk-from-config"})
	if r := collect(p.ChatCompletion(context.Background(), conversation, nil)); r.err != nil {
		t.Fatal(r.err)
	}
}

func TestOllamaPreset(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-meant-for-openai")
	p := newProvider(t, config.ModelConfig{Provider: "ollama"})
	if p.BaseURL() != openai.OllamaBaseURL || p.ModelName() != openai.OllamaModel {
		t.Errorf("preset = %s %s", p.BaseURL(), p.ModelName())
	}

	srv := llmtest.NewOpenAI(t)
	srv.Models = []string{"qwen2.5-coder"}
	p = newProvider(t, config.ModelConfig{Provider: "ollama", BaseURL: srv.URL, Name: "qwen2.5-coder"})
	if r := collect(p.ChatCompletion(context.Background(), conversation, nil)); r.err != nil {
		t.Fatal(r.err)
	}
	got, _ := srv.LastRequest()
	if h := got.Header.Get("Authorization"); h != "" {
		t.Errorf("the OpenAI key was sent to Ollama: Authorization = %q", h)
	}

	// A model Ollama does not have: the fix says how to get it.
	p = newProvider(t, config.ModelConfig{Provider: "ollama", BaseURL: srv.URL, Name: "llama3.1"})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	var e *errcode.Error
	if !errors.As(r.err, &e) || e.Code != errcode.ProviderNotFound || !strings.Contains(e.Fix, "ollama pull llama3.1") {
		t.Fatalf("err = %v", r.err)
	}
}

func TestBadBaseURL(t *testing.T) {
	_, err := openai.New(config.ModelConfig{Provider: "ollama", BaseURL: "localhost:11434"})
	if !errcode.HasCode(err, errcode.ConfigInvalid) {
		t.Fatalf("err = %v", err)
	}
}

func TestContextWindow(t *testing.T) {
	tests := []struct {
		name       string
		configured int
		want       int
	}{
		{"gpt-4o-mini", 0, 128000},
		{"gpt-4.1-mini", 0, 1047576},
		{"gpt-4", 0, 8192},
		{"llama3.1:8b", 0, 131072},
		{"some-local-model", 0, llm.DefaultContextWindow},
		{"gpt-4o", 4096, 4096},
	}
	for _, tt := range tests {
		p := newProvider(t, config.ModelConfig{Name: tt.name, APIKey: secret, ContextWindow: tt.configured})
		if got := p.ContextWindow(); got != tt.want {
			t.Errorf("ContextWindow(%s, configured %d) = %d, want %d", tt.name, tt.configured, got, tt.want)
		}
	}
}

func TestCountTokensEstimates(t *testing.T) {
	p := newProvider(t, config.ModelConfig{APIKey: secret})
	n, err := p.CountTokens(context.Background(), "The quick brown fox jumps over the lazy dog.")
	if err != nil || n < 8 || n > 14 {
		t.Errorf("CountTokens = %d, %v; want about 10", n, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.CountTokens(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled CountTokens: %v", err)
	}
}

func TestReasoningModelsGetNoTemperature(t *testing.T) {
	srv, _ := fakeProvider(t)
	p := newProvider(t, config.ModelConfig{Name: "o3-mini", BaseURL: srv.URL, APIKey: secret, Temperature: 0.2})
	if r := collect(p.ChatCompletion(context.Background(), conversation, nil)); r.err != nil {
		t.Fatal(r.err)
	}
	got, _ := srv.LastRequest()
	req, _ := got.Chat()
	if req.Temperature != nil {
		t.Errorf("temperature %v sent to a reasoning model", *req.Temperature)
	}
}

func TestUnknownRoleIsInvalidInput(t *testing.T) {
	_, p := fakeProvider(t)
	r := collect(p.ChatCompletion(context.Background(), []model.Message{{Role: "narrator", Content: "x"}}, nil))
	if !errcode.HasCode(r.err, errcode.InvalidInput) {
		t.Fatalf("err = %v", r.err)
	}
}
