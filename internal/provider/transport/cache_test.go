package transport

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// etagServer answers GET path with the given exchange, and 304 to a request
// whose If-None-Match carries the current ETag.
func etagServer(t testing.TB, ex exchange) *server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == ex.Header.Get("Etag") {
			w.Header().Set("Etag", ex.Header.Get("Etag"))
			w.Header().Set("X-Ratelimit-Remaining", "4998")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		writeExchange(w, ex)
	})
}

func TestFreshHitMakesNoRequest(t *testing.T) {
	ex := repoExchange(t)
	srv := etagServer(t, ex)
	clk := newClock()
	c := client(t, srv, clk, Options{Token: testToken, CacheDir: t.TempDir(), CacheTTL: time.Minute})
	url := srv.URL + ex.Path

	first, body1 := get(t, c, url)
	clk.Advance(59 * time.Second)
	second, body2 := get(t, c, url)

	if srv.hits() != 1 {
		t.Fatalf("server saw %d requests, want 1", srv.hits())
	}
	if first.Header.Get(HeaderFromCache) != "" {
		t.Fatalf("first answer marked %q", first.Header.Get(HeaderFromCache))
	}
	if got := second.Header.Get(HeaderFromCache); got != FromCacheFresh {
		t.Fatalf("second answer marked %q, want %q", got, FromCacheFresh)
	}
	if body1 != body2 || body2 != string(ex.Body) {
		t.Fatal("cached body differs from GitHub's")
	}
	if second.Header.Get("Etag") != ex.Header.Get("Etag") || second.StatusCode != 200 {
		t.Fatalf("cached answer lost its status or headers: %d %v", second.StatusCode, second.Header)
	}
}

func TestStaleEntryRevalidatesWithConditionalRequest(t *testing.T) {
	ex := repoExchange(t)
	srv := etagServer(t, ex)
	clk := newClock()
	c := client(t, srv, clk, Options{Token: testToken, CacheDir: t.TempDir(), CacheTTL: time.Minute})
	url := srv.URL + ex.Path

	get(t, c, url)
	clk.Advance(2 * time.Minute)
	resp, body := get(t, c, url)

	if srv.hits() != 2 {
		t.Fatalf("server saw %d requests, want 2", srv.hits())
	}
	cond := srv.last()
	if cond.Header.Get("If-None-Match") != ex.Header.Get("Etag") || cond.Header.Get("If-Modified-Since") != ex.Header.Get("Last-Modified") {
		t.Fatalf("conditional request carried If-None-Match %q If-Modified-Since %q", cond.Header.Get("If-None-Match"), cond.Header.Get("If-Modified-Since"))
	}
	if resp.StatusCode != 200 || body != string(ex.Body) {
		t.Fatalf("after 304 got %d and a different body", resp.StatusCode)
	}
	if got := resp.Header.Get(HeaderFromCache); got != FromCacheRevalidated {
		t.Fatalf("marked %q, want %q", got, FromCacheRevalidated)
	}
	if got := resp.Header.Get("X-Ratelimit-Remaining"); got != "4998" {
		t.Fatalf("304's headers not merged: remaining %q", got)
	}
	// Revalidation restarts the freshness window.
	third, _ := get(t, c, url)
	if srv.hits() != 2 || third.Header.Get(HeaderFromCache) != FromCacheFresh {
		t.Fatalf("after revalidation: %d requests, marked %q", srv.hits(), third.Header.Get(HeaderFromCache))
	}
}

func TestZeroTTLAlwaysRevalidates(t *testing.T) {
	ex := repoExchange(t)
	srv := etagServer(t, ex)
	c := client(t, srv, newClock(), Options{CacheDir: t.TempDir()})
	url := srv.URL + ex.Path
	for range 3 {
		get(t, c, url)
	}
	if srv.hits() != 3 || srv.last().Header.Get("If-None-Match") == "" {
		t.Fatalf("%d requests, last If-None-Match %q", srv.hits(), srv.last().Header.Get("If-None-Match"))
	}
}

