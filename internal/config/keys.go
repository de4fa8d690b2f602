package config

import (
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/suggest"
)

// kind is the type of a config key's value.
type kind int

const (
	kindString kind = iota
	kindInt
	kindFloat
	kindBool
	kindDuration
	kindStrings
	kindToolPolicies // approval.tools: one policy per tool, each its own key
	kindRules        // approval.allow, approval.deny: arrays of tables
)

// keyDef describes one config key: its dotted name, its type, where it lives
// in Config and what values it accepts.
type keyDef struct {
	name string
	kind kind
	// secret keys are accepted only from the environment and shown masked.
	secret bool
	// userOnly keys decide where credentials go or what runs: a project
	// config, which may come with a cloned repository, cannot set them.
	userOnly bool
	// field returns a pointer to the key's field in c.
	field func(c *Config) any
	// check rejects an out-of-range value with a message for people; nil
	// accepts any value of the right type.
	check func(v any) error
}

// policyNames lists the approval policies in the order the blueprint gives them.
func policyNames() []string {
	return []string{"never", "on_request", "on_failure", "auto", "yolo"}
}

// keyTable returns every key in the order `config show` prints them. It is
// built on each call (a few dozen small values) so that no package-level
// state exists and start-up pays nothing.
func keyTable() []keyDef {
	return []keyDef{
		{name: "schema_version", kind: kindInt, field: func(c *Config) any { return &c.SchemaVersion }, check: checkSchemaVersion},

		{name: "model.provider", kind: kindString, userOnly: true, field: func(c *Config) any { return &c.Model.Provider }, check: oneOf(ModelProviders...)},
		{name: "model.name", kind: kindString, field: func(c *Config) any { return &c.Model.Name }},
		{name: "model.base_url", kind: kindString, userOnly: true, field: func(c *Config) any { return &c.Model.BaseURL }, check: checkURL},
		{name: "model.context_window", kind: kindInt, field: func(c *Config) any { return &c.Model.ContextWindow }, check: intRange(0, math.MaxInt32)},
		{name: "model.temperature", kind: kindFloat, field: func(c *Config) any { return &c.Model.Temperature }, check: floatRange(0, 2)},
		{name: "model.timeout", kind: kindDuration, field: func(c *Config) any { return &c.Model.Timeout }, check: nonNegative},
		{name: "model.api_key", kind: kindString, secret: true, field: func(c *Config) any { return &c.Model.APIKey }},
		{name: "model.max_steps", kind: kindInt, field: func(c *Config) any { return &c.Model.MaxSteps }, check: intRange(1, 1000)},
		{name: "model.budget_tokens", kind: kindInt, field: func(c *Config) any { return &c.Model.BudgetTokens }, check: intRange(0, math.MaxInt32)},
		{name: "model.price_input_per_mtok", kind: kindFloat, field: func(c *Config) any { return &c.Model.PriceInputPerMTok }, check: floatRange(0, 1000)},
		{name: "model.price_output_per_mtok", kind: kindFloat, field: func(c *Config) any { return &c.Model.PriceOutputPerMTok }, check: floatRange(0, 1000)},

		{name: "approval.policy", kind: kindString, field: func(c *Config) any { return &c.Approval.Policy }, check: oneOf(policyNames()...)},
		{name: "approval.tools", kind: kindToolPolicies, field: func(c *Config) any { return &c.Approval.Tools }},
		{name: "approval.allow", kind: kindRules, field: func(c *Config) any { return &c.Approval.Allow }},
		{name: "approval.deny", kind: kindRules, field: func(c *Config) any { return &c.Approval.Deny }},
		{name: "approval.audit_log", kind: kindString, userOnly: true, field: func(c *Config) any { return &c.Approval.AuditLog }},

		{name: "sandbox.writable", kind: kindStrings, userOnly: true, field: func(c *Config) any { return &c.Sandbox.Writable }, check: absolutePaths},
		{name: "sandbox.network", kind: kindBool, userOnly: true, field: func(c *Config) any { return &c.Sandbox.Network }},

		{name: "github.host", kind: kindString, userOnly: true, field: func(c *Config) any { return &c.GitHub.Host }, check: checkHost},
		{name: "github.api_url", kind: kindString, userOnly: true, field: func(c *Config) any { return &c.GitHub.APIURL }, check: checkURL},
		{name: "github.timeout", kind: kindDuration, field: func(c *Config) any { return &c.GitHub.Timeout }, check: nonNegative},
		{name: "github.max_retries", kind: kindInt, field: func(c *Config) any { return &c.GitHub.MaxRetries }, check: intRange(0, 10)},
		{name: "github.cache_ttl", kind: kindDuration, field: func(c *Config) any { return &c.GitHub.CacheTTL }, check: nonNegative},
		{name: "github.cache", kind: kindBool, field: func(c *Config) any { return &c.GitHub.Cache }},

		{name: "plugins.enabled", kind: kindStrings, userOnly: true, field: func(c *Config) any { return &c.Plugins.Enabled }, check: nonEmptyItems},
		{name: "plugins.disabled", kind: kindStrings, field: func(c *Config) any { return &c.Plugins.Disabled }, check: nonEmptyItems},
		{name: "plugins.dirs", kind: kindStrings, userOnly: true, field: func(c *Config) any { return &c.Plugins.Dirs }, check: nonEmptyItems},
		{name: "plugins.hook_timeout", kind: kindDuration, field: func(c *Config) any { return &c.Plugins.HookTimeout }, check: positive},

		{name: "telemetry.enabled", kind: kindBool, field: func(c *Config) any { return &c.Telemetry.Enabled }},

		{name: "ui.color", kind: kindString, field: func(c *Config) any { return &c.UI.Color }, check: oneOf("auto", "always", "never")},
		{name: "ui.pager", kind: kindString, field: func(c *Config) any { return &c.UI.Pager }},

		{name: "workflow.draft_pr", kind: kindBool, field: func(c *Config) any { return &c.Workflow.DraftPR }},
		{name: "workflow.branch_prefix", kind: kindString, field: func(c *Config) any { return &c.Workflow.BranchPrefix }},

		{name: "profile.languages", kind: kindStrings, field: func(c *Config) any { return &c.Profile.Languages }, check: nonEmptyItems},
		{name: "profile.interests", kind: kindStrings, field: func(c *Config) any { return &c.Profile.Interests }, check: nonEmptyItems},

		{name: "discovery.claim_days", kind: kindInt, field: func(c *Config) any { return &c.Discovery.ClaimDays }, check: intRange(1, 365)},
	}
}

