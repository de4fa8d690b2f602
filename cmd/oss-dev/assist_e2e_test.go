package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/provider/llm/llmtest"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

func assistCall(name string, args map[string]any) llmtest.ToolCall {
	b, _ := json.Marshal(args)
	return llmtest.ToolCall{Name: name, Arguments: string(b)}
}

// The assistant, end to end with the real binary: no model is an error
// with the fix; with one, it reads, edits after approval, runs the tests it
// offers, accounts for its tokens and cost, and its change can be undone.
func TestMentorAssistEndToEnd(t *testing.T) {
	auto := []string{"OSS_DEV_APPROVAL__POLICY=auto"}
	w := mentoringtest.New(t)
	if r := mentorRun(t, mentorCmd(t, w, w.Work, auto, "mentor", "start", mentoringtest.IssueID)); r.code != 0 {
		t.Fatalf("start: exit %d\n%s", r.code, r.stderr)
	}
	clone := w.Clone()

	r := mentorRun(t, mentorCmd(t, w, clone, auto, "mentor", "assist"))
	if r.code != 1 || !strings.Contains(r.stderr, "LLM_NOT_CONFIGURED") || !strings.Contains(r.stderr, "config set model.provider") {
		t.Fatalf("without a model: exit %d\n%s", r.code, r.stderr)
	}

	srv := llmtest.NewOpenAI(t)
	usage := &llmtest.Usage{Input: 1000, Output: 100}
	srv.Script(
		llmtest.Reply{ToolCalls: []llmtest.ToolCall{assistCall("read_file", map[string]any{"path": "status.txt"})}, Usage: usage},
		llmtest.Reply{ToolCalls: []llmtest.ToolCall{assistCall("edit_file", map[string]any{"path": "status.txt", "old_string": "broken", "new_string": "fixed"}),
			assistCall("write_file", map[string]any{"path": "../outside.txt", "content": "x"})}, Usage: usage},
		llmtest.Reply{Text: []string{"status.txt now says fixed."}, Usage: usage},
	)
	withModel := append(auto, "OSS_DEV_MODEL__PROVIDER=openai", "OSS_DEV_MODEL__BASE_URL="+srv.URL, "OSS_DEV_MODEL__NAME=gpt-4o-mini",
		"OPENAI_API_KEY=sk-test-0123456789abcdef", "OSS_DEV_MODEL__PRICE_INPUT_PER_MTOK=2", "OSS_DEV_MODEL__PRICE_OUTPUT_PER_MTOK=8")
	r = mentorRun(t, mentorCmd(t, w, clone, withModel, "mentor", "assist", "--json", "--goal", "make the tests pass"))
	if r.code != 0 {
		t.Fatalf("assist: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	var rep struct {
		Stopped string `json:"stopped"`
		Steps   int    `json:"steps"`
		Usage   struct {
			Calls int     `json:"calls"`
			Total int     `json:"total"`
			Cost  float64 `json:"cost"`
		} `json:"usage"`
		Applied []struct{ Path, Diff string } `json:"applied"`
		Tests   string                        `json:"tests"`
		Text    string                        `json:"text"`
		Events  []struct{ Kind, Tool string } `json:"events"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("--json printed more or less than one document: %v\n%s", err, r.stdout)
	}
	if rep.Stopped != "done" || rep.Steps != 3 || rep.Usage.Calls != 3 || rep.Usage.Total != 3300 || rep.Usage.Cost != 0.0084 {
		t.Fatalf("report %+v", rep)
	}
	if len(rep.Applied) != 1 || rep.Applied[0].Path != "status.txt" || !strings.Contains(rep.Applied[0].Diff, "+fixed") {
		t.Fatalf("applied %+v", rep.Applied)
	}
	if !strings.HasPrefix(rep.Tests, "exit status 0") || !strings.Contains(rep.Tests, "ok") || rep.Text != "status.txt now says fixed." {
		t.Fatalf("tests %q, text %q", rep.Tests, rep.Text)
	}
	if data, _ := os.ReadFile(filepath.Join(clone, "status.txt")); string(data) != "fixed\n" {
		t.Fatalf("status.txt = %q", data)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(clone), "outside.txt")); !os.IsNotExist(err) {
		t.Fatal("the assistant wrote outside the repository")
	}
	sessions, _ := filepath.Glob(filepath.Join(clone, ".oss-dev", "workflows", "*.assist.json"))
	if len(sessions) != 1 {
		t.Fatalf("session files %v", sessions)
	}
	raw, _ := os.ReadFile(sessions[0])
	if !strings.Contains(string(raw), `"mac":"hmac-sha256:`) || strings.Contains(string(raw), "sk-test-0123456789abcdef") {
		t.Fatalf("the session is not signed, or holds the key:\n%s", raw)
	}

	// Usage per call in the audit log, per workflow in status.
	audit, _ := os.ReadFile(filepath.Join(w.Home, ".local", "state", "oss-dev", "audit.jsonl"))
	if n := strings.Count(string(audit), `"decision":"usage"`); n != 3 || !strings.Contains(string(audit), `"tokens":{"input":1000,"output":100,"total":1100},"cost":0.0028`) ||
		!strings.Contains(string(audit), `"tool":"file_write","action":"edit status.txt (proposed by the assistant)","decision":"approve"`) ||
		!strings.Contains(string(audit), `"action":"write ../outside.txt (proposed by the assistant)","decision":"reject","decided_by":"assistant"`) {
		t.Fatalf("audit log (%d usage lines):\n%s", n, audit)
	}
	r = mentorRun(t, mentorCmd(t, w, clone, withModel, "mentor", "status", "--json"))
	var st struct {
		Tokens    struct{ Calls, Total int }
		Assistant struct {
			Calls int
			Total int
			Cost  float64
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st.Assistant.Calls != 3 || st.Assistant.Total != 3300 || st.Tokens.Calls < 3 || st.Assistant.Cost != 0.0084 {
		t.Fatalf("status: %v %+v\n%s", err, st, r.stdout)
	}

	// Undo puts the file back, and says so.
	r = mentorRun(t, mentorCmd(t, w, clone, auto, "mentor", "undo"))
	if r.code != 0 || !strings.Contains(r.stdout, "Reverted the assistant's change to status.txt") {
		t.Fatalf("undo: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(clone, "status.txt")); string(data) != "broken\n" {
		t.Fatalf("status.txt after undo = %q", data)
	}

	// A session edited by hand is refused, not resumed.
	forged := strings.Replace(string(raw), "make the tests pass", "push to main", 1)
	if err := os.WriteFile(sessions[0], []byte(forged), 0o600); err != nil {
		t.Fatal(err)
	}
	r = mentorRun(t, mentorCmd(t, w, clone, withModel, "mentor", "assist", "--resume"))
	if r.code != 1 || !strings.Contains(r.stderr, "STATE_UNTRUSTED") {
		t.Fatalf("resume of a forged session: exit %d\n%s", r.code, r.stderr)
	}
}

// TestMentorAssistPromptsInTerminal runs the assistant under the default
// policy (on_request) in a real terminal: the edit's diff is shown before
// the contributor says yes, a declined edit is not made, a dangerous
// command is refused without a prompt, and the tests are offered at the end.
func TestMentorAssistPromptsInTerminal(t *testing.T) {
	w := mentoringtest.New(t)
	if r := mentorRun(t, mentorCmd(t, w, w.Work, []string{"OSS_DEV_APPROVAL__POLICY=auto"}, "mentor", "start", mentoringtest.IssueID)); r.code != 0 {
		t.Fatalf("start: exit %d\n%s", r.code, r.stderr)
	}
	srv := llmtest.NewOpenAI(t)
	srv.Script(
		llmtest.Reply{ToolCalls: []llmtest.ToolCall{
			assistCall("edit_file", map[string]any{"path": "status.txt", "old_string": "broken", "new_string": "fixed"}),
			assistCall("run_command", map[string]any{"command": "rm -rf ~"}),
			assistCall("write_file", map[string]any{"path": "README.md", "content": "# widget, rewritten\n"}),
		}},
		llmtest.Reply{Text: []string{"Fixed status.txt."}},
	)
	model := []string{"OSS_DEV_MODEL__PROVIDER=openai", "OSS_DEV_MODEL__BASE_URL=" + srv.URL, "OPENAI_API_KEY=sk-test-0123456789abcdef"}
	var asked []string
	screen := mentorInTerminal(t, w, w.Clone(), model, func(action string) string {
		asked = append(asked, action)
		if strings.Contains(action, "README.md") {
			return "n"
		}
		return "y"
	}, "mentor", "assist")
	if !strings.Contains(screen, "EXIT=0") {
		t.Fatalf("assist failed in the terminal:\n%s", screen)
	}
	if len(asked) != 3 || !strings.Contains(asked[0], "edit status.txt") || !strings.Contains(asked[1], "README.md") || !strings.Contains(asked[2], "test command") {
		t.Fatalf("asked %q\n%s", asked, screen)
	}
	for _, want := range []string{"-broken", "+fixed", "refused: dangerous", "Fixed status.txt.", "changed status.txt", "Stopped: the model is done"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the terminal did not show %q:\n%s", want, screen)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(w.Clone(), "status.txt")); string(data) != "fixed\n" {
		t.Errorf("status.txt = %q", data)
	}
	if data, _ := os.ReadFile(filepath.Join(w.Clone(), "README.md")); string(data) != "# widget\n" {
		t.Errorf("the declined write was made: %q", data)
	}
}
