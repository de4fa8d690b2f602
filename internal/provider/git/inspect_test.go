package git_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

func TestStatusReportsEveryKindOfEntry(t *testing.T) {
	f := newFixture(t)
	d := f.dir
	for name, content := range map[string]string{
		"conflict.txt": "base\n", "with space.txt": "s\n", "staged.txt": "1\n",
		"old.txt": "rename me, with enough text to be similar\n", "gone.txt": "bye\n",
		"both.txt": "b\n", ".gitignore": "*.o\n",
	} {
		write(t, d, name, content)
	}
	run(t, d, "add", ".")
	run(t, d, "commit", "--quiet", "-m", "files for status")

	// A real conflicting merge leaves conflict.txt unmerged.
	run(t, d, "switch", "--quiet", "-c", "other")
	write(t, d, "conflict.txt", "theirs\n")
	run(t, d, "commit", "--quiet", "-am", "theirs")
	run(t, d, "switch", "--quiet", "main")
	write(t, d, "conflict.txt", "ours\n")
	run(t, d, "commit", "--quiet", "-am", "ours")
	if out, err := exec.Command("git", "-C", d, "merge", "other").CombinedOutput(); err == nil {
		t.Fatalf("the merge did not conflict: %s", out)
	}

	write(t, d, "with space.txt", "changed\n")       // modified, not staged
	write(t, d, "staged.txt", "2\n")                 // modified and staged
	run(t, d, "add", "staged.txt")                   //
	write(t, d, "both.txt", "staged\n")              // staged, then changed again
	run(t, d, "add", "both.txt")                     //
	write(t, d, "both.txt", "and again\n")           //
	run(t, d, "mv", "old.txt", "new\nname ✓.txt")    // renamed, with a newline in the name
	must(t, os.Remove(filepath.Join(d, "gone.txt"))) // deleted, not staged
	write(t, d, "ünïcödé dir/fresh file.txt", "n\n") // untracked, deep
	write(t, d, "added.txt", "a\n")                  // new and staged
	run(t, d, "add", "added.txt")
	write(t, d, "build.o", "binary\n") // ignored

	st, err := f.repo.StatusWith(ctx, git.StatusOptions{Ignored: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]model.FileStatus{
		"added.txt":                  {Index: "A", Worktree: ".", Kind: "ordinary"},
		"both.txt":                   {Index: "M", Worktree: "M", Kind: "ordinary"},
		"conflict.txt":               {Index: "U", Worktree: "U", Kind: "unmerged"},
		"gone.txt":                   {Index: ".", Worktree: "D", Kind: "ordinary"},
		"new\nname ✓.txt":            {OrigPath: "old.txt", Index: "R", Worktree: ".", Kind: "renamed", Score: 100},
		"staged.txt":                 {Index: "M", Worktree: ".", Kind: "ordinary"},
		"with space.txt":             {Index: ".", Worktree: "M", Kind: "ordinary"},
		"ünïcödé dir/fresh file.txt": {Index: "?", Worktree: "?", Kind: "untracked"},
		"build.o":                    {Index: "!", Worktree: "!", Kind: "ignored"},
	}
	got := map[string]model.FileStatus{}
	for _, fs := range st.Files {
		p := fs.Path
		fs.Path = ""
		got[p] = fs
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%q: got %+v, want %+v", p, got[p], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("status has %d entries, want %d: %+v", len(got), len(want), st.Files)
	}
	if st.Branch != "main" || st.Upstream != "origin/main" || st.Ahead != 2 || st.Behind != 0 {
		t.Errorf("branch part = %+v", st)
	}

	// Without the option ignored files are left out, and the tree is dirty.
	plain, err := f.repo.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Files) != len(want)-1 || plain.Clean() {
		t.Errorf("Status has %d files, want %d", len(plain.Files), len(want)-1)
	}
	if dirty, err := f.repo.IsDirty(ctx); err != nil || !dirty {
		t.Errorf("IsDirty = %v, %v", dirty, err)
	}
}

