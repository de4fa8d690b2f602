// Package gemini is the language-model provider for Google's Gemini API,
// built on the google.golang.org/genai SDK with its Gemini API backend.
package gemini

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"google.golang.org/genai"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
)

// Defaults used when the config leaves them out.
const (
	DefaultBaseURL = "https://generativelanguage.googleapis.com/"
	DefaultModel   = "gemini-2.5-flash"
)

// Provider talks to one Gemini model. It is safe for concurrent use.
type Provider struct {
	client      *genai.Client
	model       string
	baseURL     string
	window      int
	temperature float64
	timeout     time.Duration
	apiKey      string

	// signatures keeps, per tool call ID, the thought signature a thinking
	// model sent with the call; Gemini wants it back with the call next
	// turn, and model.ToolCall has no place for it. next numbers the IDs
	// made up for calls that Gemini sent without one.
	mu         sync.Mutex
	signatures map[string][]byte
	next       int
}

// Option adjusts a Provider at construction.
type Option func(*settings)

type settings struct {
	httpClient *http.Client
	maxRetries int
}

// WithHTTPClient sends requests through c instead of a default client.
func WithHTTPClient(c *http.Client) Option { return func(s *settings) { s.httpClient = c } }

// WithMaxRetries sets how often a request that failed with 408, 429 or a
// 5xx is retried with backoff before the error is returned (default 2).
func WithMaxRetries(n int) Option { return func(s *settings) { s.maxRetries = n } }

// New returns the provider that cfg describes. The API key is cfg.APIKey
// (from OSS_DEV_MODEL__API_KEY), else GEMINI_API_KEY, else GOOGLE_API_KEY;
// it is never read from a file. cfg.BaseURL overrides the API's address.
func New(cfg config.ModelConfig, opts ...Option) (*Provider, error) {
	s := settings{maxRetries: 2}
	for _, o := range opts {
		o(&s)
	}
	p := &Provider{
		model:       strings.TrimPrefix(cfg.Name, "models/"),
		baseURL:     cfg.BaseURL,
		temperature: cfg.Temperature,
		timeout:     cfg.Timeout,
		apiKey:      firstNonEmpty(cfg.APIKey, os.Getenv("GEMINI_API_KEY"), os.Getenv("GOOGLE_API_KEY")),
		signatures:  map[string][]byte{},
	}
	if p.model == "" {
		p.model = DefaultModel
	}
	if p.baseURL == "" {
		p.baseURL = DefaultBaseURL
	}
	if u, err := url.Parse(p.baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errcode.Newf(errcode.ConfigInvalid, "set model.base_url to an http(s) URL, or leave it out for "+DefaultBaseURL,
			"model.base_url %q is not an http(s) URL", p.baseURL)
	}
	if p.apiKey == "" {
		return nil, errcode.New(errcode.ProviderAuthMissing, "no API key for Gemini",
			"export GEMINI_API_KEY (or OSS_DEV_MODEL__API_KEY) with a key from aistudio.google.com")
	}
	p.window = llm.ContextWindow(cfg.ContextWindow, windows, p.model)

	cc := &genai.ClientConfig{
		APIKey:  p.apiKey,
		Backend: genai.BackendGeminiAPI,
		HTTPOptions: genai.HTTPOptions{
			BaseURL:      p.baseURL,
			RetryOptions: retryOptions(s.maxRetries),
		},
		HTTPClient: s.httpClient,
	}
	client, err := genai.NewClient(context.Background(), cc)
	if err != nil {
		// The SDK's message prints its whole config, key included: keep
		// only our own words.
		return nil, errcode.New(errcode.ConfigInvalid, "the Gemini client could not be set up",
			"check model.base_url and model.name")
	}
	p.client = client
	return p, nil
}

func retryOptions(retries int) *genai.HTTPRetryOptions {
	attempts := int32(retries + 1)
	initial, maxDelay := 1.0, 20.0
	return &genai.HTTPRetryOptions{Attempts: &attempts, InitialDelay: &initial, MaxDelay: &maxDelay}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// ModelName returns the model the provider asks for.
func (p *Provider) ModelName() string { return p.model }

// BaseURL returns the address of the API the provider talks to.
func (p *Provider) BaseURL() string { return p.baseURL }

// ContextWindow returns the model's input size in tokens: model.context_window
// when configured, else the size known for the model's family, else
// llm.DefaultContextWindow.
func (p *Provider) ContextWindow() int { return p.window }

// CountTokens asks the API's countTokens method how many tokens text costs
// the model as one user turn: an exact count, at the price of a request.
func (p *Provider) CountTokens(ctx context.Context, text string) (int, error) {
	callCtx, cancel := p.callContext(ctx)
	defer cancel()
	resp, err := p.client.Models.CountTokens(callCtx, p.model,
		[]*genai.Content{genai.NewContentFromText(text, genai.RoleUser)}, nil)
	if err != nil {
		return 0, p.mapError(ctx, err)
	}
	return int(resp.TotalTokens), nil
}

func (p *Provider) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if p.timeout > 0 {
		return context.WithTimeout(ctx, p.timeout)
	}
	return context.WithCancel(ctx)
}

// windows lists input sizes of Gemini model families, matched by name
// prefix (the longest prefix wins).
var windows = []llm.Window{
	{Prefix: "gemini-1.0-pro", Tokens: 30720},
	{Prefix: "gemini-1.5-flash", Tokens: 1048576},
	{Prefix: "gemini-1.5-pro", Tokens: 2097152},
	{Prefix: "gemini-2.0-flash", Tokens: 1048576},
	{Prefix: "gemini-2.5-flash", Tokens: 1048576},
	{Prefix: "gemini-2.5-pro", Tokens: 1048576},
	{Prefix: "gemini-3", Tokens: 1048576},
	{Prefix: "gemma-3", Tokens: 131072},
}