func TestETagChangeStoresNewBody(t *testing.T) {
	var mu sync.Mutex
	version := 1
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		v := version
		mu.Unlock()
		etag := fmt.Sprintf(`"v%d"`, v)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Etag", etag)
		fmt.Fprintf(w, `{"title":"version %d"}`, v)
	})
	clk := newClock()
	c := client(t, srv, clk, Options{CacheDir: t.TempDir(), CacheTTL: time.Minute})
	url := srv.URL + "/repos/o/r/issues/1"

	if _, body := get(t, c, url); body != `{"title":"version 1"}` {
		t.Fatal(body)
	}
	mu.Lock()
	version = 2
	mu.Unlock()
	clk.Advance(time.Hour)
	resp, body := get(t, c, url)
	if body != `{"title":"version 2"}` || resp.Header.Get(HeaderFromCache) != "" {
		t.Fatalf("changed resource: body %s, marked %q", body, resp.Header.Get(HeaderFromCache))
	}
	if srv.last().Header.Get("If-None-Match") != `"v1"` {
		t.Fatalf("sent If-None-Match %q", srv.last().Header.Get("If-None-Match"))
	}
	clk.Advance(time.Hour)
	resp, body = get(t, c, url)
	if body != `{"title":"version 2"}` || resp.Header.Get(HeaderFromCache) != FromCacheRevalidated || srv.last().Header.Get("If-None-Match") != `"v2"` {
		t.Fatalf("new body not stored: %s, marked %q", body, resp.Header.Get(HeaderFromCache))
	}
}

func TestTokensNeverShareEntries(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Etag", `"same"`)
		auth := r.Header.Get("Authorization")
		fmt.Fprintf(w, `{"seen_by":%q}`, auth[max(0, len(auth)-4):])
	})
	dir := t.TempDir()
	clk := newClock()
	other := "ghp_OTHERtoken0123456789abcdefghijklmnopq"
	a := client(t, srv, clk, Options{Token: testToken, CacheDir: dir, CacheTTL: time.Hour})
	b := client(t, srv, clk, Options{Token: other, CacheDir: dir, CacheTTL: time.Hour})
	anon := client(t, srv, clk, Options{CacheDir: dir, CacheTTL: time.Hour})
	url := srv.URL + "/user"

	_, bodyA := get(t, a, url)
	_, bodyB := get(t, b, url)
	get(t, anon, url)
	if srv.hits() != 3 {
		t.Fatalf("three identities made %d requests; entries were shared", srv.hits())
	}
	if bodyA == bodyB {
		t.Fatalf("token B was served token A's answer %s", bodyB)
	}
	if srv.last().Header.Get("If-None-Match") != "" {
		t.Fatal("the anonymous request revalidated another identity's entry")
	}
	get(t, a, url)
	get(t, b, url)
	get(t, anon, url)
	if srv.hits() != 3 {
		t.Fatalf("repeat requests were not served from each identity's own entry (%d requests)", srv.hits())
	}
	assertNoSecretOnDisk(t, dir, testToken, other)
}

// assertNoSecretOnDisk fails if a file name or content under dir holds any
// of the secrets.
func assertNoSecretOnDisk(t *testing.T, dir string, secrets ...string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if strings.Contains(path, s) {
				t.Errorf("cache path %s holds a token", path)
			}
			if !d.IsDir() {
				data, _ := os.ReadFile(path)
				if bytes.Contains(data, []byte(s)) {
					t.Errorf("cache file %s holds a token", path)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// entryFiles lists the finished entry files under dir.
func entryFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isHex(d.Name(), 64) {
			out = append(out, path)
		}
		return nil
	})
	return out
}

