package git_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// armedOrigin builds an "origin" repository whose files reach for the
// user's configured programs: .gitattributes names a filter driver, and a
// post-checkout hook sits where a relative core.hooksPath finds it. The
// user's global configuration (isolate's) defines that driver and that
// hooks path, as a git-lfs user's or a hook manager's does, and each
// program appends to the returned marker.
func armedOrigin(t *testing.T) (origin, marker string) {
	t.Helper()
	isolate(t)
	marker = filepath.Join(t.TempDir(), "ran")
	trap := filepath.Join(t.TempDir(), "trap")
	script := "#!/bin/sh\necho \"$0 $*\" >> '" + marker + "'\ncat\n"
	if err := os.WriteFile(trap, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	origin = sharedtest.GitRepo(t, map[string]string{
		"main.go":                 "package main\n",
		".gitattributes":          "* filter=trap\n",
		".githooks/post-checkout": script,
	})
	sharedtest.Git(t, origin, "update-index", "--chmod=+x", ".githooks/post-checkout")
	sharedtest.Git(t, origin, "commit", "-q", "-m", "hooks are executable")
	cfg := os.Getenv("GIT_CONFIG_GLOBAL")
	for _, kv := range [][2]string{
		{"core.hooksPath", ".githooks"}, {"filter.trap.smudge", trap}, {"filter.trap.clean", trap}, {"filter.trap.required", "true"},
	} {
		run(t, origin, "config", "--file", cfg, kv[0], kv[1])
	}
	return origin, marker
}

// TestArmedOriginRunsItsProgramsUnlessForeign is the control: a plain
// clone of the armed origin starts its programs, so the tests below would
// see them run.
func TestArmedOriginRunsItsProgramsUnlessForeign(t *testing.T) {
	origin, marker := armedOrigin(t)
	if _, err := git.Clone(ctx, "file://"+origin, filepath.Join(t.TempDir(), "clone"), git.CloneOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Fatal("a plain clone ran neither the filter nor the hook: the armed origin proves nothing")
	}
}

// TestForeignCloneAndSyncRunNothingOfTheRepository clones the armed
// origin as Foreign, adds a commit to the origin, and syncs: the new
// commit is checked out, the files are as stored, and nothing ran.
func TestForeignCloneAndSyncRunNothingOfTheRepository(t *testing.T) {
	origin, marker := armedOrigin(t)
	dir := filepath.Join(t.TempDir(), "clone")
	r, err := git.Clone(ctx, "file://"+origin, dir, git.CloneOptions{Depth: 5}, git.Foreign())
	if err != nil {
		t.Fatal(err)
	}
	sharedtest.NoTrapRan(t, marker, "a foreign clone")
	if b, err := os.ReadFile(filepath.Join(dir, "main.go")); err != nil || string(b) != "package main\n" {
		t.Fatalf("main.go after the clone: %q, %v", b, err)
	}
	write(t, origin, "tool.go", "package main\n\nfunc tool() {}\n")
	sharedtest.Git(t, origin, "add", "tool.go")
	sharedtest.Git(t, origin, "commit", "-q", "-m", "add a tool")
	if err := r.SyncToRemoteHead(ctx, "origin", 5); err != nil {
		t.Fatal(err)
	}
	sharedtest.NoTrapRan(t, marker, "a sync of a foreign clone")
	if got, want := run(t, dir, "rev-parse", "HEAD"), run(t, origin, "rev-parse", "HEAD"); got != want {
		t.Fatalf("HEAD %s after the sync, origin at %s", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "tool.go")); err != nil {
		t.Fatalf("the new commit's file is not checked out: %v", err)
	}
}

// TestForeignSyncNeverAsksForAPassword points a foreign clone at a server
// that wants a password, with an askpass program in the environment: the
// sync fails with GIT_FAILED and the program never runs.
func TestForeignSyncNeverAsksForAPassword(t *testing.T) {
	origin, marker := armedOrigin(t)
	noProxy(t)
	// An askpass program answers on its output and reads nothing.
	askpass := filepath.Join(t.TempDir(), "askpass")
	if err := os.WriteFile(askpass, []byte("#!/bin/sh\necho \"$0 $*\" >> '"+marker+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
		http.Error(w, "authentication required", http.StatusUnauthorized)
	}))
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "clone")
	if _, err := git.Clone(ctx, "file://"+origin, dir, git.CloneOptions{}, git.Foreign()); err != nil {
		t.Fatal(err)
	}
	run(t, dir, "remote", "set-url", "origin", srv.URL+"/owner/repo.git")
	t.Setenv("GIT_ASKPASS", askpass)
	t.Setenv("SSH_ASKPASS", askpass)
	r, err := git.New(dir, git.Foreign())
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, r.SyncToRemoteHead(ctx, "origin", 1), errcode.GitFailed)
	sharedtest.NoTrapRan(t, marker, "a sync that needed a password")
	// The same fetch outside Foreign asks the askpass program.
	plain, err := git.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, plain.Fetch(ctx, "origin"), errcode.GitFailed)
	if _, err := os.Stat(marker); err != nil {
		t.Fatal("a plain fetch did not ask the askpass program either: the test proves nothing")
	}
}

func TestSyncToRemoteHeadRefusesWhatCannotBe(t *testing.T) {
	f := newFixture(t)
	wantCode(t, f.repo.SyncToRemoteHead(ctx, "nowhere", 1), errcode.NotFound)
	wantCode(t, f.repo.SyncToRemoteHead(ctx, "origin", -1), errcode.InvalidInput)
	wantCode(t, f.repo.SyncToRemoteHead(ctx, "-origin", 1), errcode.InvalidInput)
}