func TestAheadBehind(t *testing.T) {
	f := newFixture(t)
	for _, n := range []string{"one", "two"} {
		write(t, f.dir, n+".txt", n)
		if _, err := f.repo.Commit(ctx, "add "+n, []string{n + ".txt"}); err != nil {
			t.Fatal(err)
		}
	}
	f.pushFromElsewhere(t, "theirs.txt", "t")
	if err := f.repo.Fetch(ctx, "origin"); err != nil {
		t.Fatal(err)
	}
	st, err := f.repo.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Ahead != 2 || st.Behind != 1 || st.Upstream != "origin/main" || !st.Clean() {
		t.Errorf("status = %+v, want 2 ahead, 1 behind origin/main, clean", st)
	}
	if dirty, _ := f.repo.IsDirty(ctx); dirty {
		t.Error("IsDirty on a clean tree")
	}
}

func TestLogParsesOddSubjects(t *testing.T) {
	f := newFixture(t)
	subjects := []string{
		"record\x1eseparator and unit\x1fseparator",
		"-starts with a dash | pipes | %x00 %H literal",
		"tabs\tand \"quotes\" and 'apostrophes' and ünïcödé ✓",
		"fix: a subject\n\nwith a body\n\nof two paragraphs",
	}
	for i, s := range subjects {
		write(t, f.dir, "f.txt", strings.Repeat("x", i+1))
		if _, err := f.repo.Commit(ctx, s, []string{"f.txt"}); err != nil {
			t.Fatal(err)
		}
	}
	log, err := f.repo.Log(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 4 {
		t.Fatalf("got %d commits, want 4", len(log))
	}
	if log[0].Subject != "fix: a subject" || log[0].Body != "with a body\n\nof two paragraphs" {
		t.Errorf("newest = %q / %q", log[0].Subject, log[0].Body)
	}
	for i, want := range subjects[:3] {
		if got := log[3-i].Subject; got != want {
			t.Errorf("subject %d = %q, want %q", i, got, want)
		}
	}
	head, _ := f.repo.HeadSHA(ctx)
	c := log[0]
	if c.SHA != head || c.Author != "Test User" || c.AuthorEmail != "test@example.com" || time.Since(c.Date) > time.Hour {
		t.Errorf("newest commit = %+v", c)
	}
	all, err := f.repo.Log(ctx, 0)
	if err != nil || len(all) != 5 {
		t.Errorf("Log(0) = %d commits, %v; want 5", len(all), err)
	}
	_, err = f.repo.Log(ctx, -1)
	wantCode(t, err, errcode.InvalidInput)
}

func TestDiffAgainstBase(t *testing.T) {
	f := newFixture(t)
	r := f.repo
	if err := r.CreateBranch(ctx, "feature", "main"); err != nil {
		t.Fatal(err)
	}
	// main moves on after the branch forked; that must not show in its diff.
	write(t, f.dir, "README.md", "# demo\nmain moved\n")
	if _, err := r.Commit(ctx, "main moves", []string{"README.md"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Checkout(ctx, "feature"); err != nil {
		t.Fatal(err)
	}
	write(t, f.dir, "src/a.go", "package src\n\nfunc A() int { return 42 }\n")
	if _, err := r.Commit(ctx, "answer", []string{"src/a.go"}); err != nil {
		t.Fatal(err)
	}
	for _, head := range []string{"feature", ""} {
		d, err := r.Diff(ctx, "main", head)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d, "+func A() int { return 42 }") || strings.Contains(d, "main moved") {
			t.Errorf("Diff(main, %q) =\n%s", head, d)
		}
	}
	// Uncommitted work shows against the working tree only.
	write(t, f.dir, "README.md", "# demo\nwork in progress\n")
	d, err := r.Diff(ctx, "main", "")
	if err != nil || !strings.Contains(d, "+work in progress") {
		t.Errorf("working-tree diff = %q, %v", d, err)
	}
	d, err = r.Diff(ctx, "", "")
	if err != nil || !strings.Contains(d, "+work in progress") || strings.Contains(d, "return 42") {
		t.Errorf("diff against HEAD = %q, %v", d, err)
	}
	_, err = r.Diff(ctx, "nope", "")
	wantCode(t, err, errcode.NotFound)

	changed, err := r.ChangedFiles(ctx, "main")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []model.ChangedFile{{Path: "src/a.go", Status: "M"}}) {
		t.Errorf("ChangedFiles = %+v", changed)
	}
	if has, err := r.HasChanges(ctx, "main"); err != nil || !has {
		t.Errorf("HasChanges(main) = %v, %v", has, err)
	}
	if has, err := r.HasChanges(ctx, "feature"); err != nil || has {
		t.Errorf("HasChanges(feature) on feature = %v, %v", has, err)
	}
	run(t, f.dir, "mv", "README.md", "docs.md")
	run(t, f.dir, "commit", "--quiet", "-m", "rename")
	changed, _ = r.ChangedFiles(ctx, "main")
	wantChanged := []model.ChangedFile{{Path: "docs.md", OrigPath: "README.md", Status: "R"}, {Path: "src/a.go", Status: "M"}}
	if !slices.Equal(changed, wantChanged) {
		t.Errorf("ChangedFiles after a rename = %+v", changed)
	}
}

func TestCloneShallowAndBranch(t *testing.T) {
	f := newFixture(t)
	f.pushFromElsewhere(t, "second.txt", "2")
	dir := filepath.Join(t.TempDir(), "shallow")
	r, err := git.Clone(ctx, "file://"+f.upstream, dir, git.CloneOptions{Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := run(t, dir, "rev-parse", "--is-shallow-repository"); got != "true" {
		t.Errorf("is shallow = %q", got)
	}
	log, err := r.Log(ctx, 0)
	if err != nil || len(log) != 1 {
		t.Errorf("shallow log = %d commits, %v; want 1", len(log), err)
	}

	run(t, f.dir, "push", "--quiet", "origin", "main:refs/heads/release")
	dir2 := filepath.Join(t.TempDir(), "release")
	r2, err := git.Clone(ctx, f.upstream, dir2, git.CloneOptions{Branch: "release"})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := r2.CurrentBranch(ctx); b != "release" {
		t.Errorf("cloned branch = %q", b)
	}

	_, err = git.Clone(ctx, f.upstream, dir2, git.CloneOptions{})
	wantCode(t, err, errcode.GitFailed)
	if _, err := os.Stat(filepath.Join(dir2, "README.md")); err != nil {
		t.Error("a failed clone into an existing clone removed its files")
	}
	missing := filepath.Join(t.TempDir(), "never")
	_, err = git.Clone(ctx, filepath.Join(t.TempDir(), "no-such-repo"), missing, git.CloneOptions{})
	wantCode(t, err, errcode.GitFailed)
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed clone left %s behind", missing)
	}
	_, err = git.Clone(ctx, f.upstream, missing, git.CloneOptions{Depth: -1})
	wantCode(t, err, errcode.InvalidInput)
}

func TestDefaultBranch(t *testing.T) {
	f := newFixture(t)
	// origin's HEAD was recorded by the clone.
	if b, err := f.repo.DefaultBranch(ctx, "origin"); err != nil || b != "main" {
		t.Errorf("DefaultBranch(origin) = %q, %v", b, err)
	}
	// The fork was only added: its default comes from the remote itself.
	run(t, f.fork, "branch", "trunk", "main")
	run(t, f.fork, "symbolic-ref", "HEAD", "refs/heads/trunk")
	if b, err := f.repo.DefaultBranch(ctx, "fork"); err != nil || b != "trunk" {
		t.Errorf("DefaultBranch(fork) = %q, %v", b, err)
	}
	// Without asking the remote, only what a clone recorded is known.
	if b, err := f.repo.LocalDefaultBranch(ctx, "origin"); err != nil || b != "main" {
		t.Errorf("LocalDefaultBranch(origin) = %q, %v", b, err)
	}
	run(t, f.dir, "remote", "add", "unreachable", "https://127.0.0.1:1/none.git")
	if b, err := f.repo.LocalDefaultBranch(ctx, "unreachable"); err != nil || b != "" {
		t.Errorf("LocalDefaultBranch(unreachable) = %q, %v; it must not ask the remote", b, err)
	}
}

func TestGrepAndFileHistory(t *testing.T) {
	f := newFixture(t)
	write(t, f.dir, "docs/odd name.md", "TODO: write docs\nnothing here\nanother TODO\n")
	write(t, f.dir, "blob.bin", "TODO\x00binary")
	if _, err := f.repo.Commit(ctx, "docs", []string{"docs/odd name.md", "blob.bin"}); err != nil {
		t.Fatal(err)
	}
	alice, err := git.New(f.dir, git.WithEnv("GIT_AUTHOR_NAME=Alice", "GIT_AUTHOR_EMAIL=alice@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, f.dir, "src/a.go", "package src\n\n// TODO(alice): more\nfunc A() int { return 3 }\n")
	if _, err := alice.Commit(ctx, "alice edits a.go", []string{"src/a.go"}); err != nil {
		t.Fatal(err)
	}

	matches, err := f.repo.Grep(ctx, "TODO")
	if err != nil {
		t.Fatal(err)
	}
	want := []model.GrepMatch{
		{Path: "docs/odd name.md", Line: 1, Text: "TODO: write docs"},
		{Path: "docs/odd name.md", Line: 3, Text: "another TODO"},
		{Path: "src/a.go", Line: 3, Text: "// TODO(alice): more"},
	}
	if !slices.Equal(matches, want) {
		t.Errorf("Grep = %+v", matches)
	}
	matches, err = f.repo.Grep(ctx, "TODO\\(", "src")
	if err != nil || len(matches) != 1 {
		t.Errorf("Grep in src = %+v, %v", matches, err)
	}
	if m, err := f.repo.Grep(ctx, "no such text"); err != nil || len(m) != 0 {
		t.Errorf("Grep with no match = %+v, %v", m, err)
	}
	_, err = f.repo.Grep(ctx, "(unclosed")
	wantCode(t, err, errcode.InvalidInput)

	hist, err := f.repo.LogFile(ctx, "src/a.go", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Author != "Alice" || hist[0].AuthorEmail != "alice@example.com" || hist[1].Subject != "initial commit" {
		t.Errorf("LogFile = %+v", hist)
	}
	run(t, f.dir, "mv", "src/a.go", "src/renamed.go")
	run(t, f.dir, "commit", "--quiet", "-m", "rename a.go")
	hist, err = f.repo.LogFile(ctx, "src/renamed.go", 0)
	if err != nil || len(hist) != 3 {
		t.Errorf("LogFile across a rename = %d commits, %v; want 3", len(hist), err)
	}
}

func TestConfigValueAndLsFiles(t *testing.T) {
	f := newFixture(t)
	if v, err := f.repo.ConfigValue(ctx, "user.email"); err != nil || v != "test@example.com" {
		t.Errorf("user.email = %q, %v", v, err)
	}
	_, err := f.repo.ConfigValue(ctx, "oss-dev.unset")
	wantCode(t, err, errcode.NotFound)
	_, err = f.repo.ConfigValue(ctx, "nosection")
	wantCode(t, err, errcode.InvalidInput)
	files, err := f.repo.LsFiles(ctx)
	if err != nil || !slices.Equal(files, []string{"README.md", "src/a.go"}) {
		t.Errorf("LsFiles = %q, %v", files, err)
	}
}

func TestCancellationStopsALongCommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the hook is a shell script")
	}
	f := newFixture(t)
	hook := filepath.Join(f.dir, ".git", "hooks", "pre-commit")
	must(t, os.WriteFile(hook, []byte("#!/bin/sh\nsleep 5\n"), 0o755))
	write(t, f.dir, "slow.txt", "s")

	c, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err := f.repo.Commit(c, "slow", []string{"slow.txt"})
	wantCode(t, err, errcode.Canceled)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("error = %v", err)
	}
	if log, _ := f.repo.Log(ctx, 0); len(log) != 1 {
		t.Errorf("a cancelled commit landed: %d commits", len(log))
	}

	done, stop := context.WithCancel(ctx)
	stop()
	_, err = f.repo.Status(done)
	wantCode(t, err, errcode.Canceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v", err)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