func TestDamagedEntryIsAMissNeverServed(t *testing.T) {
	damage := map[string]func(data []byte) []byte{
		"garbage":         func([]byte) []byte { return []byte("not a cache entry at all, just noise\x00\xff") },
		"empty":           func([]byte) []byte { return nil },
		"truncated half":  func(d []byte) []byte { return d[:len(d)/2] },
		"last byte cut":   func(d []byte) []byte { return d[:len(d)-1] },
		"body byte flip":  func(d []byte) []byte { d = bytes.Clone(d); d[len(d)-checksumLen-3] ^= 0x20; return d },
		"magic only":      func([]byte) []byte { return []byte(entryMagic) },
		"trailing extra":  func(d []byte) []byte { return append(bytes.Clone(d), '\n') },
		"meta length lie": func(d []byte) []byte { d = bytes.Clone(d); d[len(entryMagic)] = 0x7f; return d },
	}
	for name, fn := range damage {
		t.Run(name, func(t *testing.T) {
			var mu sync.Mutex
			body := `{"v":"old"}`
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				w.Header().Set("Etag", `"`+body+`"`)
				fmt.Fprint(w, body)
			})
			dir := t.TempDir()
			c := client(t, srv, newClock(), Options{CacheDir: dir, CacheTTL: time.Hour})
			url := srv.URL + "/repos/o/r"
			get(t, c, url)
			files := entryFiles(t, dir)
			if len(files) != 1 {
				t.Fatalf("want one entry, found %d", len(files))
			}
			data, _ := os.ReadFile(files[0])
			if err := os.WriteFile(files[0], fn(data), 0o600); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			body = `{"v":"new"}`
			mu.Unlock()

			resp, got := get(t, c, url)
			if got != `{"v":"new"}` || resp.Header.Get(HeaderFromCache) != "" || srv.hits() != 2 {
				t.Fatalf("damaged entry served: body %s, marked %q, %d requests", got, resp.Header.Get(HeaderFromCache), srv.hits())
			}
			if srv.last().Header.Get("If-None-Match") != "" {
				t.Fatal("a validator from the damaged entry was used")
			}
			// The entry was replaced by a good one.
			resp, got = get(t, c, url)
			if got != `{"v":"new"}` || resp.Header.Get(HeaderFromCache) != FromCacheFresh {
				t.Fatalf("entry not replaced: %s %q", got, resp.Header.Get(HeaderFromCache))
			}
		})
	}
}

func TestEntryOfAnotherKeyIsNotServed(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"path":%q}`, r.URL.Path)
	})
	dir := t.TempDir()
	c := client(t, srv, newClock(), Options{CacheDir: dir, CacheTTL: time.Hour})
	get(t, c, srv.URL+"/a")
	get(t, c, srv.URL+"/b")
	files := entryFiles(t, dir)
	if len(files) != 2 {
		t.Fatalf("%d entries", len(files))
	}
	// Copy one whole, valid entry over the other's name.
	data, _ := os.ReadFile(files[0])
	if err := os.WriteFile(files[1], data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, a := get(t, c, srv.URL+"/a")
	_, b := get(t, c, srv.URL+"/b")
	if a != `{"path":"/a"}` || b != `{"path":"/b"}` {
		t.Fatalf("served the wrong entry: a=%s b=%s", a, b)
	}
}

func TestConcurrentWritersNeverTearEntries(t *testing.T) {
	// Every answer has a new ETag and body, so every request writes the
	// same entry; readers must only ever see whole bodies that match their
	// ETag.
	var mu sync.Mutex
	n := 0
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		v := n
		mu.Unlock()
		w.Header().Set("Etag", fmt.Sprintf(`"%d"`, v))
		fmt.Fprintf(w, `{"version":%d,"padding":%q}`, v, strings.Repeat("x", 4096+v))
	})
	dir := t.TempDir()
	c := client(t, srv, nil, Options{CacheDir: dir}) // TTL 0: every request writes
	url := srv.URL + "/repos/o/r/issues"
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				resp, err := c.Get(url)
				if err != nil {
					errs <- err
					return
				}
				var buf bytes.Buffer
				_, err = buf.ReadFrom(resp.Body)
				resp.Body.Close()
				if err != nil {
					errs <- err
					return
				}
				etag := strings.Trim(resp.Header.Get("Etag"), `"`)
				want := fmt.Sprintf(`{"version":%s,`, etag)
				if !strings.HasPrefix(buf.String(), want) || !strings.HasSuffix(buf.String(), `"}`) {
					errs <- fmt.Errorf("worker %d: body %.40q... does not match ETag %s", w, buf.String(), etag)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	files := entryFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("%d entry files for one URL", len(files))
	}
	if _, err := decodeEntry(mustRead(t, files[0]), filepath.Base(files[0])); err != nil {
		t.Fatalf("final entry damaged: %v", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNoStoreIsNotCached(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "private, no-store")
		w.Header().Set("Etag", `"x"`)
		fmt.Fprint(w, `{}`)
	})
	dir := t.TempDir()
	c := client(t, srv, newClock(), Options{CacheDir: dir, CacheTTL: time.Hour})
	get(t, c, srv.URL+"/x")
	get(t, c, srv.URL+"/x")
	if srv.hits() != 2 || len(entryFiles(t, dir)) != 0 {
		t.Fatalf("no-store answer cached: %d requests, %d entries", srv.hits(), len(entryFiles(t, dir)))
	}
}

