package explain

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/explain/explaintest"
	"github.com/oss-dev/oss-dev/internal/safefile/safefiletest"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// hostileRepo is the Python and TypeScript fixture with an attacker's
// additions, committed: links out of it (to /etc/passwd, to a Python file
// beside it, to a folder beside it, at the end of a chain, to /dev/zero),
// an options file for ctags that makes it read a file beside it, and,
// after the commit, a tracked file replaced by a named pipe.
func hostileRepo(t *testing.T) (dir, outside string) {
	t.Helper()
	safefiletest.Supported(t)
	dir = explaintest.BuildRepo(t, "pyts.txtar")
	outside = safefiletest.Outside(t, dir)
	leak := "def leak():\n    \"\"\"" + safefiletest.Secret + "\"\"\"\n    return 1\n"
	if err := os.WriteFile(filepath.Join(outside, "leak.py"), []byte(leak), 0o600); err != nil {
		t.Fatal(err)
	}
	safefiletest.Link(t, dir, "CONTRIBUTING.md", "/etc/passwd")
	safefiletest.Link(t, dir, "pkg/leak.py", "../../outside/leak.py")
	safefiletest.Link(t, dir, "docs", "../outside")
	safefiletest.Link(t, dir, "pkg/a.py", "b.py")
	safefiletest.Link(t, dir, "pkg/b.py", "../../outside/leak.py")
	safefiletest.Link(t, dir, "pkg/zero.py", "/dev/zero")
	safefiletest.Link(t, dir, "pkg/\x1b]0;owned\x07.py", "../../outside/leak.py")
	if err := os.MkdirAll(filepath.Join(dir, ".ctags.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".ctags.d", "x.ctags"), []byte("-L ctags-files\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ctags-files"), []byte("../outside/leak.py\n"+filepath.Join(outside, "leak.py")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"add", "-A"}, {"-c", "user.name=M", "-c", "user.email=m@example.com", "commit", "-qm", "links"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if err := os.Remove(filepath.Join(dir, "pkg", "__init__.py")); err != nil {
		t.Fatal(err)
	}
	safefiletest.FIFO(t, dir, "pkg/__init__.py")
	return dir, outside
}

// leaked fails the test when anything from beside the repository or from
// /etc/passwd is in the report.
func leaked(t *testing.T, rep *Report) {
	t.Helper()
	doc, _ := json.Marshal(rep)
	text := string(doc) + rep.FileSource
	if strings.Contains(text, safefiletest.Secret) || strings.Contains(text, "root:x:") || strings.Contains(text, `"name":"leak"`) {
		t.Fatalf("the report holds what lies outside the repository:\n%s", text)
	}
}

func TestLinkOutIsShownNotRead(t *testing.T) {
	dir, _ := hostileRepo(t)
	cases := []struct{ path, link, target, note string }{
		{"CONTRIBUTING.md", "CONTRIBUTING.md", "/etc/passwd", "CONTRIBUTING.md is a symbolic link to /etc/passwd, outside the repository: not read"},
		{"pkg/leak.py", "pkg/leak.py", "../../outside/leak.py", "pkg/leak.py is a symbolic link to ../../outside/leak.py, outside the repository: not read"},
		{"docs/secret.txt", "docs", "../outside", "docs/secret.txt leads outside the repository: docs is a symbolic link to ../outside: not read"},
		{"docs", "docs", "../outside", "docs is a symbolic link to ../outside, outside the repository: not read"},
		{"pkg/a.py", "pkg/b.py", "../../outside/leak.py", "pkg/a.py leads outside the repository: pkg/b.py is a symbolic link to ../../outside/leak.py: not read"},
		{"pkg/zero.py", "pkg/zero.py", "/dev/zero", "pkg/zero.py is a symbolic link to /dev/zero, outside the repository: not read"},
		{"pkg/\x1b]0;owned\x07.py", "pkg/\x1b]0;owned\x07.py", "../../outside/leak.py", `"pkg/\x1b]0;owned\a.py" is a symbolic link to ../../outside/leak.py`},
	}
	for _, c := range cases {
		rep := analyze(t, dir, c.path, "")
		leaked(t, rep)
		if rep.Kind != KindLink || rep.Link == nil || rep.Link.Path != c.link || rep.Link.Target != c.target {
			t.Errorf("%s: kind %s, link %+v; want a link %s -> %s", c.path, rep.Kind, rep.Link, c.link, c.target)
		}
		if !strings.Contains(strings.Join(rep.Notes, "\n"), c.note) {
			t.Errorf("%s: notes %q, want %q", c.path, rep.Notes, c.note)
		}
	}
}

func TestFolderWithLinksOutReadsOnlyItsOwnFiles(t *testing.T) {
	sharedtest.RequireTool(t, "ctags")
	dir, _ := hostileRepo(t)
	rep := analyze(t, dir, "pkg", "")
	leaked(t, rep)
	if got := names(rep.Outline); len(got) == 0 || !strings.Contains(strings.Join(got, " "), "Circle") {
		t.Errorf("outline = %v; want the symbols of pkg/shapes.py", got)
	}
	_, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: "pkg", Symbol: "leak", WorkDir: dir})
	if !errcode.HasCode(err, errcode.NotFound) {
		t.Errorf("symbol from a file outside: err = %v, want NOT_FOUND", err)
	}
	for _, file := range []string{"pkg/shapes.py", "web/format.ts"} {
		leaked(t, analyze(t, dir, file, ""))
	}
}

func TestNamedPipeIsRefusedWithoutBlocking(t *testing.T) {
	dir, _ := hostileRepo(t)
	_, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: "pkg/__init__.py", WorkDir: dir})
	if !errcode.HasCode(err, errcode.InvalidInput) || !strings.Contains(err.Error(), "named pipe") {
		t.Fatalf("err = %v, want INVALID_INPUT naming the named pipe", err)
	}
	var se interface{ Unwrap() error }
	if !errors.As(err, &se) {
		t.Fatalf("err %v carries no cause", err)
	}
}

// TestExplainRunsNoProgramOfTheRepository explains a file, a symbol (its
// line history comes from a git run outside the provider) and a folder of
// a repository whose .git names programs for git to run: none runs.
func TestExplainRunsNoProgramOfTheRepository(t *testing.T) {
	dir := sharedtest.GitRepo(t, map[string]string{
		"go.mod":  "module example.com/x\n\ngo 1.22\n",
		"main.go": "package main\n\n// Hello greets.\nfunc Hello() {}\n\nfunc main() { Hello() }\n",
	})
	marker := sharedtest.GitTraps(t, dir)
	for _, c := range [][2]string{{"main.go", ""}, {"main.go", "Hello"}, {".", ""}} {
		analyze(t, dir, c[0], c[1])
		sharedtest.NoTrapRan(t, marker, "explain "+c[0]+" "+c[1])
	}
}
