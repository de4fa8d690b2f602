package state

import (
	"encoding/json"
	"testing"
)

// FuzzDecode feeds decode (and its migration) what a repository could hold
// in a state file. It must never panic, and what it accepts must be a valid
// state that survives being written and read back unchanged, which is what
// the MAC relies on.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`null`, `[]`, `{}`, `"x"`, `{"schema_version":0}`,
		`{"workflow_id":"old","phase":"PLANNING","version":4}`,
		`{"schema_version":1,"workflow_id":"a","phase":"BLOCKED","blocked_from":"PLANNING","version":2,"metadata":{"k":{"a":[1,2]}},"history":[{"from":"IDLE","to":"REPO_ANALYSIS","trigger":"start"}]}`,
		`{"schema_version":1,"workflow_id":"a","phase":"IDLE","version":9223372036854775807}`,
		`{"schema_version":-1,"workflow_id":"a","phase":"IDLE","version":1}`,
		`{"schema_version":1,"workflow_id":"../a","phase":"IDLE","version":1,"created_at":"2026-01-02T03:04:05.000000006+01:00"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		st, err := decode(raw)
		if err != nil {
			return
		}
		if validate(st) != nil || checkID(st.WorkflowID) != nil || st.Version > maxVersion {
			t.Fatalf("accepted an invalid state: %+v", st)
		}
		c1, err := canonical(st)
		if err != nil {
			return // metadata that is not JSON cannot come from decode, but do not insist
		}
		written, err := json.MarshalIndent(stored{State: st, MAC: "x"}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		back, err := decode(written)
		if err != nil {
			t.Fatalf("a written state does not decode: %v\n%s", err, written)
		}
		c2, _ := canonical(back)
		if string(c1) != string(c2) {
			t.Fatalf("canonical form changed by a write:\n%s\n%s", c1, c2)
		}
	})
}
