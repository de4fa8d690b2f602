package mentoring

import (
	"encoding/json"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// The codes of what a workflow notes and warns of.
const (
	// CodeProgress: what a phase is doing now (a note).
	CodeProgress diag.Code = "PROGRESS"
	// CodeIssueTaken: someone looks to be working on the issue already.
	CodeIssueTaken diag.Code = "ISSUE_TAKEN"
	// CodeIssueClosed: the issue is closed.
	CodeIssueClosed diag.Code = "ISSUE_CLOSED"
	// CodeEnvironment: the toolchains or the repository's setup are not ready.
	CodeEnvironment diag.Code = "ENVIRONMENT_NOT_READY"
	// CodeModel: the language model could not do its part.
	CodeModel diag.Code = "MODEL_FAILED"
	// CodeNoTests: no test command was found, so nothing ran.
	CodeNoTests diag.Code = "NO_TESTS"
	// CodeNotLinked: GitHub did not link the branch to the issue.
	CodeNotLinked diag.Code = "BRANCH_NOT_LINKED"
	// CodeIndex: the workflow could not be recorded in the index.
	CodeIndex diag.Code = "INDEX_NOT_RECORDED"
	// CodeIgnored: a workflow file was not loaded (not written by this user).
	CodeIgnored diag.Code = "WORKFLOW_IGNORED"
	// CodeHook: a hook after a phase reported something.
	CodeHook diag.Code = "HOOK_WARNING"
)

func (s *Service) note(d diag.Diagnostic) {
	if s.Note != nil {
		s.Note(d)
	}
}

// progress notes what is being done.
func (s *Service) progress(msg string) { s.note(diag.NewNote(CodeProgress, msg)) }

// warn says each warning now and keeps it in the workflow, so that status
// shows it later.
func (ss *session) warn(st *workflow.State, ds ...diag.Diagnostic) error {
	for _, d := range ds {
		ss.svc.note(d)
	}
	return addWarnings(st, ds...)
}

// addWarnings keeps ds in the workflow's warnings, each once.
func addWarnings(st *workflow.State, ds ...diag.Diagnostic) error {
	if len(ds) == 0 {
		return nil
	}
	all, err := warningsOf(*st)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if !containsDiag(all, d) {
			all = append(all, d)
		}
	}
	return st.SetMeta(metaWarnings, all)
}

// warningsOf reads the workflow's warnings. A state written before warnings
// were diagnostics holds them as plain strings; each becomes a warning.
func warningsOf(st workflow.State) (diag.List, error) {
	raw, ok := st.Metadata[metaWarnings]
	if !ok {
		return diag.List{}, nil
	}
	var ds diag.List
	if err := json.Unmarshal(raw, &ds); err == nil {
		return ds, nil
	}
	var old []string
	if err := json.Unmarshal(raw, &old); err != nil {
		return nil, corrupted(st, metaWarnings, err)
	}
	ds = make(diag.List, 0, len(old))
	for _, s := range old {
		ds = append(ds, diag.NewWarning("", s))
	}
	return ds, nil
}

// corrupted is STATE_CORRUPTED for metadata under key that does not decode.
func corrupted(st workflow.State, key string, err error) error {
	return errcode.Wrap(errcode.StateCorrupted, err,
		"workflow "+st.WorkflowID+": its "+key+" data cannot be read",
		"the workflow file was changed by something other than oss-dev: abandon it ('oss-dev mentor abandon "+st.WorkflowID+"') and start it again")
}

func containsDiag(list []diag.Diagnostic, d diag.Diagnostic) bool {
	for _, x := range list {
		if x.Code == d.Code && x.Summary == d.Summary && x.Detail == d.Detail {
			return true
		}
	}
	return false
}
