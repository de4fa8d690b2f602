package linguist_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestBinaryDoesNotLinkEnry guards start-up time: go-enry builds 16 MB of
// tables and compiles hundreds of expressions in its package variables, so
// every process that links it pays for them, --help included. Only the
// table generator and tests may import it.
func TestBinaryDoesNotLinkEnry(t *testing.T) {
	goTool := sharedtest.RequireTool(t, "go")
	cmd := exec.Command(goTool, "list", "-deps", "./cmd/oss-dev")
	cmd.Dir = sharedtest.ModuleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "go-enry") {
			t.Errorf("cmd/oss-dev depends on %s", pkg)
		}
	}
}

// TestTablesUpToDate regenerates the tables and compares them with the
// committed tables_gen.go.
func TestTablesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	goTool := sharedtest.RequireTool(t, "go")
	out := filepath.Join(t.TempDir(), "tables_gen.go")
	cmd := exec.Command(goTool, "run", "./gen", "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./gen: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("tables_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("tables_gen.go is stale: run go generate ./internal/intelligence/linguist")
	}
}
