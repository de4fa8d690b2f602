package git_test

import (
	"context"
	"os/exec"
	"testing"

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
