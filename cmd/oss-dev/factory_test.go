package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
)

// The configuration is read once per repository, whichever folder of it
// asks, so a service given LoadConfig never rereads what the command read.
func TestConfigIsReadOncePerRepository(t *testing.T) {
	repo := t.TempDir()
	sub := filepath.Join(repo, "a", "b")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	var read []string
	load := configCache(func(dir string) (*config.Loaded, error) {
		read = append(read, dir)
		return &config.Loaded{}, nil
	})
	first, _ := load(repo)
	again, _ := load(sub)
	if first != again || len(read) != 1 {
		t.Fatalf("the repository's configuration was read %d times (%v)", len(read), read)
	}
	elsewhere := t.TempDir()
	if other, _ := load(elsewhere); other == first || len(read) != 2 {
		t.Fatalf("another folder shared the repository's configuration: reads %v", read)
	}
}
