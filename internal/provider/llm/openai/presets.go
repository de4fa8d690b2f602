package openai

import (
	"net/url"
	"strings"
)

// Preset is what one kind of OpenAI-compatible server needs: where it
// usually listens, which model to ask for when none is configured, and
// where its API key comes from.
type Preset struct {
	// Name is the model.provider value that selects the preset.
	Name string
	// Vendor names the server for people, in messages.
	Vendor string
	// BaseURL is the API root used when model.base_url is not set.
	BaseURL string
	// Model is asked for when model.name is not set; empty means the
	// server cannot guess and model.name is required.
	Model string
	// KeyEnv lists the vendor's own environment variables for the key,
	// read after OSS_DEV_MODEL__API_KEY. A key from them goes only to the
	// vendor's preset, never to another server.
	KeyEnv []string
	// KeyRequired is set for hosted APIs that refuse every request
	// without a key.
	KeyRequired bool
	// KeyHelp says where a key is made, for the fix of a missing key.
	KeyHelp string
	// UnavailableFix is offered when nothing answers at the base URL.
	UnavailableFix string
}

// presets are the servers this client knows by name. Every one speaks
// POST {base}/chat/completions with server-sent events.
var presets = []Preset{
	{
		Name: "openai", Vendor: "OpenAI", BaseURL: "https://api.openai.com/v1", Model: "gpt-4o-mini",
		KeyEnv: []string{"OPENAI_API_KEY"}, KeyRequired: true, KeyHelp: "a key from platform.openai.com",
		UnavailableFix: "check your network and https://status.openai.com",
	},
	{
		Name: "gemini", Vendor: "Gemini", BaseURL: GeminiBaseURL, Model: "gemini-2.5-flash",
		KeyEnv: []string{"GEMINI_API_KEY", "GOOGLE_API_KEY"}, KeyRequired: true, KeyHelp: "a key from aistudio.google.com",
		UnavailableFix: "check your network, and model.base_url if you set it",
	},
	{
		Name: "ollama", Vendor: "Ollama", BaseURL: OllamaBaseURL, Model: OllamaModel,
		UnavailableFix: "start Ollama with `ollama serve`, or point model.base_url at where it runs",
	},
	{
		Name: "vllm", Vendor: "vLLM", BaseURL: "http://localhost:8000/v1",
		UnavailableFix: "start the server with `vllm serve MODEL`, or point model.base_url at where it runs",
	},
	{
		// llama-server answers with whatever model it loaded, whatever the
		// request names.
		Name: "llamacpp", Vendor: "llama.cpp", BaseURL: "http://localhost:8080/v1", Model: "default",
		UnavailableFix: "start the server with `llama-server -m MODEL.gguf`, or point model.base_url at where it runs",
	},
	{
		Name: "lmstudio", Vendor: "LM Studio", BaseURL: "http://localhost:1234/v1",
		UnavailableFix: "start LM Studio's server (`lms server start`), or point model.base_url at where it runs",
	},
}

// Base URLs and models of the presets that others refer to.
const (
	DefaultBaseURL = "https://api.openai.com/v1"
	DefaultModel   = "gpt-4o-mini"

	OllamaBaseURL = "http://localhost:11434/v1"
	OllamaModel   = "llama3.1"

	// GeminiBaseURL is Gemini's OpenAI-compatible endpoint.
	GeminiBaseURL = "https://generativelanguage.googleapis.com/v1beta/openai"
)

// Presets returns the known presets, OpenAI's first.
func Presets() []Preset { return append([]Preset(nil), presets...) }

// PresetFor returns the preset of a model.provider value; ok is false for
// a name no preset has.
func PresetFor(name string) (Preset, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, p := range presets {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

// Names lists the provider names that have a preset.
func Names() []string {
	out := make([]string, len(presets))
	for i, p := range presets {
		out[i] = p.Name
	}
	return out
}

// geminiRoot turns a base URL that names only Gemini's host (as the native
// API was configured, "https://generativelanguage.googleapis.com/") into
// the OpenAI-compatible endpoint on that host, so older configurations
// keep working.
func geminiRoot(base string) string {
	u, err := url.Parse(base)
	if err != nil || strings.Trim(u.Path, "/") != "" {
		return base
	}
	u.Path = "/v1beta/openai"
	return u.String()
}
