package transport

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// testToken looks like a real classic token, so redaction by shape and by
// value are both exercised.
const testToken = "ghp_TESTtoken0123456789abcdefghijklmnopqr"

// exchange is one recorded request and answer from octokit's fixtures.
type exchange struct {
	Method  string
	Path    string
	Status  int
	Header  http.Header
	Body    []byte
	ReqHead map[string]string
}

// loadExchange returns the first exchange of a fixture file with method and
// path, its headers as GitHub sent them.
func loadExchange(t testing.TB, file, method, path string) exchange {
	t.Helper()
	data, err := os.ReadFile(sharedtest.DataFile(t, "octokit-fixtures/"+file))
	if err != nil {
		t.Fatal(err)
	}
	var raw []struct {
		Method     string                     `json:"method"`
		Path       string                     `json:"path"`
		Status     int                        `json:"status"`
		Headers    map[string]any             `json:"headers"`
		Response   json.RawMessage            `json:"response"`
		ReqHeaders map[string]json.RawMessage `json:"reqheaders"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, r := range raw {
		if !strings.EqualFold(r.Method, method) || r.Path != path {
			continue
		}
		ex := exchange{Method: strings.ToUpper(r.Method), Path: r.Path, Status: r.Status, Header: http.Header{}, Body: r.Response}
		for k, v := range r.Headers {
			switch strings.ToLower(k) {
			case "content-length", "connection", "transfer-encoding":
				continue // the test server sets these for itself
			}
			ex.Header.Set(k, fmt.Sprint(v))
		}
		return ex
	}
	t.Fatalf("no %s %s in %s", method, path, file)
	return exchange{}
}

// repoExchange is GET /repos/octokit-fixture-org/hello-world, with a real
// etag, last-modified, cache-control and x-ratelimit-* set.
func repoExchange(t testing.TB) exchange {
	return loadExchange(t, "get-repository.json", "GET", "/repos/octokit-fixture-org/hello-world")
}

// writeExchange answers w with ex's headers, status and body.
func writeExchange(w http.ResponseWriter, ex exchange) {
	for k, v := range ex.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(ex.Status)
	_, _ = w.Write(ex.Body)
}

// server is an httptest server whose handler a test can swap, counting
// requests and keeping their headers.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	handler  http.HandlerFunc
	requests []*http.Request
	count    atomic.Int64
}

func newServer(t testing.TB, h http.HandlerFunc) *server {
	s := &server{handler: h}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.count.Add(1)
		s.mu.Lock()
		s.requests = append(s.requests, r.Clone(context.Background()))
		h := s.handler
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) setHandler(h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handler = h
}

func (s *server) last() *http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[len(s.requests)-1]
}

func (s *server) hits() int { return int(s.count.Load()) }

// clock is a settable clock; sleeper waits on it without real time passing
// and records each wait.
type clock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newClock() *clock {
	return &clock{now: time.Date(2026, 3, 14, 15, 0, 0, 0, time.Local)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// client builds an http.Client on New with the test's clock; opts fields
// left zero get test defaults (the server as API, no real waiting).
func client(t testing.TB, srv *server, clk *clock, opts Options) *http.Client {
	t.Helper()
	if opts.APIURL == "" {
		opts.APIURL = srv.URL + "/"
	}
	if clk != nil {
		opts.Now = clk.Now
		opts.Sleep = clk.Sleep
	}
	return &http.Client{Transport: New(opts)}
}

// get fetches path from srv and returns the response with its body read.
func get(t testing.TB, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	return do(t, c, mustRequest(t, context.Background(), http.MethodGet, url, nil))
}

func mustRequest(t testing.TB, ctx context.Context, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/vnd.github.v3+json")
	return req
}

func do(t testing.TB, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading %s: %v", req.URL.Path, err)
	}
	return resp, string(b)
}
