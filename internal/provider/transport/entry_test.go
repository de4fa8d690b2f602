package transport

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The crash test runs the test binary again as a child that is killed
// (os.Exit, no deferred code, no cleanup) inside an entry write, after the
// temporary file is written and synced and before it is renamed.
const (
	crashDirEnv = "OSSDEV_TEST_CRASH_CACHE_DIR"
	crashURLEnv = "OSSDEV_TEST_CRASH_URL"
	crashExit   = 3
)

// TestCrashHelperProcess is the child; it does nothing in a normal run.
func TestCrashHelperProcess(t *testing.T) {
	dir, url := os.Getenv(crashDirEnv), os.Getenv(crashURLEnv)
	if dir == "" {
		t.Skip("helper for TestCrashMidWriteNeverLeavesATornEntry")
	}
	c := &http.Client{Transport: &Cache{
		Dir: dir, TTL: time.Hour, Next: http.DefaultTransport,
		beforeRename: func(tmp string) error { os.Exit(crashExit); return nil },
	}}
	ctx := WithCacheMode(context.Background(), CacheRevalidate)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Accept", "application/vnd.github.v3+json")
	resp, err := c.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	os.Exit(0) // the hook never ran: the parent reports it
}

func runCrashingWriter(t *testing.T, dir, url string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashURLEnv+"="+url)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != crashExit {
		t.Fatalf("child did not die inside the write (err %v): %s", err, out)
	}
}

func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), tempPrefix) {
			out = append(out, path)
		}
		return nil
	})
	return out
}

func TestCrashMidWriteNeverLeavesATornEntry(t *testing.T) {
	var version atomic.Value
	version.Store("v1")
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		v := version.Load().(string)
		w.Header().Set("Etag", `"`+v+`"`)
		w.Write([]byte(`{"version":"` + v + `"}`))
	})
	url := srv.URL + "/repos/o/r/issues/1"

	t.Run("first write", func(t *testing.T) {
		dir := t.TempDir()
		runCrashingWriter(t, dir, url)
		if files := entryFiles(t, dir); len(files) != 0 {
			t.Fatalf("a crash before rename left an entry under its final name: %v", files)
		}
		tmps := tempFiles(t, dir)
		if len(tmps) != 1 {
			t.Fatalf("want the abandoned temporary file, found %v", tmps)
		}
		// The temporary file is whole (it was synced); only its name keeps
		// it from being read.
		if _, err := decodeEntry(mustRead(t, tmps[0]), ""); err == nil {
			t.Fatal("decoding with the wrong key succeeded")
		}
		before := srv.hits()
		c := client(t, srv, nil, Options{CacheDir: dir, CacheTTL: time.Hour})
		resp, body := get(t, c, url)
		if srv.hits() != before+1 || resp.Header.Get(HeaderFromCache) != "" || body != `{"version":"v1"}` {
			t.Fatalf("after the crash: %d requests, marked %q, body %s", srv.hits()-before, resp.Header.Get(HeaderFromCache), body)
		}
		if u, _ := Usage(dir); u.Entries != 2 {
			t.Fatalf("Usage counts %d files, want the entry and the leftover", u.Entries)
		}
		if st, err := Clear(dir); err != nil || st.Entries != 2 || len(tempFiles(t, dir)) != 0 {
			t.Fatalf("Clear left temporary files: %+v %v", st, err)
		}
	})

	t.Run("overwrite", func(t *testing.T) {
		dir := t.TempDir()
		c := client(t, srv, nil, Options{CacheDir: dir, CacheTTL: time.Hour})
		get(t, c, url) // a good v1 entry
		version.Store("v2")
		runCrashingWriter(t, dir, url) // dies while replacing it with v2
		resp, body := get(t, c, url)
		if body != `{"version":"v1"}` || resp.Header.Get(HeaderFromCache) != FromCacheFresh {
			t.Fatalf("after a crash mid-overwrite: body %s, marked %q; want the old entry whole", body, resp.Header.Get(HeaderFromCache))
		}
		version.Store("v1")
	})
}

func TestFailedWriteLeavesNothing(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) })
	dir := t.TempDir()
	cache := &Cache{Dir: dir, TTL: time.Hour, Next: http.DefaultTransport,
		beforeRename: func(string) error { return errors.New("disk full") }}
	c := &http.Client{Transport: cache}
	resp, body := get(t, c, srv.URL+"/x")
	if resp.StatusCode != 200 || body != `{}` {
		t.Fatal("a failed cache write failed the request")
	}
	if len(entryFiles(t, dir)) != 0 || len(tempFiles(t, dir)) != 0 {
		t.Fatal("a failed write left files behind")
	}
}

func TestEntryRoundTrip(t *testing.T) {
	e := &entry{Key: strings.Repeat("ab", 32), StoredAt: time.Now().UnixNano(), Status: 200,
		Header: http.Header{"Etag": {`"x"`}, "Link": {`<u>; rel="next"`}}, Body: []byte(`{"a":1}`)}
	data, err := e.encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeEntry(data, e.Key)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != 200 || !bytes.Equal(got.Body, e.Body) || got.Header.Get("Link") != e.Header.Get("Link") || got.StoredAt != e.StoredAt {
		t.Fatalf("round trip changed the entry: %+v", got)
	}
	if _, err := decodeEntry(data, strings.Repeat("cd", 32)); err == nil {
		t.Fatal("entry decoded under another key")
	}
}

func FuzzDecodeEntry(f *testing.F) {
	key := strings.Repeat("0f", 32)
	good, _ := (&entry{Key: key, Status: 200, Header: http.Header{"Etag": {`"e"`}}, Body: []byte(`{"x":true}`)}).encode()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(entryMagic + "\x00\x00\x00\x02{}"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEntry(data, key)
		if err != nil {
			return
		}
		// Whatever decodes must survive its own round trip unchanged.
		again, err := e.encode()
		if err != nil {
			t.Fatal(err)
		}
		e2, err := decodeEntry(again, key)
		if err != nil || e2.Status != e.Status || !bytes.Equal(e2.Body, e.Body) {
			t.Fatalf("re-encoded entry differs: %v", err)
		}
	})
}
