package openai_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/llm/llmtest"
	"github.com/oss-dev/oss-dev/internal/provider/llm/openai"
)

func TestPresetDefaults(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-x")
	t.Setenv("GEMINI_API_KEY", "g-x")
	tests := []struct {
		provider, base, model, vendor string
	}{
		{"openai", "https://api.openai.com/v1", "gpt-4o-mini", "OpenAI"},
		{"gemini", "https://generativelanguage.googleapis.com/v1beta/openai", "gemini-2.5-flash", "Gemini"},
		{"ollama", "http://localhost:11434/v1", "llama3.1", "Ollama"},
		{"llamacpp", "http://localhost:8080/v1", "default", "llama.cpp"},
		{"vllm", "http://localhost:8000/v1", "Qwen/Qwen2.5-7B", "vLLM"},
		{"lmstudio", "http://localhost:1234/v1", "qwen2.5-7b-instruct", "LM Studio"},
	}
	for _, tt := range tests {
		name := ""
		if tt.provider == "vllm" || tt.provider == "lmstudio" {
			name = tt.model
		}
		p := newProvider(t, config.ModelConfig{Provider: tt.provider, Name: name})
		if p.BaseURL() != tt.base || p.ModelName() != tt.model || p.Vendor() != tt.vendor {
			t.Errorf("%s: %s %s %s", tt.provider, p.BaseURL(), p.ModelName(), p.Vendor())
		}
	}
}

func TestServersThatCannotGuessTheModelNeedAName(t *testing.T) {
	for _, provider := range []string{"vllm", "lmstudio"} {
		_, err := openai.New(config.ModelConfig{Provider: provider})
		if !errcode.HasCode(err, errcode.ConfigInvalid) || !strings.Contains(err.Error(), "model.name") {
			t.Errorf("%s: err = %v", provider, err)
		}
	}
}

func TestPresetNamesMatchTheConfig(t *testing.T) {
	accepted := map[string]bool{}
	for _, n := range config.ModelProviders {
		accepted[n] = true
	}
	for _, n := range openai.Names() {
		if !accepted[n] {
			t.Errorf("preset %q is not accepted by model.provider", n)
		}
		delete(accepted, n)
	}
	delete(accepted, "none")
	if len(accepted) > 0 {
		t.Errorf("model.provider accepts names with no preset: %v", accepted)
	}
}

// A vendor's own key variable goes only to that vendor's preset: a local
// server named by another preset must not receive OPENAI_API_KEY or
// GEMINI_API_KEY.
func TestVendorKeysStayWithTheirVendor(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-meant-for-openai")
	t.Setenv("GEMINI_API_KEY", "meant-for-gemini")
	for _, provider := range []string{"ollama", "vllm", "llamacpp", "lmstudio"} {
		srv := llmtest.NewOpenAI(t)
		p := newProvider(t, config.ModelConfig{Provider: provider, Name: "m", BaseURL: srv.URL})
		if r := collect(p.ChatCompletion(context.Background(), conversation, nil)); r.err != nil {
			t.Fatalf("%s: %v", provider, r.err)
		}
		got, _ := srv.LastRequest()
		if h := got.Header.Get("Authorization"); h != "" {
			t.Errorf("%s received Authorization %q", provider, h)
		}
	}
	gm := llmtest.NewGeminiOpenAI(t)
	gm.APIKey = "meant-for-gemini"
	p := newProvider(t, config.ModelConfig{Provider: "gemini", BaseURL: gm.URL})
	if r := collect(p.ChatCompletion(context.Background(), conversation, nil)); r.err != nil {
		t.Fatalf("gemini with GEMINI_API_KEY: %v", r.err)
	}
}

