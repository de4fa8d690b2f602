package rules

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/safefile/safefiletest"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestOriginReadsNoNamedPipe looks for the origin of a setup step in a
// repository whose go.mod became a named pipe after the commit: the
// search ends, as a read of the pipe would wait for a writer forever.
func TestOriginReadsNoNamedPipe(t *testing.T) {
	safefiletest.Supported(t)
	dir := sharedtest.GitRepo(t, map[string]string{"go.mod": "module x\n\ngo 1.22\n", "main.go": "package main\n"})
	if err := os.Remove(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	safefiletest.FIFO(t, dir, "go.mod")
	if _, err := Origin(context.Background(), dir, "go mod download"); err != nil {
		t.Fatal(err)
	}
}

// TestDigestOfNamedPipeIsEmpty: a defining file that is a named pipe
// cannot be pinned, and hashing it does not wait on it.
func TestDigestOfNamedPipeIsEmpty(t *testing.T) {
	safefiletest.Supported(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	safefiletest.FIFO(t, dir, "Makefile")
	o := OriginAt(dir, []repo.Location{{Path: "go.mod", Line: 1}, {Path: "Makefile", Line: 1}}, nil)
	if o.Digest != "" {
		t.Errorf("digest %q of a named pipe, want none", o.Digest)
	}
	if o := OriginAt(dir, []repo.Location{{Path: "go.mod", Line: 1}}, nil); o.Digest == "" {
		t.Error("no digest for a regular file")
	}
}
