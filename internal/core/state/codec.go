package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// maxVersion bounds a state's write count. A real workflow is written a
// few dozen times; anything near the top of int would overflow on the
// next save, so it is a corrupt state.
const maxVersion = 1 << 40

// stored is a state as written on disk: the state's fields with its MAC.
type stored struct {
	workflow.State
	MAC string `json:"mac,omitempty"`
}

// decode parses a stored workflow, migrating older schema versions. It
// never panics: null, wrong types and absurd values are errors.
func decode(raw []byte) (workflow.State, error) {
	st, _, err := decodeSigned(raw)
	return st, err
}

// decodeSigned is decode that also returns the MAC the file carries, ""
// when it carries none.
func decodeSigned(raw []byte) (workflow.State, string, error) {
	st, err := decodeStored(raw)
	return st.State, st.MAC, err
}

func decodeStored(raw []byte) (stored, error) {
	if !isObject(raw) {
		return stored{}, errors.New("the file does not hold a JSON object")
	}
	var head struct {
		SchemaVersion int `json:"schema_version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return stored{}, err
	}
	if head.SchemaVersion > workflow.SchemaVersion {
		return stored{}, errcode.Newf(errcode.StateSchemaTooNew, "upgrade oss-dev",
			"the workflow was written by a newer oss-dev (schema %d; this build reads up to %d)", head.SchemaVersion, workflow.SchemaVersion)
	}
	raw, err := migrate(head.SchemaVersion, raw)
	if err != nil {
		return stored{}, err
	}
	var st stored
	if err := json.Unmarshal(raw, &st); err != nil {
		return stored{}, err
	}
	return st, validate(st.State)
}

// isObject reports whether raw is a JSON object (not null, an array, ...).
func isObject(raw []byte) bool {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	return len(raw) > 0 && raw[0] == '{'
}

// migrate brings a stored state up to the current schema. Schema 0 is a
// state written before the field existed; it has the same layout as 1.
func migrate(from int, raw []byte) ([]byte, error) {
	switch {
	case from < 0:
		return nil, fmt.Errorf("schema_version %d is negative", from)
	case from == 0:
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		if m == nil {
			return nil, errors.New("the file does not hold a JSON object")
		}
		m["schema_version"] = 1
		return json.Marshal(m)
	}
	return raw, nil
}

func validate(st workflow.State) error {
	switch {
	case st.WorkflowID == "":
		return fmt.Errorf("no workflow_id")
	case checkID(st.WorkflowID) != nil:
		return fmt.Errorf("workflow_id %q is not a valid id", st.WorkflowID)
	case !st.Phase.Valid():
		return fmt.Errorf("unknown phase %q", st.Phase)
	case st.Version < 1:
		return fmt.Errorf("version %d is not positive", st.Version)
	case st.Version > maxVersion:
		return fmt.Errorf("version %d is beyond any real workflow", st.Version)
	case st.Phase == workflow.Blocked && !st.BlockedFrom.Valid():
		return fmt.Errorf("blocked without the phase it came from")
	case st.IssueNumber < 0:
		return fmt.Errorf("issue number %d is negative", st.IssueNumber)
	}
	for i, e := range st.History {
		if !e.From.Valid() || !e.To.Valid() {
			return fmt.Errorf("history entry %d names an unknown phase", i+1)
		}
	}
	return nil
}

// canonical is the form of a state its MAC covers: its compact JSON as
// this build writes it. Decoding a written file and encoding it again
// gives the same bytes, whatever the indentation on disk.
func canonical(st workflow.State) ([]byte, error) {
	return json.Marshal(st)
}
