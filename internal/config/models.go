// Package config defines OSS-Dev's settings and loads them from the layers
// of the blueprint: system < user < project < OSS_DEV_* environment.
package config

import "time"

// SchemaVersion is the config schema this build reads and writes.
const SchemaVersion = 1

// Config is the merged configuration.
type Config struct {
	SchemaVersion int             `toml:"schema_version" json:"schema_version"`
	Model         ModelConfig     `toml:"model" json:"model"`
	Approval      ApprovalConfig  `toml:"approval" json:"approval"`
	Sandbox       SandboxConfig   `toml:"sandbox" json:"sandbox"`
	GitHub        GitHubConfig    `toml:"github" json:"github"`
	Plugins       PluginConfig    `toml:"plugins" json:"plugins"`
	Telemetry     TelemetryConfig `toml:"telemetry" json:"telemetry"`
	UI            UIConfig        `toml:"ui" json:"ui"`
	Workflow      WorkflowConfig  `toml:"workflow" json:"workflow"`
	Profile       ProfileConfig   `toml:"profile" json:"profile"`
	Discovery     DiscoveryConfig `toml:"discovery" json:"discovery"`
}

// DiscoveryConfig tunes how issues are found and judged.
type DiscoveryConfig struct {
	// ClaimDays is how long a claim comment keeps an issue taken when its
	// author shows no activity and no linked pull request backs it.
	ClaimDays int `toml:"claim_days" json:"claim_days"`
}

// ModelProviders are the values model.provider accepts: "none", and the
// OpenAI-compatible servers the client has presets for.
var ModelProviders = []string{"none", "openai", "ollama", "gemini", "vllm", "llamacpp", "lmstudio"}

// ModelConfig selects the LLM provider. APIKey is a secret: it is read only
// from the environment (OSS_DEV_MODEL__API_KEY or the vendor's own variable).
type ModelConfig struct {
	// Provider is one of ModelProviders.
	Provider      string        `toml:"provider" json:"provider"`
	Name          string        `toml:"name" json:"name"`
	BaseURL       string        `toml:"base_url" json:"base_url"`
	ContextWindow int           `toml:"context_window" json:"context_window"`
	Temperature   float64       `toml:"temperature" json:"temperature"`
	Timeout       time.Duration `toml:"timeout" json:"timeout"`
	APIKey        string        `toml:"-" json:"-"`
	// MaxSteps bounds the model calls of one `mentor assist` run;
	// BudgetTokens bounds its tokens (0: no bound).
	MaxSteps     int `toml:"max_steps" json:"max_steps"`
	BudgetTokens int `toml:"budget_tokens" json:"budget_tokens"`
	// PriceInputPerMTok and PriceOutputPerMTok are what a million input
	// and output tokens cost, for the cost shown beside usage (0: unknown).
	PriceInputPerMTok  float64 `toml:"price_input_per_mtok" json:"price_input_per_mtok"`
	PriceOutputPerMTok float64 `toml:"price_output_per_mtok" json:"price_output_per_mtok"`
}

// Policy is an approval policy of the blueprint.
type Policy string

// The approval policies.
const (
	PolicyNever     Policy = "never"
	PolicyOnRequest Policy = "on_request"
	PolicyOnFailure Policy = "on_failure"
	PolicyAuto      Policy = "auto"
	PolicyYolo      Policy = "yolo"
)

// Rule allows or denies a parsed command: a program, an optional subcommand
// and optional argument patterns (shell-style globs). It never matches a raw
// string prefix.
type Rule struct {
	Program    string   `toml:"program" json:"program"`
	Subcommand string   `toml:"subcommand,omitempty" json:"subcommand,omitempty"`
	Args       []string `toml:"args,omitempty" json:"args,omitempty"`
	Tool       Tool     `toml:"tool,omitempty" json:"tool,omitempty"`
	Reason     string   `toml:"reason,omitempty" json:"reason,omitempty"`
}

