package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// response builds an answer as GitHub would send it for GET path.
func response(status int, body string, header ...string) *http.Response {
	req, _ := http.NewRequest(http.MethodGet, "https://api.github.com/repos/o/r/issues/7", nil)
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: req}
}

func TestCheckResponse(t *testing.T) {
	unprocessable := loadExchange(t, "errors.json", "POST", "/repos/octokit-fixture-org/errors/labels")
	future := fmt.Sprint(time.Now().Add(40 * time.Minute).Unix())
	tests := []struct {
		name      string
		resp      *http.Response
		code      errcode.Code
		msg, fix  string
		wantNoErr bool
	}{
		{name: "200", resp: response(200, `{}`), wantNoErr: true},
		{name: "304", resp: response(304, ``), wantNoErr: true},
		{name: "401", resp: response(401, `{"message":"Bad credentials"}`), code: errcode.ProviderAuthFailed, msg: "Bad credentials", fix: "gh auth login"},
		{name: "403 scopes", resp: response(403, `{"message":"Resource not accessible by personal access token"}`,
			"X-Accepted-Oauth-Scopes", "admin:org", "X-Oauth-Scopes", "repo", "X-Ratelimit-Limit", "5000", "X-Ratelimit-Remaining", "4000"),
			code: errcode.ProviderAuthFailed, msg: "Resource not accessible", fix: `needs "admin:org"`},
		{name: "403 SSO", resp: response(403, `{"message":"Resource protected by organization SAML enforcement."}`,
			"X-Github-Sso", "required; url=https://github.com/orgs/o/sso?authorization_request=X"),
			code: errcode.ProviderAuthFailed, fix: "https://github.com/orgs/o/sso?authorization_request=X"},
		{name: "403 primary limit", resp: response(403, `{"message":"API rate limit exceeded"}`,
			"X-Ratelimit-Limit", "60", "X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", future, "X-Ratelimit-Resource", "core"),
			code: errcode.ProviderRateLimited, msg: "in 40 minutes", fix: "from 60 to 5,000"},
		{name: "429 secondary", resp: response(429, `{"message":"You have exceeded a secondary rate limit."}`, "Retry-After", "30"),
			code: errcode.ProviderRateLimited, msg: "in 30 seconds"},
		{name: "403 secondary by documentation link", resp: response(403, `{"message":"x","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`),
			code: errcode.ProviderRateLimited},
		{name: "404", resp: response(404, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`),
			code: errcode.NotFound, msg: "GitHub has no GET /repos/o/r/issues/7 (404 Not Found: Not Found)", fix: "private"},
		{name: "410", resp: response(410, `{"message":"This issue was deleted"}`), code: errcode.NotFound, msg: "deleted"},
		{name: "422 recorded", resp: &http.Response{StatusCode: 422, Status: "422 Unprocessable Entity", Header: unprocessable.Header,
			Body: io.NopCloser(strings.NewReader(string(unprocessable.Body))), Request: response(422, "").Request},
			code: errcode.InvalidInput, msg: "Validation Failed (color invalid)"},
		{name: "500 html", resp: response(500, `<html>oops</html>`), code: errcode.ProviderUnavailable, fix: "githubstatus"},
		{name: "418 text", resp: response(418, "short and stout\nsecond line"), code: errcode.ProviderFailed, msg: "short and stout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckResponse(tt.resp)
			if tt.wantNoErr {
				if err != nil {
					t.Fatalf("got %v", err)
				}
				return
			}
			var e *errcode.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("got %v (%s), want %s", err, errcode.CodeOf(err), tt.code)
			}
			if !strings.Contains(e.Message, tt.msg) || !strings.Contains(e.Fix, tt.fix) {
				t.Fatalf("message %q fix %q; want %q / %q", e.Message, e.Fix, tt.msg, tt.fix)
			}
			if e.Fix == "" && e.Code != errcode.Canceled {
				t.Fatal("no fix")
			}
			// The body is still there for go-github or the caller.
			if b, _ := io.ReadAll(tt.resp.Body); len(b) == 0 && tt.resp.StatusCode != 304 {
				t.Fatal("CheckResponse consumed the body")
			}
		})
	}
}

func TestClassify(t *testing.T) {
	var syntaxErr error
	{
		var v any
		syntaxErr = json.Unmarshal([]byte(`{"title": "trunc`), &v)
	}
	var typeErr error
	{
		var v struct{ Number int }
		typeErr = json.Unmarshal([]byte(`{"Number":"seven"}`), &v)
	}
	inner := errcode.New(errcode.ProviderRateLimited, "limit", "wait")
	wrapped := &url.Error{Op: "Get", URL: "https://api.github.com/x", Err: inner}
	tests := []struct {
		name string
		resp *http.Response
		err  error
		code errcode.Code
		same error
	}{
		{name: "nil", code: ""},
		{name: "error code kept through url.Error", err: wrapped, code: errcode.ProviderRateLimited, same: inner},
		{name: "canceled", err: context.Canceled, code: errcode.Canceled},
		{name: "deadline", err: fmt.Errorf("get: %w", context.DeadlineExceeded), code: errcode.ProviderTimeout},
		{name: "syntax", resp: response(200, ""), err: syntaxErr, code: errcode.ProviderBadResponse},
		{name: "type", resp: response(200, ""), err: typeErr, code: errcode.ProviderBadResponse},
		{name: "truncated", err: io.ErrUnexpectedEOF, code: errcode.ProviderBadResponse},
		{name: "go-github error with a 404 response", resp: response(404, `{"message":"Not Found"}`), err: errors.New("GET https://api.github.com/repos/o/r/issues/7: 404 Not Found []"), code: errcode.NotFound},
		{name: "404 with no error", resp: response(404, `{"message":"Not Found"}`), code: errcode.NotFound},
		{name: "other", err: errors.New("something odd"), code: errcode.ProviderFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.resp, tt.err, "issue o/r#7")
			if tt.code == "" {
				if got != nil {
					t.Fatalf("got %v", got)
				}
				return
			}
			if errcode.CodeOf(got) != tt.code {
				t.Fatalf("got %v (%s), want %s", got, errcode.CodeOf(got), tt.code)
			}
			if tt.same != nil && got != tt.same {
				t.Fatal("the error already in the chain was not returned as it is")
			}
			if tt.err != nil && tt.same == nil && !errors.Is(got, tt.err) {
				t.Fatal("cause dropped from the chain")
			}
			if tt.code == errcode.NotFound && !strings.Contains(got.Error(), "issue o/r#7") {
				t.Fatalf("404 does not name what was not found: %q", got.Error())
			}
		})
	}
}

func TestParseRate(t *testing.T) {
	ex := repoExchange(t)
	r := ParseRate(ex.Header)
	if !r.Known || r.Limit != 5000 || r.Remaining != 4999 || r.Used != 1 || r.Resource != "core" {
		t.Fatalf("recorded headers parsed as %+v", r)
	}
	// The recorded reset is normalised to milliseconds; real GitHub sends
	// seconds. Both read as the same instant.
	if want := time.Date(2017, 10, 10, 16, 0, 0, 0, time.UTC); !r.Reset.Equal(want) {
		t.Fatalf("reset %v, want %v", r.Reset, want)
	}
	secs := ParseRate(http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"1507651200"}})
	if !secs.Reset.Equal(r.Reset) || !secs.Exhausted() {
		t.Fatalf("seconds reset %v", secs.Reset)
	}
	if ParseRate(http.Header{}).Known {
		t.Fatal("no headers read as known")
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"30", 30 * time.Second, true},
		{"-5", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"soon", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(http.Header{"Retry-After": {tt.v}}, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v %v", tt.v, got, ok)
		}
	}
}

func TestInText(t *testing.T) {
	tests := map[time.Duration]string{
		0:                            "now",
		time.Second:                  "in 1 second",
		45 * time.Second:             "in 45 seconds",
		90 * time.Second:             "in 2 minutes",
		59*time.Minute + time.Second: "in 60 minutes",
		5 * time.Hour:                "in 5 hours",
	}
	for d, want := range tests {
		if got := inText(d); got != want {
			t.Errorf("inText(%v) = %q, want %q", d, got, want)
		}
	}
}

func FuzzParseHeaders(f *testing.F) {
	f.Add("4999", "1507651200000", "30")
	f.Add("0", "-1", "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Fuzz(func(t *testing.T, remaining, reset, retryAfter string) {
		h := http.Header{}
		h.Set("X-Ratelimit-Remaining", remaining)
		h.Set("X-Ratelimit-Reset", reset)
		h.Set("Retry-After", retryAfter)
		r := ParseRate(h)
		if d, ok := parseRetryAfter(h, time.Now()); ok && d < 0 {
			t.Fatalf("negative wait %v", d)
		}
		_ = RateLimitError(r, false, time.Now()).Error()
	})
}
