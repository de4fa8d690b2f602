package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestAuthHeaderOnlyToAPIHostNeverOnRedirect(t *testing.T) {
	// GitHub answers a tarball request with a 302 to codeload.github.com
	// (octokit's get-archive fixture); the token must not follow it.
	archive := loadExchange(t, "get-archive.json", "GET", "/repos/octokit-fixture-org/get-archive/tarball/main")
	codeload := newServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "tarball bytes") })
	api := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		for k, v := range archive.Header {
			w.Header()[k] = v
		}
		w.Header().Set("Location", codeload.URL+"/octokit-fixture-org/get-archive/legacy.tar.gz/refs/heads/main")
		w.WriteHeader(archive.Status)
	})
	c := client(t, api, nil, Options{Token: testToken})
	resp, body := get(t, c, api.URL+archive.Path)
	if resp.StatusCode != 200 || body != "tarball bytes" {
		t.Fatalf("redirect not followed: %d %q", resp.StatusCode, body)
	}
	if got := api.last().Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Fatalf("API host got Authorization %q", got)
	}
	if got := codeload.last().Header.Get("Authorization"); got != "" {
		t.Fatalf("the redirect target received Authorization %q", got)
	}
	if resp.Request.Header.Get("Authorization") != "" {
		t.Fatal("resp.Request carries the token")
	}
}

func TestAuthStripsCallerAuthorizationForOtherHosts(t *testing.T) {
	other := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	base := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c := client(t, base, nil, Options{Token: testToken})
	req := mustRequest(t, context.Background(), "GET", other.URL+"/x", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	do(t, c, req)
	if got := other.last().Header.Get("Authorization"); got != "" {
		t.Fatalf("other host got %q", got)
	}
	if req.Header.Get("Authorization") == "" {
		t.Fatal("the caller's request was modified")
	}
}

func TestSameOrigin(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://api.github.com/repos", "https://api.github.com/", true},
		{"https://API.github.com:443/x", "https://api.github.com/", true},
		{"http://api.github.com/x", "https://api.github.com/", false},
		{"https://codeload.github.com/x", "https://api.github.com/", false},
		{"https://api.github.com.evil.example/x", "https://api.github.com/", false},
		{"https://ghe.example.com/api/v3/repos", "https://ghe.example.com/api/v3/", true},
		{"https://ghe.example.com:8443/api/v3/", "https://ghe.example.com/api/v3/", false},
		{"http://[::1]:8080/x", "http://[::1]:8080/", true},
	}
	for _, tt := range tests {
		a, _ := url.Parse(tt.a)
		b, _ := url.Parse(tt.b)
		if got := sameOrigin(a, b); got != tt.want {
			t.Errorf("sameOrigin(%s, %s) = %v", tt.a, tt.b, got)
		}
	}
}

// TestTokenNeverInErrorsOrLogs drives every failure path with a token and
// a debug logger, and greps all text produced for the token.
func TestTokenNeverInErrorsOrLogs(t *testing.T) {
	// A classic prefixed token, and an old 40-hex one that has no shape to
	// recognise it by.
	for _, token := range []string{testToken, "0123456789abcdef0123456789abcdef01234567"} {
		t.Run(token[:4], func(t *testing.T) { checkTokenNeverInErrorsOrLogs(t, token) })
	}
}

func checkTokenNeverInErrorsOrLogs(t *testing.T, token string) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var jsonLogs bytes.Buffer
	jsonLogger := slog.New(slog.NewJSONHandler(&jsonLogs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	echo := func(w http.ResponseWriter, r *http.Request) string {
		// A hostile or buggy server that quotes the credential back.
		return r.Header.Get("Authorization")
	}
	handlers := map[string]http.HandlerFunc{
		"401": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"message":"Bad credentials: %s"}`, echo(w, r))
		},
		"422": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(422)
			fmt.Fprintf(w, `{"message":"Validation Failed","errors":[{"message":"token %s invalid"}]}`, echo(w, r))
		},
		"403": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(403)
			fmt.Fprintf(w, `{"message":"forbidden for %s"}`, echo(w, r))
		},
		"404": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(404)
			fmt.Fprintf(w, "not found %s\n", echo(w, r))
		},
		"rate": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Ratelimit-Remaining", "0")
			w.Header().Set("X-Ratelimit-Reset", fmt.Sprint(time.Now().Add(time.Hour).Unix()))
			w.WriteHeader(403)
			fmt.Fprintf(w, `{"message":"API rate limit exceeded for %s"}`, echo(w, r))
		},
		"secondary": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
			fmt.Fprintf(w, `{"message":"secondary rate limit %s"}`, echo(w, r))
		},
		"502": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(502)
			fmt.Fprint(w, echo(w, r))
		},
		"slow": func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		},
		"malformed": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"title": "%s`, echo(w, r))
		},
	}
	var texts []string
	for name, h := range handlers {
		srv := newServer(t, h)
		for _, lg := range []*slog.Logger{logger, jsonLogger} {
			clk := newClock()
			c := &http.Client{Transport: New(Options{
				APIURL: srv.URL, Token: token, TokenSource: "GH_TOKEN", CacheDir: t.TempDir(),
				MaxRetries: 1, Timeout: 100 * time.Millisecond, Logger: lg, Now: clk.Now, Sleep: clk.Sleep,
			})}
			resp, err := c.Get(srv.URL + "/repos/o/r/issues/1")
			if err == nil && resp.StatusCode >= 400 {
				err = CheckResponse(resp)
			}
			var body []byte
			if resp != nil {
				body, _ = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			if err == nil {
				var v map[string]any
				if decErr := json.Unmarshal(body, &v); decErr != nil {
					err = Classify(resp, decErr, "issue o/r#1")
				}
			}
			if err == nil {
				t.Errorf("%s: no error", name)
				continue
			}
			texts = append(texts, name+": "+err.Error())
			texts = append(texts, errcode.Chain(err)...)
			var e *errcode.Error
			if errors.As(err, &e) {
				texts = append(texts, e.Fix)
			} else {
				t.Errorf("%s: %v is not an *errcode.Error", name, err)
			}
			texts = append(texts, fmt.Sprintf("%+v %#v", err, err))
		}
	}
	texts = append(texts, logs.String(), jsonLogs.String())
	if !strings.Contains(logs.String(), "github request") || !strings.Contains(logs.String(), "status=") {
		t.Fatalf("debug log lines missing: %s", logs.String())
	}
	for _, s := range texts {
		if strings.Contains(s, token) || strings.Contains(s, token[4:]) {
			t.Errorf("token appears in: %s", s)
		}
	}
}

func TestDebugLogLine(t *testing.T) {
	ex := repoExchange(t)
	srv := etagServer(t, ex)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := client(t, srv, newClock(), Options{Token: testToken, CacheDir: t.TempDir(), CacheTTL: time.Hour, Logger: logger})
	get(t, c, srv.URL+ex.Path+"?q=1")
	get(t, c, srv.URL+ex.Path+"?q=1")
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 log lines, got %q", lines)
	}
	for _, want := range []string{"method=GET", "path=" + ex.Path + " ", "status=200", "cache=miss", "ratelimit_remaining=4999"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("first line %q lacks %q", lines[0], want)
		}
	}
	if !strings.Contains(lines[1], "cache=fresh") || strings.Contains(lines[1], "ratelimit_remaining") {
		t.Errorf("second line %q", lines[1])
	}
	if strings.Contains(logs.String(), "q=1") {
		t.Error("query logged")
	}
}
