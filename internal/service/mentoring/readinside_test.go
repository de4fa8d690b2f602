package mentoring

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/safefile/safefiletest"
)

// TestPRTemplateLinkedOutIsNotPublished gives the pull request body a
// repository whose template is a link to a file beside the repository:
// the body is the plain one, and holds nothing of that file.
func TestPRTemplateLinkedOutIsNotPublished(t *testing.T) {
	safefiletest.Supported(t)
	root := filepath.Join(t.TempDir(), "repo")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	safefiletest.Outside(t, root)
	safefiletest.Link(t, root, ".github/pull_request_template.md", "../../outside/secret.txt")
	safefiletest.FIFO(t, root, "new-file.go")
	ss := &session{root: root}
	body := must(ss.prBody(repoMeta{PRTemplate: ".github/pull_request_template.md"}, issueMeta{Title: "Fix it"}, 7, []string{"a.go"}, Verification{Command: "go test ./..."}, Validation{}))
	if strings.Contains(body, safefiletest.Secret) || !strings.Contains(body, "Fixes #7") {
		t.Fatalf("pull request body:\n%s", body)
	}
	if _, err := ss.readInside("new-file.go", 1<<20); err == nil {
		t.Fatal("a named pipe was read")
	}
}

// TestExcludeLinkedOutIsNotWritten starts from a work tree whose
// .git/info/exclude is a link to a file beside the repository, then one
// where it is a named pipe: listing oss-dev's folder there writes nothing
// outside and does not wait on the pipe.
func TestExcludeLinkedOutIsNotWritten(t *testing.T) {
	safefiletest.Supported(t)
	root := filepath.Join(t.TempDir(), "repo")
	if err := os.MkdirAll(filepath.Join(root, ".git", "info"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := safefiletest.Outside(t, root)
	safefiletest.Link(t, root, ".git/info/exclude", "../../../outside/secret.txt")
	before, err := os.ReadFile(filepath.Join(out, "secret.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ss := &session{root: root}
	ss.keepStateOutOfGit()
	if after, _ := os.ReadFile(filepath.Join(out, "secret.txt")); string(after) != string(before) {
		t.Fatalf("a file outside the repository was changed through .git/info/exclude:\n%s", after)
	}
	if err := os.Remove(filepath.Join(root, ".git", "info", "exclude")); err != nil {
		t.Fatal(err)
	}
	safefiletest.FIFO(t, root, ".git/info/exclude")
	ss.keepStateOutOfGit()
}

// TestExcludeListsStateFolderOnce: the line is added to an existing
// exclude file once, keeping what it held.
func TestExcludeListsStateFolderOnce(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, ".git", "info", "exclude")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("*.log"), 0o644); err != nil {
		t.Fatal(err)
	}
	ss := &session{root: root}
	ss.keepStateOutOfGit()
	ss.keepStateOutOfGit()
	if got, _ := os.ReadFile(p); string(got) != "*.log\n/.oss-dev/\n" {
		t.Fatalf("exclude = %q", got)
	}
}
