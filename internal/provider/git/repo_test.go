package git_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

var ctx = context.Background()

func TestNewRejectsWhatIsNotAWorkingTree(t *testing.T) {
	isolate(t)
	tmp := t.TempDir()
	run(t, tmp, "init", "--quiet", "--bare", "bare.git")

	tests := []struct {
		name, dir, want string
	}{
		{"plain directory", tmp, "not inside a git working tree"},
		{"missing directory", filepath.Join(tmp, "nope"), "not an existing directory"},
		{"bare repository", filepath.Join(tmp, "bare.git"), "not inside a git working tree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := git.New(tt.dir)
			wantCode(t, err, errcode.NotFound)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestNewWithoutGit(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	t.Setenv("PATH", t.TempDir())
	_, err := git.New(dir)
	wantCode(t, err, errcode.GitNotFound)
	var e *errcode.Error
	errors.As(err, &e)
	if !strings.Contains(e.Fix, "install git") {
		t.Errorf("fix %q does not say how to install git", e.Fix)
	}
	_, err = git.Clone(ctx, "x", dir, git.CloneOptions{})
	wantCode(t, err, errcode.GitNotFound)
}

func TestNewFindsTheTopLevel(t *testing.T) {
	f := newFixture(t)
	r, err := git.New(filepath.Join(f.dir, "src"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.EvalSymlinks(f.dir)
	got, _ := filepath.EvalSymlinks(r.Root())
	if got != want {
		t.Errorf("Root() = %q, want %q", got, want)
	}
}

func TestInheritedGitDirIsIgnored(t *testing.T) {
	f := newFixture(t)
	other := t.TempDir()
	run(t, other, "init", "--quiet")
	t.Setenv("GIT_DIR", filepath.Join(other, ".git"))
	t.Setenv("GIT_WORK_TREE", other)
	r, err := git.New(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	log, err := r.Log(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Subject != "initial commit" {
		t.Errorf("log = %+v, want the fixture's one commit", log)
	}
}

func TestBranchCreateAndCheckout(t *testing.T) {
	f := newFixture(t)
	r := f.repo
	if err := r.CreateBranch(ctx, "feature/fix-1", "main"); err != nil {
		t.Fatal(err)
	}
	if b, _ := r.CurrentBranch(ctx); b != "main" {
		t.Errorf("CreateBranch switched to %q; it must not check out", b)
	}
	if err := r.Checkout(ctx, "feature/fix-1"); err != nil {
		t.Fatal(err)
	}
	if b, err := r.CurrentBranch(ctx); err != nil || b != "feature/fix-1" {
		t.Errorf("CurrentBranch = %q, %v; want feature/fix-1", b, err)
	}
	// An empty base means HEAD.
	if err := r.CreateBranch(ctx, "from-head", ""); err != nil {
		t.Fatal(err)
	}
	branches, err := r.Branches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(branches, []string{"feature/fix-1", "from-head", "main"}) {
		t.Errorf("Branches = %q", branches)
	}
	// Existing branch: git's own refusal comes through.
	err = r.CreateBranch(ctx, "main", "main")
	wantCode(t, err, errcode.GitFailed)
	if !strings.Contains(err.Error(), "already exists") {
		t.Errorf("error %q does not say the branch exists", err)
	}
}

func TestBranchNamesAreValidated(t *testing.T) {
	f := newFixture(t)
	for _, name := range []string{"bad..name", "has space", "-dash", "ends.lock", "@{-1}", "a~1", "", "x:y"} {
		t.Run(name, func(t *testing.T) {
			err := f.repo.CreateBranch(ctx, name, "main")
			wantCode(t, err, errcode.InvalidInput)
		})
	}
}

func TestMissingBaseOrBranchListsBranches(t *testing.T) {
	f := newFixture(t)
	err := f.repo.CreateBranch(ctx, "topic", "no-such-base")
	wantCode(t, err, errcode.NotFound)
	if !strings.Contains(err.Error(), "main") || !strings.Contains(err.Error(), "origin/main") {
		t.Errorf("error %q does not list the branches", err)
	}
	err = f.repo.Checkout(ctx, "no-such-branch")
	wantCode(t, err, errcode.NotFound)
	if !strings.Contains(err.Error(), "branches: main, origin/main)") {
		t.Errorf("error %q does not list the branches (and only them)", err)
	}
}

func TestCheckoutRemoteOnlyBranchTracksIt(t *testing.T) {
	f := newFixture(t)
	run(t, f.dir, "push", "--quiet", "origin", "main:refs/heads/release")
	if err := f.repo.Fetch(ctx, "origin"); err != nil {
		t.Fatal(err)
	}
	if err := f.repo.Checkout(ctx, "release"); err != nil {
		t.Fatal(err)
	}
	st, err := f.repo.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Branch != "release" || st.Upstream != "origin/release" {
		t.Errorf("status = %+v, want release tracking origin/release", st)
	}
}

func TestCheckoutRefusesToLoseLocalChanges(t *testing.T) {
	f := newFixture(t)
	r := f.repo
	if err := r.CreateBranch(ctx, "other", ""); err != nil {
		t.Fatal(err)
	}
	if err := r.Checkout(ctx, "other"); err != nil {
		t.Fatal(err)
	}
	write(t, f.dir, "README.md", "# changed on other\n")
	if _, err := r.Commit(ctx, "change readme", []string{"README.md"}); err != nil {
		t.Fatal(err)
	}
	write(t, f.dir, "README.md", "# uncommitted\n")
	err := r.Checkout(ctx, "main")
	wantCode(t, err, errcode.GitFailed)
	if !strings.Contains(err.Error(), "would be overwritten") {
		t.Errorf("error %q does not carry git's reason", err)
	}
	got, _ := os.ReadFile(filepath.Join(f.dir, "README.md"))
	if string(got) != "# uncommitted\n" {
		t.Errorf("the uncommitted change was lost: %q", got)
	}
}

func TestCommitOnlyTheGivenFiles(t *testing.T) {
	f := newFixture(t)
	r := f.repo
	write(t, f.dir, "README.md", "# demo\n\nmore\n")
	write(t, f.dir, "src/a.go", "package src\n\nfunc A() int { return 2 }\n")
	// Something already staged that is not in the list stays staged.
	write(t, f.dir, "staged.txt", "staged\n")
	run(t, f.dir, "add", "staged.txt")

	sha, err := r.Commit(ctx, "docs: say more", []string{"README.md"})
	if err != nil {
		t.Fatal(err)
	}
	head, _ := r.HeadSHA(ctx)
	if sha != head || len(sha) != 40 {
		t.Errorf("Commit returned %q, HEAD is %q", sha, head)
	}
	if got := run(t, f.dir, "show", "--name-only", "--format=", "HEAD"); got != "README.md" {
		t.Errorf("commit holds %q, want only README.md", got)
	}
	st, err := r.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.FileStatus{
		{Path: "src/a.go", Index: ".", Worktree: "M", Kind: "ordinary"},
		{Path: "staged.txt", Index: "A", Worktree: ".", Kind: "ordinary"},
	}
	if !slices.Equal(st.Files, want) {
		t.Errorf("after commit, status files = %+v, want %+v", st.Files, want)
	}
}

func TestCommitNewAndDeletedFiles(t *testing.T) {
	f := newFixture(t)
	r := f.repo
	name := "new dir/ünïcödé file.txt"
	write(t, f.dir, name, "hello\n")
	if err := os.Remove(filepath.Join(f.dir, "src/a.go")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Commit(ctx, "add one, drop one", []string{name, "src/a.go"}); err != nil {
		t.Fatal(err)
	}
	files, err := r.LsFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(files, []string{"README.md", name}) {
		t.Errorf("tracked files = %q", files)
	}
	if dirty, _ := r.IsDirty(ctx); dirty {
		t.Error("tree is dirty after committing every change")
	}
}

func TestCommitEverythingStaged(t *testing.T) {
	f := newFixture(t)
	write(t, f.dir, "a.txt", "a\n")
	write(t, f.dir, "b.txt", "b\n")
	write(t, f.dir, "unstaged.txt", "u\n")
	run(t, f.dir, "add", "a.txt", "b.txt")
	if _, err := f.repo.Commit(ctx, "two files", nil); err != nil {
		t.Fatal(err)
	}
	if got := run(t, f.dir, "show", "--name-only", "--format=", "HEAD"); got != "a.txt\nb.txt" {
		t.Errorf("commit holds %q", got)
	}
}

func TestNothingToCommit(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name  string
		files []string
	}{
		{"nothing staged", nil},
		{"unchanged file", []string{"README.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.repo.Commit(ctx, "empty", tt.files)
			wantCode(t, err, errcode.GitFailed)
			if !errors.Is(err, git.ErrNothingToCommit) {
				t.Errorf("error %v does not wrap ErrNothingToCommit", err)
			}
		})
	}
	_, err := f.repo.Commit(ctx, "missing", []string{"no-such-file"})
	wantCode(t, err, errcode.NotFound)
	_, err = f.repo.Commit(ctx, "  \n", nil)
	wantCode(t, err, errcode.InvalidInput)
}

func TestCommitSignoff(t *testing.T) {
	f := newFixture(t)
	write(t, f.dir, "x.txt", "x\n")
	if _, err := f.repo.CommitSignedOff(ctx, "add x", []string{"x.txt"}); err != nil {
		t.Fatal(err)
	}
	log, err := f.repo.Log(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if log[0].Body != "Signed-off-by: Test User <test@example.com>" {
		t.Errorf("body = %q, want the sign-off", log[0].Body)
	}

	r, err := git.New(f.dir, git.WithSignoff(true))
	if err != nil {
		t.Fatal(err)
	}
	write(t, f.dir, "y.txt", "y\n")
	if _, err := r.Commit(ctx, "add y", []string{"y.txt"}); err != nil {
		t.Fatal(err)
	}
	if msg := run(t, f.dir, "log", "-1", "--format=%B"); !strings.Contains(msg, "Signed-off-by: Test User") {
		t.Errorf("WithSignoff commit message = %q", msg)
	}
}

func TestPushToFork(t *testing.T) {
	f := newFixture(t)
	r := f.repo
	if err := r.CreateBranch(ctx, "fix-typo", "main"); err != nil {
		t.Fatal(err)
	}
	if err := r.Checkout(ctx, "fix-typo"); err != nil {
		t.Fatal(err)
	}
	write(t, f.dir, "README.md", "# demo, fixed\n")
	sha, err := r.Commit(ctx, "fix typo", []string{"README.md"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Push(ctx, "fork", ""); err != nil {
		t.Fatal(err)
	}
	if got := run(t, f.fork, "rev-parse", "refs/heads/fix-typo"); got != sha {
		t.Errorf("fork has fix-typo at %q, want %q", got, sha)
	}
	st, err := r.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Upstream != "fork/fix-typo" || st.Ahead != 0 || st.Behind != 0 {
		t.Errorf("status after push = %+v, want upstream fork/fix-typo, even", st)
	}
	// Upstream itself is untouched.
	if _, err := git.New(f.dir); err != nil {
		t.Fatal(err)
	}
	if out := run(t, f.upstream, "branch", "--list", "fix-typo"); out != "" {
		t.Errorf("upstream got the branch too: %q", out)
	}
}

func TestRejectedPush(t *testing.T) {
	f := newFixture(t)
	f.pushFromElsewhere(t, "other.txt", "from elsewhere\n")
	write(t, f.dir, "mine.txt", "mine\n")
	if _, err := f.repo.Commit(ctx, "local work", []string{"mine.txt"}); err != nil {
		t.Fatal(err)
	}
	before := run(t, f.upstream, "rev-parse", "main")
	err := f.repo.Push(ctx, "origin", "main")
	wantCode(t, err, errcode.GitFailed)
	if !errors.Is(err, git.ErrPushRejected) {
		t.Errorf("error %v does not wrap ErrPushRejected", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "rejected") || !strings.Contains(msg, "fetch first") {
		t.Errorf("error %q does not carry git's reason", msg)
	}
	var e *errcode.Error
	errors.As(err, &e)
	if !strings.Contains(e.Fix, "pull --rebase") || !strings.Contains(e.Fix, "never force") {
		t.Errorf("fix %q", e.Fix)
	}
	if after := run(t, f.upstream, "rev-parse", "main"); after != before {
		t.Error("upstream main moved after a rejected push")
	}

	// After fetching, the branch has diverged: non-fast-forward.
	if err := f.repo.Fetch(ctx, "origin"); err != nil {
		t.Fatal(err)
	}
	err = f.repo.Push(ctx, "origin", "main")
	if !errors.Is(err, git.ErrPushRejected) || !strings.Contains(err.Error(), "non-fast-forward") {
		t.Errorf("diverged push error = %v", err)
	}
}

func TestPushRefusedByAHook(t *testing.T) {
	f := newFixture(t)
	must(t, os.WriteFile(filepath.Join(f.fork, "hooks", "pre-receive"), []byte("#!/bin/sh\necho no pushes here >&2\nexit 1\n"), 0o755))
	write(t, f.dir, "new.txt", "n")
	if _, err := f.repo.Commit(ctx, "new", []string{"new.txt"}); err != nil {
		t.Fatal(err)
	}
	err := f.repo.Push(ctx, "fork", "main")
	wantCode(t, err, errcode.GitFailed)
	if !errors.Is(err, git.ErrPushRejected) || !strings.Contains(err.Error(), "remote rejected: pre-receive hook declined") {
		t.Errorf("error = %v", err)
	}
	var e *errcode.Error
	errors.As(err, &e)
	if strings.Contains(e.Fix, "pull") {
		t.Errorf("fix %q suggests pulling for a refusal that pulling cannot fix", e.Fix)
	}
}

func TestMissingRemote(t *testing.T) {
	f := newFixture(t)
	checks := map[string]error{
		"push":           f.repo.Push(ctx, "nope", "main"),
		"fetch":          f.repo.Fetch(ctx, "nope"),
		"default branch": func() error { _, err := f.repo.DefaultBranch(ctx, "nope"); return err }(),
	}
	for name, err := range checks {
		t.Run(name, func(t *testing.T) {
			wantCode(t, err, errcode.NotFound)
			if !strings.Contains(err.Error(), "remotes: origin, fork") && !strings.Contains(err.Error(), "remotes: fork, origin") {
				t.Errorf("error %q does not list the remotes", err)
			}
		})
	}
	err := f.repo.Push(ctx, "origin", "no-such-branch")
	wantCode(t, err, errcode.NotFound)
	if !strings.Contains(err.Error(), "main") {
		t.Errorf("error %q does not list the branches", err)
	}
}

func TestRemotes(t *testing.T) {
	f := newFixture(t)
	remotes, err := f.repo.Remotes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Remote{
		{Name: "fork", FetchURL: f.fork, PushURL: f.fork},
		{Name: "origin", FetchURL: f.upstream, PushURL: f.upstream},
	}
	if !slices.Equal(remotes, want) {
		t.Errorf("Remotes = %+v, want %+v", remotes, want)
	}
	// Adding the same remote again is a no-op; another URL is refused
	// without showing credentials.
	if err := f.repo.AddRemote(ctx, "fork", f.fork); err != nil {
		t.Errorf("re-adding the same remote: %v", err)
	}
	err = f.repo.AddRemote(ctx, "fork", "https://someone:s3cr3t-token@example.com/x.git")
	wantCode(t, err, errcode.GitFailed)
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error leaks the credential: %q", err)
	}
	err = f.repo.AddRemote(ctx, "-x", "url")
	wantCode(t, err, errcode.InvalidInput)
}

func TestDetachedHead(t *testing.T) {
	f := newFixture(t)
	sha, err := f.repo.HeadSHA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.repo.Checkout(ctx, sha); err != nil {
		t.Fatal(err)
	}
	_, err = f.repo.CurrentBranch(ctx)
	wantCode(t, err, errcode.GitFailed)
	if !errors.Is(err, git.ErrDetachedHead) {
		t.Errorf("error %v does not wrap ErrDetachedHead", err)
	}
	if !strings.Contains(err.Error(), sha[:12]) {
		t.Errorf("error %q does not name the commit", err)
	}
	st, err := f.repo.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Detached || st.Branch != "" || st.Head != sha {
		t.Errorf("status = %+v, want detached at %s", st, sha)
	}
	if err := f.repo.Push(ctx, "fork", ""); !errors.Is(err, git.ErrDetachedHead) {
		t.Errorf("push from a detached HEAD: %v", err)
	}
}

func TestUnbornBranch(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	run(t, dir, "init", "--quiet")
	r, err := git.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := r.CurrentBranch(ctx); err != nil || b != "main" {
		t.Errorf("CurrentBranch = %q, %v", b, err)
	}
	log, err := r.Log(ctx, 5)
	if err != nil || len(log) != 0 {
		t.Errorf("Log = %v, %v; want empty", log, err)
	}
	_, err = r.HeadSHA(ctx)
	wantCode(t, err, errcode.NotFound)
	st, err := r.Status(ctx)
	if err != nil || st.Head != "" || st.Branch != "main" {
		t.Errorf("Status = %+v, %v", st, err)
	}
}
