package mentoring_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

// rewriteMeta starts a workflow, then stores raw under key in its metadata
// and saves it as the state package signs, as an earlier oss-dev would have.
func rewriteMeta(t *testing.T, key, raw string) (*mentoring.Service, string) {
	t.Helper()
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	ctx := context.Background()
	res, err := s.Start(ctx, mentoringtest.IssueID, "")
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	s.WorkDir = w.Clone()
	store := state.Open(res.Workflow.Repository, s.Dirs.State)
	st, err := store.Load(res.Workflow.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Metadata[key] = json.RawMessage(raw)
	if err := store.Save(ctx, &st); err != nil {
		t.Fatal(err)
	}
	return s, res.Workflow.ID
}

// Warnings were plain strings before they were diagnostics: such a state
// still loads, each string a warning.
func TestWarningsAsStringsStillLoad(t *testing.T) {
	s, id := rewriteMeta(t, "warnings", `["the issue is closed: check with the maintainers that a fix is still wanted"]`)
	st, err := s.Status(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Warnings) != 1 || st.Warnings[0].Severity != diag.Warning || st.Warnings[0].Summary != "the issue is closed: check with the maintainers that a fix is still wanted" {
		t.Fatalf("warnings %+v", st.Warnings)
	}
}

// Warnings that are neither shape are a corrupted state, said with a fix,
// not dropped.
func TestUnreadableWarningsAreStateCorrupted(t *testing.T) {
	s, id := rewriteMeta(t, "warnings", `{"not": "a list"}`)
	_, err := s.Status(context.Background(), id)
	var e *errcode.Error
	if !errcode.HasCode(err, errcode.StateCorrupted) || !errors.As(err, &e) || e.Fix == "" {
		t.Fatalf("status: %v", err)
	}
}
