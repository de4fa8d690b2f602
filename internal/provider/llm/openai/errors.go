package openai

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// vendor names the server for people. The openai preset pointed at another
// host is some other compatible server, not OpenAI.
func (p *Provider) vendor() string {
	if p.preset.Name == "openai" && !p.isOpenAI() {
		return "the model server"
	}
	return p.preset.Vendor
}

// isOpenAI reports whether the base URL is OpenAI's own API.
func (p *Provider) isOpenAI() bool {
	u, err := url.Parse(p.baseURL)
	return err == nil && strings.EqualFold(u.Hostname(), "api.openai.com")
}

func (p *Provider) endpoint() llm.Endpoint {
	fix := p.preset.UnavailableFix
	if p.vendor() == "the model server" {
		fix = "check that the server is running and that model.base_url (" + p.baseURL + ") points at it"
	}
	return llm.Endpoint{Vendor: p.vendor(), BaseURL: p.baseURL, UnavailableFix: fix}
}

// mapError turns a transport failure into an *errcode.Error.
func (p *Provider) mapError(caller context.Context, err error) error {
	if e := llm.TransportError(caller, err, p.endpoint()); e != nil {
		return e
	}
	return errcode.New(errcode.ProviderFailed,
		"the call to "+p.vendor()+" failed: "+p.clean(err.Error()),
		"try again; run with --debug for details")
}

// readError maps a failure while reading the answer.
func (p *Provider) readError(caller context.Context, err error) error {
	if errors.Is(err, errEventTooLarge) {
		return p.badResponse("sent a stream event larger than 8 MiB")
	}
	return p.mapError(caller, err)
}

func (p *Provider) badResponse(what string) error {
	return errcode.New(errcode.ProviderBadResponse, p.vendor()+" "+what,
		"check that model.base_url points at an OpenAI-compatible API (it usually ends in /v1)")
}

// midStreamError reports an error the server sent in place of a chunk.
func (p *Provider) midStreamError(e *apiError, raw string) error {
	msg := raw
	if e != nil && e.Message != "" {
		msg = e.Message
	}
	return errcode.New(errcode.ProviderFailed,
		p.vendor()+" reported an error mid-answer: "+p.clean(msg),
		"try again; if it keeps happening, check the server's logs")
}

// apiError is the error object of an error answer. OpenAI and the servers
// that copy it send {"message", "type", "code"}; Gemini sends {"code",
// "message", "status", "details"}; Ollama's native errors are a string.
type apiError struct {
	Message string
	Status  string
	// Reasons and RetryDelay come from Gemini's details.
	Reasons    []string
	RetryDelay string
}

func (e *apiError) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		e.Message = s
		return nil
	}
	var raw struct {
		Message string `json:"message"`
		Status  string `json:"status"`
		Details []struct {
			Type       string `json:"@type"`
			Reason     string `json:"reason"`
			RetryDelay string `json:"retryDelay"`
		} `json:"details"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	e.Message, e.Status = raw.Message, raw.Status
	for _, d := range raw.Details {
		if d.Reason != "" {
			e.Reasons = append(e.Reasons, d.Reason)
		}
		if strings.HasSuffix(d.Type, "google.rpc.RetryInfo") && d.RetryDelay != "" {
			e.RetryDelay = d.RetryDelay
		}
	}
	return nil
}

// parseErrorBody reads {"error": ...} or Gemini's [{"error": ...}]; nil
// when the body is neither.
func parseErrorBody(body []byte) *apiError {
	var one struct {
		Error *apiError `json:"error"`
	}
	if json.Unmarshal(body, &one) == nil && one.Error != nil {
		return one.Error
	}
	var many []struct {
		Error *apiError `json:"error"`
	}
	if json.Unmarshal(body, &many) == nil && len(many) > 0 && many[0].Error != nil {
		return many[0].Error
	}
	return nil
}

// statusError maps an answer with a status other than 2xx.
func (p *Provider) statusError(code int, header http.Header, body []byte) error {
	e := parseErrorBody(body)
	if e == nil {
		e = &apiError{Message: firstLine(string(body))}
	}
	status := " (HTTP " + strconv.Itoa(code) + ")"
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden || isKeyError(code, e):
		// The message is left out: servers quote the key they were sent.
		return errcode.New(errcode.ProviderAuthFailed, p.vendor()+" rejected the API key"+status, p.keyFix())
	case code == http.StatusNotFound:
		return errcode.Newf(errcode.ProviderNotFound, p.notFoundFix(),
			"the model %q was not found at %s", p.model, p.baseURL)
	case code == http.StatusTooManyRequests:
		msg := p.vendor() + " is rate limiting requests"
		if after := strings.TrimSpace(header.Get("Retry-After")); after != "" {
			msg += "; retry after " + p.clean(after) + " seconds"
		} else if e.RetryDelay != "" {
			msg += "; retry after " + p.clean(e.RetryDelay)
		}
		return errcode.New(errcode.ProviderRateLimited, msg, "wait and try again, or check your plan's limits and quota")
	case code == http.StatusRequestTimeout || code == http.StatusGatewayTimeout:
		return errcode.New(errcode.ProviderTimeout, p.vendor()+" timed out"+status, "try again, or send a smaller request")
	case code >= 500:
		return errcode.New(errcode.ProviderUnavailable, p.vendor()+" failed with a server error"+status, "try again later")
	case code >= 300 && code < 400:
		return errcode.New(errcode.ProviderBadResponse, p.vendor()+" answered with a redirect"+status,
			"set model.base_url to the API root the server answers on (it usually ends in /v1)")
	}
	msg := p.vendor() + " refused the request" + status
	if m := p.clean(e.Message); m != "" {
		msg += ": " + m
	}
	return errcode.New(errcode.ProviderFailed, msg, "check model.name and the request; run with --debug for details")
}

// isKeyError spots Gemini's answer to a bad key: a 400 INVALID_ARGUMENT
// whose details carry the reason API_KEY_INVALID.
func isKeyError(code int, e *apiError) bool {
	for _, r := range e.Reasons {
		if strings.HasPrefix(r, "API_KEY_") {
			return true
		}
	}
	return code == http.StatusBadRequest && strings.Contains(e.Message, "API key not valid")
}

func (p *Provider) keyFix() string {
	switch {
	case p.preset.Name == "openai" && p.isOpenAI():
		return "check the key in OPENAI_API_KEY or OSS_DEV_MODEL__API_KEY"
	case p.preset.Name == "gemini":
		return "check the key in GEMINI_API_KEY (or OSS_DEV_MODEL__API_KEY); keys are made at aistudio.google.com"
	}
	return "check the key the server at " + p.baseURL + " expects, in OSS_DEV_MODEL__API_KEY"
}

func (p *Provider) notFoundFix() string {
	switch p.preset.Name {
	case "ollama":
		return "download it with `ollama pull " + p.model + "`, or set model.name to a model you have (`ollama list`)"
	case "gemini":
		return "set model.name to a Gemini model your key can use, such as " + presets[1].Model
	}
	return "set model.name to a model the server offers, and check that model.base_url ends where the API starts (usually /v1)"
}

// clean makes server text fit for an error: the key removed (in its
// encoded forms too, and anything shaped like a credential), control and
// bidirectional-override characters dropped (a hostile server could
// otherwise rewrite the user's terminal), one line, at most 300 characters.
func (p *Provider) clean(s string) string {
	return printable(redact.New(p.apiKey).Redact(s))
}

func printable(s string) string {
	const limit = 300
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			r = ' '
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			continue
		}
		if n == limit {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 1000 {
		s = s[:1000]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}
