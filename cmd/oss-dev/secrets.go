package main

import (
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// addConfigSecrets tells r the secrets of a loaded configuration: the
// model's API key and the passwords of its URLs.
func addConfigSecrets(r *redact.Redactor, cfg *config.Config) {
	r.Add(cfg.Model.APIKey)
	r.AddURL(cfg.GitHub.APIURL)
	r.AddURL(cfg.Model.BaseURL)
}
