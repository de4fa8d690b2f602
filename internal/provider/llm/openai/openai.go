// Package openai is the language-model client for servers that speak
// OpenAI's chat completions API with server-sent events: OpenAI itself, and
// by preset Gemini's OpenAI-compatible endpoint, Ollama, vLLM, the llama.cpp
// server and LM Studio. It is written on net/http and encoding/json alone;
// see "Design notes" in CONTRIBUTING.md for why there is no vendor SDK.
package openai

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// Provider talks to one model on one OpenAI-compatible server. It is safe
// for concurrent use.
type Provider struct {
	preset      Preset
	http        *http.Client
	maxRetries  int
	model       string
	baseURL     string
	window      int
	temperature float64
	timeout     time.Duration
	apiKey      string
	extras      extras
}

// Option adjusts a Provider at construction.
type Option func(*settings)

type settings struct {
	httpClient *http.Client
	maxRetries int
}

// WithHTTPClient sends requests through c's transport instead of a default
// one. Redirects are refused whatever c says: an API answers in place, and
// a redirect would carry the conversation (and, to the same host, the key)
// somewhere the user did not configure.
func WithHTTPClient(c *http.Client) Option { return func(s *settings) { s.httpClient = c } }

// WithMaxRetries sets how often a request that failed before the answer
// began (429, 500, 502, 503, a refused or dropped connection) is sent again
// with backoff; the default is 2.
func WithMaxRetries(n int) Option { return func(s *settings) { s.maxRetries = n } }

// New returns the provider that cfg describes. cfg.Provider names a preset
// (openai when empty); the preset supplies the base URL and model that cfg
// leaves out. The API key is cfg.APIKey (from OSS_DEV_MODEL__API_KEY), else
// the preset's own variable (OPENAI_API_KEY, GEMINI_API_KEY); it is never
// read from a file, and a vendor's variable is never sent to another server.
func New(cfg config.ModelConfig, opts ...Option) (*Provider, error) {
	s := settings{maxRetries: 2}
	for _, o := range opts {
		o(&s)
	}
	name := cfg.Provider
	if strings.TrimSpace(name) == "" {
		name = "openai"
	}
	preset, ok := PresetFor(name)
	if !ok {
		return nil, errcode.Newf(errcode.ProviderNotFound, "use one of: "+strings.Join(Names(), ", "),
			"no OpenAI-compatible preset is called %q", name)
	}
	p := &Provider{
		preset:      preset,
		maxRetries:  max(s.maxRetries, 0),
		model:       cfg.Name,
		baseURL:     strings.TrimRight(cfg.BaseURL, "/"),
		temperature: cfg.Temperature,
		timeout:     cfg.Timeout,
		apiKey:      cfg.APIKey,
	}
	if err := p.applyPreset(); err != nil {
		return nil, err
	}
	if err := p.checkBaseURL(); err != nil {
		return nil, err
	}
	if p.apiKey == "" && preset.KeyRequired {
		return nil, errcode.New(errcode.ProviderAuthMissing, "no API key for "+preset.Vendor,
			"export "+keyVars(preset)+" with "+preset.KeyHelp+", or set model.provider = \"ollama\" for a local model")
	}
	p.window = llm.ContextWindow(cfg.ContextWindow, windows, p.model)
	p.http = newHTTPClient(s.httpClient)
	return p, nil
}

func (p *Provider) applyPreset() error {
	if p.baseURL == "" {
		p.baseURL = p.preset.BaseURL
	}
	if p.preset.Name == "gemini" {
		p.baseURL = strings.TrimRight(geminiRoot(p.baseURL), "/")
		p.model = strings.TrimPrefix(p.model, "models/")
	}
	if p.model == "" {
		p.model = p.preset.Model
	}
	if p.model == "" {
		return errcode.Newf(errcode.ConfigInvalid,
			"set model.name to the model the server runs (its /v1/models lists them)",
			"model.name is required for %s", p.preset.Vendor)
	}
	if p.apiKey == "" {
		for _, v := range p.preset.KeyEnv {
			if p.apiKey = os.Getenv(v); p.apiKey != "" {
				break
			}
		}
	}
	return nil
}

func keyVars(p Preset) string {
	if len(p.KeyEnv) == 0 {
		return "OSS_DEV_MODEL__API_KEY"
	}
	return p.KeyEnv[0] + " (or OSS_DEV_MODEL__API_KEY)"
}

