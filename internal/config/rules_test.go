package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// rulesFixture is a user and a project file with rules, loaded.
func rulesFixture(t *testing.T, user, project string) (*Loaded, string, string) {
	t.Helper()
	home := t.TempDir()
	repo := t.TempDir()
	mustRule(t, os.Mkdir(filepath.Join(repo, ".git"), 0o755))
	userFile := filepath.Join(home, ".config", "oss-dev", "config.toml")
	projFile := filepath.Join(repo, ProjectDir, "config.toml")
	for path, text := range map[string]string{userFile: user, projFile: project} {
		if text == "" {
			continue
		}
		mustRule(t, os.MkdirAll(filepath.Dir(path), 0o755))
		mustRule(t, os.WriteFile(path, []byte(text), 0o644))
	}
	env := []string{"HOME=" + home, "XDG_CONFIG_DIRS=" + filepath.Join(home, "none")}
	if project != "" {
		trustFile(t, env, projFile)
	}
	l, err := Load(LoadOptions{WorkDir: repo, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	return l, userFile, projFile
}

func TestRulesAddUpAcrossLayers(t *testing.T) {
	user := "[[approval.deny]]\nprogram = \"git\"\nsubcommand = \"push\"\n\n[[approval.allow]]\nprogram = \"make\"\n"
	project := "# project rules\n[[approval.allow]]\nprogram = \"go\"\nsubcommand = \"build\"\n\n[[approval.allow]]\nprogram = \"npm\"\nsubcommand = \"run\"\nargs = [\"test*\", \"...\"]\n"
	l, userFile, projFile := rulesFixture(t, user, project)
	if n := len(l.Config.Approval.Allow); n != 3 {
		t.Fatalf("merged allow rules %+v: the layers must add up", l.Config.Approval.Allow)
	}
	if n := len(l.Config.Approval.Deny); n != 1 {
		t.Fatalf("merged deny rules %+v", l.Config.Approval.Deny)
	}
	rules, err := l.FileRules()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind, program string
		layer         Layer
		file          string
		index, line   int
	}{
		{RuleAllow, "make", LayerUser, userFile, 0, 5},
		{RuleDeny, "git", LayerUser, userFile, 0, 1},
		{RuleAllow, "go", LayerProject, projFile, 0, 2},
		{RuleAllow, "npm", LayerProject, projFile, 1, 6},
	}
	if len(rules) != len(want) {
		t.Fatalf("rules %+v", rules)
	}
	for i, w := range want {
		r := rules[i]
		if r.Kind != w.kind || r.Program != w.program || r.Layer != w.layer || r.File != w.file || r.Index != w.index || r.Line != w.line {
			t.Errorf("rule %d: %+v, want %+v", i, r, w)
		}
	}
}

func TestRemoveRule(t *testing.T) {
	cases := []struct {
		name, before string
		index        int
		want         Rule
		after        string
	}{
		{"first of two, comments kept",
			"# mine\n[approval]\npolicy = \"auto\" # fast\n\n[[approval.allow]]\nprogram = \"go\"\nsubcommand = \"build\"\n\n# npm\n[[approval.allow]]\nprogram = \"npm\"\n",
			0, Rule{Program: "go", Subcommand: "build"},
			"# mine\n[approval]\npolicy = \"auto\" # fast\n\n# npm\n[[approval.allow]]\nprogram = \"npm\"\n"},
		{"last, no final newline",
			"[[approval.allow]]\nprogram = \"go\"\n\n[[approval.allow]]\nprogram = \"npm\"\nargs = [\"run\", \"...\"]",
			1, Rule{Program: "npm", Args: []string{"run", "..."}},
			"[[approval.allow]]\nprogram = \"go\"\n"},
		{"between other tables",
			"[[approval.deny]]\nprogram = \"rm\"\n\n[ui]\ncolor = \"never\"\n",
			0, Rule{Program: "rm"},
			"[ui]\ncolor = \"never\"\n"},
		{"crlf",
			"[[approval.deny]]\r\nprogram = \"rm\"\r\n\r\n[[approval.deny]]\r\nprogram = \"dd\"\r\n",
			1, Rule{Program: "dd"},
			"[[approval.deny]]\r\nprogram = \"rm\"\r\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			mustRule(t, os.WriteFile(path, []byte(c.before), 0o644))
			kind := RuleAllow
			if strings.Contains(c.before, "approval.deny") {
				kind = RuleDeny
			}
			got, err := RemoveRule(path, kind, c.index, c.want)
			if err != nil {
				t.Fatal(err)
			}
			if !sameRule(got, c.want) {
				t.Errorf("removed %+v, want %+v", got, c.want)
			}
			data, _ := os.ReadFile(path)
			if string(data) != c.after {
				t.Errorf("file:\n%q\nwant:\n%q", data, c.after)
			}
			if p := syntaxCheck(data); p != nil {
				t.Errorf("result is not TOML: %s", p.msg)
			}
		})
	}
}

