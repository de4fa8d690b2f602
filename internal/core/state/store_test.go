package state

import (
	"context"
	"errors"
	"os"
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
	st := Open(root)
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
	st := Open(t.TempDir())
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
	st := Open(t.TempDir())
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
	if err := Open(root).Create(ctx, &s); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		loaded, _ := Open(root).Load("wf1")
		wg.Add(1)
		go func(i int, w workflow.State) {
			defer wg.Done()
			w.BranchName = "b" + string(rune('0'+i))
			errs[i] = Open(root).Save(ctx, &w)
		}(i, loaded)
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
	if got, err := Open(root).Load("wf1"); err != nil || got.Version != 2 {
		t.Fatalf("after race: %+v %v", got, err)
	}
}

func TestCorruptFileKeepsTheGoodCopy(t *testing.T) {
	st := Open(t.TempDir())
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

func TestBadContents(t *testing.T) {
	cases := map[string]string{
		"garbage":       "not json",
		"empty":         "",
		"unknown phase": `{"schema_version":1,"workflow_id":"wf1","phase":"DANCING","version":1}`,
		"no version":    `{"schema_version":1,"workflow_id":"wf1","phase":"IDLE"}`,
		"blocked bare":  `{"schema_version":1,"workflow_id":"wf1","phase":"BLOCKED","version":3}`,
	}
	for name, body := range cases {
		st := Open(t.TempDir())
		os.MkdirAll(st.Dir(), 0o755)
		os.WriteFile(st.path("wf1"), []byte(body), 0o644)
		if _, err := st.Load("wf1"); !errcode.HasCode(err, errcode.StateCorrupted) {
			t.Errorf("%s: %v, want STATE_CORRUPTED", name, err)
		}
	}
}

func TestSchemaVersions(t *testing.T) {
	st := Open(t.TempDir())
	os.MkdirAll(st.Dir(), 0o755)
	os.WriteFile(st.path("new"), []byte(`{"schema_version":99,"workflow_id":"new","phase":"IDLE","version":1}`), 0o644)
	if _, err := st.Load("new"); !errcode.HasCode(err, errcode.StateSchemaTooNew) {
		t.Fatalf("newer schema: %v", err)
	}
	os.WriteFile(st.path("old"), []byte(`{"workflow_id":"old","phase":"PLANNING","version":4}`), 0o644)
	got, err := st.Load("old")
	if err != nil || got.SchemaVersion != workflow.SchemaVersion || got.Phase != workflow.Planning {
		t.Fatalf("migration: %+v %v", got, err)
	}
}

func TestIDsCannotEscape(t *testing.T) {
	st := Open(t.TempDir())
	for _, id := range []string{"", "../x", "a/b", ".hidden", `a\b`} {
		if _, err := st.Load(id); !errcode.HasCode(err, errcode.InvalidInput) {
			t.Errorf("id %q: %v", id, err)
		}
	}
}

func TestListShowsBrokenOnes(t *testing.T) {
	st := Open(t.TempDir())
	a := newState("a")
	st.Create(ctx, &a)
	os.WriteFile(st.path("b"), []byte("{"), 0o644)
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
	st := Open(b.TempDir())
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
