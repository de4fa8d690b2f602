//go:build unix

package analysis

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestReadIssueFileRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	paths := []string{dir, fifo, "/dev/zero"}
	for _, p := range paths {
		done := make(chan error, 1)
		go func() { _, err := ReadIssueFile(p); done <- err }()
		select {
		case err := <-done:
			if errcode.CodeOf(err) != errcode.InvalidInput {
				t.Errorf("ReadIssueFile(%s) = %v, want INVALID_INPUT", p, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("ReadIssueFile(%s) blocked", p)
		}
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, MaxIssueFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadIssueFile(big); errcode.CodeOf(err) != errcode.InvalidInput {
		t.Errorf("a file over the cap: %v", err)
	}
}
