package workspace

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
)

func TestUsageAndClear(t *testing.T) {
	dir := t.TempDir()
	ws := New(config.ResolveDirs([]string{"XDG_CACHE_HOME=" + dir}))
	dir = filepath.Join(dir, "oss-dev")
	clone := filepath.Join(dir, "repos", "github.com", "octo", "demo")
	if err := os.MkdirAll(clone, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(clone, "README.md"), []byte("hello"), 0o644)
	mine := filepath.Join(dir, "not-ours.txt")
	os.WriteFile(mine, []byte("keep"), 0o644)

	parts, err := ws.Usage()
	if err != nil {
		t.Fatal(err)
	}
	if parts[1].Name != "repos" || parts[1].Entries != 1 || parts[1].Bytes != 5 {
		t.Fatalf("usage %+v", parts)
	}
	if _, err := ws.Clear(false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(clone); err != nil {
		t.Fatalf("clear without --repos removed the clones: %v", err)
	}
	if _, err := ws.Clear(true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(clone); !os.IsNotExist(err) {
		t.Fatalf("clones still there: %v", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Fatalf("clear removed a file that is not a cache: %v", err)
	}
	missing := New(config.ResolveDirs([]string{"XDG_CACHE_HOME=" + filepath.Join(dir, "missing")}))
	if parts, err := missing.Usage(); err != nil || parts[0].Entries != 0 {
		t.Fatalf("a missing cache is empty: %+v %v", parts, err)
	}
}

func TestNoCacheFolder(t *testing.T) {
	ws := New(config.ResolveDirs([]string{"PATH=/bin"}))
	if _, err := ws.Usage(); err == nil {
		t.Fatal("Usage without a home folder succeeded")
	}
}
