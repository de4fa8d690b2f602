package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestAppendRuleKeepsTheFile(t *testing.T) {
	cases := []struct {
		name, before string
		want         int
	}{
		{"missing file", "", 0},
		{"comments kept", "# my settings\n[approval]\npolicy = \"on_request\" # ask me\n", 0},
		{"after existing rules", "[[approval.allow]]\nprogram = \"make\"\nsubcommand = \"test\"\n", 1},
		{"no final newline", "[ui]\ncolor = \"never\"", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), ".oss-dev", "config.toml")
			if c.before != "" {
				mustRule(t, os.MkdirAll(filepath.Dir(path), 0o755))
				mustRule(t, os.WriteFile(path, []byte(c.before), 0o644))
			}
			i, err := AppendRule(path, "allow", Rule{Program: "git", Subcommand: "push", Reason: "always at the prompt"})
			if err != nil || i != c.want {
				t.Fatalf("index %d, err %v; want %d", i, err, c.want)
			}
			data, _ := os.ReadFile(path)
			if !strings.HasPrefix(string(data), c.before) {
				t.Fatalf("the file's text changed:\n%s", data)
			}
			_, err = Load(LoadOptions{WorkDir: filepath.Dir(filepath.Dir(path)), Env: []string{"HOME=" + t.TempDir()}})
			if err != nil {
				t.Fatalf("the result does not load: %v\n%s", err, data)
			}
			var rules []Rule
			ds, probs := decodeFile(newKeyIndex(), data)
			if len(probs) > 0 {
				t.Fatalf("problems: %+v", probs)
			}
			for _, d := range ds {
				if d.def.name == "approval.allow" {
					rules = d.val.([]Rule)
				}
			}
			if len(rules) != c.want+1 || rules[c.want].Program != "git" || rules[c.want].Subcommand != "push" {
				t.Fatalf("rules %+v", rules)
			}
		})
	}
}

func TestAppendRuleRefusesInlineLists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	before := "[approval]\nallow = [{program = \"make\"}]\n"
	mustRule(t, os.WriteFile(path, []byte(before), 0o644))
	if _, err := AppendRule(path, "allow", Rule{Program: "git"}); !errcode.HasCode(err, errcode.ConfigInvalid) {
		t.Fatalf("err = %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != before {
		t.Fatalf("file changed:\n%s", data)
	}
}

func mustRule(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestAppendRuleRefusesABlankProgram(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if _, err := AppendRule(path, "allow", Rule{Program: "  "}); err == nil {
		t.Fatal("a rule whose program is blank was written; the file would no longer load")
	}
}
