// Package state persists workflows in the working repository, under
// .oss-dev/workflows/ID.json. Writes are atomic and locked, and carry the
// state's version so that a write based on a stale read is refused.
package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Store reads and writes the workflows of one repository. Opening a store
// creates nothing; the folder appears with the first write.
type Store struct {
	dir string
	// LockTimeout bounds the wait for another process's write.
	LockTimeout time.Duration
}

// Open returns the store of the repository rooted at repoRoot.
func Open(repoRoot string) *Store {
	return &Store{dir: filepath.Join(repoRoot, ".oss-dev", "workflows"), LockTimeout: 5 * time.Second}
}

// Dir is the folder holding the workflows.
func (s *Store) Dir() string { return s.dir }

// WorkDir is the folder of one workflow's files, such as plan.md.
func (s *Store) WorkDir(id string) string { return filepath.Join(s.dir, id) }

func (s *Store) path(id string) string   { return filepath.Join(s.dir, id+".json") }
func (s *Store) backup(id string) string { return filepath.Join(s.dir, id+".json.bak") }
func (s *Store) lock(id string) string   { return filepath.Join(s.dir, id+".lock") }

// Load reads workflow id. A missing file is WORKFLOW_NOT_FOUND; an
// unreadable one STATE_CORRUPTED, naming the last good copy when there is one.
func (s *Store) Load(id string) (workflow.State, error) {
	if err := checkID(id); err != nil {
		return workflow.State{}, err
	}
	raw, err := os.ReadFile(s.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return workflow.State{}, errcode.Newf(errcode.WorkflowNotFound,
			"run 'oss-dev mentor list' to see the workflows of this repository", "no workflow %q in %s", id, s.dir)
	}
	if err != nil {
		return workflow.State{}, errcode.Wrap(errcode.StateCorrupted, err, "cannot read workflow "+id, "check the file's permissions")
	}
	st, err := decode(raw)
	if err != nil {
		return workflow.State{}, s.corrupted(id, err)
	}
	return st, nil
}

func (s *Store) corrupted(id string, cause error) error {
	fix := "the file cannot be repaired automatically; abandon the workflow and start it again"
	if raw, err := os.ReadFile(s.backup(id)); err == nil {
		if _, err := decode(raw); err == nil {
			fix = fmt.Sprintf("the last good copy is kept at %s; restore it with 'oss-dev mentor resume %s --restore'", s.backup(id), id)
		}
	}
	return errcode.Wrap(errcode.StateCorrupted, cause, fmt.Sprintf("workflow %s is corrupt (%s)", id, s.path(id)), fix)
}

// Create writes a new workflow at version 1.
func (s *Store) Create(ctx context.Context, st *workflow.State) error {
	if err := checkID(st.WorkflowID); err != nil {
		return err
	}
	return s.locked(ctx, st.WorkflowID, func() error {
		if _, err := os.Stat(s.path(st.WorkflowID)); err == nil {
			return errcode.Newf(errcode.StateVersionMismatch, "choose another id", "workflow %s already exists", st.WorkflowID)
		}
		next := *st
		next.Version = 1
		if err := s.write(next, nil); err != nil {
			return err
		}
		*st = next
		return nil
	})
}

// Save writes st if the stored copy is still at st.Version, then bumps
// st.Version. A newer stored copy means another process advanced the
// workflow: STATE_VERSION_MISMATCH, and nothing is written.
func (s *Store) Save(ctx context.Context, st *workflow.State) error {
	return s.locked(ctx, st.WorkflowID, func() error {
		raw, err := os.ReadFile(s.path(st.WorkflowID))
		if err != nil {
			return errcode.Wrap(errcode.WorkflowNotFound, err, "workflow "+st.WorkflowID+" is gone", "start it again with 'oss-dev mentor start'")
		}
		cur, err := decode(raw)
		if err != nil {
			return s.corrupted(st.WorkflowID, err)
		}
		if cur.Version != st.Version {
			return errcode.Newf(errcode.StateVersionMismatch,
				"another oss-dev process changed this workflow; run 'oss-dev mentor status' and try again",
				"workflow %s is at version %d on disk, but this change was based on version %d", st.WorkflowID, cur.Version, st.Version)
		}
		next := *st
		next.Version++
		if err := s.write(next, raw); err != nil {
			return err
		}
		*st = next
		return nil
	})
}

// RestoreBackup replaces a corrupt workflow with its last good copy.
func (s *Store) RestoreBackup(ctx context.Context, id string) (workflow.State, error) {
	var st workflow.State
	err := s.locked(ctx, id, func() error {
		raw, err := os.ReadFile(s.backup(id))
		if err != nil {
			return errcode.Wrap(errcode.StateCorrupted, err, "workflow "+id+" has no good copy to restore", "abandon the workflow and start it again")
		}
		if st, err = decode(raw); err != nil {
			return errcode.Wrap(errcode.StateCorrupted, err, "the copy of workflow "+id+" is corrupt too", "abandon the workflow and start it again")
		}
		return atomicfile.WriteFile(s.path(id), raw, 0o644)
	})
	return st, err
}

// Summary is one entry of List.
type Summary struct {
	State workflow.State
	// Err is set when the workflow could not be read.
	Err error
}

// List returns every workflow of the repository, newest first; unreadable
// ones are listed with their error instead of hiding them.
func (s *Store) List() ([]Summary, error) {
	entries, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, errcode.Wrap(errcode.StateCorrupted, err, "cannot list "+s.dir, "check the folder's permissions")
	}
	var out []Summary
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || e.IsDir() {
			continue
		}
		st, err := s.Load(id)
		if err != nil {
			st.WorkflowID = id
		}
		out = append(out, Summary{State: st, Err: err})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].State.UpdatedAt.After(out[j].State.UpdatedAt) })
	return out, nil
}

// write stores st; prev, the bytes being replaced, becomes the backup.
func (s *Store) write(st workflow.State, prev []byte) error {
	raw, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if prev != nil {
		if err := atomicfile.WriteFile(s.backup(st.WorkflowID), prev, 0o644); err != nil {
			return err
		}
	}
	return atomicfile.WriteFile(s.path(st.WorkflowID), append(raw, '\n'), 0o644)
}

func (s *Store) locked(ctx context.Context, id string, fn func() error) error {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return errcode.Wrap(errcode.StateCorrupted, err, "cannot create "+s.dir, "check that the repository folder is writable")
	}
	l := flock.New(s.lock(id))
	ctx, cancel := context.WithTimeout(ctx, s.LockTimeout)
	defer cancel()
	ok, err := l.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil || !ok {
		return errcode.Wrap(errcode.StateLocked, err, "workflow "+id+" is being written by another process",
			"wait for the other oss-dev command to finish, then try again")
	}
	defer l.Unlock()
	return fn()
}

func checkID(id string) error {
	if id == "" || strings.ContainsAny(id, `/\`) || strings.HasPrefix(id, ".") {
		return errcode.Newf(errcode.InvalidInput, "use an id from 'oss-dev mentor list'", "invalid workflow id %q", id)
	}
	return nil
}
