//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestReadFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	linkToZero := filepath.Join(dir, "config.toml")
	if err := os.Symlink("/dev/zero", linkToZero); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, linkToZero, "/dev/zero", "/dev/urandom", dir} {
		_, err := ReadFile(p, ConfigMax)
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadFile(%s) = %v, want ErrNotRegular", p, err)
		}
	}
}

func TestOpenRefusesSpecialFilesAndStreamsRegularOnes(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "log")
	if err := os.WriteFile(p, []byte("a\nb\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Open(dir); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("Open(folder) = %v, want ErrNotRegular", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, "/dev/zero"} {
		if _, err := Open(p); !errors.Is(err, ErrNotRegular) {
			t.Errorf("Open(%s) = %v, want ErrNotRegular", p, err)
		}
	}
}

// TestDeviceIsRefusedUnopened: a device node is refused by its kind, not
// opened: opening some devices does something (a watchdog starts, a tape
// rewinds), and one with no driver behind it fails with an error that
// reads as a missing file. Making a device node needs root.
func TestDeviceIsRefusedUnopened(t *testing.T) {
	dir := t.TempDir()
	dev := filepath.Join(dir, "main.go")
	// major 240 is for local use: no driver answers it, so an open fails
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o644, int(240<<8)); err != nil {
		t.Skipf("cannot make a device node here: %v", err)
	}
	if _, err := ReadFile(dev, ConfigMax); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadFile = %v, want ErrNotRegular", err)
	}
	r, err := OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.ReadFile("main.go", ConfigMax)
	var se *Error
	if !errors.As(err, &se) || se.Kind != "device" {
		t.Errorf("Root.ReadFile = %v, want a device refused", err)
	}
}
