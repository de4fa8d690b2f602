package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/plugin/builtin"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// gitIn runs git in dir and fails the test when it fails.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// dcoRepo is a clone of an upstream whose guide asks for a DCO sign-off
// and whose history follows Conventional Commits, on a branch with one
// commit signed off and one not.
func dcoRepo(t *testing.T) string {
	sharedtest.RequireTool(t, "git")
	home := t.TempDir()
	for k, v := range map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "XDG_STATE_HOME": filepath.Join(home, ".state"),
		"GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com", "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com",
		"OSS_DEV_APPROVAL__POLICY": ""} {
		t.Setenv(k, v)
	}
	up := filepath.Join(t.TempDir(), "up")
	os.MkdirAll(up, 0o755)
	gitIn(t, up, "init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(up, "CONTRIBUTING.md"), []byte("# Contributing\n\nSign off every commit (git commit -s): we use the Developer Certificate of Origin.\n"), 0o644)
	gitIn(t, up, "add", "-A")
	gitIn(t, up, "commit", "-q", "-s", "-m", "docs: contributing guide")
	for _, s := range []string{"feat: parser", "fix(parser): empty lines", "chore: tidy"} {
		os.WriteFile(filepath.Join(up, "log.txt"), []byte(s), 0o644)
		gitIn(t, up, "add", "-A")
		gitIn(t, up, "commit", "-q", "-s", "-m", s)
	}
	clone := filepath.Join(t.TempDir(), "clone")
	gitIn(t, filepath.Dir(clone), "clone", "-q", up, clone)
	gitIn(t, clone, "checkout", "-q", "-b", "oss-dev/7-fix")
	os.WriteFile(filepath.Join(clone, "a.txt"), []byte("a"), 0o644)
	gitIn(t, clone, "add", "-A")
	gitIn(t, clone, "commit", "-q", "-s", "-m", "fix: signed")
	os.WriteFile(filepath.Join(clone, "b.txt"), []byte("b"), 0o644)
	gitIn(t, clone, "add", "-A")
	gitIn(t, clone, "commit", "-q", "-m", "Unsigned and unconventional")
	return clone
}

// builtinNamed is the built-in plugin named name as the composition root
// wires it, in a factory made now (so that it sees the environment now).
func builtinNamed(t *testing.T, name string) plugin.Plugin {
	ios, _, _, _ := iostreams.Test()
	f, _ := newFactory(ios)
	for _, p := range builtinPlugins(f) {
		if p.Manifest().Name == name {
			return p
		}
	}
	t.Fatalf("no built-in %s", name)
	return nil
}

// TestBuiltinChecksOnARealRepository: the facts come from the repository
// analysis and git; commit-convention names the offending commit, and dco
// signs the branch off through the approval manager only when the policy
// approves it, with the decision in the audit log.
func TestBuiltinChecksOnARealRepository(t *testing.T) {
	clone := dcoRepo(t)
	ctx := context.Background()
	f, err := builtinFacts(ctx, clone)
	if err != nil {
		t.Fatal(err)
	}
	if f.Base != "origin/main" || len(f.Commits) != 2 || !f.DCO || f.Convention != "conventional" || len(f.Changed) != 2 {
		t.Fatalf("facts %+v", f)
	}
	wf := plugin.Workflow{RepositoryPath: clone, Phase: "VALIDATION"}
	res, err := builtinNamed(t, "commit-convention").RunHook(ctx, builtin.Event, wf)
	if err != nil || res.OK || !strings.Contains(res.Message, "Unsigned and unconventional") || strings.Contains(res.Message, "fix: signed") {
		t.Fatalf("commit-convention: %+v %v", res, err)
	}

	t.Setenv("OSS_DEV_APPROVAL__POLICY", "never")
	res, err = builtinNamed(t, "dco").RunHook(ctx, builtin.Event, wf)
	if err != nil || res.OK || !strings.Contains(res.Message, "1 commit are not signed off") || !strings.Contains(res.Message, "git rebase --signoff origin/main") {
		t.Fatalf("dco under never: %+v %v", res, err)
	}
	if body := gitIn(t, clone, "log", "-1", "--format=%b"); strings.Contains(body, "Signed-off-by") {
		t.Fatal("signed off without approval")
	}

	t.Setenv("OSS_DEV_APPROVAL__POLICY", "yolo")
	res, err = builtinNamed(t, "dco").RunHook(ctx, builtin.Event, wf)
	if err != nil || !res.OK || !strings.Contains(res.Message, "signed off 1 commit") {
		t.Fatalf("dco under yolo: %+v %v", res, err)
	}
	if body := gitIn(t, clone, "log", "-1", "--format=%b"); !strings.Contains(body, "Signed-off-by: Ada <ada@example.com>") {
		t.Fatalf("not signed off: %q", body)
	}
	audit, err := os.ReadFile(filepath.Join(os.Getenv("XDG_STATE_HOME"), "oss-dev", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(audit)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"decision":"reject"`) || !strings.Contains(lines[1], `"decision":"approve"`) ||
		!strings.Contains(lines[1], "plugin dco: sign off 1 commit of the branch") {
		t.Fatalf("audit log:\n%s", audit)
	}
}
