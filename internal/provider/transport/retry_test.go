package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// rateLimited answers like GitHub when the primary limit is used up (the
// headers of a real exchange, with remaining 0 and the given reset).
func rateLimited(ex exchange, status int, reset time.Time) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range ex.Header {
			w.Header()[k] = v
		}
		w.Header().Del("Etag")
		w.Header().Set("X-Ratelimit-Remaining", "0")
		w.Header().Set("X-Ratelimit-Used", w.Header().Get("X-Ratelimit-Limit"))
		w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		w.WriteHeader(status)
		fmt.Fprint(w, `{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`)
	}
}

// sequence answers with each handler in turn, repeating the last.
func sequence(hs ...http.HandlerFunc) http.HandlerFunc {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		hs[min(i, len(hs)-1)](w, r)
	}
}

func ok(ex exchange) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeExchange(w, ex) }
}

func status(code int, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"message":%q}`, http.StatusText(code))
	}
}

func mustFail(t *testing.T, c *http.Client, req *http.Request, code errcode.Code) *errcode.Error {
	t.Helper()
	resp, err := c.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("%s %s: got %d, want error %s", req.Method, req.URL.Path, resp.StatusCode, code)
	}
	var e *errcode.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("got error %v (code %s), want %s", err, errcode.CodeOf(err), code)
	}
	return e
}

func TestPrimaryRateLimitFarResetIsReported(t *testing.T) {
	ex := repoExchange(t)
	clk := newClock()
	reset := clk.Now().Add(25*time.Minute + 10*time.Second)
	for _, tt := range []struct {
		name, token, fixWords string
		status                int
	}{
		{"authenticated 403", testToken, "Wait until it resets", http.StatusForbidden},
		{"unauthenticated 429", "", "GH_TOKEN", http.StatusTooManyRequests},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, rateLimited(ex, tt.status, reset))
			c := client(t, srv, clk, Options{Token: tt.token, MaxRetries: 3})
			e := mustFail(t, c, mustRequest(t, context.Background(), "GET", srv.URL+ex.Path, nil), errcode.ProviderRateLimited)
			wantTime := reset.Local().Format("15:04:05")
			if !strings.Contains(e.Message, wantTime) || !strings.Contains(e.Message, "in 26 minutes") || !strings.Contains(e.Message, "5000 an hour") {
				t.Fatalf("message %q does not name the limit and reset (%s, in 26 minutes)", e.Message, wantTime)
			}
			if !strings.Contains(e.Fix, tt.fixWords) {
				t.Fatalf("fix %q does not say %q", e.Fix, tt.fixWords)
			}
			if srv.hits() != 1 || len(clk.Sleeps()) != 0 {
				t.Fatalf("%d requests, slept %v; want 1 request and no wait", srv.hits(), clk.Sleeps())
			}
		})
	}
}

func TestPrimaryRateLimitNearResetWaitsThenSucceeds(t *testing.T) {
	ex := repoExchange(t)
	clk := newClock()
	reset := clk.Now().Add(30 * time.Second)
	srv := newServer(t, sequence(rateLimited(ex, http.StatusForbidden, reset), ok(ex)))
	var told []string
	c := client(t, srv, clk, Options{Token: testToken, OnWait: func(d time.Duration, reason string) { told = append(told, reason) }})
	resp, body := get(t, c, srv.URL+ex.Path)
	if resp.StatusCode != 200 || body != string(ex.Body) {
		t.Fatalf("got %d", resp.StatusCode)
	}
	sleeps := clk.Sleeps()
	if len(sleeps) != 1 || sleeps[0] < 30*time.Second || sleeps[0] > 32*time.Second {
		t.Fatalf("slept %v, want one wait of about 30s (until the reset)", sleeps)
	}
	if srv.hits() != 2 || len(told) != 1 || told[0] != "primary rate limit" {
		t.Fatalf("%d requests, told %v", srv.hits(), told)
	}
}

func TestPrimaryRateLimitWaitsOnlyOnce(t *testing.T) {
	ex := repoExchange(t)
	clk := newClock()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		rateLimited(ex, http.StatusForbidden, clk.Now().Add(10*time.Second))(w, r)
	})
	c := client(t, srv, clk, Options{Token: testToken, MaxRetries: 5})
	mustFail(t, c, mustRequest(t, context.Background(), "GET", srv.URL+ex.Path, nil), errcode.ProviderRateLimited)
	if srv.hits() != 2 || len(clk.Sleeps()) != 1 {
		t.Fatalf("%d requests, %d waits; want 2 and 1", srv.hits(), len(clk.Sleeps()))
	}
}

func secondary(retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("X-Ratelimit-Remaining", "4000")
		w.Header().Set("X-Ratelimit-Limit", "5000")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)
	}
}

func TestSecondaryRateLimitWaitsRetryAfterThenSucceeds(t *testing.T) {
	ex := loadExchange(t, "labels.json", "POST", "/repos/octokit-fixture-org/labels/labels")
	clk := newClock()
	var bodies []string
	srv := newServer(t, sequence(secondary("7"), func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		writeExchange(w, ex)
	}))
	c := client(t, srv, clk, Options{Token: testToken, MaxRetries: 2})
	// POST is retried on a secondary limit: GitHub did not act on it.
	req := mustRequest(t, context.Background(), "POST", srv.URL+ex.Path, strings.NewReader(`{"name":"test-label","color":"663399"}`))
	resp, _ := do(t, c, req)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("got %d", resp.StatusCode)
	}
	if s := clk.Sleeps(); len(s) != 1 || s[0] != 7*time.Second {
		t.Fatalf("slept %v, want exactly [7s]", s)
	}
	if len(bodies) != 1 || bodies[0] != `{"name":"test-label","color":"663399"}` {
		t.Fatalf("retried POST sent body %q", bodies)
	}
}

func TestSecondaryRateLimitWithoutRetryAfterWaitsAMinute(t *testing.T) {
	ex := repoExchange(t)
	clk := newClock()
	srv := newServer(t, sequence(secondary(""), ok(ex)))
	c := client(t, srv, clk, Options{MaxRetries: 1})
	get(t, c, srv.URL+ex.Path)
	if s := clk.Sleeps(); len(s) != 1 || s[0] != time.Minute {
		t.Fatalf("slept %v, want [1m0s]", s)
	}
}

func TestSecondaryRateLimitLongerThanMaxWaitIsReported(t *testing.T) {
	clk := newClock()
	srv := newServer(t, secondary("600"))
	c := client(t, srv, clk, Options{MaxRetries: 3})
	e := mustFail(t, c, mustRequest(t, context.Background(), "GET", srv.URL+"/search/issues", nil), errcode.ProviderRateLimited)
	if len(clk.Sleeps()) != 0 || !strings.Contains(e.Message, "in 10 minutes") {
		t.Fatalf("slept %v; message %q", clk.Sleeps(), e.Message)
	}
}

func TestSecondaryRateLimitExhaustsRetries(t *testing.T) {
	clk := newClock()
	srv := newServer(t, secondary("2"))
	c := client(t, srv, clk, Options{MaxRetries: 2})
	mustFail(t, c, mustRequest(t, context.Background(), "GET", srv.URL+"/x", nil), errcode.ProviderRateLimited)
	if srv.hits() != 3 || len(clk.Sleeps()) != 2 {
		t.Fatalf("%d requests, waits %v", srv.hits(), clk.Sleeps())
	}
}

func TestServerErrorsRetriedWithBoundedBackoff(t *testing.T) {
	clk := newClock()
	srv := newServer(t, status(http.StatusBadGateway))
	c := client(t, srv, clk, Options{MaxRetries: 3})
	e := mustFail(t, c, mustRequest(t, context.Background(), "GET", srv.URL+"/repos/o/r", nil), errcode.ProviderUnavailable)
	if srv.hits() != 4 {
		t.Fatalf("%d requests, want 4 (1 + 3 retries)", srv.hits())
	}
	sleeps := clk.Sleeps()
	if len(sleeps) != 3 {
		t.Fatalf("waits %v", sleeps)
	}
	for i, d := range sleeps {
		step := backoffBase << i
		if d < step/2 || d > step {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, d, step/2, step)
		}
	}
	if !strings.Contains(e.Message, "502") || !strings.Contains(e.Fix, "githubstatus") {
		t.Fatalf("error %q / %q", e.Message, e.Fix)
	}
}

func TestServerErrorThenSuccess(t *testing.T) {
	ex := repoExchange(t)
	clk := newClock()
	srv := newServer(t, sequence(status(http.StatusServiceUnavailable, "Retry-After", "3"), status(http.StatusInternalServerError), ok(ex)))
	c := client(t, srv, clk, Options{MaxRetries: 3})
	resp, _ := get(t, c, srv.URL+ex.Path)
	if resp.StatusCode != 200 || srv.hits() != 3 {
		t.Fatalf("got %d after %d requests", resp.StatusCode, srv.hits())
	}
	if s := clk.Sleeps(); s[0] != 3*time.Second {
		t.Fatalf("Retry-After on a 503 not honoured: %v", s)
	}
}

func TestRetryTimeBudgetBoundsRetries(t *testing.T) {
	clk := newClock()
	srv := newServer(t, status(http.StatusServiceUnavailable, "Retry-After", "20"))
	c := client(t, srv, clk, Options{MaxRetries: 100, MaxRetryTime: time.Minute})
	mustFail(t, c, mustRequest(t, context.Background(), "GET", srv.URL+"/x", nil), errcode.ProviderUnavailable)
	if srv.hits() != 4 {
		t.Fatalf("%d requests within a 1m budget of 20s waits, want 4", srv.hits())
	}
}

func TestPostIsNotRetriedOnServerError(t *testing.T) {
	clk := newClock()
	srv := newServer(t, status(http.StatusBadGateway))
	c := client(t, srv, clk, Options{MaxRetries: 3})
	resp, _ := do(t, c, mustRequest(t, context.Background(), "POST", srv.URL+"/repos/o/r/pulls", strings.NewReader(`{}`)))
	if resp.StatusCode != http.StatusBadGateway || srv.hits() != 1 {
		t.Fatalf("POST: got %d after %d requests; want the 502 passed on after 1", resp.StatusCode, srv.hits())
	}
	if err := CheckResponse(resp); errcode.CodeOf(err) != errcode.ProviderUnavailable {
		t.Fatalf("CheckResponse = %v", err)
	}
}

func TestUnauthorized(t *testing.T) {
	for _, tt := range []struct {
		name, token, source, wantFix string
	}{
		{"GH_TOKEN rejected", testToken, "GH_TOKEN", "Set GH_TOKEN"},
		{"gh login rejected", testToken, "gh auth (hosts.yml)", "gh auth login"},
		{"no token", "", "", "GH_TOKEN"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}`)
			})
			c := client(t, srv, newClock(), Options{Token: tt.token, TokenSource: tt.source, MaxRetries: 3})
			e := mustFail(t, c, mustRequest(t, context.Background(), "GET", srv.URL+"/user", nil), errcode.ProviderAuthFailed)
			if !strings.Contains(e.Fix, tt.wantFix) || !strings.Contains(e.Message, "Bad credentials") {
				t.Fatalf("message %q fix %q", e.Message, e.Fix)
			}
			if srv.hits() != 1 {
				t.Fatalf("401 retried: %d requests", srv.hits())
			}
		})
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := client(t, srv, nil, Options{Timeout: 50 * time.Millisecond, MaxRetries: 3})
	e := mustFail(t, c, mustRequest(t, context.Background(), "GET", srv.URL+"/repos/o/r", nil), errcode.ProviderTimeout)
	if !strings.Contains(e.Message, "50ms") {
		t.Fatalf("message %q does not name the timeout", e.Message)
	}
	if srv.hits() != 1 {
		t.Fatalf("a timeout was retried (%d requests)", srv.hits())
	}
}

