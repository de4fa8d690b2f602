package analyze

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func TestNewCmdRepoArgs(t *testing.T) {
	tests := []struct {
		args    []string
		want    string
		wantErr string
	}{
		{args: nil, want: ""},
		{args: []string{"cli/cli"}, want: "cli/cli"},
		{args: []string{"a", "b"}, wantErr: "at most 1"},
	}
	for _, tt := range tests {
		ios, _, _, _ := iostreams.Test()
		f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}, WorkDir: "/w"}
		var got *RepoOptions
		cmd := NewCmdRepo(f, func(o *RepoOptions) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		cmd.SetOut(ios.Out)
		cmd.SetErr(ios.ErrOut)
		err := cmd.Execute()
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: err %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got == nil || got.Target != tt.want || got.WorkDir != "/w" {
			t.Errorf("%v: %+v %v", tt.args, got, err)
		}
	}
}

// sampleRepo is a small Go repository with a Makefile, CI and a license.
func sampleRepo(t *testing.T) string {
	t.Helper()
	sharedtest.RequireTool(t, "git")
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":                   "module example.com/x\n\ngo 1.22\n",
		"main.go":                  "package main\n\n// main runs.\nfunc main() {}\n",
		"main_test.go":             "package main\n",
		"Makefile":                 "test:\n\tgo test ./...\n",
		".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: make test\n",
		"CONTRIBUTING.md":          "Sign your commits (DCO).\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "cmd: add x"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@x", "GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@x", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	return dir
}

func runRepo(t *testing.T, dir string, tty, asJSON bool) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(tty)
	ios.SetColorEnabled(tty)
	ios.SetTerminalWidth(100)
	opts := &RepoOptions{IO: ios, Output: &cmdutil.Output{JSON: asJSON}, WorkDir: dir,
		Service: testAnalysis(t)}
	err := repoRun(context.Background(), opts)
	return out.String(), err
}

func TestRepoRunReport(t *testing.T) {
	dir := sampleRepo(t)
	for _, tty := range []bool{false, true} {
		out, err := runRepo(t, dir, tty, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Languages", "primary: ", "Go", "Toolchains", "asks 1.22 (go.mod:3)", "Commands", "make test", "Makefile:1", ".github/workflows/ci.yml:5", "CONTRIBUTING.md", "required", "Structure", "*_test.go"} {
			if !strings.Contains(out, want) {
				t.Errorf("tty=%v: output lacks %q:\n%s", tty, want, out)
			}
		}
		if hasESC := strings.Contains(out, "\x1b["); hasESC != tty {
			t.Errorf("tty=%v: colour escapes present = %v", tty, hasESC)
		}
		if tty {
			for _, l := range strings.Split(out, "\n") {
				if visibleLen(l) > 100 {
					t.Errorf("line wider than the terminal: %q", l)
				}
			}
		}
	}
}

func TestRepoRunJSON(t *testing.T) {
	dir := sampleRepo(t)
	out, err := runRepo(t, dir, false, true)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, key := range []string{"schema_version", "root", "git", "files", "primary_language", "languages", "overrides", "size",
		"package_managers", "frameworks", "commands", "contribution", "structure", "warnings"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("JSON lacks %q", key)
		}
	}
	if doc["primary_language"] != "Go" {
		t.Errorf("primary_language = %v", doc["primary_language"])
	}
}

func TestRepoRunBadTarget(t *testing.T) {
	_, err := runRepo(t, t.TempDir()+"/nope/../", false, false)
	if err != nil {
		t.Fatalf("an existing folder failed: %v", err)
	}
	ios, _, _, _ := iostreams.Test()
	opts := &RepoOptions{IO: ios, Output: &cmdutil.Output{}, WorkDir: t.TempDir(), Target: "not a repo"}
	if err := repoRun(context.Background(), opts); !errcode.HasCode(err, errcode.InvalidReference) {
		t.Errorf("err = %v, want INVALID_REFERENCE", err)
	}
}

func TestFilesCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 files", 1: "1 file", 2: "2 files", 1234: "1,234 files"} {
		if got := files(n); got != want {
			t.Errorf("files(%d) = %q, want %q", n, got, want)
		}
	}
}

// testAnalysis is the analysis service as cmd/oss-dev wires it, cloning
// into a folder of the test's.
func testAnalysis(t *testing.T) func() *analysis.RepoService {
	repos := t.TempDir()
	return func() *analysis.RepoService {
		return &analysis.RepoService{ReposDir: repos, OpenRepo: func(dir string) (analysis.Repo, error) {
			r, err := git.New(dir)
			if err != nil {
				return nil, err
			}
			return r, nil
		}, Clone: func(ctx context.Context, url, dir string, depth int) error {
			_, err := git.Clone(ctx, url, dir, git.CloneOptions{Depth: depth}, git.Foreign())
			return err
		}, OpenClone: func(dir string) (analysis.CachedClone, error) {
			r, err := git.New(dir, git.Foreign())
			if err != nil {
				return nil, err
			}
			return r, nil
		}}
	}
}

func TestVariantsText(t *testing.T) {
	cases := []struct {
		c    analysis.RepoCommand
		want string
	}{
		{analysis.RepoCommand{Command: "go test -tags a ./...", Variants: []string{"go test -tags b ./...", "go test -tags c ./..."}}, "also b, c for a"},
		{analysis.RepoCommand{Command: "mvn verify", Variants: []string{"mvn verify -Pfast"}}, "also with -Pfast added"},
		{analysis.RepoCommand{Command: "nox -s t-3.10 -- -g 1", Variants: []string{"nox -s t-3.10 -- -g 2", "nox -s t-3.14 -- -g 1"}}, "also t-3.14 for t-3.10; 2 for 1"},
	}
	for _, c := range cases {
		if got := variantsText(c.c); got != c.want {
			t.Errorf("%q: %q, want %q", c.c.Command, got, c.want)
		}
	}
}
