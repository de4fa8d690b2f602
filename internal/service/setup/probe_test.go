package setup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestProbesRunNoRepositoryProgramAndGetNoSecret: version probes run in
// the repository. A PATH folder named relatively (bin, node_modules/.bin)
// would find the repository's own program there, so it is not searched;
// and a version manager's shim may run what the repository's files name,
// so what a probe runs gets the environment without secrets.
func TestProbesRunNoRepositoryProgramAndGetNoSecret(t *testing.T) {
	root := writeTree(t, map[string]string{"go.mod": "module example.com/x\n\ngo 1.21\n"})
	fakeProgram(t, filepath.Join(root, "bin"), "go", `echo pwned > pwned.txt; echo go version go1.22.5 linux/amd64`)
	userBin := t.TempDir()
	fakeProgram(t, userBin, "go", `env > env.txt; echo go version go1.22.5 linux/amd64`)
	t.Chdir(root)
	path := strings.Join([]string{"bin", userBin, "/usr/bin", "/bin"}, string(os.PathListSeparator))
	env := sharedtest.SecretEnv([]string{"PATH=" + path, "HOME=" + t.TempDir()})
	r, err := (&Checker{Prober: Prober{Env: env}}).Check(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if got := toolCheck(t, r, "go"); got.Path != filepath.Join(userBin, "go") {
		t.Errorf("go found at %q (%+v); want %s", got.Path, got, filepath.Join(userBin, "go"))
	}
	if _, err := os.Stat(filepath.Join(root, "pwned.txt")); err == nil {
		t.Error("the repository's own bin/go ran")
	}
	seen, err := os.ReadFile(filepath.Join(root, "env.txt"))
	if err != nil || !strings.Contains(string(seen), "PATH=") {
		t.Fatalf("the probe wrote no environment: %v %q", err, seen)
	}
	sharedtest.RequireNoSecrets(t, "the environment a version probe ran with", string(seen))
}