func TestGeminiToolCallsKeepTheirSignatures(t *testing.T) {
	srv := llmtest.NewGeminiOpenAI(t)
	srv.APIKey = secret
	p := newProvider(t, config.ModelConfig{Provider: "gemini", Name: "models/gemini-2.5-pro", BaseURL: srv.URL, APIKey: secret})
	if p.ModelName() != "gemini-2.5-pro" {
		t.Errorf("model = %q; the models/ prefix is not part of the name", p.ModelName())
	}
	srv.Script(llmtest.Reply{Text: []string{"Looking."}, ToolCalls: []llmtest.ToolCall{
		{ID: "", Name: "read_file", Arguments: `{"path":"a.go"}`},
		{ID: "", Name: "search", Arguments: `{"q":"x"}`},
	}})
	r := collect(p.ChatCompletion(context.Background(), conversation, []model.ToolSchema{{Name: "read_file"}, {Name: "search"}}))
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.calls) != 2 || r.calls[0].Name != "read_file" || r.calls[1].Name != "search" ||
		r.calls[0].Arguments != `{"path":"a.go"}` || r.calls[0].ID == "" || r.calls[0].ID == r.calls[1].ID {
		t.Fatalf("calls = %+v", r.calls)
	}
	if r.done == nil || r.done.FinishReason != "tool_calls" {
		t.Errorf("done = %+v; a stream that called tools finishes with tool_calls", r.done)
	}

	history := append(append([]model.Message(nil), conversation...),
		model.Message{Role: model.RoleAssistant, ToolCalls: r.calls},
		model.Message{Role: model.RoleTool, ToolCallID: r.calls[0].ID, Content: "package a"},
		model.Message{Role: model.RoleTool, ToolCallID: r.calls[1].ID, Content: "none"},
	)
	srv.Script(llmtest.Reply{Text: []string{"Done."}})
	if r := collect(p.ChatCompletion(context.Background(), history, nil)); r.err != nil {
		t.Fatal(r.err)
	}
	got, _ := srv.LastRequest()
	req, err := got.Chat()
	if err != nil {
		t.Fatal(err)
	}
	calls := req.Messages[2].ToolCalls
	if len(calls) != 2 || calls[0].ExtraContent == nil || calls[0].ExtraContent.Google.ThoughtSignature != llmtest.Signature("read_file") ||
		calls[1].ExtraContent == nil || calls[1].ExtraContent.Google.ThoughtSignature != llmtest.Signature("search") {
		t.Errorf("the thought signatures did not go back with the calls: %s", got.Body)
	}
}

func TestGeminiErrors(t *testing.T) {
	tests := []struct {
		name  string
		key   string
		setup func(*llmtest.OpenAI)
		reply llmtest.Reply
		code  errcode.Code
		says  string
	}{
		{name: "bad key", key: "wrong-key-123", code: errcode.ProviderAuthFailed, says: "Gemini rejected the API key"},
		{name: "quota", reply: llmtest.Reply{Status: 429}, code: errcode.ProviderRateLimited, says: "retry after 37s"},
		{name: "unknown model", setup: func(s *llmtest.OpenAI) { s.Models = []string{"gemini-2.5-pro"} },
			code: errcode.ProviderNotFound, says: `"gemini-2.5-flash"`},
		{name: "bad request", reply: llmtest.Reply{Status: 400, ErrorMessage: "Invalid JSON payload received."},
			code: errcode.ProviderFailed, says: "Invalid JSON payload received."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewGeminiOpenAI(t)
			srv.APIKey = secret
			if tt.setup != nil {
				tt.setup(srv)
			}
			srv.Script(tt.reply)
			key := secret
			if tt.key != "" {
				key = tt.key
			}
			p := newProvider(t, config.ModelConfig{Provider: "gemini", BaseURL: srv.URL, APIKey: key})
			r := collect(p.ChatCompletion(context.Background(), conversation, nil))
			if !errcode.HasCode(r.err, tt.code) || !strings.Contains(r.err.Error(), tt.says) {
				t.Fatalf("err = %v (%s), want %s saying %q", r.err, errcode.CodeOf(r.err), tt.code, tt.says)
			}
			assertNoSecret(t, r.err, secret, tt.key)
		})
	}
}

// A base URL that names only Gemini's host, as the native API was
// configured, is taken to mean the compatible endpoint on that host.
func TestGeminiHostOnlyBaseURL(t *testing.T) {
	srv := llmtest.NewGeminiOpenAI(t)
	host := strings.TrimSuffix(srv.URL, "/v1beta/openai") + "/"
	p := newProvider(t, config.ModelConfig{Provider: "gemini", BaseURL: host, APIKey: secret})
	if r := collect(p.ChatCompletion(context.Background(), conversation, nil)); r.err != nil || r.text != "ok" {
		t.Fatalf("text %q, err %v", r.text, r.err)
	}
}

func TestRetriesServerErrorsThenSucceeds(t *testing.T) {
	srv := llmtest.NewOpenAI(t)
	srv.Script(llmtest.Reply{Status: 503}, llmtest.Reply{Status: 429, Header: http.Header{"Retry-After": {"0"}}}, llmtest.Reply{Text: []string{"fine"}})
	p, err := openai.New(config.ModelConfig{Name: "m", BaseURL: srv.URL, APIKey: secret}, openai.WithMaxRetries(2))
	if err != nil {
		t.Fatal(err)
	}
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if r.err != nil || r.text != "fine" || len(srv.Requests()) != 3 {
		t.Fatalf("text %q, err %v, %d requests", r.text, r.err, len(srv.Requests()))
	}
}

