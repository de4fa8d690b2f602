package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/llm/llmtest"
	"github.com/oss-dev/oss-dev/internal/provider/registry"
)

func TestNewLLMNoneIsNil(t *testing.T) {
	for _, name := range []string{"", "none", " None "} {
		l, err := newLLM(config.ModelConfig{Provider: name})
		if l != nil || err != nil {
			t.Errorf("newLLM(%q) = %v, %v; want nil, nil", name, l, err)
		}
	}
}

// Every name model.provider accepts builds a provider (or, for none,
// nothing), so no accepted value fails later as an unknown provider.
func TestEveryConfiguredProviderIsRegistered(t *testing.T) {
	names := llmProviders().Names(registry.LLM)
	for _, n := range config.ModelProviders {
		if !slices.Contains(names, n) {
			t.Errorf("model.provider accepts %q but no provider is registered under it", n)
		}
	}
	if len(names) != len(config.ModelProviders) {
		t.Errorf("registered %v, config accepts %v", names, config.ModelProviders)
	}
}

func TestNewLLMUnknownProvider(t *testing.T) {
	_, err := newLLM(config.ModelConfig{Provider: "claude"})
	var e *errcode.Error
	if !errors.As(err, &e) || e.Code != errcode.ProviderNotFound {
		t.Fatalf("err = %v, want PROVIDER_NOT_FOUND", err)
	}
	if !strings.Contains(e.Fix, "gemini, llamacpp, lmstudio, none, ollama, openai, vllm") {
		t.Errorf("fix %q does not list the providers", e.Fix)
	}
}

func TestNewLLMTalksToTheConfiguredServer(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	oa := llmtest.NewOpenAI(t)
	gm := llmtest.NewGeminiOpenAI(t)
	tests := []struct {
		cfg  config.ModelConfig
		want string
		sent func() int
	}{
		{config.ModelConfig{Provider: "openai", Name: "gpt-4o", BaseURL: oa.URL, APIKey: "k"}, "gpt-4o", func() int { return len(oa.Requests()) }},
		{config.ModelConfig{Provider: "ollama", Name: "qwen3", BaseURL: oa.URL}, "qwen3", func() int { return len(oa.Requests()) }},
		{config.ModelConfig{Provider: "gemini", BaseURL: gm.URL, APIKey: "k"}, "gemini-2.5-flash", func() int { return len(gm.Requests()) }},
		{config.ModelConfig{Provider: "vllm", Name: "Qwen/Qwen3-8B", BaseURL: oa.URL}, "Qwen/Qwen3-8B", func() int { return len(oa.Requests()) }},
		{config.ModelConfig{Provider: "llamacpp", BaseURL: oa.URL}, "default", func() int { return len(oa.Requests()) }},
		{config.ModelConfig{Provider: "lmstudio", Name: "qwen2.5-7b", BaseURL: oa.URL}, "qwen2.5-7b", func() int { return len(oa.Requests()) }},
	}
	for _, tt := range tests {
		t.Run(tt.cfg.Provider, func(t *testing.T) {
			l, err := newLLM(tt.cfg)
			if err != nil || l == nil {
				t.Fatalf("newLLM = %v, %v", l, err)
			}
			if l.ModelName() != tt.want {
				t.Errorf("ModelName = %q, want %q", l.ModelName(), tt.want)
			}
			before := tt.sent()
			var text string
			for ev, err := range l.ChatCompletion(context.Background(), []model.Message{{Role: model.RoleUser, Content: "hi"}}, nil) {
				if err != nil {
					t.Fatal(err)
				}
				text += ev.Text
			}
			if text != "ok" || tt.sent() != before+1 {
				t.Errorf("text %q, requests %d -> %d", text, before, tt.sent())
			}
		})
	}
}

func TestNewLLMErrorIsANilInterface(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("GEMINI_API_KEY", "")
	t.Setenv("GOOGLE_API_KEY", "")
	for _, p := range []string{"openai", "gemini"} {
		l, err := newLLM(config.ModelConfig{Provider: p})
		if !errcode.HasCode(err, errcode.ProviderAuthMissing) {
			t.Errorf("%s: err = %v", p, err)
		}
		if l != nil {
			t.Errorf("%s: a failed construction returned a non-nil LLM", p)
		}
	}
}

func TestLLMLoaderBuildsOnce(t *testing.T) {
	loads := 0
	load := func() (*config.Config, error) {
		loads++
		c := config.Default()
		return &c, nil
	}
	get := llmLoader(load)
	for range 3 {
		if l, err := get(); l != nil || err != nil {
			t.Fatalf("default config: %v, %v", l, err)
		}
	}
	if loads != 1 {
		t.Errorf("config loaded %d times", loads)
	}

	bad := errcode.New(errcode.ConfigInvalid, "bad config", "fix it")
	get = llmLoader(func() (*config.Config, error) { return nil, bad })
	if _, err := get(); !errors.Is(err, bad) {
		t.Errorf("config error not passed on: %v", err)
	}
}

func TestFactoryLLMReadsTheFactoryConfig(t *testing.T) {
	f := &cmdutil.Factory{}
	if l, err := factoryLLM(f)(); l != nil || err != nil {
		t.Fatalf("without a config loader: %v, %v", l, err)
	}
	srv := llmtest.NewOpenAI(t)
	f.Config = func() (*config.Config, error) {
		c := config.Default()
		c.Model.Provider, c.Model.BaseURL = "ollama", srv.URL
		return &c, nil
	}
	l, err := factoryLLM(f)()
	if err != nil || l == nil || l.ModelName() != "llama3.1" {
		t.Fatalf("with an ollama config: %v, %v", l, err)
	}
}
