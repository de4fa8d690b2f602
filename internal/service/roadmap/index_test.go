package roadmap_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/service/roadmap"
)

// indexLine is one line of the workflow index, as `mentor start` writes it.
func indexLine(repo, id, phase, outcome string, updatedDaysAgo int) string {
	return `{"repository":"` + repo + `","workflow_id":"` + id + `","issue_url":"https://github.com/acme/tool/issues/9","created_at":"` +
		days(60).Format("2006-01-02T15:04:05Z") + `","phase":"` + phase + `","outcome":"` + outcome + `","updated_at":"` +
		days(updatedDaysAgo).Format("2006-01-02T15:04:05Z") + `"}` + "\n"
}

// repoWith creates a repository folder holding one workflow in phase.
func repoWith(t *testing.T, id string, phase workflow.Phase, abandoned bool) string {
	t.Helper()
	root := t.TempDir()
	s := workflow.New(id, root, "https://github.com/acme/tool/issues/9", 9, days(2))
	s.Phase = phase
	if abandoned {
		if err := s.SetMeta("abandoned", map[string]string{"reason": "fixed upstream"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := state.Open(root, stateDir()).Create(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestRoadmapReadsTheWorkflowIndex(t *testing.T) {
	done := repoWith(t, "tool-9-aaaaaa", workflow.Complete, false)
	dropped := repoWith(t, "tool-9-bbbbbb", workflow.Implementation, true)
	gone := filepath.Join(t.TempDir(), "deleted-clone")
	current := workflows(t) // done, stuck, left, busy: not in the index
	index := filepath.Join(t.TempDir(), "workflows.jsonl")
	text := indexLine(done, "tool-9-aaaaaa", "IDLE", "", 3) +
		"a line someone typed\n" +
		indexLine(dropped, "tool-9-bbbbbb", "IDLE", "", 3) +
		indexLine(gone, "tool-9-cccccc", "IDLE", "", 3) +
		indexLine(gone, "tool-9-cccccc", "COMPLETE", "completed", 1) +
		indexLine(current, "busy", "IMPLEMENTATION", "", 1)
	if err := os.WriteFile(index, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	rm, err := roadmap.Build(context.Background(), roadmap.Deps{StateDir: stateDir(), RepoRoot: current, Index: index, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	h := rm.History
	// From the index: completed (its file), abandoned (marked), completed (the
	// repository is gone: as recorded); from the current repository: done,
	// stuck, left and busy (listed once though it is in the index too).
	if len(h.Workflows) != 7 || h.Completed != 3 || h.Abandoned != 2 || h.Blocked != 1 || h.InProgress != 1 {
		t.Fatalf("history %+v", h)
	}
	byID := map[string]roadmap.Workflow{}
	for _, w := range h.Workflows {
		byID[w.ID] = w
	}
	if w := byID["tool-9-cccccc"]; w.Status != "completed" || w.Repository != gone || w.Phase != "COMPLETE" {
		t.Errorf("gone repository's workflow %+v", w)
	}
	if w := byID["tool-9-bbbbbb"]; w.Status != "abandoned" || w.Phase != "IMPLEMENTATION" {
		t.Errorf("abandoned workflow %+v", w)
	}
	if w := byID["busy"]; w.Repository != current || w.Status != "in_progress" {
		t.Errorf("current repository's workflow %+v", w)
	}
	if !strings.Contains(h.Scope, "every repository in the workflow index "+index+" (4)") || !strings.Contains(h.Scope, "and the current repository") {
		t.Errorf("scope %q", h.Scope)
	}
	if !strings.Contains(strings.Join(rm.Notes, "\n"), "1 unreadable line(s) of the workflow index") {
		t.Errorf("notes %v", rm.Notes)
	}
	if rm.Progress.Contributions != 3 {
		t.Errorf("progress %+v", rm.Progress)
	}
}

func TestRoadmapIndexScopes(t *testing.T) {
	current := workflows(t)
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken")
	if err := os.MkdirAll(broken, 0o755); err != nil { // a folder cannot be read as the index
		t.Fatal(err)
	}
	other := repoWith(t, "tool-9-dddddd", workflow.Complete, false)
	only := filepath.Join(dir, "only.jsonl")
	if err := os.WriteFile(only, []byte(indexLine(other, "tool-9-dddddd", "IDLE", "", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, root, index string
		workflows         int
		scope, note       string
	}{
		{"no index yet", current, filepath.Join(dir, "absent.jsonl"), 4, "the current repository (", ""},
		{"an unreadable index", current, broken, 4, "the current repository (", "could not be read"},
		{"index only, outside a repository", "", only, 1, "every repository in the workflow index " + only + " (1)", ""},
		{"nothing", "", filepath.Join(dir, "absent.jsonl"), 0, "none: not inside a git repository", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rm, err := roadmap.Build(context.Background(), roadmap.Deps{StateDir: stateDir(), RepoRoot: tt.root, Index: tt.index, Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			if len(rm.History.Workflows) != tt.workflows || !strings.HasPrefix(rm.History.Scope, tt.scope) {
				t.Fatalf("%d workflows, scope %q", len(rm.History.Workflows), rm.History.Scope)
			}
			if notes := strings.Join(rm.Notes, "\n"); tt.note != "" && !strings.Contains(notes, tt.note) {
				t.Errorf("notes %v", rm.Notes)
			}
		})
	}
}

// TestRoadmapUnreadableOutcomes gives the roadmap a workflow whose
// abandonment data is not what `mentor abandon` writes, and an index line
// whose outcome no version records: the first counts as unreadable with a
// note that says what to do, the second by its age, and neither's text
// becomes a status.
func TestRoadmapUnreadableOutcomes(t *testing.T) {
	root := t.TempDir()
	s := workflow.New("tool-9-eeeeee", root, "https://github.com/acme/tool/issues/9", 9, days(2))
	s.Phase = workflow.Implementation
	if err := s.SetMeta("abandoned", "\x1b[2Jyes"); err != nil {
		t.Fatal(err)
	}
	if err := state.Open(root, stateDir()).Create(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(t.TempDir(), "deleted-clone")
	index := filepath.Join(t.TempDir(), "workflows.jsonl")
	text := indexLine(root, "tool-9-eeeeee", "IMPLEMENTATION", "", 1) +
		indexLine(gone, "tool-9-ffffff", "PLANNING", `\u001b[31mshipped`, 1)
	if err := os.WriteFile(index, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	rm, err := roadmap.Build(context.Background(), roadmap.Deps{StateDir: stateDir(), Index: index, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	h := rm.History
	if len(h.Workflows) != 2 || h.Abandoned != 0 || h.Completed != 0 || h.InProgress != 1 {
		t.Fatalf("history %+v", h)
	}
	for _, w := range h.Workflows {
		want := roadmap.StatusInProgress
		if w.ID == "tool-9-eeeeee" {
			want = roadmap.StatusUnreadable
		}
		if w.Status != want {
			t.Errorf("workflow %s is %q, want %q", w.ID, w.Status, want)
		}
	}
	notes := strings.Join(rm.Notes, "\n")
	if !strings.Contains(notes, "tool-9-eeeeee: its abandoned data cannot be read") || !strings.Contains(notes, "mentor abandon tool-9-eeeeee") {
		t.Errorf("notes %q", rm.Notes)
	}
}

// TestRoadmapSaysWhyAWorkflowIsUnreadable: in the current repository, a
// file that is not a workflow and a workflow whose data does not decode
// are counted as unreadable, each with a note that names it and the fix.
func TestRoadmapSaysWhyAWorkflowIsUnreadable(t *testing.T) {
	root := t.TempDir()
	s := workflow.New("tool-9-gggggg", root, "https://github.com/acme/tool/issues/9", 9, days(2))
	s.Phase = workflow.Complete
	if err := s.SetMeta("tokens", "lots"); err != nil {
		t.Fatal(err)
	}
	store := state.Open(root, stateDir())
	if err := store.Create(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(store.Dir(), "garbage-1.json"), []byte("not json \x1b[2J"), 0o644); err != nil {
		t.Fatal(err)
	}
	rm, err := roadmap.Build(context.Background(), roadmap.Deps{StateDir: stateDir(), RepoRoot: root,
		Index: filepath.Join(t.TempDir(), "absent.jsonl"), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	h := rm.History
	if len(h.Workflows) != 2 || h.Completed != 0 || rm.Progress.Contributions != 0 {
		t.Fatalf("history %+v", h)
	}
	for _, w := range h.Workflows {
		if w.Status != roadmap.StatusUnreadable {
			t.Errorf("workflow %s is %q, want unreadable", w.ID, w.Status)
		}
	}
	notes := strings.Join(rm.Notes, "\n")
	for _, want := range []string{"tool-9-gggggg: its tokens data cannot be read", "mentor abandon tool-9-gggggg", "workflow garbage-1 is corrupt", "remove it"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", rm.Notes, want)
		}
	}
}
