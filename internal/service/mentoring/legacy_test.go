package mentoring_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

// rewriteMeta starts a workflow, then, unless key is "", stores raw under
// key in its metadata and saves it as the state package signs, as an
// earlier oss-dev would have.
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
	if key == "" {
		return s, res.Workflow.ID
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

// oldMetadata is a workflow in IMPLEMENTATION as the previous version wrote
// it: the same metadata keys, each concern's JSON, and warnings as strings.
const oldMetadata = `{
  "repository": {"upstream": "acme/widget", "host": "github.com", "default_branch": "main", "can_push": true,
    "push_remote": "origin", "head_owner": "acme", "test": [{"command": "make test"}], "dco": false},
  "issue": {"title": "Status is wrong", "url": "https://github.com/acme/widget/issues/7", "state": "open",
    "type": "bug", "labels": ["bug"], "requirements": {}, "claim": {}, "body": "It says broken."},
  "plan": {"path": ".oss-dev/plans/old.md", "files": ["status.txt"]},
  "branch": {"name": "fix/7-status", "base": "main", "base_sha": "0123456789abcdef0123456789abcdef01234567"},
  "tokens": {"calls": 2, "input": 30, "output": 12, "total": 42},
  "warnings": ["the issue is closed: check with the maintainers that a fix is still wanted"]
}`

// A workflow written by the previous version, built here and signed as the
// state package signs, loads with every concern where it was.
func TestAStateOfThePreviousVersionLoads(t *testing.T) {
	s, id := rewriteMeta(t, "", "")
	ctx := context.Background()
	root, err := s.Status(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var meta map[string]json.RawMessage
	if err := json.Unmarshal([]byte(oldMetadata), &meta); err != nil {
		t.Fatal(err)
	}
	old := workflow.New("widget-7-old001", root.Workflow.Repository, "https://github.com/acme/widget/issues/7", 7, time.Now())
	old.Phase, old.BranchName, old.Metadata = workflow.Implementation, "fix/7-status", meta
	if err := state.Open(root.Workflow.Repository, s.Dirs.State).Create(ctx, &old); err != nil {
		t.Fatal(err)
	}
	st, err := s.Status(ctx, old.WorkflowID)
	if err != nil {
		t.Fatalf("status of the old state: %v", err)
	}
	if st.Workflow.Title != "Status is wrong" || st.Workflow.Issue != "acme/widget#7" || st.PlanPath != ".oss-dev/plans/old.md" ||
		st.Tokens.Total != 42 || len(st.Warnings) != 1 || st.Warnings[0].Severity != diag.Warning {
		t.Fatalf("status %+v", st)
	}
}

// A concern that does not decode stops the command when the workflow is
// loaded, as STATE_CORRUPTED with a fix, and list says so.
func TestUndecodableMetadataIsStateCorrupted(t *testing.T) {
	s, id := rewriteMeta(t, "repository", `"not an object"`)
	ctx := context.Background()
	_, err := s.Status(ctx, id)
	var e *errcode.Error
	if !errors.As(err, &e) || e.Code != errcode.StateCorrupted || !strings.Contains(e.Message, "repository") || e.Fix == "" {
		t.Fatalf("status: %v", err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 1 || !strings.Contains(list[0].Error, "repository") {
		t.Fatalf("list %+v, %v", list, err)
	}
}
