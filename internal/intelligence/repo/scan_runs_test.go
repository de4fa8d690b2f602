package repo

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

func TestFolderRuns(t *testing.T) {
	paths := []string{"a.go", "b.go", "x/a.go", "x/b.go", "x/c.go", "x/y/a.go", "xy/a.go", "z.go"}
	if got, want := folderRuns(paths, 2), []int{0, 2, 4, 5, 6, 7, 8}; !reflect.DeepEqual(got, want) {
		t.Errorf("runs of 2: %v, want %v", got, want)
	}
	if got, want := folderRuns(paths, 32), []int{0, 2, 5, 6, 7, 8}; !reflect.DeepEqual(got, want) {
		t.Errorf("runs of 32: %v, want %v", got, want)
	}
	if got, want := folderRuns(nil, 32), []int{0}; !reflect.DeepEqual(got, want) {
		t.Errorf("no paths: %v, want %v", got, want)
	}
}

func TestFolderCache(t *testing.T) {
	base := t.TempDir()
	top := filepath.Join(base, "top")
	for _, f := range []string{"g", "a/f", "a/b/c/f", "a/b/f", "a/x/f", "ab/f"} {
		writeFile(t, filepath.Join(top, f), "content of "+f)
	}
	writeFile(t, filepath.Join(base, "outside/f"), "outside")
	if err := os.Symlink("a/b", filepath.Join(top, "in")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../outside", filepath.Join(top, "out")); err != nil {
		t.Fatal(err)
	}
	root, err := safefile.OpenRoot(top)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	c := &folderCache{top: root}
	defer c.close()
	for _, tc := range []struct {
		rel, want string
		depth     int // folders open after the call
	}{
		{"a/b/c/f", "content of a/b/c/f", 3},
		{"a/b/f", "content of a/b/f", 2},
		{"a/x/f", "content of a/x/f", 2},
		{"ab/f", "content of ab/f", 1},
		{"g", "content of g", 1},
		{"a/f", "content of a/f", 1},
		{"in/f", "content of a/b/f", 1},
		{"out/f", "", 0},
	} {
		dir, name := c.get(tc.rel)
		got, err := dir.ReadFile(name, 1<<20)
		if string(got) != tc.want || (tc.want == "" && !errors.Is(err, safefile.ErrOutside)) {
			t.Errorf("%s: %q, %v; want %q", tc.rel, got, err, tc.want)
		}
		if len(c.open) != tc.depth || len(c.names) != tc.depth {
			t.Errorf("%s: %d folders open %v, want %d", tc.rel, len(c.open), c.names, tc.depth)
		}
	}
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
