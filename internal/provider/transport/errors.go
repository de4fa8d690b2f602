package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/ghauth"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// maxErrorBody bounds how much of an error body is read for its message.
const maxErrorBody = 64 << 10

// githubMessage is GitHub's error body.
type githubMessage struct {
	Message          string            `json:"message"`
	DocumentationURL string            `json:"documentation_url"`
	Errors           []json.RawMessage `json:"errors"`
}

// text joins the message and the details of its errors list, redacted (by
// r's known values too, when r is not nil) and kept short.
func (m githubMessage) text(r *redact.Redactor) string {
	var parts []string
	for _, raw := range m.Errors {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			parts = append(parts, s)
			continue
		}
		var d struct{ Resource, Field, Code, Message string }
		if json.Unmarshal(raw, &d) == nil {
			if d.Message != "" {
				parts = append(parts, d.Message)
			} else if d.Field != "" || d.Code != "" {
				parts = append(parts, strings.TrimSpace(d.Field+" "+d.Code))
			}
		}
	}
	out := m.Message
	if len(parts) > 0 {
		out += " (" + strings.Join(parts, "; ") + ")"
	}
	return shorten(r.Redact(out), 300)
}

// readMessage reads GitHub's error message from resp's body and puts the
// body back so that others can read it again.
func readMessage(resp *http.Response) githubMessage {
	var m githubMessage
	if resp.Body == nil || resp.Body == http.NoBody {
		return m
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if json.Unmarshal(data, &m) != nil {
		text := strings.TrimSpace(string(data))
		if text != "" && !strings.HasPrefix(text, "<") {
			line, _, _ := strings.Cut(text, "\n")
			m.Message = line
		}
	}
	return m
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// describe names a request for messages: method and path, no query.
func describe(req *http.Request) string {
	if req == nil || req.URL == nil {
		return "the request"
	}
	return req.Method + " " + req.URL.EscapedPath()
}

// CheckResponse returns nil for an answer below 400 and otherwise the
// *errcode.Error that explains it, with GitHub's message. The body stays
// readable.
func CheckResponse(resp *http.Response) error {
	if resp == nil || resp.StatusCode < 400 {
		return nil
	}
	return responseError(resp, "", time.Now())
}

// Classify turns what go-github returned for one call into an error for
// users. resp is the *http.Response inside go-github's *Response (nil when
// there is none), err its error, and what names the object in messages
// ("issue cli/cli#123"; "" uses the method and path). An *errcode.Error
// already in err's chain is returned as it is.
func Classify(resp *http.Response, err error, what string) error {
	if err == nil {
		if resp == nil || resp.StatusCode < 400 {
			return nil
		}
		return responseError(resp, what, time.Now())
	}
	var e *errcode.Error
	if errors.As(err, &e) {
		return e
	}
	if what == "" && resp != nil {
		what = describe(resp.Request)
	}
	if what == "" {
		what = "the request"
	}
	switch {
	case errors.Is(err, context.Canceled):
		return errcode.Wrap(errcode.Canceled, err, "Canceled while fetching "+what+".", "")
	case errors.Is(err, context.DeadlineExceeded):
		return errcode.Wrap(errcode.ProviderTimeout, err, "Ran out of time fetching "+what+" from GitHub.",
			"Try again; if GitHub is slow to answer, raise github.timeout in the configuration.")
	case resp != nil && resp.StatusCode >= 400:
		e := responseError(resp, what, time.Now())
		e.Cause = err // go-github's own error, for --debug
		return e
	case isDecodeError(err):
		return errcode.Wrap(errcode.ProviderBadResponse, err,
			fmt.Sprintf("GitHub's answer for %s could not be read: %s", what, redactorOf(resp).Redact(err.Error())),
			"Try again; if it keeps failing, GitHub may be having trouble (https://www.githubstatus.com).")
	}
	return errcode.Wrap(errcode.ProviderFailed, err,
		fmt.Sprintf("Fetching %s from GitHub failed: %s", what, redactorOf(resp).Redact(err.Error())),
		"Try again; run with --debug for the details.")
}

func isDecodeError(err error) bool {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	return errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.ErrUnexpectedEOF)
}

// responseError explains an answer of 400 or more.
func responseError(resp *http.Response, what string, now time.Time) *errcode.Error {
	if what == "" {
		what = describe(resp.Request)
	}
	msg := readMessage(resp)
	detail := msg.text(redactorOf(resp))
	status := fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	if detail != "" {
		status += ": " + detail
	}
	rate := ParseRate(resp.Header)
	authKnown, authed := inferAuthenticated(resp, rate)
	code := resp.StatusCode
	switch {
	case code == http.StatusUnauthorized:
		return authError(what, detail, "", authKnown && !authed)
	case (code == http.StatusForbidden || code == http.StatusTooManyRequests) && isSecondary(resp, msg):
		wait, _ := parseRetryAfter(resp.Header, now)
		return secondaryLimitError(what, wait, now)
	case (code == http.StatusForbidden || code == http.StatusTooManyRequests) && rate.Exhausted():
		return RateLimitError(rate, !authKnown || authed, now)
	case code == http.StatusTooManyRequests:
		return secondaryLimitError(what, 0, now)
	case code == http.StatusForbidden:
		return errcode.New(errcode.ProviderAuthFailed, "GitHub refused "+what+" ("+status+").", forbiddenFix(resp.Header, authKnown && !authed))
	case code == http.StatusNotFound || code == http.StatusGone:
		fix := "Check the owner, repository name and number."
		if !authKnown || !authed {
			fix += " A private repository looks missing without a token: set GH_TOKEN or run `gh auth login`."
		}
		return errcode.New(errcode.NotFound, "GitHub has no "+what+" ("+status+").", fix)
	case code == http.StatusUnprocessableEntity:
		return errcode.New(errcode.InvalidInput, "GitHub rejected "+what+" ("+status+").",
			"Correct the request as GitHub's message says, then try again.")
	case code >= 500:
		return errcode.New(errcode.ProviderUnavailable, "GitHub failed to answer "+what+" ("+status+").",
			"GitHub may be having trouble (https://www.githubstatus.com); try again later.")
	}
	return errcode.New(errcode.ProviderFailed, "GitHub refused "+what+" ("+status+").",
		"Check the request; run with --debug for the details.")
}

// inferAuthenticated tells from a response whether its request carried a
// token: GitHub gives 60 requests an hour (10 searches a minute) without
// one. known is false when the headers do not say.
func inferAuthenticated(resp *http.Response, rate RateInfo) (known, authed bool) {
	if resp.Request != nil && resp.Request.Header.Get("Authorization") != "" {
		return true, true
	}
	if !rate.Known || rate.Limit == 0 {
		return false, false
	}
	if rate.Resource == "search" {
		return true, rate.Limit > 10
	}
	return true, rate.Limit > unauthenticatedCoreLimit
}

// isSecondary reports a secondary rate limit: a Retry-After, or GitHub's
// message or documentation link naming it.
func isSecondary(resp *http.Response, msg githubMessage) bool {
	if resp.Header.Get("Retry-After") != "" {
		return true
	}
	doc := strings.ToLower(msg.DocumentationURL)
	if strings.HasSuffix(doc, "secondary-rate-limits") || strings.HasSuffix(doc, "#abuse-rate-limits") {
		return true
	}
	text := strings.ToLower(msg.Message)
	return strings.Contains(text, "secondary rate limit") || strings.Contains(text, "abuse detection")
}

// forbiddenFix explains a 403 from the scope and SSO headers GitHub sends.
func forbiddenFix(h http.Header, unauthenticated bool) string {
	if sso := h.Get("X-Github-Sso"); strings.HasPrefix(sso, "required") {
		if _, u, ok := strings.Cut(sso, "url="); ok {
			return "Authorize the token for the organisation's single sign-on at " + strings.TrimSpace(u) + ", then try again."
		}
		return "Authorize the token for the organisation's single sign-on, then try again."
	}
	if unauthenticated {
		return "This needs authentication: set GH_TOKEN or run `gh auth login`."
	}
	need, have := h.Get("X-Accepted-Oauth-Scopes"), h.Get("X-Oauth-Scopes")
	if need != "" && have != "" {
		return fmt.Sprintf("The token has scopes %q but this needs %q: add them (`gh auth refresh -s SCOPE`) or use another token.", have, need)
	}
	return "Check that the token may access this repository (its scopes or fine-grained permissions), or use another token."
}

// authError reports a 401. source names where the token came from, when
// known, so the fix can say which setting to change.
func authError(what, detail, source string, unauthenticated bool) *errcode.Error {
	if detail == "" {
		detail = "401 Unauthorized"
	}
	if unauthenticated || source == ghauth.SourceNone {
		return errcode.New(errcode.ProviderAuthFailed, "GitHub requires authentication for "+what+" ("+detail+").",
			"Set GH_TOKEN to a token (https://github.com/settings/tokens) or run `gh auth login`.")
	}
	msg := "GitHub rejected the token for " + what + " (" + detail + ")."
	switch source {
	case ghauth.SourceHostsFile, ghauth.SourceKeyring:
		return errcode.New(errcode.ProviderAuthFailed, "GitHub rejected the gh CLI's login for "+what+" ("+detail+").",
			"Run `gh auth login` (or `gh auth refresh`) to renew it.")
	case ghauth.SourceGHToken, ghauth.SourceGitHubToken, ghauth.SourceGHEnterpriseToken, ghauth.SourceGitHubEnterpriseToken:
		return errcode.New(errcode.ProviderAuthFailed, "GitHub rejected the token from "+source+" for "+what+" ("+detail+").",
			"Set "+source+" to a valid token (it may have expired or been revoked), or unset it and run `gh auth login`.")
	}
	return errcode.New(errcode.ProviderAuthFailed, msg,
		"Check GH_TOKEN / GITHUB_TOKEN (the token may have expired or been revoked), or run `gh auth login`.")
}

// errorCode names err's code for logs.
func errorCode(err error) string {
	return string(errcode.CodeOf(err))
}
