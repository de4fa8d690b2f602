package deps

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixtures are the folders under testdata that golden tests scan.
var fixtures = []string{
	"npm", "yarn-v1", "yarn-berry", "pnpm", "poetry", "uv", "requirements", "pipenv",
	"cargo", "ruby", "composer", "gomod", "maven", "gradle", "monorepo",
}

// scanFixture scans testdata/name by walking it.
func scanFixture(t testing.TB, name string) *Result {
	t.Helper()
	res, err := Scan(context.Background(), filepath.Join("testdata", name), nil)
	if err != nil {
		t.Fatalf("Scan(%s): %v", name, err)
	}
	return res
}

// checkGolden compares got with testdata/golden/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the golden file (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./internal/intelligence/deps -update and review the diff.\ngot:\n%s", path, got)
	}
}

func TestGoldenJSON(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			res := scanFixture(t, name)
			var buf bytes.Buffer
			if err := WriteJSON(&buf, res); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name+".json", buf.Bytes())
		})
	}
}

func TestGoldenGraphs(t *testing.T) {
	res := scanFixture(t, "npm")
	for _, f := range []Format{FormatDOT, FormatMermaid} {
		var buf bytes.Buffer
		if err := WriteGraph(&buf, res, f); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "npm."+string(f), buf.Bytes())
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, res); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "npm.txt", buf.Bytes())
}
