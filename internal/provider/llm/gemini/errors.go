package gemini

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"google.golang.org/genai"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
)

const keyFix = "check the key in GEMINI_API_KEY (or OSS_DEV_MODEL__API_KEY); keys are made at aistudio.google.com"

// mapError turns an SDK or transport failure into an *errcode.Error. Server
// messages are passed on only with the API key removed, and the SDK's own
// error text, which can quote request data, is never the message.
func (p *Provider) mapError(caller context.Context, err error) error {
	if e := llm.TransportError(caller, err, llm.Endpoint{
		Vendor:         "Gemini",
		BaseURL:        p.baseURL,
		UnavailableFix: "check your network, and model.base_url if you set it",
	}); e != nil {
		return e
	}
	var apiErr genai.APIError
	if errors.As(err, &apiErr) {
		return p.mapStatus(apiErr)
	}
	var apiErrPtr *genai.APIError
	if errors.As(err, &apiErrPtr) && apiErrPtr != nil {
		return p.mapStatus(*apiErrPtr)
	}
	return errcode.New(errcode.ProviderFailed,
		"the call to Gemini failed: "+p.redact(firstLine(err.Error())),
		"try again; if it keeps happening, check model.base_url")
}

func (p *Provider) mapStatus(e genai.APIError) error {
	switch code := e.Code; {
	case isKeyError(e) || code == http.StatusUnauthorized || code == http.StatusForbidden:
		return errcode.New(errcode.ProviderAuthFailed, fmt.Sprintf("Gemini rejected the API key (HTTP %d)", code), keyFix)
	case code == http.StatusNotFound:
		return errcode.Newf(errcode.ProviderNotFound,
			"set model.name to a Gemini model your key can use, such as "+DefaultModel,
			"the model %q was not found by the Gemini API", p.model)
	case code == http.StatusTooManyRequests:
		msg := "Gemini is rate limiting requests (quota exhausted)"
		if d := retryDelay(e); d != "" {
			msg += "; retry after " + d
		}
		return errcode.New(errcode.ProviderRateLimited, msg,
			"wait and try again, or check your quota at aistudio.google.com")
	case code == http.StatusRequestTimeout || code == http.StatusGatewayTimeout:
		return errcode.New(errcode.ProviderTimeout, fmt.Sprintf("Gemini timed out (HTTP %d)", code),
			"try again, or send a smaller request")
	case code >= 500:
		return errcode.New(errcode.ProviderUnavailable, fmt.Sprintf("Gemini failed with a server error (HTTP %d)", code),
			"try again later")
	}
	msg := fmt.Sprintf("Gemini refused the request (HTTP %d)", e.Code)
	if e.Message != "" {
		msg += ": " + p.redact(e.Message)
	}
	return errcode.New(errcode.ProviderFailed, msg, "check model.name and the request; run with --debug for details")
}

// isKeyError spots the API's answer to a bad key, which is a 400
// INVALID_ARGUMENT whose details carry the reason API_KEY_INVALID.
func isKeyError(e genai.APIError) bool {
	for _, d := range e.Details {
		if r, _ := d["reason"].(string); strings.HasPrefix(r, "API_KEY_") {
			return true
		}
	}
	return e.Code == http.StatusBadRequest && strings.Contains(e.Message, "API key not valid")
}

// retryDelay reads the RetryInfo detail of a 429 ("37s"), if present.
func retryDelay(e genai.APIError) string {
	for _, d := range e.Details {
		if t, _ := d["@type"].(string); strings.HasSuffix(t, "google.rpc.RetryInfo") {
			if s, ok := d["retryDelay"].(string); ok {
				return s
			}
		}
	}
	return ""
}

func (p *Provider) redact(s string) string { return llm.Redact(s, p.apiKey) }

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