// toolPrefix is the prefix of the per-tool policy keys, approval.tools.NAME.
const toolPrefix = "approval.tools."

// keyIndex finds keys by name.
type keyIndex struct {
	defs   []keyDef
	byName map[string]int
	// tables are the dotted prefixes that are tables (model, approval, ...).
	tables map[string]bool
}

func newKeyIndex() *keyIndex {
	defs := keyTable()
	ix := &keyIndex{defs: defs, byName: make(map[string]int, len(defs)), tables: map[string]bool{}}
	for i, d := range defs {
		ix.byName[d.name] = i
		parts := strings.Split(d.name, ".")
		for j := 1; j < len(parts); j++ {
			ix.tables[strings.Join(parts[:j], ".")] = true
		}
	}
	ix.tables["approval.tools"] = true
	return ix
}

// lookup returns the definition of a leaf key. approval.tools.NAME is the
// policy of one tool.
func (ix *keyIndex) lookup(name string) (keyDef, bool) {
	if i, ok := ix.byName[name]; ok {
		return ix.defs[i], true
	}
	if tool, ok := strings.CutPrefix(name, toolPrefix); ok && Tool(tool).Valid() {
		return toolKey(Tool(tool)), true
	}
	return keyDef{}, false
}

// toolKey is the definition of approval.tools.TOOL.
func toolKey(tool Tool) keyDef {
	return keyDef{
		name: toolPrefix + string(tool),
		kind: kindString,
		field: func(c *Config) any {
			return toolField{c: c, tool: tool}
		},
		check: oneOf(policyNames()...),
	}
}

