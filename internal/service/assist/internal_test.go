package assist

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/model"
)

func TestUnifiedDiffApplies(t *testing.T) {
	cases := []struct{ before, after string }{
		{"a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\nE\nf\ng\nh\n"},
		{"one\n", "one\ntwo\n"},
		{"no newline", "no newline\nnow\n"},
		{"x\ny\n", ""},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n", "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"},
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for i, c := range cases {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "f.txt"), []byte(c.before), 0o644); err != nil {
			t.Fatal(err)
		}
		diff := unifiedDiff("f.txt", c.before, c.after, true)
		if err := os.WriteFile(filepath.Join(dir, "p.diff"), []byte(diff), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("git", "apply", "--unidiff-zero", "p.diff")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("case %d: git apply: %v\n%s\n%s", i, err, out, diff)
		}
		got, _ := os.ReadFile(filepath.Join(dir, "f.txt"))
		if string(got) != c.after {
			t.Errorf("case %d: applied diff gives %q, want %q\n%s", i, got, c.after, diff)
		}
	}
	if d := unifiedDiff("new.txt", "", "hi\n", false); !strings.HasPrefix(d, "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hi\n") {
		t.Errorf("creation diff %q", d)
	}
}

func TestFitKeepsTheBriefAndTheLatestTurn(t *testing.T) {
	head := []model.Message{{Role: model.RoleSystem, Content: "rules"}, {Role: model.RoleUser, Content: "requirements and plan"}}
	big := strings.Repeat("word ", 2000)
	var history []model.Message
	for i := range 6 {
		id := fmt.Sprint("call_", i)
		history = append(history,
			model.Message{Role: model.RoleAssistant, ToolCalls: []model.ToolCall{{ID: id, Name: "read_file", Arguments: `{"path":"a"}`}}},
			model.Message{Role: model.RoleTool, ToolCallID: id, Content: big})
	}
	all := costOf(head) + costOf(history)

	// Room for everything: nothing changes.
	if got := fit(all, head, history); len(got) != len(head)+len(history) || got[3].Content != big {
		t.Fatalf("fit changed a conversation that fits")
	}
	// Room for the latest outputs only: old outputs are shortened, no turn dropped.
	got := fit(costOf(head)+3*cost(history[1])+200, head, history)
	if len(got) != len(head)+len(history) {
		t.Fatalf("%d messages; want every turn kept with shortened outputs", len(got))
	}
	if got[3].Content != shortened || got[len(got)-1].Content != big {
		t.Fatalf("the oldest output was not shortened or the latest was: %q / %q", got[3].Content[:20], got[len(got)-1].Content[:20])
	}
	// Less room than the latest turn: the brief and the latest turn stay.
	got = fit(10, head, history)
	if got[0].Content != "rules" || got[1].Content != "requirements and plan" {
		t.Fatal("the system message or the brief was dropped")
	}
	if !strings.Contains(got[2].Content, "5 earlier turns") || got[len(got)-1].Content != big || got[len(got)-2].ToolCalls[0].ID != "call_5" {
		t.Fatalf("want a note and the latest turn whole, got %d messages: %q", len(got), got[2].Content)
	}
}

func TestValidate(t *testing.T) {
	schema := ReadFile{}.Schema().Parameters
	for args, want := range map[string]string{
		`{"path":"a.go"}`: "",
		`{"path":"a.go","start_line":2,"end_line":9}`: "",
		`{"path":"a.go","start_line":0}`:              "at least 1",
		`{"path":"a.go","start_line":1.5}`:            "integer",
		`{"path":"a.go","start_line":99999999999}`:    "reasonable size",
		`{"path":"a.go"} {}`:                          "more than one value",
		`{"start_line":2}`:                            `"path" is required`,
		`{"path":null}`:                               "must be a string",
		`null`:                                        "JSON object",
		``:                                            "not valid JSON",
	} {
		err := Validate(schema, json.RawMessage(args))
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("Validate(%s) = %v; want %q", args, err, want)
		}
	}
}

// FuzzValidate feeds tool-call arguments, which a model (attacker-
// controlled) writes, to the validator: it must never panic, and what it
// accepts must decode into the tool's arguments.
func FuzzValidate(f *testing.F) {
	for _, s := range []string{`{"path":"a.go","start_line":1}`, `{"path":"\u0000"}`, `{"path":"a","path":"b"}`, `[]`, `{"path":1e400}`, `{"Path":"x"}`, `{"path":"x","end_line":-0}`} {
		f.Add(s)
	}
	schema := ReadFile{}.Schema().Parameters
	f.Fuzz(func(t *testing.T, args string) {
		if Validate(schema, json.RawMessage(args)) != nil {
			return
		}
		var a struct {
			Path      string `json:"path"`
			StartLine int    `json:"start_line"`
			EndLine   int    `json:"end_line"`
		}
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			t.Fatalf("accepted %q, which does not decode: %v", args, err)
		}
	})
}

func TestRelPath(t *testing.T) {
	root := "/repo"
	for in, want := range map[string]string{
		"a/b.go": "a/b.go", "./a/../b.go": "b.go", "": ".", "/repo/x/y": "x/y",
		"../x": "", "/etc/passwd": "", ".git/config": "", "sub/.GIT/hooks/x": "", ".oss-dev/config.toml": "", "a/../../x": "", "a\x00b": "",
	} {
		got, err := relPath(root, in)
		if (err == nil) != (want != "") || got != want {
			t.Errorf("relPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
