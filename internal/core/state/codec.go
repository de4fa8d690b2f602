package state

import (
	"encoding/json"
	"fmt"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// decode parses a stored workflow, migrating older schema versions.
func decode(raw []byte) (workflow.State, error) {
	var head struct {
		SchemaVersion int `json:"schema_version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return workflow.State{}, err
	}
	if head.SchemaVersion > workflow.SchemaVersion {
		return workflow.State{}, errcode.Newf(errcode.StateSchemaTooNew, "upgrade oss-dev",
			"the workflow was written by a newer oss-dev (schema %d; this build reads up to %d)", head.SchemaVersion, workflow.SchemaVersion)
	}
	raw, err := migrate(head.SchemaVersion, raw)
	if err != nil {
		return workflow.State{}, err
	}
	var st workflow.State
	if err := json.Unmarshal(raw, &st); err != nil {
		return workflow.State{}, err
	}
	return st, validate(st)
}

// migrate brings a stored state up to the current schema. Schema 0 is a
// state written before the field existed; it has the same layout as 1.
func migrate(from int, raw []byte) ([]byte, error) {
	if from < 1 {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
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
	case !st.Phase.Valid():
		return fmt.Errorf("unknown phase %q", st.Phase)
	case st.Version < 1:
		return fmt.Errorf("version %d is not positive", st.Version)
	case st.Phase == workflow.Blocked && !st.BlockedFrom.Valid():
		return fmt.Errorf("blocked without the phase it came from")
	}
	return nil
}
