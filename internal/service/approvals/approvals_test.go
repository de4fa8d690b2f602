package approvals

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNewManagerTakesEveryLayersRules(t *testing.T) {
	sharedtest.RequireTool(t, "git")
	base := t.TempDir()
	home, repo := filepath.Join(base, "home"), filepath.Join(base, "repo")
	if out, err := exec.Command("git", "init", "-q", repo).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	userFile := filepath.Join(home, ".config", "oss-dev", "config.toml")
	projFile := filepath.Join(repo, ".oss-dev", "config.toml")
	write(t, userFile, "[approval]\npolicy = \"never\"\n\n[[approval.deny]]\nprogram = \"git\"\nsubcommand = \"push\"\n")
	// The contributor's own project config: written through oss-dev.
	state := filepath.Join(base, "state")
	t.Setenv("XDG_STATE_HOME", state)
	must(t, config.Set(projFile, "approval.tools.git_push", "auto"))
	_, err := config.AppendRule(projFile, "allow", config.Rule{Program: "git", Subcommand: "push"})
	must(t, err)
	_, err = config.AppendRule(projFile, "allow", config.Rule{Program: "make"})
	must(t, err)
	write(t, filepath.Join(repo, "new.txt"), "x\n")
	l, err := config.Load(config.LoadOptions{WorkDir: repo, Env: []string{"HOME=" + home, "XDG_CONFIG_DIRS=" + filepath.Join(base, "etc"), "XDG_STATE_HOME=" + state}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := git.New(filepath.Join(repo, ".oss-dev"))
	if err != nil {
		t.Fatal(err)
	}
	env, err := RepoEnvironment(context.Background(), filepath.Join(repo, ".oss-dev"), r)
	if err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(repo)
	if r, _ := filepath.EvalSymlinks(env.RepoRoot); r != real || !env.Dirty || env.Dir == "" {
		t.Fatalf("environment %+v", env)
	}
	m, err := NewManager(l, env, nil, nil, state)
	if err != nil {
		t.Fatal(err)
	}
	if m.Policy != config.PolicyNever || m.ToolPolicy["git_push"] != config.PolicyAuto || m.Confirmer != nil || m.Env.HomeDir == "" {
		t.Fatalf("manager %+v", m)
	}
	ids := func(rs []approval.SourcedRule) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID()+" "+r.File)
		}
		return out
	}
	if got := ids(m.Rules.Deny); len(got) != 1 || got[0] != "user-deny-1 "+userFile {
		t.Errorf("deny rules %q", got)
	}
	if got := ids(m.Rules.Allow); len(got) != 2 || got[0] != "project-allow-1 "+projFile || got[1] != "project-allow-2 "+projFile {
		t.Errorf("allow rules %q", got)
	}
	d := m.Evaluate(approval.Request{Tool: "shell", Command: []string{"git", "push", "origin", "x"}})
	if d.Outcome != approval.Reject || d.Rule == nil || d.Rule.ID() != "user-deny-1" {
		t.Errorf("the user's deny rule must win over the project's allow rule: %+v", d)
	}
}

