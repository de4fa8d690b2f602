package git_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func trappedRepo(t *testing.T) (dir, marker string) {
	t.Helper()
	isolate(t)
	dir = sharedtest.GitRepo(t, map[string]string{"main.go": "package main\n\nfunc Hello() {}\n"})
	return dir, sharedtest.GitTraps(t, dir)
}

// TestReadingRunsNoProgramOfTheRepository reads a repository whose git
// configuration tries to run a program on every read: none runs.
func TestReadingRunsNoProgramOfTheRepository(t *testing.T) {
	dir, marker := trappedRepo(t)
	ctx := context.Background()
	r, err := git.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	reads := map[string]func() error{
		"ls-files": func() error { _, err := r.LsFiles(ctx); return err },
		"grep":     func() error { _, err := r.Grep(ctx, "Hello"); return err },
		"log":      func() error { _, err := r.Log(ctx, 5); return err },
		"log file": func() error { _, err := r.LogFile(ctx, "main.go", 5); return err },
		"status":   func() error { _, err := r.Status(ctx); return err },
		"dirty":    func() error { _, err := r.IsDirty(ctx); return err },
		"diff":     func() error { _, err := r.Diff(ctx, "", ""); return err },
	}
	for name, read := range reads {
		if err := read(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		sharedtest.NoTrapRan(t, marker, name)
	}
}

// TestEnvRunsNoProgramOfTheRepository: a git started elsewhere with Env
// is as inert as the Repo's own.
func TestEnvRunsNoProgramOfTheRepository(t *testing.T) {
	dir, marker := trappedRepo(t)
	for _, args := range [][]string{{"ls-files", "-z"}, {"grep", "-n", "Hello"}, {"log", "-L", "3,3:main.go", "--no-patch"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = git.Env()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("git %v: %v\n%s", args, err, out)
		}
		sharedtest.NoTrapRan(t, marker, "git "+args[0])
	}
}

// TestGitOnRelativePathIsRefusedAndSaidSo: with "." on PATH, a git in the
// current folder (a repository can ship one) is not run, and the error
// says why instead of claiming that git is not installed.
func TestGitOnRelativePathIsRefusedAndSaidSo(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "git"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	t.Setenv("PATH", ".")
	_, err := git.New(dir)
	if !errcode.HasCode(err, errcode.GitNotFound) || !strings.Contains(err.Error(), "relative") {
		t.Fatalf("err = %v, want GIT_NOT_FOUND saying the git found was on a relative PATH folder", err)
	}
}
