package state

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

var ctx = context.Background()

func newState(id string) workflow.State {
	s := workflow.New(id, "/repo", "https://github.com/o/r/issues/7", 7, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	_ = s.SetMeta("plan", map[string]string{"path": "plan.md"})
	return s
}

func TestOpenCreatesNothing(t *testing.T) {
	root := t.TempDir()
	st := Open(root, testState())
	if _, err := st.List(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load("x"); !errcode.HasCode(err, errcode.WorkflowNotFound) {
		t.Fatalf("load missing: %v", err)
	}
	if _, err := os.Stat(root + "/.oss-dev"); !os.IsNotExist(err) {
		t.Fatalf("reading created the state folder: %v", err)
	}
}

func TestRoundTripAndVersions(t *testing.T) {
	st := Open(t.TempDir(), testState())
	s := newState("wf1")
	if err := st.Create(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if s.Version != 1 {
		t.Fatalf("version after create = %d", s.Version)
	}
	s, _ = workflow.Fire(s, workflow.Start, workflow.Facts{IssueURLValid: true}, "", time.Now())
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	got, err := st.Load("wf1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.Phase != workflow.RepoAnalysis || len(got.History) != 1 {
		t.Fatalf("loaded %+v", got)
	}
	var plan map[string]string
	if ok, err := got.Meta("plan", &plan); !ok || err != nil || plan["path"] != "plan.md" {
		t.Fatalf("metadata lost: %v %v %v", ok, err, plan)
	}
}

func TestStaleWriteIsRefused(t *testing.T) {
	st := Open(t.TempDir(), testState())
	s := newState("wf1")
	if err := st.Create(ctx, &s); err != nil {
		t.Fatal(err)
	}
	a, _ := st.Load("wf1")
	b, _ := st.Load("wf1")
	a.BranchName = "a"
	if err := st.Save(ctx, &a); err != nil {
		t.Fatal(err)
	}
	b.BranchName = "b"
	err := st.Save(ctx, &b)
	if !errcode.HasCode(err, errcode.StateVersionMismatch) {
		t.Fatalf("stale save: %v", err)
	}
	got, _ := st.Load("wf1")
	if got.BranchName != "a" {
		t.Fatalf("stale write landed: %q", got.BranchName)
	}
}

func TestConcurrentSavesOneWins(t *testing.T) {
	root := t.TempDir()
	s := newState("wf1")
	if err := Open(root, testState()).Create(ctx, &s); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	// every writer loads before any saves, so all of them hold version 1
	loaded := make([]workflow.State, n)
	for i := range loaded {
		var err error
		if loaded[i], err = Open(root, testState()).Load("wf1"); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int, w workflow.State) {
			defer wg.Done()
			w.BranchName = "b" + string(rune('0'+i))
			errs[i] = Open(root, testState()).Save(ctx, &w)
		}(i, loaded[i])
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errcode.HasCode(err, errcode.StateVersionMismatch):
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d saves won, want exactly 1", wins)
	}
	if got, err := Open(root, testState()).Load("wf1"); err != nil || got.Version != 2 {
		t.Fatalf("after race: %+v %v", got, err)
	}
}

func TestCorruptFileKeepsTheGoodCopy(t *testing.T) {
	st := Open(t.TempDir(), testState())
	s := newState("wf1")
	if err := st.Create(ctx, &s); err != nil {
		t.Fatal(err)
	}
	s.BranchName = "good"
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	s.BranchName = "better"
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(st.path("wf1"))
	if err := os.WriteFile(st.path("wf1"), raw[:len(raw)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := st.Load("wf1")
	if !errcode.HasCode(err, errcode.StateCorrupted) {
		t.Fatalf("truncated load: %v", err)
	}
	var e *errcode.Error
	if !errors.As(err, &e) || !strings.Contains(e.Fix, ".bak") {
		t.Fatalf("fix does not offer the good copy: %+v", e)
	}
	s.BranchName = "overwrite"
	if err := st.Save(ctx, &s); !errcode.HasCode(err, errcode.StateCorrupted) {
		t.Fatalf("save over a corrupt file: %v", err)
	}
	restored, err := st.RestoreBackup(ctx, "wf1")
	if err != nil || restored.BranchName != "good" {
		t.Fatalf("restore: %+v %v", restored, err)
	}
}

// plant writes body as workflow id's file, as a repository or a hand
// edit would.
func plant(t *testing.T, st *Store, id, body string) {
	t.Helper()
	if err := os.MkdirAll(st.Dir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(st.path(id), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBadContents(t *testing.T) {
	cases := map[string]string{
		"garbage":          "not json",
		"empty":            "",
		"null":             "null",
		"array":            "[1,2]",
		"string":           `"wf1"`,
		"unknown phase":    `{"schema_version":1,"workflow_id":"wf1","phase":"DANCING","version":1}`,
		"no version":       `{"schema_version":1,"workflow_id":"wf1","phase":"IDLE"}`,
		"negative version": `{"schema_version":1,"workflow_id":"wf1","phase":"IDLE","version":-1}`,
		"huge version":     `{"schema_version":1,"workflow_id":"wf1","phase":"IDLE","version":9223372036854775807}`,
		"version too big":  `{"schema_version":1,"workflow_id":"wf1","phase":"IDLE","version":1e30}`,
		"negative schema":  `{"schema_version":-3,"workflow_id":"wf1","phase":"IDLE","version":1}`,
		"wrong types":      `{"schema_version":"1","workflow_id":7,"phase":["IDLE"],"version":"1"}`,
		"metadata a list":  `{"schema_version":1,"workflow_id":"wf1","phase":"IDLE","version":1,"metadata":[1]}`,
		"blocked bare":     `{"schema_version":1,"workflow_id":"wf1","phase":"BLOCKED","version":3}`,
		"escaping id":      `{"schema_version":1,"workflow_id":"../../x","phase":"IDLE","version":1}`,
		"other id":         `{"schema_version":1,"workflow_id":"wf2","phase":"IDLE","version":1}`,
		"bad history":      `{"schema_version":1,"workflow_id":"wf1","phase":"IDLE","version":1,"history":[{"from":"X","to":"IDLE"}]}`,
		"negative issue":   `{"schema_version":1,"workflow_id":"wf1","phase":"IDLE","version":1,"issue_number":-7}`,
	}
	for name, body := range cases {
		st := Open(t.TempDir(), testState())
		plant(t, st, "wf1", body)
		_, err := st.Load("wf1")
		if !errcode.HasCode(err, errcode.StateCorrupted) || !strings.Contains(err.Error(), st.path("wf1")) {
			t.Errorf("%s: %v, want STATE_CORRUPTED naming the file", name, err)
		}
	}
}

func TestDecodeNeverPanicsOnNull(t *testing.T) {
	for _, body := range []string{"null", " null ", `{"schema_version":0}`, `{}`} {
		if _, err := decode([]byte(body)); err == nil {
			t.Errorf("decode(%s) accepted it", body)
		}
	}
}

func TestSchemaVersions(t *testing.T) {
	st := Open(t.TempDir(), testState())
	plant(t, st, "new", `{"schema_version":99,"workflow_id":"new","phase":"IDLE","version":1}`)
	if _, err := st.Load("new"); !errcode.HasCode(err, errcode.StateSchemaTooNew) {
		t.Fatalf("newer schema: %v", err)
	}
	got, err := decode([]byte(`{"workflow_id":"old","phase":"PLANNING","version":4}`))
	if err != nil || got.SchemaVersion != workflow.SchemaVersion || got.Phase != workflow.Planning {
		t.Fatalf("migration: %+v %v", got, err)
	}
}

// A state that carries no MAC, or one that does not verify, was not written
// by this user's oss-dev here: it is never loaded, whatever it holds.
func TestForeignStatesAreNeverLoaded(t *testing.T) {
	root := t.TempDir()
	st := Open(root, testState())
	s := newState("wf1")
	if err := st.Create(ctx, &s); err != nil {
		t.Fatal(err)
	}
	signed, err := os.ReadFile(st.path("wf1"))
	if err != nil {
		t.Fatal(err)
	}

	unsigned := `{"schema_version":1,"workflow_id":"wf2","phase":"VERIFICATION","version":1,"repository_path":"/repo"}`
	plant(t, st, "wf2", unsigned)
	if _, err := st.Load("wf2"); !errcode.HasCode(err, errcode.StateUntrusted) || !strings.Contains(err.Error(), st.path("wf2")) {
		t.Errorf("unsigned: %v, want STATE_UNTRUSTED naming the file", err)
	}

	edited := strings.Replace(string(signed), `"phase": "IDLE"`, `"phase": "VERIFICATION"`, 1)
	if edited == string(signed) {
		t.Fatal("the test's edit did not apply")
	}
	plant(t, st, "wf1", edited)
	if _, err := st.Load("wf1"); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Errorf("edited: %v, want STATE_UNTRUSTED", err)
	}
	e := s
	e.BranchName = "evil"
	if err := st.Save(ctx, &e); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Errorf("save over an edited file: %v", err)
	}

	// The same signed bytes in another repository, or under another id.
	other := Open(t.TempDir(), testState())
	plant(t, other, "wf1", string(signed))
	if _, err := other.Load("wf1"); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Errorf("copied to another repository: %v", err)
	}
	renamed := strings.Replace(string(signed), `"workflow_id": "wf1"`, `"workflow_id": "wf3"`, 1)
	plant(t, st, "wf3", renamed)
	if _, err := st.Load("wf3"); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Errorf("renamed: %v", err)
	}

	// Another user's key: the file verifies for nobody else.
	plant(t, st, "wf1", string(signed))
	if _, err := st.Load("wf1"); err != nil {
		t.Fatalf("the user's own file: %v", err)
	}
	st.KeyPath = filepath.Join(t.TempDir(), "state.key")
	if _, err := st.Load("wf1"); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Errorf("another user's key: %v", err)
	}
}

func TestKeyIsPrivateAndStable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "state.key")
	a, err := loadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadKey(path)
	if err != nil || string(a) != string(b) || len(a) != keySize {
		t.Fatalf("second load: %x %v, first %x", b, err, a)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Fatalf("key mode %v, want 0600", info.Mode().Perm())
	}
	if err := os.WriteFile(path, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadKey(path); !errcode.HasCode(err, errcode.StateCorrupted) {
		t.Fatalf("damaged key: %v", err)
	}
	if _, err := loadKey(""); !errcode.HasCode(err, errcode.ConfigNotFound) {
		t.Fatalf("no state folder: %v", err)
	}
}

func TestIDsCannotEscape(t *testing.T) {
	root := t.TempDir()
	st := Open(root, testState())
	long := strings.Repeat("a", 101)
	ids := []string{"", "../x", "..", ".", "a/b", ".hidden", `a\b`, "/etc/passwd", "C:\\x", "a\x00b", "a\nb", "a.json", "a b", long, "é"}
	for _, id := range ids {
		if _, err := st.Load(id); !errcode.HasCode(err, errcode.InvalidInput) {
			t.Errorf("load %q: %v", id, err)
		}
		s := newState(id)
		if err := st.Create(ctx, &s); !errcode.HasCode(err, errcode.InvalidInput) {
			t.Errorf("create %q: %v", id, err)
		}
		if err := st.Save(ctx, &s); !errcode.HasCode(err, errcode.InvalidInput) {
			t.Errorf("save %q: %v", id, err)
		}
		if _, err := st.WorkDir(id); !errcode.HasCode(err, errcode.InvalidInput) {
			t.Errorf("workdir %q: %v", id, err)
		}
		if _, err := st.RestoreBackup(ctx, id); !errcode.HasCode(err, errcode.InvalidInput) {
			t.Errorf("restore %q: %v", id, err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, ".oss-dev")); !os.IsNotExist(err) {
		t.Fatalf("refused ids created files: %v", err)
	}
	if _, err := st.Load(strings.Repeat("a", 100)); !errcode.HasCode(err, errcode.WorkflowNotFound) {
		t.Errorf("an id of 100 characters is valid: %v", err)
	}
}

// A repository that ships .oss-dev/workflows as a link to a folder
// elsewhere gets nothing written through it.
func TestWritesRefuseALinkedFolder(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ".oss-dev"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, ".oss-dev", "workflows")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	st := Open(root, testState())
	s := newState("wf1")
	if err := st.Create(ctx, &s); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Fatalf("create through a link: %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("wrote outside the repository: %v", entries)
	}
}

func TestListShowsBrokenOnes(t *testing.T) {
	st := Open(t.TempDir(), testState())
	a := newState("a")
	st.Create(ctx, &a)
	plant(t, st, "b", "{")
	list, err := st.List()
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v %v", list, err)
	}
	broken := 0
	for _, s := range list {
		if s.Err != nil {
			broken++
		}
	}
	if broken != 1 {
		t.Fatalf("broken = %d", broken)
	}
}

