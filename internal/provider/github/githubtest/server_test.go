package githubtest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
)

// recorder is a testing.TB that keeps the failures the server reports, so
// the tests can check that bad requests are caught.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) failures() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.errors, "\n")
}

func get(t *testing.T, url string, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestValidationCatchesRequestsTheDescriptionDoesNotAllow(t *testing.T) {
	tests := []struct {
		method, path string
		status       int
		complaint    string
	}{
		{"GET", "/repos/o/r/nonsense", 404, "matches no operation"},
		{"DELETE", "/repos/o/r/issues/1", 405, "not DELETE"},
		{"GET", "/repos/o/r/issues?colour=red", 200, `"colour" is not a parameter of issues/list-for-repo`},
		{"GET", "/repos/o/r/issues?state=sideways", 200, "is not one of"},
		{"GET", "/repos/o/r/issues/abc", 200, "is not an integer"},
		{"GET", "/search/issues", 200, `required query parameter "q"`},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := &recorder{TB: t}
			s := githubtest.NewServer(rec)
			req, _ := http.NewRequest(tt.method, s.URL+tt.path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if !strings.Contains(rec.failures(), tt.complaint) {
				t.Errorf("failures %q do not contain %q", rec.failures(), tt.complaint)
			}
		})
	}
}

func TestValidRequestsPass(t *testing.T) {
	rec := &recorder{TB: t}
	s := githubtest.NewServer(rec)
	for _, p := range []string{
		"/repos/o/r/issues?state=all&labels=bug&per_page=100&page=2",
		"/repos/o/r/contents/docs/guide/intro.md?ref=main",
		"/repos/o/r/commits/heads/feature/x/check-runs",
		"/search/issues?q=is:issue",
		"/api/v3/repos/o/r", // GitHub Enterprise's prefix
	} {
		if resp := get(t, s.URL+p); resp.StatusCode != 200 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	if f := rec.failures(); f != "" {
		t.Errorf("valid requests failed: %s", f)
	}
	reqs := s.Requests()
	if reqs[1].Params["path"] != "docs/guide/intro.md" || reqs[2].Params["ref"] != "heads/feature/x" || reqs[4].Operation != "repos/get" {
		t.Errorf("params = %+v / %+v / %q", reqs[1].Params, reqs[2].Params, reqs[4].Operation)
	}
}

func TestHeadersETagAndRateLimit(t *testing.T) {
	s := githubtest.NewServer(t)
	first := get(t, s.URL+"/repos/o/r/issues/1")
	etag := first.Header.Get("ETag")
	if etag == "" || !strings.HasPrefix(first.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("headers = %v", first.Header)
	}
	if first.Header.Get("X-RateLimit-Remaining") != "4999" || first.Header.Get("X-RateLimit-Resource") != "core" {
		t.Errorf("rate headers = %v", first.Header)
	}
	again := get(t, s.URL+"/repos/o/r/issues/1", "If-None-Match", etag)
	if again.StatusCode != http.StatusNotModified || again.Header.Get("X-RateLimit-Remaining") != "4999" {
		t.Errorf("conditional request: %d, remaining %s", again.StatusCode, again.Header.Get("X-RateLimit-Remaining"))
	}
	other := get(t, s.URL+"/repos/o/r/issues/1", "If-None-Match", `"other"`)
	if other.StatusCode != 200 {
		t.Errorf("stale ETag answered %d", other.StatusCode)
	}
}

func TestPaginationLinks(t *testing.T) {
	s := githubtest.NewServer(t)
	for n := 1; n <= 5; n++ {
		s.AddIssue("o", "r", githubtest.Issue{Number: n})
	}
	resp := get(t, s.URL+"/repos/o/r/issues?per_page=2&page=2")
	link := resp.Header.Get("Link")
	for _, want := range []string{`page=3&per_page=2>; rel="next"`, `page=3&per_page=2>; rel="last"`, `page=1&per_page=2>; rel="prev"`, `rel="first"`} {
		if !strings.Contains(link, want) {
			t.Errorf("Link %q lacks %q", link, want)
		}
	}
	var items []map[string]any
	body, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(body, &items); err != nil || len(items) != 2 || items[0]["number"] != 3.0 {
		t.Errorf("page 2 = %s", body)
	}
}

func TestFaults(t *testing.T) {
	s := githubtest.NewServer(t)
	s.Inject("issues/get", githubtest.ServerError(2))
	s.Inject("repos/get", githubtest.SecondaryRateLimit(429, 7, 1))
	s.Inject("users/get-authenticated", githubtest.PrimaryRateLimit(403, time.Unix(1700000000, 0)))
	for i, want := range []int{502, 502, 200} {
		if got := get(t, s.URL+"/repos/o/r/issues/1").StatusCode; got != want {
			t.Errorf("request %d: %d, want %d", i, got, want)
		}
	}
	if r := get(t, s.URL+"/repos/o/r"); r.StatusCode != 429 || r.Header.Get("Retry-After") != "7" {
		t.Errorf("secondary: %d %v", r.StatusCode, r.Header)
	}
	if r := get(t, s.URL+"/user"); r.StatusCode != 403 || r.Header.Get("X-RateLimit-Remaining") != "0" || r.Header.Get("X-RateLimit-Reset") != "1700000000" {
		t.Errorf("primary: %d %v", r.StatusCode, r.Header)
	}

	s.Inject("issues/list-comments", githubtest.Truncated())
	if _, err := io.ReadAll(get(t, s.URL+"/repos/o/r/issues/1/comments").Body); err == nil {
		t.Error("a truncated body read without error")
	}
	s.Inject("issues/list-labels-for-repo", githubtest.Malformed())
	body, _ := io.ReadAll(get(t, s.URL+"/repos/o/r/labels").Body)
	if json.Valid(body) {
		t.Errorf("malformed body is valid JSON: %s", body)
	}
}

func TestOverridesAndCustomRoutes(t *testing.T) {
	s := githubtest.NewServer(t)
	s.Handle("issues/get", func(r *githubtest.Request) githubtest.Response {
		return githubtest.Response{Status: 200, Body: map[string]any{"number": r.Params["issue_number"]}, Header: http.Header{"X-Test": {"yes"}}}
	})
	s.HandleRoute("GET", "/repos/{owner}/{repo}/hooks", githubtest.Reply(200, []any{}))
	r := get(t, s.URL+"/repos/o/r/issues/9")
	body, _ := io.ReadAll(r.Body)
	if string(body) != `{"number":"9"}` || r.Header.Get("X-Test") != "yes" {
		t.Errorf("override: %s %v", body, r.Header)
	}
	if r := get(t, s.URL+"/repos/o/r/hooks"); r.StatusCode != 200 {
		t.Errorf("custom route: %d", r.StatusCode)
	}
}

func TestReplayErrorsScenario(t *testing.T) {
	s := githubtest.NewServer(t)
	s.Replay("errors")
	req, _ := http.NewRequest("POST", s.URL+"/repos/octokit-fixture-org/errors/labels", strings.NewReader(`{"name":"foo","color":"invalid"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 422 || !strings.Contains(string(body), "Validation Failed") {
		t.Errorf("replayed: %d %s", resp.StatusCode, body)
	}
	if u := s.Unreplayed(); len(u) != 0 {
		t.Errorf("unused: %v", u)
	}
}

func TestGraphQL(t *testing.T) {
	rec := &recorder{TB: t}
	s := githubtest.NewServer(rec)
	s.HandleGraphQL("Viewer", func(q *githubtest.GraphQLRequest) githubtest.Response {
		return githubtest.GraphQLData(map[string]any{"viewer": map[string]any{"login": "octocat"}})
	})
	post := func(query string, auth bool) (int, string) {
		req, _ := http.NewRequest("POST", s.GraphQLURL(), strings.NewReader(`{"query":`+strconvQuote(query)+`}`))
		if auth {
			req.Header.Set("Authorization", "bearer x")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(`query Viewer { viewer { login } }`, true); code != 200 || !strings.Contains(body, "octocat") {
		t.Errorf("valid query: %d %s", code, body)
	}
	if code, _ := post(`query Viewer { viewer { login } }`, false); code != 401 {
		t.Errorf("anonymous: %d", code)
	}
	if rec.failures() != "" {
		t.Fatalf("unexpected failures: %s", rec.failures())
	}
	if code, body := post(`query { viewer { nosuchfield } }`, true); code != 200 || !strings.Contains(body, "errors") {
		t.Errorf("invalid query: %d %s", code, body)
	}
	if !strings.Contains(rec.failures(), "nosuchfield") {
		t.Errorf("invalid query not reported: %q", rec.failures())
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestEveryOperationHasAnExample(t *testing.T) {
	s := githubtest.NewServer(t)
	spec := s.Spec()
	for id, op := range spec.Operations {
		status, body, err := spec.Example(op)
		if err != nil || status < 200 || status > 299 {
			t.Errorf("%s: status %d, %v", id, status, err)
			continue
		}
		if body != nil && !json.Valid(body) {
			t.Errorf("%s: example is not JSON", id)
		}
	}
}
