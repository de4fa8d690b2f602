package builtin

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/plugin"
)

func commits(subjects ...string) []model.Commit {
	var out []model.Commit
	for i, s := range subjects {
		subject, body, _ := strings.Cut(s, "\n")
		out = append(out, model.Commit{SHA: strings.Repeat(string(rune('a'+i)), 40), Subject: subject, Body: body})
	}
	return out
}

func write(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// run runs the named built-in's hook with facts f on the repository dir.
func run(t *testing.T, name, dir string, f Facts, d Deps) plugin.HookResult {
	t.Helper()
	d.Facts = func(_ context.Context, got string) (Facts, error) {
		if got != dir {
			t.Fatalf("facts of %s, want %s", got, dir)
		}
		return f, nil
	}
	for _, p := range Plugins(d) {
		if p.Manifest().Name != name {
			continue
		}
		m := p.Manifest()
		if _, _, ok := plugin.ParseEvent(m.Hooks[0].Event); !ok || !plugin.ValidName(m.Name) {
			t.Fatalf("the built-in's manifest breaks the rules: %+v", m)
		}
		res, err := p.RunHook(context.Background(), Event, plugin.Workflow{RepositoryPath: dir, Phase: "VALIDATION"})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	t.Fatalf("no built-in %s", name)
	return plugin.HookResult{}
}

func TestCommitConvention(t *testing.T) {
	plain, lint := t.TempDir(), t.TempDir()
	write(t, lint, ".commitlintrc.json", `{"extends": ["@commitlint/config-conventional"]}`)
	cases := []struct {
		name, dir, style string
		subjects         []string
		ok               bool
		want             string
	}{
		{"conventional ok", plain, "conventional", []string{"fix(parser): accept empty lines", "feat!: drop Go 1.20"}, true, "follow the conventional convention"},
		{"conventional bad", plain, "conventional", []string{"fix: ok", "Fixed the parser", "update"}, false,
			"2 commits do not follow the conventional convention (most of the repository's commits follow it; say \"fix(parser): accept empty lines\"): bbbbbbb Fixed the parser; ccccccc update; reword them with 'git rebase -i origin/main'"},
		{"area bad", plain, "area", []string{"net/http: fix a leak", "Fix the leak"}, false, "1 commit do not follow the area convention"},
		{"commitlint wins", lint, "", []string{"Fix the leak"}, false, "its commitlint configuration .commitlintrc.json asks for it"},
		{"no convention", plain, "", []string{"whatever"}, true, "follows no commit-message convention"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, "commit-convention", c.dir, Facts{Convention: c.style, Base: "origin/main", Commits: commits(c.subjects...)}, Deps{})
			if res.OK != c.ok || !strings.Contains(res.Message, c.want) {
				t.Fatalf("%+v, want ok %v and %q", res, c.ok, c.want)
			}
		})
	}
}

func TestDCOWithoutAnyoneToApprove(t *testing.T) {
	dir := t.TempDir()
	f := Facts{DCO: true, Base: "upstream/main", Commits: commits("fix: a\n\nSigned-off-by: A <a@example.com>", "fix: b")}
	res := run(t, "dco", dir, f, Deps{})
	if res.OK || !strings.Contains(res.Message, "1 commit are not signed off") || !strings.Contains(res.Message, "bbbbbbb fix: b") ||
		!strings.Contains(res.Message, "git rebase --signoff upstream/main") {
		t.Fatalf("%+v", res)
	}
	f.DCO = false
	if res := run(t, "dco", dir, f, Deps{}); !res.OK {
		t.Fatalf("no DCO asked: %+v", res)
	}
}

func TestChangelog(t *testing.T) {
	cases := []struct {
		name    string
		files   map[string]string
		changed []string
		ok      bool
		want    string
	}{
		{"none asked", nil, []string{"a.go"}, true, "asks for no changelog entry"},
		{"changesets missing", map[string]string{".changeset/config.json": "{}"}, []string{"a.go", ".changeset/README.md"}, false, "changesets (.changeset/config.json) asks for: add a .changeset/NAME.md file"},
		{"changesets present", map[string]string{".changeset/config.json": "{}"}, []string{".changeset/brave-fox.md"}, true, ".changeset/brave-fox.md"},
		{"towncrier", map[string]string{"newsfragments/.gitignore": "!.gitignore"}, []string{"src/x.py"}, false, "towncrier (newsfragments/)"},
		{"towncrier present", map[string]string{"newsfragments/.gitignore": "!.gitignore"}, []string{"newsfragments/123.bugfix"}, true, "123.bugfix"},
		{"reno", map[string]string{"releasenotes/notes/old.yaml": "x"}, []string{"releasenotes/notes/fix-x.yaml"}, true, "fix-x.yaml"},
		{"contributing policy", map[string]string{"CONTRIBUTING.md": "# Contributing\n\nEvery change must add an entry to CHANGELOG.md under Unreleased.\n"}, []string{"lib.rb"}, false, "CONTRIBUTING.md asks for: add an entry to CHANGELOG.md"},
		{"contributing policy met", map[string]string{"CONTRIBUTING.md": "Please update the CHANGELOG.\n"}, []string{"CHANGELOG.md"}, true, "CHANGELOG.md"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for rel, text := range c.files {
				write(t, dir, rel, text)
			}
			res := run(t, "changelog", dir, Facts{Changed: c.changed}, Deps{})
			if res.OK != c.ok || !strings.Contains(res.Message, c.want) {
				t.Fatalf("%+v, want ok %v and %q", res, c.ok, c.want)
			}
		})
	}
}

// TestChangelogFileLinkedOutIsNotRead: a repository's CONTRIBUTING.md
// that links out of it is not read.
func TestChangelogFileLinkedOutIsNotRead(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write(t, outside, "guide.md", "You must add an entry to CHANGELOG.md.\n")
	if err := os.Symlink(filepath.Join(outside, "guide.md"), filepath.Join(dir, "CONTRIBUTING.md")); err != nil {
		t.Skip(err)
	}
	if res := run(t, "changelog", dir, Facts{Changed: []string{"a.go"}}, Deps{}); !res.OK {
		t.Fatalf("read through a link out of the repository: %+v", res)
	}
}
