package assist

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// sessionFile names the session beside its workflow's state:
// .oss-dev/workflows/ID.assist.json, signed as the state is.
const sessionFile = "assist"

// Sessions reads and writes the assistant's sessions of one repository.
type Sessions struct {
	Store *state.Store
}

// Load returns the session of workflow id; ok is false when there is none.
// A file this user's oss-dev did not write is STATE_UNTRUSTED and is never
// used: its history would be put in the model's mouth, and its changes
// would be "undone" onto the contributor's files.
func (ss Sessions) Load(id string) (s *Session, ok bool, err error) {
	data, err := ss.Store.ReadSide(id, sessionFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	s = &Session{}
	if err := json.Unmarshal(data, s); err != nil || s.Workflow != id || s.Nonce == "" {
		path, _ := ss.Store.SidePath(id, sessionFile)
		return nil, false, errcode.Newf(errcode.StateCorrupted, "remove it; the next 'oss-dev mentor assist' starts a new session",
			"the assistant's session %s does not decode", path)
	}
	return s, true, nil
}

// Save writes s. It is not cancelled with ctx: the record of what was
// applied must be written even when the run was interrupted.
func (ss Sessions) Save(ctx context.Context, s *Session) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return ss.Store.WriteSide(context.WithoutCancel(ctx), s.Workflow, sessionFile, data)
}

// Open returns the session a run of workflow id works in. With resume it
// is the saved one, its conversation continued (goal, when given, is said
// to the model as the contributor's new request). Without, a new
// conversation starts; the changes of earlier sessions stay recorded, so
// `mentor undo` can still revert them.
func (ss Sessions) Open(id, goal string, resume bool, now time.Time) (*Session, error) {
	old, ok, err := ss.Load(id)
	if err != nil {
		return nil, err
	}
	switch {
	case resume && !ok:
		return nil, errcode.Newf(errcode.InvalidInput, "start one: oss-dev mentor assist "+id,
			"workflow %s has no assistant session to resume", id)
	case resume:
		if goal != "" {
			old.Goal = goal
			old.History = append(old.History, model.Message{Role: model.RoleUser, Content: "The contributor now asks you to: " + goal})
		}
		return old, nil
	}
	s := NewSession(id, goal, now)
	if ok {
		s.Changes = old.Changes
	}
	return s, nil
}
