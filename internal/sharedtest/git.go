package sharedtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// gitEnv fixes identities and dates and ignores the machine's git
// configuration, so that commits are the same on every run.
var gitEnv = []string{
	"GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com", "GIT_AUTHOR_DATE=2024-01-02T03:04:05Z",
	"GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.com", "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z",
	"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
}

// Git runs git in dir with fixed identities and dates, failing the test
// with git's output when it fails.
func Git(tb testing.TB, dir string, args ...string) {
	tb.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), gitEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// GitRepo builds a repository in a temporary folder (its real path, links
// resolved): the files in one commit with the first message ("Initial
// commit" when none is given), then an empty commit per further message.
func GitRepo(tb testing.TB, files map[string]string, messages ...string) string {
	tb.Helper()
	RequireTool(tb, "git")
	dir, err := filepath.EvalSymlinks(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	Git(tb, dir, "init", "-q", "-b", "main")
	Git(tb, dir, "add", "-A")
	if len(messages) == 0 {
		messages = []string{"Initial commit"}
	}
	Git(tb, dir, "commit", "-q", "-m", messages[0])
	for _, m := range messages[1:] {
		Git(tb, dir, "commit", "-q", "--allow-empty", "-m", m)
	}
	return dir
}
