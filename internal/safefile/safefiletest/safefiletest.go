// Package safefiletest builds the parts of an attacker's repository that
// tests of repository readers share: symbolic links that leave it, special
// files named like manifests, and a secret beside it that must never be
// read.
package safefiletest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Secret is the content of the file Outside writes; no output of a
// reader may contain it.
const Secret = "SECRET-BESIDE-THE-REPOSITORY"

// Supported skips the test where the file system cannot hold the
// attacker's files (Windows, where links need privileges and FIFOs do not
// exist).
func Supported(tb testing.TB) {
	tb.Helper()
	if runtime.GOOS == "windows" {
		tb.Skip("symbolic links and FIFOs need a Unix file system")
	}
}

// Outside writes a folder named "outside" beside repo holding secret.txt,
// and returns that folder. Links to ../outside/secret.txt then leave repo.
func Outside(tb testing.TB, repo string) string {
	tb.Helper()
	dir := filepath.Join(filepath.Dir(repo), "outside")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(Secret+"\n"), 0o600); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Link makes repo/name a symbolic link to target, creating its folder.
func Link(tb testing.TB, repo, name, target string) {
	tb.Helper()
	Supported(tb)
	p := filepath.Join(repo, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		tb.Fatal(err)
	}
}

// FIFO makes repo/name a named pipe with no writer: a reader that opens it
// the ordinary way blocks for ever.
func FIFO(tb testing.TB, repo, name string) {
	tb.Helper()
	Supported(tb)
	p := filepath.Join(repo, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := mkfifo(p); err != nil {
		tb.Fatal(err)
	}
}
