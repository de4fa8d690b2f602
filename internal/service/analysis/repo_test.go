package analysis

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func TestParseRepoTarget(t *testing.T) {
	wd := t.TempDir()
	if err := os.MkdirAll(filepath.Join(wd, "owner", "repo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wd, "file.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		arg                     string
		local, url, host, owner string
		name                    string
		code                    errcode.Code
	}{
		{arg: "", local: wd},
		{arg: "owner/repo", local: filepath.Join(wd, "owner", "repo")}, // an existing folder wins
		{arg: "cli/cli", url: "https://github.com/cli/cli.git", host: "github.com", owner: "cli", name: "cli"},
		{arg: "https://gitlab.com/a/b.git", url: "https://gitlab.com/a/b.git", host: "gitlab.com", owner: "a", name: "b"},
		{arg: "git@github.com:a/b.git", url: "git@github.com:a/b.git", host: "github.com", owner: "a", name: "b"},
		{arg: "https://user:pw@github.com/a/b", code: errcode.InvalidReference},
		{arg: "https://github.com/a", code: errcode.InvalidReference},
		{arg: "https://github.com/../b", code: errcode.InvalidReference},
		{arg: "file.txt", code: errcode.InvalidInput},
		{arg: "no-such-thing", code: errcode.InvalidReference},
		// a name that is a folder step would put the clone in its owner's
		// folder or above it in the cache
		{arg: "a/.", code: errcode.InvalidReference},
		{arg: "a/..git", code: errcode.InvalidReference},
		{arg: "https://github.com/a/..git", code: errcode.InvalidReference},
		{arg: "file:///x/..", code: errcode.InvalidReference},
		{arg: "file:///", code: errcode.InvalidReference},
	}
	for _, tt := range tests {
		got, err := ParseRepoTarget(tt.arg, wd)
		if tt.code != "" {
			if !errcode.HasCode(err, tt.code) {
				t.Errorf("%q: err %v, want %s", tt.arg, err, tt.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.arg, err)
			continue
		}
		if got.Local != tt.local || got.URL != tt.url || got.Host != tt.host || got.Owner != tt.owner || got.Name != tt.name {
			t.Errorf("%q: %+v", tt.arg, got)
		}
	}
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@x", "GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@x",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// TestRemoteCloneThenUpdate clones an "origin" into the cache, analyses
// it, then sees a new origin commit on the second run, which updates the
// cached clone through the git provider.
func TestRemoteCloneThenUpdate(t *testing.T) {
	origin := sharedtest.GitRepo(t, map[string]string{"main.go": "package main\n\nfunc main() {}\n"}, "cmd: first")
	target, err := ParseRepoTarget("file://"+origin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := &RepoService{ReposDir: t.TempDir(), OpenRepo: openGit, Clone: gitClone, OpenClone: openClone}
	var steps []string
	svc.Progress = func(step string) { steps = append(steps, step) }
	r, err := svc.AnalyzeRepo(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if r.PrimaryLanguage != "Go" || r.Root != svc.ClonePath(target) || r.Repository == "" {
		t.Fatalf("first run: primary %q root %q repository %q", r.PrimaryLanguage, r.Root, r.Repository)
	}
	if err := os.WriteFile(filepath.Join(origin, "tool.py"), []byte(stringsRepeat("x = 1\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	sharedtest.Git(t, origin, "add", "-A")
	sharedtest.Git(t, origin, "commit", "-q", "-m", "tool: add")
	r2, err := svc.AnalyzeRepo(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if r2.PrimaryLanguage != "Python" || r2.Commit == r.Commit {
		t.Fatalf("the update was not seen: primary %q commit %s (was %s)", r2.PrimaryLanguage, r2.Commit, r.Commit)
	}
	if len(steps) < 2 || !strings.HasPrefix(steps[0], "Cloning") || !slices.ContainsFunc(steps, func(s string) bool { return strings.HasPrefix(s, "Updating") }) {
		t.Fatalf("steps %q: want a clone, then an update", steps)
	}
}

// TestUpdateFailures: a cached clone whose origin is gone is GIT_FAILED
// with git's cause and a fix, and an update cancelled is CANCELED.
func TestUpdateFailures(t *testing.T) {
	origin := sharedtest.GitRepo(t, map[string]string{"main.go": "package main\n"})
	target, err := ParseRepoTarget("file://"+origin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := &RepoService{ReposDir: t.TempDir(), OpenRepo: openGit, Clone: gitClone, OpenClone: openClone}
	if _, err := svc.AnalyzeRepo(context.Background(), target); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.AnalyzeRepo(ctx, target); !errcode.HasCode(err, errcode.Canceled) {
		t.Fatalf("cancelled update: %v; want CANCELED", err)
	}
	if err := os.RemoveAll(origin); err != nil {
		t.Fatal(err)
	}
	_, err = svc.AnalyzeRepo(context.Background(), target)
	var e *errcode.Error
	if !errcode.HasCode(err, errcode.GitFailed) || !errors.As(err, &e) {
		t.Fatalf("update from a gone origin: %v; want GIT_FAILED", err)
	}
	dir := svc.ClonePath(target)
	if !strings.Contains(e.Message, "could not update the cached clone in "+dir) || !strings.Contains(e.Message, "git fetch failed") ||
		!strings.Contains(e.Fix, "delete "+dir) {
		t.Fatalf("message %q, fix %q", e.Message, e.Fix)
	}
	svc.OpenClone = nil
	if _, err := svc.AnalyzeRepo(context.Background(), target); !errcode.HasCode(err, errcode.GitNotFound) {
		t.Fatalf("no git to update with: %v; want GIT_NOT_FOUND", err)
	}
}

// TestLocalTreeIsNotModified analyses a folder inside a work tree and
// checks that git sees no change afterwards.
func TestLocalTreeIsNotModified(t *testing.T) {
	sharedtest.RequireTool(t, "git")
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q", "-b", "main")
	for name, body := range map[string]string{"sub/a.go": "package a\n", "b.py": "x = 1\n", ".gitignore": "ignored.js\n", "sub/ignored.js": "var x = 1;\n"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn(t, dir, "add", "b.py", ".gitignore", "sub/a.go")
	gitIn(t, dir, "commit", "-q", "-m", "Add")
	target, err := ParseRepoTarget("sub", dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := (&RepoService{OpenRepo: openGit}).AnalyzeRepo(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if r.Files.Total != 1 || r.PrimaryLanguage != "Go" {
		t.Errorf("sub: %d files, primary %q; want only sub/a.go", r.Files.Total, r.PrimaryLanguage)
	}
	out, err := exec.Command("git", "-C", dir, "status", "--porcelain").Output()
	if err != nil || string(out) != "" {
		t.Errorf("the tree changed: %q %v", out, err)
	}
}

func stringsRepeat(s string, n int) string {
	out := ""
	for i := 0; i < n; i++ {
		out += s
	}
	return out
}

// TestDepsSkipVendoredManifests: a manifest the repository marks vendored
// (a test fixture, a copied project) is not one of its dependencies.
func TestDepsSkipVendoredManifests(t *testing.T) {
	sharedtest.RequireTool(t, "git")
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q", "-b", "main")
	for name, body := range map[string]string{
		".gitattributes":                "tests/syntax/** linguist-vendored\n",
		"requirements.txt":              "requests==2.31.0\n",
		"tests/syntax/requirements.txt": "six==1.10.0\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "Add")
	target, err := ParseRepoTarget(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := (&RepoService{OpenRepo: openGit}).AnalyzeDeps(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range d.Packages {
		names = append(names, p.Name)
	}
	if len(d.Manifests) != 1 || d.Manifests[0].Path != "requirements.txt" || len(names) != 1 || names[0] != "requests" {
		t.Errorf("manifests %+v, packages %q; want requirements.txt with requests only", d.Manifests, names)
	}
}

// openGit opens the working tree with the git provider, as cmd/oss-dev does.
func openGit(dir string) (Repo, error) {
	r, err := git.New(dir)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// gitClone clones with the git provider, as cmd/oss-dev does.
func gitClone(ctx context.Context, url, dir string, depth int) error {
	_, err := git.Clone(ctx, url, dir, git.CloneOptions{Depth: depth}, git.Foreign())
	return err
}

// openClone opens a cached clone with the git provider, as cmd/oss-dev does.
func openClone(dir string) (CachedClone, error) {
	r, err := git.New(dir, git.Foreign())
	if err != nil {
		return nil, err
	}
	return r, nil
}

// TestCachedCloneRunsNothingOfTheRepository analyses an origin whose files
// reach for programs the user configured (a filter driver that
// .gitattributes names, a post-checkout hook where the user's relative
// core.hooksPath finds it), clones it, adds a commit and analyses again:
// neither the clone nor the update starts any of them.
func TestCachedCloneRunsNothingOfTheRepository(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	trap := filepath.Join(t.TempDir(), "trap")
	script := "#!/bin/sh\necho \"$0 $*\" >> '" + marker + "'\ncat\n"
	if err := os.WriteFile(trap, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "gitconfig")
	global := "[core]\n\thooksPath = .githooks\n[filter \"trap\"]\n\tsmudge = " + trap + "\n\tclean = " + trap + "\n\trequired = true\n"
	if err := os.WriteFile(cfg, []byte(global), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CONFIG_GLOBAL", cfg)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	origin := sharedtest.GitRepo(t, map[string]string{"main.go": "package main\n", ".gitattributes": "* filter=trap\n", ".githooks/post-checkout": script})
	sharedtest.Git(t, origin, "update-index", "--chmod=+x", ".githooks/post-checkout")
	sharedtest.Git(t, origin, "commit", "-q", "-m", "hooks are executable")
	target, err := ParseRepoTarget("file://"+origin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := &RepoService{ReposDir: t.TempDir(), OpenRepo: openGit, Clone: gitClone, OpenClone: openClone}
	if _, err := svc.AnalyzeRepo(context.Background(), target); err != nil {
		t.Fatal(err)
	}
	sharedtest.NoTrapRan(t, marker, "the clone into the cache")
	sharedtest.Git(t, origin, "commit", "-q", "--allow-empty", "-m", "more")
	r, err := svc.AnalyzeRepo(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	sharedtest.NoTrapRan(t, marker, "the update of the cached clone")
	if want := strings.TrimSpace(gitOut(t, origin, "rev-parse", "HEAD")); r.Commit != want {
		t.Fatalf("analysed commit %s, origin at %s", r.Commit, want)
	}
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return string(out)
}