// toolField stands for one entry of Approval.Tools, which has no address.
type toolField struct {
	c    *Config
	tool Tool
}

// unknownKeyMessage says that key is not a config key, naming the valid
// tools when it is approval.tools.NAME and the nearest key otherwise.
func (ix *keyIndex) unknownKeyMessage(key string) string {
	if tool, ok := strings.CutPrefix(key, toolPrefix); ok {
		return fmt.Sprintf("unknown key %q: %s", key, unknownToolMessage(tool))
	}
	msg := fmt.Sprintf("unknown key %q", key)
	if s := ix.suggest(key); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return msg
}

// suggest returns the known key nearest to name, or "" when none is close.
func (ix *keyIndex) suggest(name string) string {
	best, bestDist := "", len(name)/3+2
	for _, d := range ix.defs {
		if dist := suggest.Distance(name, d.name); dist < bestDist {
			best, bestDist = d.name, dist
		}
	}
	return best
}

// isSecretName reports whether a dotted key names a credential: its last
// part is token, api_key, apikey, password or secret, or ends in _ and one
// of them.
func isSecretName(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	last = strings.ToLower(last)
	for _, w := range [...]string{"token", "api_key", "apikey", "password", "secret"} {
		if last == w || strings.HasSuffix(last, "_"+w) {
			return true
		}
	}
	return false
}

// secretHome says where a secret key belongs instead of a file.
func secretHome(name string) string {
	switch {
	case name == "model.api_key":
		return "set it in the environment instead: OSS_DEV_MODEL__API_KEY, or your provider's own variable (OPENAI_API_KEY, GEMINI_API_KEY)"
	case strings.HasPrefix(name, "github."):
		return "give GitHub tokens through GH_TOKEN (or GITHUB_TOKEN), or log in with 'gh auth login'"
	default:
		return "keep secrets out of config files; set them in the environment"
	}
}

// EnvName is the OSS_DEV_ variable that sets a dotted key:
// approval.policy -> OSS_DEV_APPROVAL__POLICY.
func EnvName(key string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "__"))
}

// typeError says that a value has the wrong type for a key.
func typeError(d keyDef, v any) error {
	return fmt.Errorf("%s: expected %s, got %s", d.name, kindName(d.kind), describeValue(v))
}

func kindName(k kind) string {
	switch k {
	case kindString:
		return "a string"
	case kindInt:
		return "an integer"
	case kindFloat:
		return "a number"
	case kindBool:
		return "true or false"
	case kindDuration:
		return `a duration string such as "30s" or "5m"`
	case kindStrings:
		return "an array of strings"
	case kindToolPolicies:
		return "a table of tool = policy"
	default:
		return "an array of tables"
	}
}

// describeValue names a decoded TOML value's type for an error message.
func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			x = x[:40] + "..."
		}
		return fmt.Sprintf("a string (%q)", x)
	case int64:
		return fmt.Sprintf("an integer (%d)", x)
	case float64:
		return fmt.Sprintf("a float (%g)", x)
	case bool:
		return fmt.Sprintf("a boolean (%t)", x)
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	default:
		return "a date or time"
	}
}

// fromTOML converts a value decoded from a TOML file to the Go type of d.
func fromTOML(d keyDef, v any) (any, error) {
	switch d.kind {
	case kindString:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case kindInt:
		if n, ok := v.(int64); ok {
			if n < math.MinInt32 || n > math.MaxInt32 {
				return nil, fmt.Errorf("%s: %d is out of range", d.name, n)
			}
			return int(n), nil
		}
	case kindFloat:
		switch n := v.(type) {
		case float64:
			return n, nil
		case int64:
			return float64(n), nil
		}
	case kindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case kindDuration:
		if s, ok := v.(string); ok {
			dur, err := time.ParseDuration(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not a duration; write it like \"30s\", \"5m\" or \"1h30m\"", d.name, s)
			}
			return dur, nil
		}
	case kindStrings:
		if arr, ok := v.([]any); ok {
			out := make([]string, 0, len(arr))
			for i, e := range arr {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("%s[%d]: expected a string, got %s", d.name, i, describeValue(e))
				}
				out = append(out, s)
			}
			return out, nil
		}
	}
	return nil, typeError(d, v)
}

