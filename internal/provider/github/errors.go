package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	gh "github.com/google/go-github/v93/github"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// classify turns what go-github returned for one call into an error for
// users; what names the object asked for ("issue cli/cli#5"). An
// *errcode.Error already in the chain (from the transport) is kept.
func classify(resp *gh.Response, err error, what string) error {
	if err == nil {
		return nil
	}
	var coded *errcode.Error
	if errors.As(err, &coded) {
		return coded
	}
	var hr *http.Response
	if resp != nil {
		hr = resp.Response
	}
	switch {
	case errors.Is(err, context.Canceled):
		return errcode.Wrap(errcode.Canceled, err, "canceled while fetching "+what, "")
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return errcode.Wrap(errcode.ProviderTimeout, err, "GitHub did not answer in time for "+what,
			"try again; if GitHub is slow, raise github.timeout in the configuration")
	}
	var rl *gh.RateLimitError
	if errors.As(err, &rl) {
		return errcode.Wrap(errcode.ProviderRateLimited, err,
			fmt.Sprintf("GitHub's rate limit is used up (resets at %s) while fetching %s", rl.Rate.Reset.Format(time.Kitchen), what),
			"wait for the reset, or authenticate (GH_TOKEN or `gh auth login`) for a higher limit")
	}
	var abuse *gh.AbuseRateLimitError
	if errors.As(err, &abuse) {
		return errcode.Wrap(errcode.ProviderRateLimited, err, "GitHub's secondary rate limit stopped "+what,
			"wait a minute before trying again")
	}
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return statusError(er, what)
	}
	if isDecodeError(err) {
		return errcode.Wrap(errcode.ProviderBadResponse, err, "GitHub's answer for "+what+" could not be read: "+err.Error(),
			"try again; if it keeps failing, GitHub may be having trouble (https://www.githubstatus.com)")
	}
	if hr != nil && hr.StatusCode >= 500 {
		return errcode.Wrap(errcode.ProviderUnavailable, err, fmt.Sprintf("GitHub failed to answer %s (%s)", what, hr.Status),
			"GitHub may be having trouble (https://www.githubstatus.com); try again later")
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return errcode.Wrap(errcode.ProviderUnavailable, err, "could not reach GitHub for "+what+": "+err.Error(),
			"check the network connection and github.host / github.api_url")
	}
	return errcode.Wrap(errcode.ProviderFailed, err, "fetching "+what+" from GitHub failed: "+err.Error(),
		"try again; run with --debug for the cause")
}

func statusError(er *gh.ErrorResponse, what string) error {
	code := er.Response.StatusCode
	detail := er.Message
	var parts []string
	for _, e := range er.Errors {
		switch {
		case e.Message != "":
			parts = append(parts, e.Message)
		case e.Field != "" || e.Code != "":
			parts = append(parts, strings.TrimSpace(e.Field+" "+e.Code))
		}
	}
	if len(parts) > 0 {
		detail += " (" + strings.Join(parts, "; ") + ")"
	}
	status := fmt.Sprintf("%d %s", code, http.StatusText(code))
	if detail != "" {
		status += ": " + detail
	}
	switch {
	case code == http.StatusUnauthorized:
		return errcode.Wrap(errcode.ProviderAuthFailed, er, "GitHub rejected the credentials for "+what+" ("+status+")",
			"set GH_TOKEN to a valid token or run `gh auth login`")
	case code == http.StatusNotFound || code == http.StatusGone:
		return errcode.Wrap(errcode.NotFound, er, "GitHub has no "+what+" ("+status+")",
			"check the owner, repository and number; a private repository looks missing without a token that can see it")
	case code == http.StatusUnprocessableEntity:
		return errcode.Wrap(errcode.InvalidInput, er, "GitHub rejected "+what+" ("+status+")",
			"correct the request as GitHub's message says, then try again")
	case code == http.StatusForbidden || code == http.StatusTooManyRequests:
		if strings.Contains(strings.ToLower(er.Message), "rate limit") {
			return errcode.Wrap(errcode.ProviderRateLimited, er, "GitHub's rate limit stopped "+what+" ("+status+")",
				"wait a while, or authenticate (GH_TOKEN or `gh auth login`) for a higher limit")
		}
		return errcode.Wrap(errcode.ProviderAuthFailed, er, "GitHub refused "+what+" ("+status+")",
			"check that the token may access this repository (its scopes or permissions)")
	case code >= 500:
		return errcode.Wrap(errcode.ProviderUnavailable, er, "GitHub failed to answer "+what+" ("+status+")",
			"GitHub may be having trouble (https://www.githubstatus.com); try again later")
	}
	return errcode.Wrap(errcode.ProviderFailed, er, "GitHub refused "+what+" ("+status+")",
		"check the request; run with --debug for the cause")
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

func isDecodeError(err error) bool {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	return errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.ErrUnexpectedEOF)
}
