package mentoring

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// IndexFile is the name of the workflow index in the state folder.
const IndexFile = "workflows.jsonl"

// Outcome is how a workflow stands once it no longer moves on its own:
// completed, blocked or abandoned; OutcomeNone while it goes on.
type Outcome string

// The outcomes of a workflow, as the index records them.
const (
	OutcomeNone      Outcome = ""
	OutcomeCompleted Outcome = "completed"
	OutcomeBlocked   Outcome = "blocked"
	OutcomeAbandoned Outcome = "abandoned"
)

// OutcomeOf reads the outcome of the workflow in st. A complete workflow is
// completed whatever else it carries, and one `mentor abandon` marked is
// abandoned even while blocked. A state whose metadata does not decode is
// STATE_CORRUPTED, as when mentoring loads it, so that every command
// counts the same workflows as unreadable.
func OutcomeOf(st workflow.State) (Outcome, error) {
	if err := checkMeta(st); err != nil {
		return OutcomeNone, err
	}
	var ab abandonMeta
	switch {
	case st.Phase == workflow.Complete:
		return OutcomeCompleted, nil
	case abandonedField.load(st, &ab):
		return OutcomeAbandoned, nil
	case st.Phase == workflow.Blocked:
		return OutcomeBlocked, nil
	}
	return OutcomeNone, nil
}

// IndexEntry is one line of the workflow index: where a workflow lives, so
// that `roadmap` can find the workflows of every repository, not only the
// current one. The workflow's file stays the truth; the index only points
// at it and keeps the last phase and outcome for when the repository is gone.
type IndexEntry struct {
	Repository string    `json:"repository"`
	WorkflowID string    `json:"workflow_id"`
	IssueURL   string    `json:"issue_url"`
	CreatedAt  time.Time `json:"created_at"`
	Phase      string    `json:"phase,omitempty"`
	// Outcome is completed, blocked or abandoned; empty while the workflow goes on.
	Outcome   Outcome   `json:"outcome,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// IndexPath is the index's path in the state folder stateDir, or "" when
// no state folder is known.
func IndexPath(stateDir string) string {
	dir := stateDir
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, IndexFile)
}

// maxIndexLine bounds one line; longer ones are skipped as garbage.
const maxIndexLine = 64 << 10

// ReadIndex reads the index at path: the last line of each workflow wins
// (an update is a new line), in the order workflows were first recorded.
// Lines that do not parse (a torn write, someone's edit) are skipped and
// counted. A missing file is an empty index, not an error.
func ReadIndex(path string) (entries []IndexEntry, skipped int, err error) {
	f, err := safefile.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	pos := map[string]int{}
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		line, rerr := readLine(r)
		if len(bytes.TrimSpace(line)) > 0 {
			var e IndexEntry
			if json.Unmarshal(line, &e) != nil || e.Repository == "" || e.WorkflowID == "" {
				skipped++
			} else {
				key := e.Repository + "\x00" + e.WorkflowID
				if i, ok := pos[key]; ok {
					if e.CreatedAt.IsZero() {
						e.CreatedAt = entries[i].CreatedAt
					}
					entries[i] = e
				} else {
					pos[key] = len(entries)
					entries = append(entries, e)
				}
			}
		}
		if rerr == io.EOF {
			return entries, skipped, nil
		}
		if rerr != nil {
			return entries, skipped, rerr
		}
	}
}

// readLine reads one line, dropping the part of an overlong one beyond
// maxIndexLine (which then fails to parse and is skipped).
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line) < maxIndexLine {
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, err
	}
}

// appendIndex adds one line to the index in a single write to a file
// opened for appending, so concurrent writers never interleave within a
// line, and syncs it. A line left without its newline by a crash gets one
// first, so that only the torn line is lost. With create false an absent
// index stays absent: only `mentor start` starts one.
func appendIndex(path string, e IndexEntry, create bool) error {
	if path == "" {
		return nil
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_APPEND
	if create {
		flags |= os.O_CREATE
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
	}
	if info, err := os.Stat(path); err == nil {
		// Opening a FIFO for writing would wait for a reader forever.
		if err := safefile.Check(path, info, info.Size()); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		if !create && errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if torn(path) {
		line = append([]byte{'\n'}, line...)
	}
	line = append(line, '\n')
	_, werr := f.Write(line)
	serr := f.Sync()
	cerr := f.Close()
	return errors.Join(werr, serr, cerr)
}

// torn reports whether the file's last byte is not a newline.
func torn(path string) bool {
	f, err := safefile.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return false
	}
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, fi.Size()-1); err != nil {
		return false
	}
	return b[0] != '\n'
}

// indexPath is the index this service writes: Index, else the state folder's.
func (s *Service) indexPath() string {
	if s.Index != "" {
		return s.Index
	}
	return IndexPath(s.Dirs.State)
}

// recordIndex writes the workflow's line. The index is a convenience for
// `roadmap`: failing to write it is said, never a failure of the command.
func (s *Service) recordIndex(st workflow.State, outcome Outcome, create bool) {
	e := IndexEntry{Repository: st.RepositoryPath, WorkflowID: st.WorkflowID, IssueURL: st.IssueURL,
		CreatedAt: st.CreatedAt, Phase: string(st.Phase), Outcome: outcome, UpdatedAt: s.now().UTC()}
	if err := appendIndex(s.indexPath(), e, create); err != nil {
		s.note(diag.NewWarning(CodeIndex, "could not record the workflow in the index "+s.indexPath()+": "+err.Error()))
	}
}
