// Package state persists workflows in the working repository, under
// .oss-dev/workflows/ID.json. Writes are atomic and locked, and carry the
// state's version so that a write based on a stale read is refused.
//
// A repository is written by strangers, and so may be its .oss-dev folder:
// every state carries a MAC made with a key only this user has (see
// key.go and docs/design.md), and a state without a valid one is never
// loaded as a workflow.
package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Store reads and writes the workflows of one repository. Opening a store
// creates nothing; the folder appears with the first write.
type Store struct {
	root string
	dir  string
	// KeyPath is this user's signing key; Open puts it in the state folder.
	KeyPath string
	// LockTimeout bounds the wait for another process's write.
	LockTimeout time.Duration

	keyMu   sync.Mutex
	keyPath string // the path cached holds the key of
	cached  []byte
}

// key is this user's signing key, read (or made) once per store.
func (s *Store) key() ([]byte, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.cached != nil && s.keyPath == s.KeyPath {
		return s.cached, nil
	}
	k, err := loadKey(s.KeyPath)
	if err != nil {
		return nil, err
	}
	s.cached, s.keyPath = k, s.KeyPath
	return k, nil
}

// Open returns the store of the repository rooted at repoRoot, signed with
// the key kept in stateDir (oss-dev's state folder; "" when none is known,
// and then nothing can be read or written).
func Open(repoRoot, stateDir string) *Store {
	return &Store{root: repoRoot, dir: filepath.Join(repoRoot, ".oss-dev", "workflows"), KeyPath: KeyPath(stateDir), LockTimeout: 5 * time.Second}
}

// Dir is the folder holding the workflows.
func (s *Store) Dir() string { return s.dir }

// WorkDir is the folder of one workflow's files, such as plan.md. The id
// is checked, so it never names a folder outside the workflows folder.
func (s *Store) WorkDir(id string) (string, error) {
	if err := checkID(id); err != nil {
		return "", err
	}
	return filepath.Join(s.dir, id), nil
}

// Path is the file of workflow id (which must be a valid id).
func (s *Store) Path(id string) string   { return s.path(id) }
func (s *Store) path(id string) string   { return filepath.Join(s.dir, id+".json") }
func (s *Store) backup(id string) string { return filepath.Join(s.dir, id+".json.bak") }
func (s *Store) lock(id string) string   { return filepath.Join(s.dir, id+".lock") }

// Load reads workflow id. A missing file is WORKFLOW_NOT_FOUND; one this
// user's oss-dev did not write STATE_UNTRUSTED; an unreadable one
// STATE_CORRUPTED, naming the last good copy when there is one.
func (s *Store) Load(id string) (workflow.State, error) {
	if err := checkID(id); err != nil {
		return workflow.State{}, err
	}
	raw, err := s.read(s.path(id))
	if errors.Is(err, fs.ErrNotExist) {
		return workflow.State{}, errcode.Newf(errcode.WorkflowNotFound,
			"run 'oss-dev mentor list' to see the workflows of this repository", "no workflow %q in %s", id, s.dir)
	}
	if err != nil {
		return workflow.State{}, s.corrupted(id, err)
	}
	return s.open(id, raw)
}

