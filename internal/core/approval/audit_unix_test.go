//go:build unix

package approval

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

// The audit log is read only when it is a regular file: a FIFO or a device
// in its place is an error at once, not a hang.
func TestReadAuditRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "audit.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.jsonl")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, zero, dir} {
		if _, err := ReadAudit(p, ""); !errors.Is(err, safefile.ErrNotRegular) {
			t.Errorf("ReadAudit(%s) = %v, want a refusal", p, err)
		}
	}
}