func TestRemoveRuleRefuses(t *testing.T) {
	cases := []struct {
		name, before, kind string
		index              int
		want               Rule
		code               errcode.Code
	}{
		{"no such index", "[[approval.allow]]\nprogram = \"go\"\n", RuleAllow, 1, Rule{Program: "go"}, errcode.NotFound},
		{"file changed", "[[approval.allow]]\nprogram = \"go\"\n", RuleAllow, 0, Rule{Program: "npm"}, errcode.ConfigWrite},
		{"inline list", "[approval]\nallow = [{program = \"go\"}]\n", RuleAllow, 0, Rule{Program: "go"}, errcode.ConfigInvalid},
		{"bad kind", "", "maybe", 0, Rule{Program: "go"}, errcode.InvalidInput},
		{"missing file", "", RuleDeny, 0, Rule{Program: "go"}, errcode.NotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			if c.before != "" {
				mustRule(t, os.WriteFile(path, []byte(c.before), 0o644))
			}
			_, err := RemoveRule(path, c.kind, c.index, c.want)
			if !errcode.HasCode(err, c.code) {
				t.Fatalf("err = %v, want %s", err, c.code)
			}
			data, _ := os.ReadFile(path)
			if string(data) != c.before {
				t.Fatalf("file changed:\n%s", data)
			}
		})
	}
}

func FuzzRemoveRule(f *testing.F) {
	f.Add("[[approval.allow]]\nprogram = \"go\"\n\n[[approval.allow]]\nprogram = \"npm\"\n", 1)
	f.Add("# c\n[approval]\npolicy = \"auto\"\n[[approval.allow]] # x\nprogram = \"go\"\n[ui]\ncolor = \"never\"\n", 0)
	f.Add("[approval]\nallow = [{program = \"go\"}]\n", 0)
	f.Fuzz(func(t *testing.T, text string, index int) {
		if index < 0 || index > 8 {
			return
		}
		doc, err := parseDocument([]byte(text))
		if err != nil {
			return
		}
		r, out, err := doc.removeRule([]string{"approval", "allow"}, index)
		if err != nil {
			return
		}
		before, probs := decodeFile(newKeyIndex(), []byte(text))
		if len(probs) > 0 {
			t.Fatalf("removed %+v from a file with problems", r)
		}
		after, probs := decodeFile(newKeyIndex(), out)
		if len(probs) > 0 {
			t.Fatalf("removal left problems %+v:\n%q", probs, out)
		}
		if got, want := countAllow(after), countAllow(before)-1; got != want {
			t.Fatalf("%d rules left, want %d:\n%q", got, want, out)
		}
	})
}

func countAllow(as []assignment) int {
	for _, a := range as {
		if a.def.name == "approval.allow" {
			return len(a.val.([]Rule))
		}
	}
	return 0
}

func TestAppendThenRemoveGivesTheFileBack(t *testing.T) {
	for _, before := range []string{
		"",
		"# only a comment\n",
		"[approval]\npolicy = \"auto\"\n",
		"[approval]\npolicy = \"auto\"\n\n\n",
		"[[approval.allow]]\nprogram = \"go\"\n",
		"[[approval.allow]]\nprogram = \"go\"\n# trailing comment\n",
		"[ui]\r\ncolor = \"never\"\r\n",
	} {
		path := filepath.Join(t.TempDir(), "config.toml")
		if before != "" {
			mustRule(t, os.WriteFile(path, []byte(before), 0o644))
		}
		r := Rule{Program: "npm", Subcommand: "run", Args: []string{"test*", "..."}, Reason: "tests"}
		i, err := AppendRule(path, RuleAllow, r)
		mustRule(t, err)
		if _, err := RemoveRule(path, RuleAllow, i, r); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != before {
			t.Errorf("%q came back as %q", before, got)
		}
	}
}