func TestSlowBodyTimesOut(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		fmt.Fprint(w, `{"partial":`)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	// Uncached, the caller reads the body and meets the timeout there.
	c := client(t, srv, nil, Options{Timeout: 50 * time.Millisecond})
	resp, err := c.Get(srv.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errcode.HasCode(err, errcode.ProviderTimeout) {
		t.Fatalf("reading a stalled body: %v, want PROVIDER_TIMEOUT", err)
	}
	// Cached, the cache reads the body and returns the timeout.
	cached := client(t, srv, nil, Options{Timeout: 50 * time.Millisecond, CacheDir: t.TempDir()})
	mustFail(t, cached, mustRequest(t, context.Background(), "GET", srv.URL+"/x", nil), errcode.ProviderTimeout)
}

func TestCallerDeadlineIsATimeout(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := client(t, srv, nil, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Do(mustRequest(t, ctx, "GET", srv.URL+"/x", nil))
	if !errcode.HasCode(err, errcode.ProviderTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
}

func TestCancelDuringWaitReturnsPromptly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := newServer(t, secondary("3600"))
	waiting := make(chan struct{})
	// The real timer-based sleep and a wait of an hour: if cancellation
	// were not honoured mid-wait the test would hang until go test's own
	// timeout.
	c := &http.Client{Transport: New(Options{
		APIURL: srv.URL, MaxRetries: 3, MaxWait: 2 * time.Hour, MaxRetryTime: 3 * time.Hour,
		OnWait: func(time.Duration, string) { close(waiting) },
	})}
	go func() {
		<-waiting
		time.Sleep(10 * time.Millisecond) // let the wait begin
		cancel()
	}()
	_, err := c.Do(mustRequest(t, ctx, "GET", srv.URL+"/x", nil))
	if !errors.Is(err, context.Canceled) || !errcode.HasCode(err, errcode.Canceled) {
		t.Fatalf("got %v, want CANCELED with context.Canceled in the chain", err)
	}
	if srv.hits() != 1 {
		t.Fatalf("%d requests after cancel", srv.hits())
	}
}

func TestSleepContextHonoursCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := SleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if err := SleepContext(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
}

func TestBrokenConnectionRetriedForGET(t *testing.T) {
	ex := repoExchange(t)
	var n atomic.Int64
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					_ = tc.SetLinger(0) // a reset, not a clean close
				}
				conn.Close()
			}
			return
		}
		writeExchange(w, ex)
	})
	clk := newClock()
	c := client(t, srv, clk, Options{MaxRetries: 2})
	resp, _ := get(t, c, srv.URL+ex.Path)
	if resp.StatusCode != 200 || srv.hits() != 2 || len(clk.Sleeps()) != 1 {
		t.Fatalf("got %d after %d requests and waits %v", resp.StatusCode, srv.hits(), clk.Sleeps())
	}
}

func TestUnreachableServerIsUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	clk := newClock()
	c := &http.Client{Transport: New(Options{APIURL: "http://" + addr, MaxRetries: 2, Now: clk.Now, Sleep: clk.Sleep})}
	_, err = c.Get("http://" + addr + "/x")
	if !errcode.HasCode(err, errcode.ProviderUnavailable) || len(clk.Sleeps()) != 2 {
		t.Fatalf("got %v after waits %v", err, clk.Sleeps())
	}
}

func TestForbiddenWithoutRateLimitPassesThrough(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ratelimit-Remaining", "4990")
		w.Header().Set("X-Accepted-Oauth-Scopes", "admin:org")
		w.Header().Set("X-Oauth-Scopes", "repo")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"message":"Must have admin rights to Repository."}`)
	})
	c := client(t, srv, newClock(), Options{Token: testToken, MaxRetries: 3})
	resp, body := get(t, c, srv.URL+"/orgs/o/hooks")
	if resp.StatusCode != http.StatusForbidden || srv.hits() != 1 || !strings.Contains(body, "admin rights") {
		t.Fatalf("got %d after %d requests, body %q", resp.StatusCode, srv.hits(), body)
	}
}