func TestAuditPath(t *testing.T) {
	c := config.Default()
	if p := AuditPath(&c, "/state"); p != filepath.Join("/state", "audit.jsonl") {
		t.Errorf("default audit path %q", p)
	}
	c.Approval.AuditLog = "/var/log/oss-dev.jsonl"
	if p := AuditPath(&c, "/state"); p != c.Approval.AuditLog {
		t.Errorf("configured audit path %q", p)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A project config that came with the repository (committed, or simply
// there) only tightens; one oss-dev wrote for the contributor counts in
// full, until its content changes; a link never counts.
func TestProjectConfigOnlyTightensUnlessItIsTheUsersOwn(t *testing.T) {
	sharedtest.RequireTool(t, "git")
	base := t.TempDir()
	home, repo, state := filepath.Join(base, "home"), filepath.Join(base, "repo"), filepath.Join(base, "state")
	t.Setenv("XDG_STATE_HOME", state)
	gitRun := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", repo}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@x", "GIT_COMMITTER_NAME=a", "GIT_COMMITTER_EMAIL=a@x")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if out, err := exec.Command("git", "init", "-q", repo).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	projFile := filepath.Join(repo, ".oss-dev", "config.toml")
	shipped := "[approval]\npolicy = \"yolo\"\n\n[approval.tools]\ngit_push = \"auto\"\nshell = \"never\"\n\n[[approval.allow]]\nprogram = \"make\"\n\n[[approval.deny]]\nprogram = \"curl\"\n"
	write(t, projFile, shipped)
	gitRun("add", ".oss-dev/config.toml")
	gitRun("commit", "-q", "-m", "ship a config")
	load := func(extra ...string) *config.Loaded {
		env := append([]string{"HOME=" + home, "XDG_CONFIG_DIRS=" + filepath.Join(base, "etc"), "XDG_STATE_HOME=" + state}, extra...)
		l, err := config.Load(config.LoadOptions{WorkDir: repo, Env: env})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	manager := func(extra ...string) *approval.Manager {
		m, err := NewManager(load(extra...), approval.Environment{RepoRoot: repo}, nil, nil, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	m := manager()
	if m.Policy != config.PolicyOnRequest {
		t.Errorf("a shipped yolo policy was honoured: %s", m.Policy)
	}
	if _, ok := m.ToolPolicy["git_push"]; ok || m.ToolPolicy["shell"] != config.PolicyNever {
		t.Errorf("tool policies %v: looser ones must go, stricter ones stay", m.ToolPolicy)
	}
	if len(m.Rules.Allow) != 0 || len(m.Rules.Deny) != 1 {
		t.Errorf("rules %+v: shipped allow rules must go, deny rules stay", m.Rules)
	}
	if len(m.Notes) != 3 {
		t.Errorf("notes %q", m.Notes)
	}
	if d := m.Evaluate(approval.Request{Tool: "shell", Shell: "make install"}); d.Outcome == approval.Approve {
		t.Errorf("make install approved through a shipped config: %+v", d)
	}

	// The strictest policy wins, whichever layer the looser one is in.
	if m := manager("OSS_DEV_APPROVAL__POLICY=never"); m.Policy != config.PolicyNever {
		t.Errorf("never + project yolo = %s, want never", m.Policy)
	}
	write(t, projFile, "[approval]\npolicy = \"never\"\n")
	if m := manager("OSS_DEV_APPROVAL__POLICY=yolo"); m.Policy != config.PolicyNever || m.PolicyLayer != "project" {
		t.Errorf("yolo + project never = %s from %s, want never from project", m.Policy, m.PolicyLayer)
	}

	// Written for the contributor through oss-dev: their own, in full.
	must(t, os.Remove(projFile))
	must(t, config.Set(projFile, "approval.policy", "yolo"))
	_, err := config.AppendRule(projFile, "allow", config.Rule{Program: "make"})
	must(t, err)
	if m := manager(); m.Policy != config.PolicyYolo || len(m.Rules.Allow) != 1 || len(m.Notes) != 0 {
		t.Fatalf("the contributor's own project config: %+v", m)
	}

	// A pull changes it: it is the repository's again.
	data, err := os.ReadFile(projFile)
	must(t, err)
	write(t, projFile, string(data)+"\n[[approval.allow]]\nprogram = \"curl\"\n")
	if m := manager(); m.Policy != config.PolicyOnRequest || len(m.Rules.Allow) != 0 {
		t.Errorf("a changed config kept its trust: %+v", m)
	}
	// Writing into a file that is not the user's own does not make it so.
	must(t, config.Set(projFile, "ui.color", "never"))
	if m := manager(); m.Policy != config.PolicyOnRequest || len(m.Rules.Allow) != 0 {
		t.Errorf("a write made a shipped config trusted: %+v", m)
	}

	// A link to a file the contributor did write elsewhere is not theirs here.
	other := filepath.Join(base, "other", ".oss-dev", "config.toml")
	must(t, config.Set(other, "approval.policy", "yolo"))
	must(t, os.Remove(projFile))
	if err := os.Symlink(other, projFile); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	if m := manager(); m.Policy != config.PolicyOnRequest {
		t.Errorf("a linked project config was trusted: %s", m.Policy)
	}
	if err := config.Set(projFile, "approval.policy", "auto"); err == nil {
		t.Errorf("a write through a linked project config was allowed")
	}
}
