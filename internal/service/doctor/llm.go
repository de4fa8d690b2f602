package doctor

import (
	"context"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/plugin"
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

// checkPlugins reports every plugin discovery finds (no plugin is
// started): a failed one with why, and a name in plugins.enabled that is
// not installed.
func checkPlugins(_ context.Context, o Options) []Check {
	cfg, ok := loaded(o)
	if !ok {
		return nil
	}
	cat, err := o.pluginCatalog(cfg)
	if err != nil {
		return []Check{{Group: "plugins", Name: "plugins", Status: Fail, Message: err.Error(), Fix: "fix the configuration"}}
	}
	var out []Check
	for _, e := range cat.Entries {
		out = append(out, pluginCheck(e))
	}
	for _, name := range cfg.Plugins.Enabled {
		if _, ok := cat.Lookup(name); !ok {
			out = append(out, Check{Group: "plugins", Name: name, Status: Fail,
				Message: "plugins.enabled names " + name + ", which is not installed",
				Fix:     "install the plugin ('oss-dev plugins install PATH'), or remove it from plugins.enabled"})
		}
	}
	if len(out) == 0 {
		return []Check{{Group: "plugins", Name: "plugins", Status: OK, Message: "no plugins installed"}}
	}
	return out
}

func (o Options) pluginCatalog(cfg *config.Config) (*plugin.Catalog, error) {
	if o.Plugins != nil {
		return o.Plugins()
	}
	found := plugin.Discover(config.PluginDirs(cfg, o.Dirs.Plugins), envValue(o, "PATH"))
	return plugin.NewCatalog(nil, found, plugin.Selection{Enabled: cfg.Plugins.Enabled, Disabled: cfg.Plugins.Disabled}), nil
}

func pluginCheck(e plugin.Entry) Check {
	c := Check{Group: "plugins", Name: e.Name}
	where := string(e.Source)
	if p := e.Dir + e.Exe; e.Dir != "" {
		where += " " + e.Dir
	} else if p != "" {
		where += " " + p
	}
	switch e.Status {
	case plugin.StatusFailed:
		return c.set(Fail, e.Reason, "reinstall the plugin, or remove it ('oss-dev plugins remove "+e.Name+"')")
	case plugin.StatusDisabled:
		return c.set(OK, "disabled ("+e.Reason+"), "+where, "")
	}
	return c.set(OK, "ok, "+where, "")
}
