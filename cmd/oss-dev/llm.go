package main

import (
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/provider/llm/openai"
	"github.com/oss-dev/oss-dev/internal/provider/registry"
)

// llmConstructor builds a language-model provider from the model settings.
// It returns a nil LLM and no error for "none".
type llmConstructor func(config.ModelConfig) (contract.LLM, error)

// llmProviders lists the language-model providers of this build under the
// names model.provider accepts: every server the OpenAI-compatible client
// has a preset for (OpenAI, Gemini, Ollama, vLLM, llama.cpp, LM Studio).
func llmProviders() *registry.Registry {
	r := registry.New()
	r.Register(registry.LLM, "none", llmConstructor(func(config.ModelConfig) (contract.LLM, error) { return nil, nil }))
	for _, name := range openai.Names() {
		r.Register(registry.LLM, name, llmConstructor(newOpenAI))
	}
	return r
}

// newOpenAI keeps a failed constructor's nil pointer from becoming a
// non-nil interface.
func newOpenAI(cfg config.ModelConfig) (contract.LLM, error) {
	p, err := openai.New(cfg)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// newLLM returns the provider cfg.Provider names, or nil with no error for
// "none" (and an empty name), so features fall back to their offline form.
// An unknown name is PROVIDER_NOT_FOUND listing the known ones.
func newLLM(cfg config.ModelConfig) (contract.LLM, error) {
	name := strings.ToLower(strings.TrimSpace(cfg.Provider))
	if name == "" {
		name = "none"
	}
	cfg.Provider = name
	c, err := llmProviders().Get(registry.LLM, name)
	if err != nil {
		return nil, err
	}
	return c.(llmConstructor)(cfg)
}

// factoryLLM is the Factory's LLM: the provider of the loaded config's model
// settings, built on first use. Without a config loader the built-in
// defaults apply, whose provider is "none".
func factoryLLM(f *cmdutil.Factory) func() (contract.LLM, error) {
	return llmLoader(func() (*config.Config, error) {
		if f.Config == nil {
			c := config.Default()
			return &c, nil
		}
		return f.Config()
	})
}

// llmLoader builds the configured provider the first time a command asks
// and returns the same result after.
func llmLoader(loadConfig func() (*config.Config, error)) func() (contract.LLM, error) {
	var (
		once sync.Once
		llm  contract.LLM
		err  error
	)
	return func() (contract.LLM, error) {
		once.Do(func() {
			var cfg *config.Config
			if cfg, err = loadConfig(); err != nil {
				return
			}
			llm, err = newLLM(cfg.Model)
		})
		return llm, err
	}
}