// fromText converts a value written as text (an OSS_DEV_ variable, the
// argument of `config set`) to the Go type of d. Lists are comma-separated.
func fromText(d keyDef, s string) (any, error) {
	switch d.kind {
	case kindString:
		return s, nil
	case kindInt:
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < math.MinInt32 || n > math.MaxInt32 {
			return nil, fmt.Errorf("%s: expected an integer, got %q", d.name, s)
		}
		return n, nil
	case kindFloat:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("%s: expected a number, got %q", d.name, s)
		}
		return f, nil
	case kindBool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "1", "yes", "on":
			return true, nil
		case "false", "0", "no", "off":
			return false, nil
		}
		return nil, fmt.Errorf("%s: expected true or false, got %q", d.name, s)
	case kindDuration:
		dur, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a duration; write it like 30s, 5m or 1h30m", d.name, s)
		}
		return dur, nil
	case kindStrings:
		var out []string
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s cannot be given as text", d.name)
}

// assign stores a converted value in c after checking its range.
func assign(c *Config, d keyDef, v any) error {
	if d.check != nil {
		if err := d.check(v); err != nil {
			return fmt.Errorf("%s: %v", d.name, err)
		}
	}
	switch p := d.field(c).(type) {
	case *string:
		*p = v.(string)
	case *Policy:
		*p = Policy(v.(string))
	case *int:
		*p = v.(int)
	case *float64:
		*p = v.(float64)
	case *bool:
		*p = v.(bool)
	case *time.Duration:
		*p = v.(time.Duration)
	case *[]string:
		*p = v.([]string)
	case *[]Rule:
		// Rules add up across layers rather than replace each other, so a
		// project file cannot switch off a user's deny rules.
		*p = append(append([]Rule(nil), *p...), v.([]Rule)...)
	case toolField:
		tools := make(map[Tool]Policy, len(p.c.Approval.Tools)+1)
		for k, pol := range p.c.Approval.Tools {
			tools[k] = pol
		}
		tools[p.tool] = Policy(v.(string))
		p.c.Approval.Tools = tools
	default:
		return fmt.Errorf("%s cannot be assigned", d.name)
	}
	return nil
}

// value returns the current value of d in c, in the Go type of its kind.
func value(c *Config, d keyDef) any {
	switch p := d.field(c).(type) {
	case *string:
		return *p
	case *Policy:
		return string(*p)
	case *int:
		return *p
	case *float64:
		return *p
	case *bool:
		return *p
	case *time.Duration:
		return *p
	case *[]string:
		return *p
	case *[]Rule:
		return *p
	case *map[Tool]Policy:
		return *p
	case toolField:
		pol, ok := p.c.Approval.Tools[p.tool]
		if !ok {
			return nil
		}
		return string(pol)
	}
	return nil
}

func oneOf(allowed ...string) func(any) error {
	return func(v any) error {
		s := v.(string)
		for _, a := range allowed {
			if s == a {
				return nil
			}
		}
		return fmt.Errorf("%q is not one of %s", s, strings.Join(allowed, ", "))
	}
}

func intRange(lo, hi int) func(any) error {
	return func(v any) error {
		if n := v.(int); n < lo || n > hi {
			if hi == math.MaxInt32 {
				return fmt.Errorf("%d is out of range (at least %d)", n, lo)
			}
			return fmt.Errorf("%d is out of range (%d to %d)", n, lo, hi)
		}
		return nil
	}
}

func floatRange(lo, hi float64) func(any) error {
	return func(v any) error {
		// Written so that NaN fails too.
		if f := v.(float64); !(f >= lo && f <= hi) {
			return fmt.Errorf("%g is out of range (%g to %g)", f, lo, hi)
		}
		return nil
	}
}

func nonNegative(v any) error {
	if d := v.(time.Duration); d < 0 {
		return fmt.Errorf("%s is negative; use 0 or a positive duration", d)
	}
	return nil
}

func positive(v any) error {
	if d := v.(time.Duration); d <= 0 {
		return fmt.Errorf("%s is not positive; give a duration such as \"60s\"", d)
	}
	return nil
}

