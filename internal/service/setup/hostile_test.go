package setup

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/safefile/safefiletest"
)

// TestDetectStaysInsideTheRepository reads a repository whose version
// files are links out of it and named pipes: none is read, each is a
// warning naming it, and the detection ends.
func TestDetectStaysInsideTheRepository(t *testing.T) {
	safefiletest.Supported(t)
	root := writeTree(t, map[string]string{"go.mod": "module x\n\ngo 1.22\n"})
	out := safefiletest.Outside(t, root)
	safefiletest.Link(t, root, ".nvmrc", "../outside/secret.txt")
	safefiletest.Link(t, root, "rust-toolchain", out)
	safefiletest.Link(t, root, ".ruby-version", "/dev/zero")
	safefiletest.FIFO(t, root, ".python-version")
	safefiletest.FIFO(t, root, "package.json")
	reqs, _, err := Detect(root)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(reqs)
	if strings.Contains(string(doc), safefiletest.Secret) {
		t.Fatalf("the secret beside the repository was read: %s", doc)
	}
	var warnings []string
	for _, w := range reqs.Warnings {
		warnings = append(warnings, w.String())
	}
	joined := strings.Join(warnings, "\n")
	for _, want := range []string{
		".nvmrc is a symbolic link to ../outside/secret.txt, outside the repository",
		".ruby-version is a symbolic link to /dev/zero, outside the repository",
		".python-version is a named pipe, not a regular file",
		"package.json is a named pipe, not a regular file",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("no warning %q in:\n%s", want, joined)
		}
	}
}
