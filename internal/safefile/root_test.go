//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/oss-dev/oss-dev/internal/safefile/safefiletest"
)

// hostileRepo builds a repository as an attacker would ship it, beside a
// folder of secrets it must not reach, and returns the repository.
func hostileRepo(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	repo := filepath.Join(base, "repo")
	for _, d := range []string{outside, repo, filepath.Join(repo, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "secret.txt"), "SECRET\n")
	write(filepath.Join(repo, "README.md"), "# hello\n")
	links := map[string]string{
		"CONTRIBUTING.md":     "/etc/passwd",
		"up.txt":              "../outside/secret.txt",
		"docs":                "../outside",
		"a":                   "b",
		"b":                   "sub/c",
		"sub/c":               "../../outside/secret.txt",
		"config.toml":         "/dev/zero",
		"inner.md":            "sub/../README.md",
		"absolute.md":         filepath.Join(repo, "README.md"),
		"\x1b]0;owned\x07.md": "/etc/passwd",
		"loop":                "loop",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(repo, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(repo, "package.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	return repo
}

func openHostile(t *testing.T) *Root {
	t.Helper()
	r, err := OpenRoot(hostileRepo(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestRootRefusesLinksOut(t *testing.T) {
	r := openHostile(t)
	cases := []struct {
		rel, link, target, message string
	}{
		{"CONTRIBUTING.md", "CONTRIBUTING.md", "/etc/passwd", "CONTRIBUTING.md is a symbolic link to /etc/passwd, outside the repository"},
		{"up.txt", "up.txt", "../outside/secret.txt", "up.txt is a symbolic link to ../outside/secret.txt, outside the repository"},
		{"docs/secret.txt", "docs", "../outside", "docs/secret.txt leads outside the repository: docs is a symbolic link to ../outside"},
		{"a", "sub/c", "../../outside/secret.txt", "a leads outside the repository: sub/c is a symbolic link to ../../outside/secret.txt"},
		{"config.toml", "config.toml", "/dev/zero", "config.toml is a symbolic link to /dev/zero, outside the repository"},
		{"absolute.md", "absolute.md", "", ""},
		{"../outside/secret.txt", "../outside/secret.txt", "", "../outside/secret.txt leads outside the repository"},
	}
	for _, c := range cases {
		data, err := r.ReadFile(c.rel, ConfigMax)
		if !errors.Is(err, ErrOutside) {
			t.Errorf("ReadFile(%s) = %q, %v; want ErrOutside", c.rel, data, err)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Link != c.link {
			t.Errorf("ReadFile(%s): link %q, want %q", c.rel, e.Link, c.link)
		}
		if c.message != "" && err.Error() != c.message {
			t.Errorf("ReadFile(%s): message %q, want %q", c.rel, err.Error(), c.message)
		}
		if _, err := r.Stat(c.rel); !errors.Is(err, ErrOutside) {
			t.Errorf("Stat(%s) = %v, want ErrOutside", c.rel, err)
		}
	}
}

func TestRootReadsInsideLinksAndRefusesSpecialFiles(t *testing.T) {
	r := openHostile(t)
	if got, err := r.ReadFile("inner.md", ConfigMax); err != nil || string(got) != "# hello\n" {
		t.Fatalf("ReadFile(inner.md) = %q, %v; want the README through the link", got, err)
	}
	if _, err := r.ReadFile("package.json", ConfigMax); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("ReadFile of a FIFO = %v, want ErrNotRegular", err)
	}
	if _, err := r.ReadFile("sub", ConfigMax); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("ReadFile of a folder = %v, want ErrNotRegular", err)
	}
	if _, err := r.ReadFile("loop", ConfigMax); err == nil || errors.Is(err, ErrOutside) {
		t.Fatalf("ReadFile of a link to itself = %v, want a plain error", err)
	}
	if _, err := r.ReadDir("docs"); !errors.Is(err, ErrOutside) {
		t.Fatalf("ReadDir of a link to a folder outside = %v, want ErrOutside", err)
	}
	if _, err := r.ReadFile("missing", ConfigMax); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("ReadFile of a missing file = %v, want ErrNotExist", err)
	}
}

func TestRootQuotesHostileNames(t *testing.T) {
	r := openHostile(t)
	_, err := r.ReadFile("\x1b]0;owned\x07.md", ConfigMax)
	if !errors.Is(err, ErrOutside) {
		t.Fatalf("err = %v, want ErrOutside", err)
	}
	if strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Fatalf("message carries raw control characters: %q", err.Error())
	}
}

func TestRootFS(t *testing.T) {
	r := openHostile(t)
	fsys := r.FS(ConfigMax)
	if _, err := fs.ReadFile(fsys, "CONTRIBUTING.md"); !errors.Is(err, ErrOutside) {
		t.Fatalf("fs.ReadFile through a link out = %v, want ErrOutside", err)
	}
	if _, err := fs.ReadFile(fsys, "package.json"); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("fs.ReadFile of a FIFO = %v, want ErrNotRegular", err)
	}
	if _, err := fsys.Open("package.json"); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("Open of a FIFO = %v, want ErrNotRegular", err)
	}
	plain := t.TempDir()
	if err := os.MkdirAll(filepath.Join(plain, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plain, "d", "f.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	pr, err := OpenRoot(plain)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	if err := fstest.TestFS(pr.FS(ConfigMax), "d/f.txt"); err != nil {
		t.Fatal(err)
	}
}

// TestWriteFileStaysInside writes through a Root where the file is a link
// out, where its folder is one, and where it is a named pipe: nothing
// outside changes, and the pipe is replaced without waiting on it.
func TestWriteFileStaysInside(t *testing.T) {
	safefiletest.Supported(t)
	dir := filepath.Join(t.TempDir(), "repo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := safefiletest.Outside(t, dir)
	safefiletest.Link(t, dir, "file", "../outside/secret.txt")
	safefiletest.Link(t, dir, "folder", "../outside")
	safefiletest.FIFO(t, dir, "pipe")
	r, err := OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.WriteFile("file", []byte("new\n"), 0o644); err != nil {
		t.Errorf("replacing a link: %v", err)
	}
	if err := r.WriteFile("folder/new.txt", []byte("new\n"), 0o644); !errors.Is(err, ErrOutside) {
		t.Errorf("writing through a folder link out: err = %v, want ErrOutside", err)
	}
	if err := r.WriteFile("pipe", []byte("new\n"), 0o644); err != nil {
		t.Errorf("replacing a named pipe: %v", err)
	}
	if err := r.WriteFile("a/b/c.txt", []byte("new\n"), 0o644); err != nil {
		t.Errorf("writing a new file in new folders: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "secret.txt")); string(b) != safefiletest.Secret+"\n" {
		t.Errorf("the file outside was changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(out, "new.txt")); err == nil {
		t.Error("a file was written outside")
	}
	for _, name := range []string{"file", "pipe", "a/b/c.txt"} {
		if b, err := r.ReadFile(name, 100); err != nil || string(b) != "new\n" {
			t.Errorf("%s: %q, %v", name, b, err)
		}
	}
}