func TestLongRetryAfterIsNotWaitedFor(t *testing.T) {
	srv := llmtest.NewOpenAI(t)
	srv.Script(llmtest.Reply{Status: 429, Header: http.Header{"Retry-After": {"3600"}}})
	p, err := openai.New(config.ModelConfig{Name: "m", BaseURL: srv.URL, APIKey: secret}, openai.WithMaxRetries(3))
	if err != nil {
		t.Fatal(err)
	}
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if !errcode.HasCode(r.err, errcode.ProviderRateLimited) || !strings.Contains(r.err.Error(), "3600") || len(srv.Requests()) != 1 {
		t.Fatalf("err %v after %d requests", r.err, len(srv.Requests()))
	}
}

// A redirect would carry the conversation somewhere the user did not
// configure; the client refuses to follow one.
func TestRedirectsAreNotFollowed(t *testing.T) {
	var reached atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Add(1) }))
	defer elsewhere.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/v1/chat/completions", http.StatusTemporaryRedirect)
	}))
	defer redirect.Close()
	p := newProvider(t, config.ModelConfig{Name: "m", BaseURL: redirect.URL + "/v1", APIKey: secret})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if !errcode.HasCode(r.err, errcode.ProviderBadResponse) || !strings.Contains(r.err.Error(), "redirect") {
		t.Fatalf("err = %v", r.err)
	}
	if reached.Load() != 0 {
		t.Error("the request followed the redirect")
	}
}

func TestErrorMidStream(t *testing.T) {
	srv, p := fakeProvider(t)
	srv.Script(llmtest.Reply{Text: []string{"par", "tial"}, StreamError: "The server had an error while processing your request; key " + secret})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if !errcode.HasCode(r.err, errcode.ProviderFailed) || !strings.Contains(r.err.Error(), "mid-answer") ||
		!strings.Contains(r.err.Error(), "while processing your request") {
		t.Fatalf("err = %v", r.err)
	}
	if r.text != "partial" {
		t.Errorf("text before the error = %q", r.text)
	}
	assertNoSecret(t, r.err, secret)
}

// Server text quoted in an error cannot carry terminal escapes or
// bidirectional overrides into the user's terminal.
func TestServerMessagesLoseControlCharacters(t *testing.T) {
	srv, p := fakeProvider(t)
	srv.Script(llmtest.Reply{Status: 400, ErrorMessage: "bad\x1b]8;;http://evil\x07link\x1b[2J \u202egnp.exe\nsecond line"})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	var e *errcode.Error
	if !errors.As(r.err, &e) {
		t.Fatalf("err = %v", r.err)
	}
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "\n"} {
		if strings.Contains(e.Message, bad) {
			t.Errorf("message %q contains %q", e.Message, bad)
		}
	}
	if !strings.Contains(e.Message, "second line") {
		t.Errorf("message %q lost its text", e.Message)
	}
}

func TestWholeAnswerToAStreamRequest(t *testing.T) {
	srv, p := fakeProvider(t)
	srv.Script(llmtest.Reply{Text: []string{"all ", "at once"}, Whole: true,
		ToolCalls: []llmtest.ToolCall{{ID: "c", Name: "read_file", Arguments: `{"path":"x"}`}}})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if r.err != nil || r.text != "all at once" || len(r.calls) != 1 || r.calls[0].Arguments != `{"path":"x"}` ||
		r.done == nil || r.done.FinishReason != "tool_calls" || r.done.Usage == nil {
		t.Fatalf("%+v", r)
	}
}

// A server may quote the key encoded (base64 in a Basic header it echoes,
// URL-escaped in a link); those forms are masked too.
func TestEncodedKeyIsMaskedInServerText(t *testing.T) {
	srv, p := fakeProvider(t)
	encoded := base64.StdEncoding.EncodeToString([]byte("user:" + secret))
	srv.Script(llmtest.Reply{Status: 400, ErrorMessage: "bad header Basic " + encoded + " for " + url.QueryEscape(secret+"/x")})
	r := collect(p.ChatCompletion(context.Background(), conversation, nil))
	if r.err == nil {
		t.Fatal("no error")
	}
	assertNoSecret(t, r.err, secret, encoded, url.QueryEscape(secret+"/x"))
}
