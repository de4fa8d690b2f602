//go:build unix

package mentoring

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO where the workflow index should be neither blocks a read nor an
// append: both fail at once.
func TestIndexIsNeverAFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), IndexFile)
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadIndex(p); err == nil {
		t.Fatal("ReadIndex read a FIFO")
	}
	e := IndexEntry{Repository: "/r", WorkflowID: "w1", UpdatedAt: time.Now()}
	for _, create := range []bool{false, true} {
		if err := appendIndex(p, e, create); err == nil {
			t.Fatalf("appendIndex(create %v) wrote to a FIFO", create)
		}
	}
}