// ApprovalConfig is the approval policy, per-tool overrides and rules.
type ApprovalConfig struct {
	Policy Policy          `toml:"policy" json:"policy"`
	Tools  map[Tool]Policy `toml:"tools" json:"tools"`
	Allow  []Rule          `toml:"allow" json:"allow"`
	Deny   []Rule          `toml:"deny" json:"deny"`
	// AuditLog is the audit log's path; empty means the state folder's audit.jsonl.
	AuditLog string `toml:"audit_log" json:"audit_log"`
}

// SandboxConfig widens or narrows the sandbox a repository's commands run
// in (Linux, Landlock). Only the user's own config may set it: a repository
// must not grant its commands more room.
type SandboxConfig struct {
	// Writable are more folders the commands may write, besides the
	// repository, the temp folder and the toolchains' caches.
	Writable []string `toml:"writable" json:"writable"`
	// Network false forbids TCP connections and listening.
	Network bool `toml:"network" json:"network"`
}

// GitHubConfig configures the GitHub provider. The token is never read from
// a file: GH_TOKEN, GITHUB_TOKEN or the gh CLI's login supply it.
type GitHubConfig struct {
	Host       string        `toml:"host" json:"host"`
	APIURL     string        `toml:"api_url" json:"api_url"`
	Timeout    time.Duration `toml:"timeout" json:"timeout"`
	MaxRetries int           `toml:"max_retries" json:"max_retries"`
	// CacheTTL is how long a cached answer is served without asking GitHub.
	CacheTTL time.Duration `toml:"cache_ttl" json:"cache_ttl"`
	Cache    bool          `toml:"cache" json:"cache"`
}

// PluginConfig says which plugins load and where external ones are found.
// Built-in plugins are on unless disabled; an installed plugin is on once it
// is in Enabled (install puts it there) and not in Disabled.
type PluginConfig struct {
	Enabled  []string `toml:"enabled" json:"enabled"`
	Disabled []string `toml:"disabled" json:"disabled"`
	// Dirs are more folders of plugins, each holding NAME/plugin.toml
	// folders and oss-dev-NAME executables, besides Dirs.Plugins.
	Dirs []string `toml:"dirs" json:"dirs"`
	// HookTimeout bounds one plugin hook; the plugin is stopped after it.
	HookTimeout time.Duration `toml:"hook_timeout" json:"hook_timeout"`
}

// TelemetryConfig is off by default; nothing is sent anywhere when it is off.
type TelemetryConfig struct {
	Enabled bool `toml:"enabled" json:"enabled"`
}

// UIConfig controls output.
type UIConfig struct {
	// Color is auto, always or never.
	Color string `toml:"color" json:"color"`
	Pager string `toml:"pager" json:"pager"`
}

// WorkflowConfig controls the contribution workflow.
type WorkflowConfig struct {
	DraftPR      bool   `toml:"draft_pr" json:"draft_pr"`
	BranchPrefix string `toml:"branch_prefix" json:"branch_prefix"`
}

// ProfileConfig describes the contributor, for discovery and the roadmap.
type ProfileConfig struct {
	Languages []string `toml:"languages" json:"languages"`
	Interests []string `toml:"interests" json:"interests"`
}

// Default returns the built-in configuration, the lowest layer of all.
func Default() Config {
	return Config{
		SchemaVersion: SchemaVersion,
		Model: ModelConfig{
			Provider:      "none",
			ContextWindow: 0,
			Temperature:   0.2,
			Timeout:       120 * time.Second,
			MaxSteps:      30,
		},
		Approval: ApprovalConfig{Policy: PolicyOnRequest},
		Sandbox:  SandboxConfig{Network: true},
		GitHub: GitHubConfig{
			Host:       "github.com",
			Timeout:    30 * time.Second,
			MaxRetries: 3,
			CacheTTL:   60 * time.Second,
			Cache:      true,
		},
		Plugins:   PluginConfig{HookTimeout: 60 * time.Second},
		UI:        UIConfig{Color: "auto"},
		Workflow:  WorkflowConfig{DraftPR: true, BranchPrefix: "oss-dev/"},
		Discovery: DiscoveryConfig{ClaimDays: 14},
	}
}