func BenchmarkLoad(b *testing.B) {
	st := Open(b.TempDir(), testState())
	s := newState("wf1")
	for i := 0; i < 20; i++ {
		s.History = append(s.History, workflow.Event{At: time.Now(), From: workflow.Planning, To: workflow.Implementation, Trigger: workflow.CompletePhase, Reason: "step"})
	}
	if err := st.Create(ctx, &s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := st.Load("wf1"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAdoptSignsOnlyWhatWasApproved(t *testing.T) {
	st := Open(t.TempDir(), testState())
	plant(t, st, "old", `{"schema_version":1,"workflow_id":"old","phase":"PLANNING","version":4,"repository_path":"/repo"}`)
	refused := errcode.New(errcode.ApprovalRejected, "no", "")
	var shown workflow.State
	if _, err := st.Adopt(ctx, "old", func(s workflow.State) error { shown = s; return refused }); err != refused {
		t.Fatalf("refused adopt: %v", err)
	}
	if shown.Phase != workflow.Planning || shown.Version != 4 {
		t.Fatalf("approve was shown %+v", shown)
	}
	if _, err := st.Load("old"); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Fatalf("after a refusal: %v", err)
	}
	if _, err := st.Adopt(ctx, "old", func(workflow.State) error { return nil }); err != nil {
		t.Fatal(err)
	}
	got, err := st.Load("old")
	if err != nil || got.Phase != workflow.Planning {
		t.Fatalf("after adopting: %+v %v", got, err)
	}
	plant(t, st, "bad", "null")
	called := false
	if _, err := st.Adopt(ctx, "bad", func(workflow.State) error { called = true; return nil }); !errcode.HasCode(err, errcode.StateCorrupted) || called {
		t.Fatalf("adopting a corrupt state: %v (asked: %v)", err, called)
	}
}
