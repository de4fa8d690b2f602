package assist

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Reverted is what undo did with one change.
type Reverted struct {
	Path string `json:"path"`
	// Reverted is false when the file was left alone; Reason says why.
	Reverted bool   `json:"reverted"`
	Reason   string `json:"reason,omitempty"`
	Diff     string `json:"diff,omitempty"`
}

// Undo reverts the last change of s not yet reverted, or with all every
// one of them, newest first. A file whose content is no longer what the
// assistant wrote was changed by hand since: it is left alone and said so,
// and so is every older change to it. Each revert is approved like any
// other change. s records what was reverted; the caller saves it.
func Undo(ctx context.Context, ws *Workspace, s *Session, all bool) ([]Reverted, error) {
	var out []Reverted
	refused := map[string]bool{}
	for i := len(s.Changes) - 1; i >= 0; i-- {
		c := &s.Changes[i]
		if c.Reverted {
			continue
		}
		r, err := revert(ctx, ws, c, refused[c.Path])
		if err != nil {
			return out, err
		}
		if !r.Reverted {
			refused[c.Path] = true
		}
		out = append(out, r)
		if !all {
			break
		}
	}
	if len(out) == 0 {
		return nil, errcode.New(errcode.InvalidInput, "the assistant has no change left to undo in this workflow",
			"see what changed with 'git diff'")
	}
	return out, nil
}

func revert(ctx context.Context, ws *Workspace, c *Change, laterRefused bool) (Reverted, error) {
	r := Reverted{Path: c.Path}
	if laterRefused {
		r.Reason = "a later change to this file was not reverted, so this one is left too"
		return r, nil
	}
	now, mode, exists, err := current(ws.Root, c.Path)
	var te *ToolError
	switch {
	case errors.As(err, &te):
		r.Reason = te.Msg
		return r, nil
	case err != nil:
		return r, err
	case !exists || digest(now) != c.After:
		r.Reason = "changed since the assistant wrote it (by hand or by a command), so it is left as it is; revert it yourself with git if you mean to"
		return r, nil
	}
	r.Diff = unifiedDiff(c.Path, now, c.Before, true)
	action := "undo the assistant's change to " + c.Path
	if !c.Existed {
		action = "remove " + c.Path + ", which the assistant created"
	} else {
		mode = c.Mode
	}
	req := approval.Request{Workflow: ws.Workflow, Tool: config.ToolFileWrite, Action: action,
		Paths: []string{filepath.Join(ws.Root, filepath.FromSlash(c.Path))}, Mutating: true, Detail: r.Diff}
	if d, err := ws.Approver.Request(ctx, req); err != nil || !d.Approved {
		if err == nil {
			err = errcode.New(errcode.ApprovalRejected, action+" was not approved", "nothing was changed")
		}
		return r, err
	}
	if c.Existed {
		err = writeInside(ws.Root, c.Path, []byte(c.Before), mode)
	} else {
		err = removeInside(ws.Root, c.Path)
	}
	if err != nil {
		return r, errcode.Wrap(errcode.WorkflowPhaseFailed, err, "could not revert "+c.Path+": "+cause(err), "check the file's permissions")
	}
	c.Reverted, r.Reverted = true, true
	return r, nil
}
