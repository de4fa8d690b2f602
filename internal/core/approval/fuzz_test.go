package approval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadAudit reads any file as the audit log: a line that is not a
// record is skipped, never a panic, and a workflow filter returns only that
// workflow's records, at most one per line.
func FuzzReadAudit(f *testing.F) {
	f.Add([]byte(`{"time":"2025-01-01T00:00:00Z","workflow":"w1","tool":"run_command","action":"run tests","command":"go test ./...","decision":"approve","decided_by":"policy","policy":"auto","reason":"known safe"}`+"\n"), "w1")
	f.Add([]byte("not json\n{\"workflow\":\"w2\"}\n{\"workflow\":1}\n\n{}"), "")
	f.Add([]byte(`{"workflow":"w1","time":"yesterday"}`+"\r\n"+`{"workflow":"w1"}`), "w1")
	f.Add([]byte(strings.Repeat("x", 70<<10)+"\n{}\n"), "")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, workflow string) {
		path := filepath.Join(dir, "audit.jsonl")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		recs, err := ReadAudit(path, workflow)
		if err != nil {
			return // a line past the scanner's bound
		}
		if len(recs) > strings.Count(string(data), "\n")+1 {
			t.Fatalf("%d records from %d lines", len(recs), strings.Count(string(data), "\n")+1)
		}
		for _, r := range recs {
			if workflow != "" && r.Workflow != workflow {
				t.Fatalf("asked for %q, got a record of %q", workflow, r.Workflow)
			}
		}
	})
}
