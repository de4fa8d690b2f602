package openai

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
)

// vendor names the server for people.
func (p *Provider) vendor() string {
	switch {
	case p.ollama:
		return "Ollama"
	case p.isOpenAI():
		return "OpenAI"
	}
	return "the model server"
}

func (p *Provider) endpoint() llm.Endpoint {
	fix := "check that the server is running and that model.base_url (" + p.baseURL + ") points at it"
	if p.ollama {
		fix = "start Ollama with `ollama serve`, or point model.base_url at where it runs"
	}
	return llm.Endpoint{Vendor: p.vendor(), BaseURL: p.baseURL, UnavailableFix: fix}
}

// mapError turns an SDK or transport failure into an *errcode.Error. Server
// messages are passed on only with the API key removed from them, and never
// for authentication failures, whose messages tend to quote the key.
func (p *Provider) mapError(caller context.Context, err error) error {
	if e := llm.TransportError(caller, err, p.endpoint()); e != nil {
		return e
	}
	var apiErr *sdk.Error
	if errors.As(err, &apiErr) {
		return p.mapStatus(apiErr)
	}
	var streamErr *ssestream.StreamError
	if errors.As(err, &streamErr) {
		return errcode.New(errcode.ProviderFailed,
			p.vendor()+" reported an error mid-answer: "+p.redact(streamErr.Message),
			"try again; if it keeps happening, check the server's logs")
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return errcode.New(errcode.ProviderBadResponse,
			p.vendor()+" sent an answer that is not valid JSON",
			"check that model.base_url points at an OpenAI-compatible API (it usually ends in /v1)")
	}
	return errcode.New(errcode.ProviderFailed,
		"the call to "+p.vendor()+" failed: "+p.redact(err.Error()),
		"try again; run with --debug for details")
}

func (p *Provider) mapStatus(e *sdk.Error) error {
	switch code := e.StatusCode; {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		fix := "check the key in OPENAI_API_KEY or OSS_DEV_MODEL__API_KEY"
		if !p.isOpenAI() {
			fix = "check the key the server at " + p.baseURL + " expects, in OSS_DEV_MODEL__API_KEY"
		}
		return errcode.New(errcode.ProviderAuthFailed, p.vendor()+" rejected the API key (HTTP "+strconv.Itoa(code)+")", fix)
	case code == http.StatusNotFound:
		fix := "set model.name to a model the server offers"
		if p.ollama {
			fix = "download it with `ollama pull " + p.model + "`, or set model.name to a model you have (`ollama list`)"
		}
		return errcode.Newf(errcode.ProviderNotFound, fix, "the model %q was not found at %s", p.model, p.baseURL)
	case code == http.StatusTooManyRequests:
		msg := p.vendor() + " is rate limiting requests"
		if after := retryAfter(e); after != "" {
			msg += "; retry after " + after + " seconds"
		}
		return errcode.New(errcode.ProviderRateLimited, msg,
			"wait and try again, or check your plan's limits and quota")
	case code == http.StatusRequestTimeout || code == http.StatusGatewayTimeout:
		return errcode.New(errcode.ProviderTimeout, p.vendor()+" timed out (HTTP "+strconv.Itoa(code)+")",
			"try again, or send a smaller request")
	case code >= 500:
		return errcode.New(errcode.ProviderUnavailable, p.vendor()+" failed with a server error (HTTP "+strconv.Itoa(code)+")",
			"try again later")
	}
	msg := p.vendor() + " refused the request (HTTP " + strconv.Itoa(e.StatusCode) + ")"
	if e.Message != "" {
		msg += ": " + p.redact(e.Message)
	}
	return errcode.New(errcode.ProviderFailed, msg, "check model.name and the request; run with --debug for details")
}

func retryAfter(e *sdk.Error) string {
	if e.Response == nil {
		return ""
	}
	return strings.TrimSpace(e.Response.Header.Get("Retry-After"))
}

func (p *Provider) redact(s string) string { return llm.Redact(s, p.apiKey) }
