package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

func TestReadFileRegular(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.toml")
	if err := os.WriteFile(p, []byte("x = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(p, 100)
	if err != nil || string(got) != "x = 1\n" {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
}

func TestReadFileTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(p, make([]byte, 2048), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(p, 1024)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if want := p + " is larger than 1 KiB"; err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
}

func TestReadFileRefusesSpecialFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev/zero on Windows")
	}
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

func TestReadOpenedThroughRoot(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte("abc"), 0o600); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	f, err := root.Open("f")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, err := ReadOpened(f, "f", 2); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("ReadOpened = %q, %v; want ErrTooLarge", got, err)
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
	if runtime.GOOS == "windows" {
		return
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
