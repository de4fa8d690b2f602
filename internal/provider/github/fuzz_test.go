package github

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// answering is a server that answers every request with the body the
// current fuzz input sets: GitHub, or something pretending to be it.
type answering struct {
	mu   sync.Mutex
	body []byte
}

func (a *answering) set(b []byte) {
	a.mu.Lock()
	a.body = b
	a.mu.Unlock()
}

func (a *answering) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	a.mu.Lock()
	b := a.body
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

func fuzzClient(f *testing.F, anonymous bool) (*Client, *answering) {
	a := &answering{}
	srv := httptest.NewServer(a)
	f.Cleanup(srv.Close)
	c, err := New(srv.Client(), Options{APIURL: srv.URL + "/", Anonymous: anonymous})
	if err != nil {
		f.Fatal(err)
	}
	return c, a
}

// FuzzLinkedPullRequests feeds any answer to the linked pull requests
// query, through GraphQL and (anonymous) through the REST timeline: an
// error or a list of pull requests, each with a number, none twice.
func FuzzLinkedPullRequests(f *testing.F) {
	f.Add([]byte(`{"data":{"repository":{"issue":{"timelineItems":{"pageInfo":{"hasNextPage":false},"nodes":[` +
		`{"__typename":"CrossReferencedEvent","source":{"number":2,"url":"u","state":"OPEN","author":{"login":"a"},"repository":{"nameWithOwner":"o/r"}}},` +
		`{"__typename":"ConnectedEvent","subject":{"number":2,"repository":{"nameWithOwner":"O/R"}}},{"__typename":"ConnectedEvent","subject":null}]}}}}}`))
	f.Add([]byte(`{"data":{"repository":{"issue":{"timelineItems":{"pageInfo":{"hasNextPage":true,"endCursor":"x"},"nodes":[]}}}}}`))
	f.Add([]byte(`{"data":{"repository":null},"errors":[{"message":"Could not resolve"}]}`))
	f.Add([]byte(`[{"event":"cross-referenced","source":{"issue":{"number":3,"pull_request":{"merged_at":"2024-01-01T00:00:00Z"},"repository_url":"https://api.github.com/repos/o/r"}}}]`))
	f.Add([]byte(`{"data":`))
	graphql, gqlAnswer := fuzzClient(f, false)
	rest, restAnswer := fuzzClient(f, true)
	f.Fuzz(func(t *testing.T, body []byte) {
		gqlAnswer.set(body)
		restAnswer.set(body)
		for _, c := range []*Client{graphql, rest} {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			prs, err := c.LinkedPullRequests(ctx, "o", "r", 1)
			cancel()
			if err != nil {
				continue
			}
			seen := map[string]bool{}
			for _, p := range prs {
				key := fmt.Sprintf("%s#%d", strings.ToLower(p.Repo), p.Number)
				if seen[key] {
					t.Fatalf("pull request %s#%d listed twice", p.Repo, p.Number)
				}
				seen[key] = true
			}
		}
	})
}

// FuzzFileContent feeds any answer to a file's contents, base64 or raw: an
// error or the file, never a panic.
func FuzzFileContent(f *testing.F) {
	enc := base64.StdEncoding.EncodeToString([]byte("# Title\n"))
	f.Add([]byte(`{"type":"file","encoding":"base64","path":"README.md","content":"` + enc + `"}`))
	f.Add([]byte(`{"type":"file","encoding":"none","path":"big.bin","size":2000000}`))
	f.Add([]byte(`{"type":"file","encoding":"base64","content":"!!not base64"}`))
	f.Add([]byte(`[{"type":"dir","name":"a"}]`))
	f.Add([]byte(`{"type":"symlink","target":"/etc/passwd"}`))
	c, answer := fuzzClient(f, true)
	f.Fuzz(func(t *testing.T, body []byte) {
		answer.set(body)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, _ = c.FileContent(ctx, "o", "r", "README.md", "")
	})
}

// FuzzGraphQLCache reads any file as a cached GraphQL answer: a damaged,
// foreign or stale file is a miss, and a hit is exactly the data stored
// under that key.
func FuzzGraphQLCache(f *testing.F) {
	const key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Add([]byte(`{"stored_at":"2025-01-01T00:00:00Z","key":"` + key + `","data":{"search":{}}}`))
	f.Add([]byte(`{"stored_at":"2030-01-01T00:00:00Z","key":"` + key + `","data":{}}`))
	f.Add([]byte(`{"stored_at":"2025-01-01T00:00:00Z","key":"other","data":{}}`))
	f.Add([]byte(`{"key":"` + key + `","data":null}`))
	f.Add([]byte(`not json`))
	dir := f.TempDir()
	c := &GraphQLCache{Dir: dir, TTL: time.Hour, Now: func() time.Time { return now }}
	path := c.path(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		data, ok := c.get(context.Background(), key)
		if ok && (len(data) == 0 || !strings.Contains(string(raw), key)) {
			t.Fatalf("a hit with data %q from %q", data, raw)
		}
	})
}
