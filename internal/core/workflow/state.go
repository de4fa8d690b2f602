package workflow

import (
	"encoding/json"
	"time"
)

// SchemaVersion is the version of the persisted State layout.
const SchemaVersion = 1

// State is one contribution in progress: the blueprint's WorkflowState plus
// the history of its transitions.
type State struct {
	SchemaVersion  int                        `json:"schema_version"`
	WorkflowID     string                     `json:"workflow_id"`
	Phase          Phase                      `json:"phase"`
	IssueURL       string                     `json:"issue_url,omitempty"`
	IssueNumber    int                        `json:"issue_number,omitempty"`
	BranchName     string                     `json:"branch_name,omitempty"`
	RepositoryPath string                     `json:"repository_path"`
	Metadata       map[string]json.RawMessage `json:"metadata,omitempty"`
	CreatedAt      time.Time                  `json:"created_at"`
	UpdatedAt      time.Time                  `json:"updated_at"`
	// Version counts the writes of this state; a write based on an older
	// version is refused (optimistic locking).
	Version int `json:"version"`
	// BlockedFrom is the phase BLOCKED returns to.
	BlockedFrom Phase   `json:"blocked_from,omitempty"`
	BlockReason string  `json:"block_reason,omitempty"`
	History     []Event `json:"history"`
}

// Event records one transition.
type Event struct {
	At      time.Time `json:"at"`
	From    Phase     `json:"from"`
	To      Phase     `json:"to"`
	Trigger Trigger   `json:"trigger"`
	Reason  string    `json:"reason,omitempty"`
}

// New returns a workflow in IDLE.
func New(id, repoPath, issueURL string, issueNumber int, now time.Time) State {
	return State{
		SchemaVersion:  SchemaVersion,
		WorkflowID:     id,
		Phase:          Idle,
		IssueURL:       issueURL,
		IssueNumber:    issueNumber,
		RepositoryPath: repoPath,
		CreatedAt:      now.UTC(),
		UpdatedAt:      now.UTC(),
		History:        []Event{},
	}
}

// SetMeta stores phase data under key as JSON.
func (s *State) SetMeta(key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if s.Metadata == nil {
		s.Metadata = map[string]json.RawMessage{}
	}
	s.Metadata[key] = raw
	return nil
}

// Meta decodes the phase data under key into v; it reports false when the
// key is absent.
func (s State) Meta(key string, v any) (bool, error) {
	raw, ok := s.Metadata[key]
	if !ok {
		return false, nil
	}
	return true, json.Unmarshal(raw, v)
}
