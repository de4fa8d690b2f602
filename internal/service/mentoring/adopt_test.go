package mentoring_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

// A state written before workflows were signed has no MAC: it is ignored
// like a planted one until the person adopts it, having seen what it holds.
func TestAdoptAnUnsignedWorkflow(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	ctx := context.Background()
	res, err := s.Start(ctx, mentoringtest.IssueID, "")
	if err != nil {
		t.Fatal(err)
	}
	id := res.Workflow.ID
	s.WorkDir = w.Clone()
	stripMAC(t, filepath.Join(w.Clone(), ".oss-dev", "workflows", id+".json"))

	var notes []string
	s.Note = func(d diag.Diagnostic) { notes = append(notes, d.Summary+"\n"+d.Detail) }
	if _, err := s.Status(ctx, ""); !errcode.HasCode(err, errcode.WorkflowNotFound) {
		t.Fatalf("status with only an unsigned workflow: %v", err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], id+".json") || !strings.Contains(notes[0], "oss-dev mentor adopt "+id) {
		t.Fatalf("notes %q", notes)
	}
	if _, err := s.Status(ctx, id); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Fatalf("status %s: %v", id, err)
	}

	if _, err := s.Adopt(ctx, id); !errcode.HasCode(err, errcode.ApprovalNotConfigured) {
		t.Fatalf("adopt with no one to ask: %v", err)
	}
	no := &confirmer{answer: contract.AnswerNo}
	s.Confirmer = no
	if _, err := s.Adopt(ctx, id); !errcode.HasCode(err, errcode.ApprovalRejected) {
		t.Fatalf("adopt refused: %v", err)
	}
	if _, err := s.Status(ctx, id); !errcode.HasCode(err, errcode.StateUntrusted) {
		t.Fatalf("status after a refusal: %v", err)
	}
	p := no.prompts[0]
	if !strings.Contains(p.Detail, "test command: make test") || !strings.Contains(p.Detail, "phase: IMPLEMENTATION") {
		t.Fatalf("the prompt does not show what the workflow holds: %+v", p)
	}

	s.Confirmer = &confirmer{answer: contract.AnswerYes}
	sum, err := s.Adopt(ctx, id)
	if err != nil || sum.ID != id {
		t.Fatalf("adopt: %+v %v", sum, err)
	}
	if st, err := s.Status(ctx, ""); err != nil || st.Workflow.ID != id {
		t.Fatalf("status after adopting: %v", err)
	}
}

// stripMAC rewrites a state file as an earlier oss-dev wrote it.
func stripMAC(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["mac"]; !ok {
		t.Fatal("the state carries no mac to strip")
	}
	delete(m, "mac")
	out, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}
