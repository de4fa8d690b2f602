package assist_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/assist"
)

// A session of three changes: an edit of hello.go, a new file, a second
// edit of hello.go; saved beside the workflow as it goes.
func threeChanges(t *testing.T) (*harness, *assist.Session, assist.Sessions) {
	h := newHarness(t, config.PolicyAuto, map[string]string{"hello.go": helloGo, "README.md": "# hello\n"})
	h.srv.Script(
		turn(call("edit_file", map[string]any{"path": "hello.go", "old_string": `"hello"`, "new_string": `"hello, world"`}),
			call("write_file", map[string]any{"path": "docs/new.md", "content": "new\n"}),
			call("edit_file", map[string]any{"path": "hello.go", "old_string": "// Greeting says hello.", "new_string": "// Greeting greets."})),
		done("done"),
	)
	sessions := assist.Sessions{Store: state.Open(h.root, config.ResolveDirs(nil).State)}
	h.loop.Save = func(s *assist.Session) error { return sessions.Save(context.Background(), s) }
	if _, _, err := h.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	s, ok, err := sessions.Load("hello-1-abc123")
	if err != nil || !ok || len(s.Changes) != 3 || s.Stopped != assist.StopDone || s.Usage.Calls != 2 {
		t.Fatalf("saved session %+v, %v, %v", s, ok, err)
	}
	return h, s, sessions
}

func TestUndoRevertsTheLastChangeOnly(t *testing.T) {
	h, s, _ := threeChanges(t)
	// A hand edit elsewhere stays.
	if err := os.WriteFile(filepath.Join(h.root, "README.md"), []byte("# hello, by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := assist.Undo(context.Background(), h.loop.WS, s, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(r) != 1 || !r[0].Reverted || r[0].Path != "hello.go" {
		t.Fatalf("reverted %+v", r)
	}
	got := h.file("hello.go")
	if !strings.Contains(got, "// Greeting says hello.") || !strings.Contains(got, `"hello, world"`) {
		t.Fatalf("hello.go after undo:\n%s", got)
	}
	if h.file("README.md") != "# hello, by hand\n" || h.file("docs/new.md") != "new\n" {
		t.Fatal("undo touched what it should not")
	}
	if recs := h.auditRecords(); !strings.Contains(recs[len(recs)-1].Action, "undo the assistant's change to hello.go") {
		t.Fatalf("the undo was not approved through the manager: %+v", recs[len(recs)-1])
	}
}

func TestUndoAllRefusesAFileChangedByHand(t *testing.T) {
	h, s, sessions := threeChanges(t)
	if err := os.WriteFile(filepath.Join(h.root, "hello.go"), []byte(h.file("hello.go")+"// mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := assist.Undo(context.Background(), h.loop.WS, s, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(r) != 3 || r[0].Reverted || !strings.Contains(r[0].Reason, "changed since") || !r[1].Reverted || r[1].Path != "docs/new.md" || r[2].Reverted {
		t.Fatalf("reverted %+v", r)
	}
	if !strings.HasSuffix(h.file("hello.go"), "// mine\n") {
		t.Fatal("the hand edit was lost")
	}
	if _, err := os.Stat(filepath.Join(h.root, "docs/new.md")); !os.IsNotExist(err) {
		t.Fatal("the created file was not removed")
	}
	if err := sessions.Save(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	s2, _, err := sessions.Load("hello-1-abc123")
	if err != nil || !s2.Changes[1].Reverted || s2.Changes[0].Reverted {
		t.Fatalf("the session does not record what was reverted: %+v %v", s2.Changes, err)
	}
	// The file changed by hand is still refused on the next undo.
	r, err = assist.Undo(context.Background(), h.loop.WS, s2, false)
	if err != nil || len(r) != 1 || r[0].Reverted || r[0].Path != "hello.go" {
		t.Fatalf("undo again: %+v %v", r, err)
	}
}

func TestATamperedSessionIsRefused(t *testing.T) {
	h, _, sessions := threeChanges(t)
	path, _ := state.Open(h.root, config.ResolveDirs(nil).State).SidePath("hello-1-abc123", "assist")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(string(raw), `"path":"hello.go"`, `"path":"README.md"`, 1)
	if err := os.WriteFile(path, []byte(forged), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sessions.Load("hello-1-abc123"); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Fatalf("err %v; want STATE_UNTRUSTED", err)
	}
}
