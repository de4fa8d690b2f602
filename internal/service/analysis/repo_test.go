package analysis

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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

// TestRemoteCloneThenUpdate clones an upstream into the cache, analyses it,
// then sees a new upstream commit on the second run through the cached clone.
func TestRemoteCloneThenUpdate(t *testing.T) {
	sharedtest.RequireTool(t, "git")
	up := t.TempDir()
	gitIn(t, up, "init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(up, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, up, "add", "-A")
	gitIn(t, up, "commit", "-q", "-m", "cmd: first")
	target, err := ParseRepoTarget("file://"+up, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	svc := &RepoService{ReposDir: cache, OpenRepo: openGit, Clone: gitClone}
	r, err := svc.AnalyzeRepo(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if r.PrimaryLanguage != "Go" || r.Root != svc.ClonePath(target) || r.Repository == "" {
		t.Fatalf("first run: primary %q root %q repository %q", r.PrimaryLanguage, r.Root, r.Repository)
	}
	if err := os.WriteFile(filepath.Join(up, "tool.py"), []byte(stringsRepeat("x = 1\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, up, "add", "-A")
	gitIn(t, up, "commit", "-q", "-m", "tool: add")
	r2, err := svc.AnalyzeRepo(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if r2.PrimaryLanguage != "Python" || r2.Commit == r.Commit {
		t.Fatalf("the update was not seen: primary %q commit %s (was %s)", r2.PrimaryLanguage, r2.Commit, r.Commit)
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
	_, err := git.Clone(ctx, url, dir, git.CloneOptions{Depth: depth})
	return err
}
