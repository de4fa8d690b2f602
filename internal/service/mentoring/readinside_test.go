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