func TestOnlyOKAnswersAreStored(t *testing.T) {
	for _, status := range []int{http.StatusCreated, http.StatusNotFound, http.StatusForbidden, http.StatusUnprocessableEntity, http.StatusFound} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Etag", `"x"`)
				w.WriteHeader(status)
			})
			dir := t.TempDir()
			c := &http.Client{
				Transport:     New(Options{APIURL: srv.URL, CacheDir: dir, CacheTTL: time.Hour}),
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			}
			get(t, c, srv.URL+"/x")
			if n := len(entryFiles(t, dir)); n != 0 {
				t.Fatalf("%d answer stored", status)
			}
		})
	}
}

func TestMutationInvalidatesPathAndParents(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Etag", `"x"`)
		fmt.Fprint(w, `{}`)
	})
	dir := t.TempDir()
	c := client(t, srv, newClock(), Options{Token: testToken, CacheDir: dir, CacheTTL: time.Hour})
	issue := srv.URL + "/repos/o/r/issues/1"
	other := srv.URL + "/repos/o/other"
	get(t, c, issue)
	get(t, c, other)
	req := mustRequest(t, context.Background(), http.MethodPost, issue+"/comments", strings.NewReader(`{"body":"hi"}`))
	do(t, c, req)
	before := srv.hits()
	resp, _ := get(t, c, issue)
	if srv.hits() != before+1 || resp.Header.Get(HeaderFromCache) != "" {
		t.Fatal("the issue was served from the cache after a comment was posted to it")
	}
	if resp, _ := get(t, c, other); resp.Header.Get(HeaderFromCache) != FromCacheFresh {
		t.Fatal("an unrelated entry was dropped")
	}
}

