package approval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestOwnGitConfigThatRunsProgramsIsNotReadOnly: a work tree can come with
// a .git someone else wrote. When its configuration names a program that a
// reading git runs (an fsmonitor, a diff driver, a filter, a file included
// from elsewhere) or its hooks hold one that the index's refresh starts, git
// status, log and diff are not read-only: the policy decides.
func TestOwnGitConfigThatRunsProgramsIsNotReadOnly(t *testing.T) {
	// hook names a hook to plant, or config.worktree for the key to be
	// set in that file
	cases := []struct{ key, value, hook string }{
		{key: "core.fsmonitor", value: "./x.sh"},
		{key: "diff.external", value: "./x.sh"},
		{key: "diff.evil.textconv", value: "./x.sh"},
		{key: "filter.evil.clean", value: "./x.sh"},
		{key: "core.sshCommand", value: "./x.sh"},
		{key: "credential.helper", value: "!./x.sh"},
		{key: "include.path", value: "../elsewhere.cfg"},
		{key: "includeIf.gitdir:/.path", value: "../elsewhere.cfg"},
		{key: "gpg.program", value: "./x.sh"},
		{key: "remote.origin.uploadpack", value: "./x.sh"},
		{hook: "post-index-change"},
		{key: "core.fsmonitor", value: "./x.sh", hook: "config.worktree"},
	}
	for _, c := range cases {
		root := sharedtest.GitRepo(t, map[string]string{"a.txt": "a\n"})
		switch {
		case c.hook == "config.worktree":
			sharedtest.Git(t, root, "config", "extensions.worktreeConfig", "true")
			sharedtest.Git(t, root, "config", "--worktree", c.key, c.value)
		case c.key != "":
			sharedtest.Git(t, root, "config", c.key, c.value)
		}
		if c.hook != "" && c.key == "" {
			if err := os.WriteFile(filepath.Join(root, ".git", "hooks", c.hook), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		what := c.key
		if c.key == "" {
			what = c.hook
		}
		for _, cmd := range []string{"git status", "git log -p", "git diff", "git ls-remote origin"} {
			a := Classify(cmd, Environment{RepoRoot: root})
			if a.Class == Safe {
				t.Errorf("%s: %q is safe (%s)", what, cmd, a.Reason)
			} else if !strings.Contains(a.Reason, strings.ToLower(what)) {
				t.Errorf("%s: %q: reason %q does not name it", what, cmd, a.Reason)
			}
		}
	}
}

// TestPlainCloneConfigKeepsGitReadOnly: what git clone and everyday use
// write in .git/config (the remote, the branch, an fsmonitor that is only
// on or off, hooks for commits) leaves reading commands read-only.
func TestPlainCloneConfigKeepsGitReadOnly(t *testing.T) {
	root := sharedtest.GitRepo(t, map[string]string{"a.txt": "a\n"})
	for _, kv := range [][2]string{
		{"remote.origin.url", "https://github.com/o/r"}, {"remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"},
		{"branch.main.remote", "origin"}, {"branch.main.merge", "refs/heads/main"}, {"core.fsmonitor", "true"},
		{"core.hooksPath", ".husky/_"}, {"user.name", "A"}, {"pull.rebase", "true"},
	} {
		sharedtest.Git(t, root, "config", kv[0], kv[1])
	}
	if err := os.WriteFile(filepath.Join(root, ".git", "hooks", "pre-commit"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"git status", "git log -p", "git diff"} {
		if a := Classify(cmd, Environment{RepoRoot: root}); a.Class != Safe {
			t.Errorf("%q is %s (%s), want safe", cmd, a.Class, a.Reason)
		}
	}
}
