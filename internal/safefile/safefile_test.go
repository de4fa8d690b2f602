package safefile

import (
	"errors"
	"os"
	"path/filepath"
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
