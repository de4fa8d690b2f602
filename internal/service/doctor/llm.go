package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/provider/llm/openai"
)

func loaded(o Options) (*config.Config, bool) {
	if o.loadErr != nil || o.loaded == nil {
		return nil, false
	}
	return &o.loaded.Config, true
}

func envValue(o Options, name string) string {
	for _, kv := range o.Env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v
		}
	}
	return ""
}

// checkLLM reports whether the configured model provider has what it needs.
// An unreachable endpoint is a warning: the network may simply be absent.
func checkLLM(ctx context.Context, o Options) []Check {
	c := Check{Group: "llm", Name: "provider"}
	cfg, ok := loaded(o)
	if !ok {
		return []Check{c.set(Warn, "not checked: the configuration is invalid", "fix the configuration first")}
	}
	m := cfg.Model
	if m.Provider == "" || m.Provider == "none" {
		return []Check{c.set(OK, "none: analysis and guidance use their offline form", "")}
	}
	preset, known := openai.PresetFor(m.Provider)
	if !known {
		return []Check{c.set(Fail, "unknown provider "+m.Provider, "set model.provider to one of: "+strings.Join(config.ModelProviders, ", "))}
	}
	if needsKey(preset, m) && !hasKey(o, preset, m) {
		vars := append([]string{"OSS_DEV_MODEL__API_KEY"}, preset.KeyEnv...)
		return []Check{c.set(Fail, m.Provider+" needs an API key", "export "+strings.Join(vars, " or "))}
	}
	msg := m.Provider + " settings complete"
	if m.Name != "" {
		msg += ", model " + m.Name
	}
	out := []Check{c.set(OK, msg, "")}
	return append(out, reach(ctx, o, m, preset))
}

// needsKey reports whether the server refuses requests without a key: a
// hosted preset at its own address. The openai preset pointed elsewhere is
// some local compatible server that may not want one.
func needsKey(p openai.Preset, m config.ModelConfig) bool {
	return p.KeyRequired && (m.BaseURL == "" || p.Name != "openai" || strings.Contains(m.BaseURL, "api.openai.com"))
}

func hasKey(o Options, p openai.Preset, m config.ModelConfig) bool {
	if m.APIKey != "" {
		return true
	}
	for _, v := range p.KeyEnv {
		if envValue(o, v) != "" {
			return true
		}
	}
	return false
}

func reach(ctx context.Context, o Options, m config.ModelConfig, p openai.Preset) Check {
	c := Check{Group: "llm", Name: "reachable"}
	url := m.BaseURL
	if url == "" {
		url = p.BaseURL
	}
	if o.Probe == nil || url == "" {
		return c.set(OK, "not probed", "")
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	if err := o.Probe(ctx, url); err != nil {
		return c.set(Warn, url+" is not reachable: "+err.Error(), "check model.base_url and the network; "+p.UnavailableFix)
	}
	return c.set(OK, url+" answers", "")
}

// checkPlugins looks for each enabled external plugin's executable,
// oss-dev-NAME, in the plugin folders and on PATH.
func checkPlugins(_ context.Context, o Options) []Check {
	cfg, ok := loaded(o)
	if !ok {
		return nil
	}
	if len(cfg.Plugins.Enabled) == 0 {
		return []Check{{Group: "plugins", Name: "plugins", Status: OK, Message: "no external plugins enabled"}}
	}
	dirs := append([]string(nil), cfg.Plugins.Dirs...)
	if u := config.UserConfigPath(); u != "" {
		dirs = append(dirs, filepath.Join(filepath.Dir(u), "plugins"))
	}
	var out []Check
	for _, name := range cfg.Plugins.Enabled {
		c := Check{Group: "plugins", Name: name}
		if p := findPlugin(o, dirs, "oss-dev-"+name); p != "" {
			out = append(out, c.set(OK, "found at "+p, ""))
			continue
		}
		out = append(out, c.set(Fail, "oss-dev-"+name+" was not found on PATH or in "+strings.Join(dirs, ", "),
			"install the plugin, or remove it from plugins.enabled"))
	}
	return out
}

func findPlugin(o Options, dirs []string, exe string) string {
	for _, d := range dirs {
		p := filepath.Join(d, exe)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	if p, err := o.LookPath(exe); err == nil {
		return p
	}
	return ""
}
