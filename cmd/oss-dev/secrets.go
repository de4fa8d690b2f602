package main

import (
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// secretEnvSuffixes mark environment variables that hold credentials:
// GH_TOKEN, GITHUB_TOKEN, GH_ENTERPRISE_TOKEN, OPENAI_API_KEY,
// GEMINI_API_KEY, OSS_DEV_MODEL__API_KEY and their kin in other tools.
var secretEnvSuffixes = [...]string{"TOKEN", "API_KEY", "APIKEY", "SECRET", "PASSWORD", "PASSWD", "CREDENTIALS"}

// addEnvSecrets tells r every credential the environment holds: the value
// of each variable named like one, and the password of any URL held by a
// variable (OSS_DEV_GITHUB__API_URL, OSS_DEV_MODEL__BASE_URL, a proxy).
// It is cheap enough for every start: no file is read, no process run.
func addEnvSecrets(r *redact.Redactor, environ []string) {
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || value == "" {
			continue
		}
		if isSecretEnvName(name) {
			r.Add(value)
		}
		if strings.Contains(value, "://") {
			r.AddURL(value)
		}
	}
}

func isSecretEnvName(name string) bool {
	name = strings.ToUpper(name)
	for _, s := range secretEnvSuffixes {
		if name == s || strings.HasSuffix(name, "_"+s) {
			return true
		}
	}
	return false
}

// addConfigSecrets tells r the secrets of a loaded configuration: the
// model's API key and the passwords of its URLs.
func addConfigSecrets(r *redact.Redactor, cfg *config.Config) {
	r.Add(cfg.Model.APIKey)
	r.AddURL(cfg.GitHub.APIURL)
	r.AddURL(cfg.Model.BaseURL)
}