func (p *Provider) checkBaseURL() error {
	u, err := url.Parse(p.baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return errcode.Newf(errcode.ConfigInvalid,
			"set model.base_url to the server's API root, for example "+OllamaBaseURL,
			"model.base_url %q is not an http(s) URL", redact.New(p.apiKey).Redact(p.baseURL))
	}
	return nil
}

// newHTTPClient returns a client on base's transport (or a default one)
// that never follows redirects. The per-call timeout is a context deadline,
// not Client.Timeout, so that it can be told apart from the caller's.
func newHTTPClient(base *http.Client) *http.Client {
	c := &http.Client{}
	if base != nil {
		c.Transport = base.Transport
		c.Jar = base.Jar
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// extras keeps, per tool call ID, the vendor data a call arrived with
// (Gemini's thought signature in "extra_content"): the server wants it back
// with the call next turn, and model.ToolCall has no place for it.
type extras struct {
	mu   sync.Mutex
	byID map[string][]byte
}

// maxExtras bounds the memory a long session (or a hostile server) can
// make the provider keep; the oldest turns' calls are the ones dropped.
const maxExtras = 1024

func (e *extras) put(id string, raw []byte) {
	if id == "" || len(raw) == 0 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.byID == nil || len(e.byID) >= maxExtras {
		e.byID = map[string][]byte{}
	}
	e.byID[id] = raw
}

func (e *extras) get(id string) []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.byID[id]
}

// Vendor names the server kind for people: "OpenAI", "Ollama", "Gemini".
func (p *Provider) Vendor() string { return p.preset.Vendor }

// ModelName returns the model the provider asks for.
func (p *Provider) ModelName() string { return p.model }

// BaseURL returns the server the provider talks to.
func (p *Provider) BaseURL() string { return p.baseURL }

// ContextWindow returns the model's context size in tokens: model.context_window
// when configured, else the size known for the model's family, else
// llm.DefaultContextWindow.
func (p *Provider) ContextWindow() int { return p.window }

// CountTokens estimates the tokens text costs with llm.EstimateTokens. The
// chat completions API has no counting endpoint that every compatible server
// offers, and no tokenizer table ships with OSS-Dev, so this is an estimate
// (it errs high), not the server's count.
func (p *Provider) CountTokens(ctx context.Context, text string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, errcode.Wrap(errcode.Canceled, err, "token counting was cancelled", "")
	}
	return llm.EstimateTokens(text), nil
}

// windows lists context sizes of well-known model families, matched by
// name prefix (the longest prefix wins). Local models served by Ollama are
// listed at the size they support; Ollama itself may be configured smaller.
var windows = []llm.Window{
	{Prefix: "gpt-4o", Tokens: 128000},
	{Prefix: "gpt-4.1", Tokens: 1047576},
	{Prefix: "gpt-4-turbo", Tokens: 128000},
	{Prefix: "gpt-4", Tokens: 8192},
	{Prefix: "gpt-3.5-turbo", Tokens: 16385},
	{Prefix: "gpt-5", Tokens: 400000},
	{Prefix: "o1", Tokens: 200000},
	{Prefix: "o3", Tokens: 200000},
	{Prefix: "o4", Tokens: 200000},
	{Prefix: "llama3.1", Tokens: 131072},
	{Prefix: "llama3.2", Tokens: 131072},
	{Prefix: "llama3.3", Tokens: 131072},
	{Prefix: "llama3", Tokens: 8192},
	{Prefix: "qwen2.5", Tokens: 32768},
	{Prefix: "qwen3", Tokens: 40960},
	{Prefix: "mistral", Tokens: 32768},
	{Prefix: "gemma2", Tokens: 8192},
	{Prefix: "gemma3", Tokens: 131072},
	{Prefix: "phi3", Tokens: 4096},
	{Prefix: "phi4", Tokens: 16384},
	{Prefix: "deepseek-r1", Tokens: 131072},
	{Prefix: "deepseek-coder-v2", Tokens: 163840},
	{Prefix: "codellama", Tokens: 16384},
	{Prefix: "gemini-1.0-pro", Tokens: 30720},
	{Prefix: "gemini-1.5-flash", Tokens: 1048576},
	{Prefix: "gemini-1.5-pro", Tokens: 2097152},
	{Prefix: "gemini-2.0-flash", Tokens: 1048576},
	{Prefix: "gemini-2.5-flash", Tokens: 1048576},
	{Prefix: "gemini-2.5-pro", Tokens: 1048576},
	{Prefix: "gemini-3", Tokens: 1048576},
	{Prefix: "gemma-3", Tokens: 131072},
}
