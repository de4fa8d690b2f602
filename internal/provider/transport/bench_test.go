package transport

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"
)

// BenchmarkCachedGet is a fresh cache hit through the whole stack (auth,
// cache, retry): the in-process part of the "cached issue fetch under
// 50 ms, whole process" goal. The answer is GitHub's recorded repository
// (about 7 KB of JSON).
func BenchmarkCachedGet(b *testing.B) {
	ex := repoExchange(b)
	srv := newServer(b, func(w http.ResponseWriter, r *http.Request) { writeExchange(w, ex) })
	c := &http.Client{Transport: New(Options{
		APIURL: srv.URL, Token: testToken, CacheDir: b.TempDir(), CacheTTL: time.Hour, MaxRetries: 3, Timeout: 30 * time.Second,
	})}
	url := srv.URL + ex.Path
	fetch := func() {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
		req.Header.Set("Accept", "application/vnd.github.v3+json")
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
	fetch()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		fetch()
	}
	b.StopTimer()
	if srv.hits() != 1 {
		b.Fatalf("%d requests reached the server; the hits were not fresh", srv.hits())
	}
}