func nonEmptyItems(v any) error {
	for i, s := range v.([]string) {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("item %d is empty", i)
		}
	}
	return nil
}

// absolutePaths accepts absolute paths and ~/ paths: a relative one would
// mean a different folder in every repository.
func absolutePaths(v any) error {
	for i, s := range v.([]string) {
		if !filepath.IsAbs(s) && !strings.HasPrefix(s, "~/") && !strings.HasPrefix(s, "/") {
			return fmt.Errorf("item %d (%q) is not an absolute path; write /path or ~/path", i, s)
		}
	}
	return nil
}

func checkSchemaVersion(v any) error {
	n := v.(int)
	if n > SchemaVersion {
		return fmt.Errorf("%d is newer than this build of oss-dev understands (up to %d); upgrade oss-dev", n, SchemaVersion)
	}
	if n < 1 {
		return fmt.Errorf("%d is not a schema version (versions start at 1)", n)
	}
	return nil
}

func checkURL(v any) error {
	s := v.(string)
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http or https URL", s)
	}
	return nil
}

func checkHost(v any) error {
	s := v.(string)
	if s == "" || strings.ContainsAny(s, "/ \t") {
		return fmt.Errorf("%q is not a host name (write it like github.com, without https://)", s)
	}
	return nil
}

// ruleFields are the keys of one approval rule.
func ruleFields() []string { return []string{"program", "subcommand", "args", "tool", "reason"} }

// ruleFromTOML converts one [[approval.allow]] table; name is its dotted
// position, like approval.allow[2], for messages.
func ruleFromTOML(name string, v any) (Rule, error) {
	t, ok := v.(map[string]any)
	if !ok {
		return Rule{}, fmt.Errorf("%s: expected a table with program, subcommand, args, tool and reason, got %s", name, describeValue(v))
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var r Rule
	for _, k := range keys {
		val := t[k]
		if k == "args" {
			arr, ok := val.([]any)
			if !ok {
				return Rule{}, fmt.Errorf("%s.args: expected an array of strings, got %s", name, describeValue(val))
			}
			for i, e := range arr {
				s, ok := e.(string)
				if !ok {
					return Rule{}, fmt.Errorf("%s.args[%d]: expected a string, got %s", name, i, describeValue(e))
				}
				r.Args = append(r.Args, s)
			}
			continue
		}
		var dst *string
		switch k {
		case "program":
			dst = &r.Program
		case "subcommand":
			dst = &r.Subcommand
		case "tool":
			s, ok := val.(string)
			if !ok {
				return Rule{}, fmt.Errorf("%s.tool: expected a string, got %s", name, describeValue(val))
			}
			if !Tool(s).Valid() {
				return Rule{}, fmt.Errorf("%s.tool: %s", name, unknownToolMessage(s))
			}
			r.Tool = Tool(s)
			continue
		case "reason":
			dst = &r.Reason
		default:
			return Rule{}, unknownRuleField(name, k)
		}
		s, ok := val.(string)
		if !ok {
			return Rule{}, fmt.Errorf("%s.%s: expected a string, got %s", name, k, describeValue(val))
		}
		*dst = s
	}
	if strings.TrimSpace(r.Program) == "" && r.Tool == "" {
		return Rule{}, fmt.Errorf("%s: a rule needs a program (or a tool)", name)
	}
	return r, nil
}

func unknownRuleField(name, k string) error {
	msg := fmt.Sprintf("%s: unknown key %q in a rule", name, k)
	best, bestDist := "", len(k)/3+2
	for _, f := range ruleFields() {
		if d := suggest.Distance(k, f); d < bestDist {
			best, bestDist = f, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf("; did you mean %q?", best)
	}
	return fmt.Errorf("%s (rules take %s)", msg, strings.Join(ruleFields(), ", "))
}

// UserOnly reports whether key may be set only outside a project config:
// a repository's own config could otherwise send tokens and keys to
// another server, redirect the audit log, or start programs.
func UserOnly(key string) bool {
	for _, d := range keyTable() {
		if d.name == key {
			return d.userOnly
		}
	}
	return false
}
