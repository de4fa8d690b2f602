package repo

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/safefile/safefiletest"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestAnalyzeStaysInsideTheRepository analyses a repository whose tracked
// files are links out of it, whose tracked folder became such a link after
// the commit, and whose Makefile became a named pipe: the analysis ends,
// reads nothing beside the repository, and names the links that leave.
func TestAnalyzeStaysInsideTheRepository(t *testing.T) {
	safefiletest.Supported(t)
	dir := gitRepo(t, map[string]string{
		"README.md":     "# x\n",
		"go.mod":        "module x\n\ngo 1.22\n",
		"Makefile":      "test:\n\tgo test ./...\n",
		"sub/conf.json": "{}\n",
	})
	out := safefiletest.Outside(t, dir)
	if err := os.WriteFile(filepath.Join(out, "conf.json"), []byte(`{"k": "`+safefiletest.Secret+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	safefiletest.Link(t, dir, "CONTRIBUTING.md", "../outside/secret.txt")
	safefiletest.Link(t, dir, ".gitattributes", "/etc/passwd")
	safefiletest.Link(t, dir, "docs", "../outside")
	safefiletest.Link(t, dir, "\x1b]0;owned\x07", "/etc/passwd")
	commit := exec.Command("git", "-C", dir, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-qam", "links")
	commit.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if err := exec.Command("git", "-C", dir, "add", "-A").Run(); err != nil {
		t.Fatal(err)
	}
	if b, err := commit.CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v\n%s", err, b)
	}
	// after the commit, as a work tree may be changed by anything
	if err := os.RemoveAll(filepath.Join(dir, "sub")); err != nil {
		t.Fatal(err)
	}
	safefiletest.Link(t, dir, "sub", "../outside")
	if err := os.Remove(filepath.Join(dir, "Makefile")); err != nil {
		t.Fatal(err)
	}
	safefiletest.FIFO(t, dir, "Makefile")

	r, err := Analyze(context.Background(), Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(r)
	if strings.Contains(string(doc), safefiletest.Secret) || strings.Contains(string(doc), "root:") {
		t.Fatalf("a file outside the repository was read:\n%s", doc)
	}
	joined := strings.Join(r.Warnings.Strings(), "\n")
	for _, want := range []string{
		"CONTRIBUTING.md is a symbolic link to ../outside/secret.txt, outside the repository: not read",
		"docs is a symbolic link to ../outside, outside the repository: not read",
		`"\x1b]0;owned\a" is a symbolic link to /etc/passwd`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("no warning %q in:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "\x1b") {
		t.Errorf("a raw escape sequence reached the warnings: %q", joined)
	}
}

// TestAnalyzeRunsNoProgramOfTheRepository analyses a repository whose
// .git names programs for git to run: none runs.
func TestAnalyzeRunsNoProgramOfTheRepository(t *testing.T) {
	dir := gitRepo(t, map[string]string{"go.mod": "module x\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"})
	marker := sharedtest.GitTraps(t, dir)
	if _, err := Analyze(context.Background(), Options{Root: dir}); err != nil {
		t.Fatal(err)
	}
	sharedtest.NoTrapRan(t, marker, "the analysis")
}

// TestCostlyAttributesStop: .gitattributes patterns whose matching would
// take hours on a large tree stop at a bound, with a warning, and the
// analysis still ends. The bound is lowered here so that long literal
// patterns, which git itself matches quickly, reach it on a small tree.
func TestCostlyAttributesStop(t *testing.T) {
	defer func(old int64) { maxAttrWork = old }(maxAttrWork)
	maxAttrWork = 1_000_000
	costly := "**/" + strings.Repeat("x", 400) + " linguist-vendored\n"
	files := map[string]string{".gitattributes": strings.Repeat(costly, 50)}
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("src/%s%d.go", strings.Repeat("a", 60), i)] = "package src\n"
	}
	r, err := Analyze(context.Background(), Options{Root: sharedtest.GitRepo(t, files)})
	if err != nil {
		t.Fatal(err)
	}
	warned := false
	for _, w := range r.Warnings {
		warned = warned || w.Code == CodeAttributesTooCostly
	}
	if !warned {
		t.Errorf("no %s warning: %v", CodeAttributesTooCostly, r.Warnings.Strings())
	}
	if r.PrimaryLanguage != "Go" {
		t.Errorf("primary language %q, want Go", r.PrimaryLanguage)
	}
}
