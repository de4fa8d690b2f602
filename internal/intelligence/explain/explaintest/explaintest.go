// Package explaintest holds the fixture repositories the explain tests
// build: a small Go module and a Python and TypeScript project, each
// committed by two authors so that history has content.
package explaintest

import (
	"embed"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

//go:embed testdata/*.txtar
var fixtures embed.FS

// Author is who makes one commit of a fixture, and when.
type Author struct{ name, email, date, subject string }

// Authors commit v1/ and v2/ of a fixture archive, in that order.
var Authors = []Author{
	{"Ada Lovelace", "ada@example.com", "2024-01-02T10:00:00Z", "Add the first version"},
	{"Brian Kernighan", "bwk@example.com", "2024-03-04T11:30:00Z", "Handle empty input"},
}

// BuildRepo makes a git repository from the fixture archive named (gomod.txtar,
// pyts.txtar): the files under v1/ committed by the first author, then those
// under v2/ by the second.
func BuildRepo(tb testing.TB, archive string) string {
	tb.Helper()
	sharedtest.RequireTool(tb, "git")
	data, err := fixtures.ReadFile("testdata/" + archive)
	if err != nil {
		tb.Fatal(err)
	}
	ar := txtar.Parse(data)
	dir, err := filepath.EvalSymlinks(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	runGit(tb, dir, Author{}, "init", "-q")
	for i, who := range Authors {
		prefix := "v" + string(rune('1'+i)) + "/"
		for _, f := range ar.Files {
			name, ok := strings.CutPrefix(f.Name, prefix)
			if !ok {
				continue
			}
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				tb.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				tb.Fatal(err)
			}
		}
		runGit(tb, dir, who, "add", "-A")
		runGit(tb, dir, who, "commit", "-q", "-m", who.subject)
	}
	return dir
}

func runGit(tb testing.TB, dir string, who Author, args ...string) {
	tb.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "HOME="+dir,
		"GIT_AUTHOR_NAME="+who.name, "GIT_AUTHOR_EMAIL="+who.email, "GIT_AUTHOR_DATE="+who.date,
		"GIT_COMMITTER_NAME="+who.name, "GIT_COMMITTER_EMAIL="+who.email, "GIT_COMMITTER_DATE="+who.date,
	)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// WithoutCtags leaves only git on PATH, so ctags cannot be found.
func WithoutCtags(t *testing.T) {
	gitBin := sharedtest.RequireTool(t, "git")
	bin := t.TempDir()
	if err := os.Symlink(gitBin, filepath.Join(bin, "git")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
}