func TestNonGETIsNeverCached(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Etag", `"x"`)
		fmt.Fprint(w, `{"data":{}}`)
	})
	dir := t.TempDir()
	c := client(t, srv, newClock(), Options{CacheDir: dir, CacheTTL: time.Hour})
	for range 2 {
		do(t, c, mustRequest(t, context.Background(), http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{viewer{login}}"}`)))
	}
	if srv.hits() != 2 || len(entryFiles(t, dir)) != 0 {
		t.Fatalf("POST cached: %d requests, %d entries", srv.hits(), len(entryFiles(t, dir)))
	}
}

func TestCacheModes(t *testing.T) {
	ex := repoExchange(t)
	srv := etagServer(t, ex)
	dir := t.TempDir()
	c := client(t, srv, newClock(), Options{CacheDir: dir, CacheTTL: time.Hour})
	url := srv.URL + ex.Path
	get(t, c, url)

	refresh := mustRequest(t, WithCacheMode(context.Background(), CacheRevalidate), http.MethodGet, url, nil)
	resp, body := do(t, c, refresh)
	if srv.hits() != 2 || srv.last().Header.Get("If-None-Match") == "" || resp.Header.Get(HeaderFromCache) != FromCacheRevalidated || body != string(ex.Body) {
		t.Fatalf("refresh: %d requests, marked %q", srv.hits(), resp.Header.Get(HeaderFromCache))
	}

	bypass := mustRequest(t, WithCacheMode(context.Background(), CacheBypass), http.MethodGet, url, nil)
	resp, _ = do(t, c, bypass)
	if srv.hits() != 3 || srv.last().Header.Get("If-None-Match") != "" || resp.Header.Get(HeaderFromCache) != "" {
		t.Fatalf("bypass: %d requests, If-None-Match %q", srv.hits(), srv.last().Header.Get("If-None-Match"))
	}

	noCache := mustRequest(t, context.Background(), http.MethodGet, url, nil)
	noCache.Header.Set("Cache-Control", "no-cache")
	do(t, c, noCache)
	if srv.hits() != 4 || srv.last().Header.Get("If-None-Match") == "" {
		t.Fatal("Cache-Control: no-cache on the request did not revalidate")
	}
}

func TestCallerConditionalPassesThrough(t *testing.T) {
	ex := repoExchange(t)
	srv := etagServer(t, ex)
	c := client(t, srv, newClock(), Options{CacheDir: t.TempDir(), CacheTTL: time.Hour})
	req := mustRequest(t, context.Background(), http.MethodGet, srv.URL+ex.Path, nil)
	req.Header.Set("If-None-Match", ex.Header.Get("Etag"))
	resp, _ := do(t, c, req)
	if resp.StatusCode != http.StatusNotModified {
		t.Fatalf("caller's own conditional request answered %d", resp.StatusCode)
	}
}

func TestPaginationLinkAndHEADAreKept(t *testing.T) {
	link := `<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last"`
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", link)
		w.Header().Set("Etag", `"p1"`)
		fmt.Fprint(w, `[]`)
	})
	c := client(t, srv, newClock(), Options{CacheDir: t.TempDir(), CacheTTL: time.Hour})
	get(t, c, srv.URL+"/repos/o/r/issues?per_page=30")
	resp, _ := get(t, c, srv.URL+"/repos/o/r/issues?per_page=30")
	if resp.Header.Get("Link") != link || resp.Header.Get(HeaderFromCache) != FromCacheFresh {
		t.Fatalf("link header lost: %q", resp.Header.Get("Link"))
	}
	if _, _ = get(t, c, srv.URL+"/repos/o/r/issues?per_page=30&page=2"); srv.hits() != 2 {
		t.Fatal("another page was served from the first page's entry")
	}
	head := mustRequest(t, context.Background(), http.MethodHead, srv.URL+"/repos/o/r", nil)
	do(t, c, head)
	resp, body := do(t, c, mustRequest(t, context.Background(), http.MethodHead, srv.URL+"/repos/o/r", nil))
	if resp.Header.Get(HeaderFromCache) != FromCacheFresh || body != "" {
		t.Fatalf("HEAD: marked %q body %q", resp.Header.Get(HeaderFromCache), body)
	}
}

func TestClearRemovesOnlyCacheEntries(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{}`) })
	dir := t.TempDir()
	c := client(t, srv, newClock(), Options{CacheDir: dir, CacheTTL: time.Hour})
	get(t, c, srv.URL+"/a")
	get(t, c, srv.URL+"/b/c")
	keep := filepath.Join(dir, "notes.txt")
	keepDir := filepath.Join(dir, "keep")
	if err := os.WriteFile(keep, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(keepDir, 0o700); err != nil {
		t.Fatal(err)
	}

	usage, err := Usage(dir)
	if err != nil || usage.Entries != 2 || usage.Bytes == 0 {
		t.Fatalf("Usage = %+v, %v", usage, err)
	}
	st, err := Clear(dir)
	if err != nil || st.Entries != 2 || st.Bytes != usage.Bytes {
		t.Fatalf("Clear = %+v, %v", st, err)
	}
	if len(entryFiles(t, dir)) != 0 {
		t.Fatal("entries left after Clear")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatal("Clear removed a file that is not an entry")
	}
	if _, err := os.Stat(keepDir); err != nil {
		t.Fatal("Clear removed a folder that is not the cache's")
	}
	if st, err := Clear(filepath.Join(dir, "missing")); err != nil || st.Entries != 0 {
		t.Fatalf("Clear of a missing folder: %+v %v", st, err)
	}
	get(t, c, srv.URL+"/a")
	if srv.hits() != 3 {
		t.Fatal("a cleared entry was served")
	}
}
