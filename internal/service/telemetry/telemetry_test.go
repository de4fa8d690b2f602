package telemetry

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestAppendWritesOnlyTheFourFields(t *testing.T) {
	l := New(t.TempDir(), true)
	if err := l.Append(Record{Command: "oss-dev analyze repo", DurationMS: 42, ExitStatus: 1, ErrorCode: "PROVIDER_TIMEOUT"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(l.Path)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	want := map[string]any{"command": "oss-dev analyze repo", "duration_ms": 42.0, "exit_status": 1.0, "error_code": "PROVIDER_TIMEOUT"}
	if len(fields) != len(want) {
		t.Errorf("fields = %v", fields)
	}
	for k, v := range want {
		if fields[k] != v {
			t.Errorf("%s = %v, want %v", k, fields[k], v)
		}
	}
	if fi, err := os.Stat(l.Path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %v, %v", fi.Mode(), err)
	}
}

func TestAppendWhenOffWritesNothing(t *testing.T) {
	l := New(t.TempDir(), false)
	if err := l.Append(Record{Command: "oss-dev doctor"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.Path); !os.IsNotExist(err) {
		t.Errorf("a log was written while telemetry is off: %v", err)
	}
}

// Whatever a caller passes as the command name, only a command path is
// stored: an argument, a path or text cannot reach the file.
func TestAppendKeepsArgumentsOut(t *testing.T) {
	l := New(t.TempDir(), true)
	for _, name := range []string{
		"oss-dev analyze repo /home/me/secret-project",
		"oss-dev explain main.go",
		"oss-dev issues view octo/demo#1",
		"rm -rf /",
		"oss-dev \x1b[2J",
		"oss-dev " + strings.Repeat("a", 200),
	} {
		if err := l.Append(Record{Command: name, ErrorCode: "bad code with spaces"}); err != nil {
			t.Fatal(err)
		}
	}
	records, err := l.Read()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range records {
		if r.Command != "oss-dev" || r.ErrorCode != "UNKNOWN" {
			t.Errorf("stored %+v", r)
		}
	}
	data, _ := os.ReadFile(l.Path)
	for _, leak := range []string{"secret-project", "main.go", "octo", "rm", "spaces"} {
		if strings.Contains(string(data), leak) {
			t.Errorf("the file holds %q:\n%s", leak, data)
		}
	}
}

func TestReadSkipsLinesThatAreNotRecords(t *testing.T) {
	l := New(t.TempDir(), true)
	content := `{"command":"oss-dev doctor","duration_ms":5,"exit_status":0}
not json
{"command":"/etc/passwd","duration_ms":1,"exit_status":0}
{"command":"oss-dev cache clear","duration_ms":7,"exit_status":1,"error_code":"CONFIG_INVALID"}
{"command":"oss-dev doctor","duration_ms":1,"exit_status":0,"error_code":"\u001b[31m"}
`
	if err := os.WriteFile(l.Path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	records, err := l.Read()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 2 || records[0].Command != "oss-dev doctor" || records[1].ErrorCode != "CONFIG_INVALID" {
		t.Errorf("records = %+v", records)
	}
}

func TestRotationKeepsTheRecordBounded(t *testing.T) {
	l := New(t.TempDir(), true)
	big := strings.Repeat(`{"command":"oss-dev doctor","duration_ms":1,"exit_status":0}`+"\n", maxBytes/60+10)
	if err := os.WriteFile(l.Path, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := l.Append(Record{Command: "oss-dev roadmap"}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(l.Path); err != nil || fi.Size() > 200 {
		t.Errorf("the full log was not moved aside: %v %v", fi.Size(), err)
	}
	records, err := l.Read()
	if err != nil || len(records) < 2 || records[len(records)-1].Command != "oss-dev roadmap" {
		t.Fatalf("%d records, %v", len(records), err)
	}
	n, err := l.Clear()
	if err != nil || n != len(records) {
		t.Errorf("Clear = %d, %v; want %d", n, err, len(records))
	}
	for _, p := range []string{l.Path, l.Path + ".old"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s left behind", filepath.Base(p))
		}
	}
}

// Processes that finish at the same time append whole lines.
func TestConcurrentAppendsStayWholeLines(t *testing.T) {
	l := New(t.TempDir(), true)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = l.Append(Record{Command: "oss-dev doctor", DurationMS: int64(i)})
		}()
	}
	wg.Wait()
	records, err := l.Read()
	if err != nil || len(records) != 50 {
		t.Fatalf("%d records, %v", len(records), err)
	}
}

func TestReadRefusesAFifo(t *testing.T) {
	dir := t.TempDir()
	l := New(dir, true)
	if err := mkfifo(l.Path); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, err := l.Read(); err == nil {
		t.Fatal("a FIFO was read as the log")
	}
	if err := l.Append(Record{Command: "oss-dev doctor"}); err == nil {
		t.Fatal("a FIFO was written to as the log")
	}
}
