// Package openai is the language-model provider for servers that speak
// OpenAI's chat completions API: OpenAI itself, and by base URL Ollama,
// vLLM, the llama.cpp server and LM Studio. It is built on the official
// openai-go SDK.
package openai

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
)

// Defaults of the two presets.
const (
	DefaultBaseURL = "https://api.openai.com/v1"
	DefaultModel   = "gpt-4o-mini"

	OllamaBaseURL = "http://localhost:11434/v1"
	OllamaModel   = "llama3.1"
)

// Provider talks to one model on one OpenAI-compatible server. It is safe
// for concurrent use.
type Provider struct {
	client      sdk.Client
	model       string
	baseURL     string
	window      int
	temperature float64
	timeout     time.Duration
	apiKey      string
	ollama      bool
}

// Option adjusts a Provider at construction.
type Option func(*settings)

type settings struct {
	httpClient *http.Client
	maxRetries int
}

// WithHTTPClient sends requests through c instead of the SDK's default.
func WithHTTPClient(c *http.Client) Option { return func(s *settings) { s.httpClient = c } }

// WithMaxRetries sets how often a failed request (429, 5xx, a dropped
// connection) is retried with backoff before the error is returned; the SDK
// default is 2.
func WithMaxRetries(n int) Option { return func(s *settings) { s.maxRetries = n } }

// New returns the provider that cfg describes. cfg.Provider is "openai" or
// "ollama"; the ollama preset defaults the base URL and model and needs no
// key. The API key is cfg.APIKey (from OSS_DEV_MODEL__API_KEY), else, for
// the openai preset, OPENAI_API_KEY; it is never read from a file.
func New(cfg config.ModelConfig, opts ...Option) (*Provider, error) {
	s := settings{maxRetries: 2}
	for _, o := range opts {
		o(&s)
	}
	p := &Provider{
		model:       cfg.Name,
		baseURL:     strings.TrimRight(cfg.BaseURL, "/"),
		temperature: cfg.Temperature,
		timeout:     cfg.Timeout,
		apiKey:      cfg.APIKey,
		ollama:      cfg.Provider == "ollama",
	}
	p.applyPreset()
	if err := p.checkBaseURL(); err != nil {
		return nil, err
	}
	if p.apiKey == "" && !p.ollama {
		p.apiKey = os.Getenv("OPENAI_API_KEY")
	}
	if p.apiKey == "" && p.isOpenAI() {
		return nil, errcode.New(errcode.ProviderAuthMissing,
			"no API key for OpenAI",
			"export OPENAI_API_KEY (or OSS_DEV_MODEL__API_KEY) with a key from platform.openai.com, or set model.provider = \"ollama\" for a local model")
	}
	p.window = llm.ContextWindow(cfg.ContextWindow, windows, p.model)

	reqOpts := []option.RequestOption{
		option.WithBaseURL(p.baseURL),
		// Always set, so an OPENAI_API_KEY in the environment is not sent to
		// a server the user did not mean it for (the ollama preset, say).
		option.WithAPIKey(p.apiKey),
		option.WithMaxRetries(s.maxRetries),
	}
	if s.httpClient != nil {
		reqOpts = append(reqOpts, option.WithHTTPClient(s.httpClient))
	}
	p.client = sdk.NewClient(reqOpts...)
	return p, nil
}

func (p *Provider) applyPreset() {
	if p.ollama {
		if p.baseURL == "" {
			p.baseURL = OllamaBaseURL
		}
		if p.model == "" {
			p.model = OllamaModel
		}
		return
	}
	if p.baseURL == "" {
		p.baseURL = DefaultBaseURL
	}
	if p.model == "" {
		p.model = DefaultModel
	}
}

func (p *Provider) checkBaseURL() error {
	u, err := url.Parse(p.baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errcode.Newf(errcode.ConfigInvalid,
			"set model.base_url to the server's API root, for example "+OllamaBaseURL,
			"model.base_url %q is not an http(s) URL", p.baseURL)
	}
	return nil
}

// isOpenAI reports whether the base URL is OpenAI's own API, the one server
// that always needs a key.
func (p *Provider) isOpenAI() bool {
	u, err := url.Parse(p.baseURL)
	return err == nil && strings.EqualFold(u.Hostname(), "api.openai.com")
}

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
}
