package mentoring

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestReadIndex(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	line := func(repo, id, outcome string, created time.Time) string {
		return `{"repository":"` + repo + `","workflow_id":"` + id + `","issue_url":"https://github.com/a/b/issues/1","created_at":"` +
			created.Format(time.RFC3339) + `","phase":"IDLE","outcome":"` + outcome + `","updated_at":"` + t0.Format(time.RFC3339) + `"}`
	}
	tests := []struct {
		name        string
		text        string
		wantIDs     []string
		wantOutcome []string
		skipped     int
	}{
		{"empty", "", nil, nil, 0},
		{"one", line("/r", "w1", "", t0) + "\n", []string{"w1"}, []string{""}, 0},
		{"an update wins, order kept", line("/r", "w1", "", t0) + "\n" + line("/r", "w2", "", t0) + "\n" + line("/r", "w1", "completed", time.Time{}) + "\n",
			[]string{"w1", "w2"}, []string{"completed", ""}, 0},
		{"same id in two repositories", line("/r", "w1", "", t0) + "\n" + line("/s", "w1", "blocked", t0) + "\n", []string{"w1", "w1"}, []string{"", "blocked"}, 0},
		{"garbage and a torn last line", "garbage\n\n" + line("/r", "w1", "", t0) + "\n{\"repository\":\"/r\",\"workf", []string{"w1"}, []string{""}, 2},
		{"a line without its fields", `{"repository":""}` + "\n" + `[1,2]` + "\n", nil, nil, 2},
		{"an overlong line", strings.Repeat("x", 3*maxIndexLine) + "\n" + line("/r", "w1", "abandoned", t0), []string{"w1"}, []string{"abandoned"}, 1},
		{"CRLF", line("/r", "w1", "", t0) + "\r\n", []string{"w1"}, []string{""}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "workflows.jsonl")
			if err := os.WriteFile(p, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			got, skipped, err := ReadIndex(p)
			if err != nil || skipped != tt.skipped || len(got) != len(tt.wantIDs) {
				t.Fatalf("got %+v, skipped %d, err %v", got, skipped, err)
			}
			for i, e := range got {
				if e.WorkflowID != tt.wantIDs[i] || string(e.Outcome) != tt.wantOutcome[i] || e.CreatedAt.IsZero() {
					t.Errorf("entry %d: %+v", i, e)
				}
			}
		})
	}
	if got, _, err := ReadIndex(filepath.Join(t.TempDir(), "absent")); err != nil || got != nil {
		t.Errorf("absent index: %v %v", got, err)
	}
}

func TestAppendIndex(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "state", "workflows.jsonl")
	e := IndexEntry{Repository: "/r", WorkflowID: "w1", IssueURL: "u", CreatedAt: time.Now().UTC()}
	// Only a new workflow starts the index.
	if err := appendIndex(p, e, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatalf("an update created the index: %v", err)
	}
	if err := appendIndex(p, e, true); err != nil {
		t.Fatal(err)
	}
	// A torn line from a crash loses only itself.
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString(`{"repository":"/r","work`)
	_ = f.Close()
	e.Outcome = OutcomeCompleted
	if err := appendIndex(p, e, false); err != nil {
		t.Fatal(err)
	}
	got, skipped, err := ReadIndex(p)
	if err != nil || skipped != 1 || len(got) != 1 || got[0].Outcome != OutcomeCompleted {
		t.Fatalf("got %+v skipped %d %v", got, skipped, err)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
}

// TestAppendIndexConcurrently: writers in parallel never interleave lines.
func TestAppendIndexConcurrently(t *testing.T) {
	p := filepath.Join(t.TempDir(), "workflows.jsonl")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := IndexEntry{Repository: "/r/" + strings.Repeat("p", 200), WorkflowID: "w" + itoa(i), IssueURL: "u", CreatedAt: time.Now()}
			if err := appendIndex(p, e, true); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, skipped, err := ReadIndex(p)
	if err != nil || skipped != 0 || len(got) != 20 {
		t.Fatalf("%d entries, %d skipped, %v", len(got), skipped, err)
	}
}

func FuzzReadIndex(f *testing.F) {
	f.Add([]byte(`{"repository":"/r","workflow_id":"w","created_at":"2026-11-01T10:00:00Z"}` + "\n"))
	f.Add([]byte("garbage\n{\"repository\":"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "i.jsonl")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		got, skipped, err := ReadIndex(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(string(data), "\n") + 1
		if len(got)+skipped > lines {
			t.Fatalf("%d entries and %d skipped from %d lines", len(got), skipped, lines)
		}
		for _, e := range got {
			if e.Repository == "" || e.WorkflowID == "" {
				t.Fatalf("entry without its key: %+v", e)
			}
		}
	})
}

// BenchmarkReadIndex reads an index of 1,000 workflows with an update line
// for each (what years of contributions add up to).
func BenchmarkReadIndex(b *testing.B) {
	p := filepath.Join(b.TempDir(), "workflows.jsonl")
	for i := range 1000 {
		e := IndexEntry{Repository: "/home/me/src/repo" + itoa(i%50), WorkflowID: "repo-" + itoa(i) + "-abcdef", IssueURL: "https://github.com/o/r/issues/" + itoa(i), CreatedAt: time.Now()}
		if err := appendIndex(p, e, true); err != nil {
			b.Fatal(err)
		}
		e.Outcome = OutcomeCompleted
		if err := appendIndex(p, e, false); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if got, _, err := ReadIndex(p); err != nil || len(got) != 1000 {
			b.Fatal(len(got), err)
		}
	}
}