// read reads a state file: only a regular file under the cap, so a FIFO or
// a device planted in its place cannot hang the command, and only inside
// the repository, so a state file or an .oss-dev folder that is a link
// leads to no file of anyone else's.
func (s *Store) read(path string) ([]byte, error) {
	rel, err := filepath.Rel(s.root, path)
	if err != nil || !filepath.IsLocal(rel) {
		return nil, &safefile.Error{Path: path, Err: safefile.ErrOutside}
	}
	r, err := safefile.OpenRoot(s.root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.ReadFile(filepath.ToSlash(rel), safefile.StateMax)
}

// open decodes raw as workflow id and checks that this user wrote it.
func (s *Store) open(id string, raw []byte) (workflow.State, error) {
	st, _, err := s.verified(id, raw)
	switch {
	case errors.Is(err, errUnsigned), errors.Is(err, errBadMAC):
		return workflow.State{}, s.untrusted(id, err)
	case err != nil:
		return workflow.State{}, s.corrupted(id, err)
	}
	return st, nil
}

var (
	errUnsigned = errors.New("it carries no signature: it came with the repository, was written by hand, or by an earlier oss-dev that did not sign workflows")
	errBadMAC   = errors.New("its signature does not match: it was changed outside oss-dev, or written for another user, machine or folder")
	errWrongID  = errors.New("the workflow_id inside does not match the file's name")
)

// verified decodes raw and checks its MAC against this user's key.
func (s *Store) verified(id string, raw []byte) (workflow.State, string, error) {
	st, mac, err := decodeSigned(raw)
	if err != nil {
		return workflow.State{}, "", err
	}
	if st.WorkflowID != id {
		return workflow.State{}, "", errWrongID
	}
	if mac == "" {
		return st, "", errUnsigned
	}
	key, err := s.key()
	if err != nil {
		return workflow.State{}, "", err
	}
	c, err := canonical(st)
	if err != nil {
		return workflow.State{}, "", err
	}
	if !verify(key, s.root, id, c, mac) {
		return st, "", errBadMAC
	}
	return st, mac, nil
}

func (s *Store) untrusted(id string, cause error) error {
	return errcode.Wrap(errcode.StateUntrusted, cause,
		fmt.Sprintf("ignored the workflow file %s: it was not written by your oss-dev on this machine (%s)", s.path(id), cause),
		"if it came with the repository, remove it and keep .oss-dev/ out of commits; if you wrote it with an earlier oss-dev, check what it holds and adopt it: oss-dev mentor adopt "+id)
}

func (s *Store) corrupted(id string, cause error) error {
	var ec *errcode.Error
	if errors.As(cause, &ec) && ec.Code != errcode.StateCorrupted && ec.Code != "" {
		return cause
	}
	fix := "the file cannot be repaired automatically; remove it (or abandon the workflow) and start again"
	if raw, err := s.read(s.backup(id)); err == nil {
		if _, _, err := s.verified(id, raw); err == nil {
			fix = fmt.Sprintf("the last good copy is kept at %s; restore it with 'oss-dev mentor resume %s --restore'", s.backup(id), id)
		}
	}
	return errcode.Wrap(errcode.StateCorrupted, cause, fmt.Sprintf("workflow %s is corrupt (%s): %v", id, s.path(id), cause), fix)
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
	if err := checkID(st.WorkflowID); err != nil {
		return err
	}
	return s.locked(ctx, st.WorkflowID, func() error {
		raw, err := s.read(s.path(st.WorkflowID))
		if errors.Is(err, fs.ErrNotExist) {
			return errcode.Wrap(errcode.WorkflowNotFound, err, "workflow "+st.WorkflowID+" is gone", "start it again with 'oss-dev mentor start'")
		}
		if err != nil {
			return s.corrupted(st.WorkflowID, err)
		}
		cur, err := s.open(st.WorkflowID, raw)
		if err != nil {
			return err
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
	if err := checkID(id); err != nil {
		return st, err
	}
	err := s.locked(ctx, id, func() error {
		raw, err := s.read(s.backup(id))
		if err != nil {
			return errcode.Wrap(errcode.StateCorrupted, err, "workflow "+id+" has no good copy to restore", "abandon the workflow and start it again")
		}
		if st, _, err = s.verified(id, raw); err != nil {
			return errcode.Wrap(errcode.StateCorrupted, err, "the copy of workflow "+id+" cannot be restored: "+err.Error(), "abandon the workflow and start it again")
		}
		return atomicfile.WriteFile(s.path(id), raw, 0o644)
	})
	return st, err
}

// Adopt signs workflow id as this user's after approve has seen what it
// holds and returned nil: the way to keep a state written by an earlier
// oss-dev, which carries no MAC and so cannot be told from a planted one.
// A state that does not decode is STATE_CORRUPTED and is not offered.
func (s *Store) Adopt(ctx context.Context, id string, approve func(workflow.State) error) (workflow.State, error) {
	if err := checkID(id); err != nil {
		return workflow.State{}, err
	}
	var st workflow.State
	err := s.locked(ctx, id, func() error {
		raw, err := s.read(s.path(id))
		if errors.Is(err, fs.ErrNotExist) {
			return errcode.Newf(errcode.WorkflowNotFound, "run 'oss-dev mentor list' to see the workflows of this repository", "no workflow %q in %s", id, s.dir)
		}
		if err != nil {
			return s.corrupted(id, err)
		}
		cur, _, err := s.verified(id, raw)
		switch {
		case err == nil:
			st = cur
			return nil // already this user's
		case !errors.Is(err, errUnsigned) && !errors.Is(err, errBadMAC):
			return s.corrupted(id, err)
		}
		if err := approve(cur); err != nil {
			return err
		}
		if err := s.write(cur, raw); err != nil {
			return err
		}
		st = cur
		return nil
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
		if !ok || e.IsDir() || checkID(id) != nil {
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

// write stores st with its MAC; prev, the bytes being replaced, becomes
// the backup.
func (s *Store) write(st workflow.State, prev []byte) error {
	key, err := s.key()
	if err != nil {
		return err
	}
	c, err := canonical(st)
	if err != nil {
		return err
	}
	raw, err := json.MarshalIndent(stored{State: st, MAC: sign(key, s.root, st.WorkflowID, c)}, "", "  ")
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
	if err := s.makeDir(); err != nil {
		return err
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

// makeDir creates the workflows folder. A repository may ship .oss-dev or
// .oss-dev/workflows as a link to a folder elsewhere; writing through it
// would put files outside the repository, so a link is refused.
func (s *Store) makeDir() error {
	for _, d := range []string{filepath.Dir(s.dir), s.dir} {
		info, err := os.Lstat(d)
		if errors.Is(err, fs.ErrNotExist) {
			if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return errcode.Wrap(errcode.StateCorrupted, err, "cannot create "+d, "check that the repository folder is writable")
			}
			continue
		}
		if err != nil {
			return errcode.Wrap(errcode.StateCorrupted, err, "cannot use "+d, "check the folder's permissions")
		}
		if !info.IsDir() {
			return errcode.Newf(errcode.StateUntrusted, "remove "+d+" (it came with the repository or was made by hand); oss-dev creates the folder itself",
				"%s is not a folder but a %s: workflow files are written only into a real folder inside the repository", d, kindOf(info.Mode()))
		}
	}
	return nil
}

func kindOf(m fs.FileMode) string {
	if m&fs.ModeSymlink != 0 {
		return "symbolic link"
	}
	return "file"
}

// idPattern is what a workflow id may be: it becomes a file name, so it
// has no separator, no dot and no control character, and a bounded length.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

// checkID refuses an id that could name a file outside the workflows
// folder or one that is not a workflow: "../x", "/etc/x", "a\x00b", "..".
func checkID(id string) error {
	if !idPattern.MatchString(id) {
		shown := id
		if len(shown) > 60 {
			shown = shown[:60] + "..."
		}
		return errcode.Newf(errcode.InvalidInput, "use an id from 'oss-dev mentor list'",
			"invalid workflow id %q: an id is up to 100 letters, digits, '-' and '_'", shown)
	}
	return nil
}
