package git_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// isolate points git at a temporary HOME and global config, and fixes the
// author and committer, so the machine's own config cannot leak in.
func isolate(tb testing.TB) {
	tb.Helper()
	sharedtest.RequireTool(tb, "git")
	home := tb.TempDir()
	cfg := filepath.Join(home, "gitconfig")
	body := "[user]\n\tname = Test User\n\temail = test@example.com\n" +
		"[init]\n\tdefaultBranch = main\n" +
		"[commit]\n\tgpgsign = false\n" +
		"[advice]\n\tdetachedHead = false\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		tb.Fatal(err)
	}
	for k, v := range map[string]string{
		"HOME":                home,
		"XDG_CONFIG_HOME":     filepath.Join(home, ".config"),
		"GIT_CONFIG_GLOBAL":   cfg,
		"GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME":     "Test User",
		"GIT_AUTHOR_EMAIL":    "test@example.com",
		"GIT_COMMITTER_NAME":  "Test User",
		"GIT_COMMITTER_EMAIL": "test@example.com",
	} {
		tb.Setenv(k, v)
	}
}

// run runs git for a test's setup and fails the test when git fails.
func run(tb testing.TB, dir string, args ...string) string {
	tb.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("git %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(tb testing.TB, dir, name, content string) {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// fixture is a bare "upstream", a bare "fork" cloned from it, and a working
// clone of upstream with the fork added as a remote named "fork".
type fixture struct {
	upstream string
	fork     string
	dir      string
	repo     *git.Repo
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	isolate(tb)
	tmp := tb.TempDir()
	f := &fixture{
		upstream: filepath.Join(tmp, "upstream.git"),
		fork:     filepath.Join(tmp, "fork.git"),
		dir:      filepath.Join(tmp, "work"),
	}
	seed := filepath.Join(tmp, "seed")
	run(tb, tmp, "init", "--quiet", seed)
	write(tb, seed, "README.md", "# demo\n")
	write(tb, seed, "src/a.go", "package src\n\nfunc A() int { return 1 }\n")
	run(tb, seed, "add", ".")
	run(tb, seed, "commit", "--quiet", "-m", "initial commit")
	run(tb, tmp, "init", "--quiet", "--bare", f.upstream)
	run(tb, seed, "push", "--quiet", f.upstream, "main")
	run(tb, tmp, "clone", "--quiet", "--bare", f.upstream, f.fork)

	repo, err := git.Clone(context.Background(), f.upstream, f.dir, git.CloneOptions{})
	if err != nil {
		tb.Fatalf("clone: %v", err)
	}
	if err := repo.AddRemote(context.Background(), "fork", f.fork); err != nil {
		tb.Fatalf("add fork: %v", err)
	}
	f.repo = repo
	return f
}

// pushFromElsewhere makes a commit on upstream's main from a second clone,
// so the fixture's clone falls behind.
func (f *fixture) pushFromElsewhere(tb testing.TB, file, content string) {
	tb.Helper()
	other := filepath.Join(tb.TempDir(), "other")
	run(tb, filepath.Dir(other), "clone", "--quiet", f.upstream, other)
	write(tb, other, file, content)
	run(tb, other, "add", ".")
	run(tb, other, "commit", "--quiet", "-m", "upstream moved on")
	run(tb, other, "push", "--quiet", "origin", "main")
}

func wantCode(tb testing.TB, err error, code errcode.Code) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("want a %s error, got none", code)
	}
	if !errcode.HasCode(err, code) {
		tb.Fatalf("want code %s, got %s: %v", code, errcode.CodeOf(err), err)
	}
	var e *errcode.Error
	if !errors.As(err, &e) || e.Fix == "" {
		tb.Fatalf("error %q has no fix", err)
	}
}
