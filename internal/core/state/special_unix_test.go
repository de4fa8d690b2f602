//go:build unix

package state

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// A repository can put a FIFO, a device, a folder or a huge file where a
// workflow's state would be. Each is STATE_CORRUPTED naming the file, at
// once; listing the workflows still works.
func TestSpecialFilesInPlaceOfAState(t *testing.T) {
	cases := map[string]func(t *testing.T, p string){
		"fifo":      func(t *testing.T, p string) { must(t, syscall.Mkfifo(p, 0o644)) },
		"dev zero":  func(t *testing.T, p string) { must(t, os.Symlink("/dev/zero", p)) },
		"urandom":   func(t *testing.T, p string) { must(t, os.Symlink("/dev/urandom", p)) },
		"folder":    func(t *testing.T, p string) { must(t, os.Mkdir(p, 0o755)) },
		"huge file": func(t *testing.T, p string) { must(t, os.WriteFile(p, nil, 0o644)); must(t, os.Truncate(p, 1<<31)) },
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			st := Open(t.TempDir(), testState())
			must(t, os.MkdirAll(st.Dir(), 0o755))
			make(t, st.path("wf1"))
			_, err := st.Load("wf1")
			if !errcode.HasCode(err, errcode.StateCorrupted) || !strings.Contains(err.Error(), st.path("wf1")) {
				t.Fatalf("load: %v, want STATE_CORRUPTED naming the file", err)
			}
			if _, err := st.List(); err != nil {
				t.Fatalf("list: %v", err)
			}
		})
	}
}

func TestSpecialFileInPlaceOfTheKey(t *testing.T) {
	key := filepath.Join(t.TempDir(), "state.key")
	must(t, syscall.Mkfifo(key, 0o600))
	if _, err := loadKey(key); !errcode.HasCode(err, errcode.StateCorrupted) || !strings.Contains(err.Error(), key) {
		t.Fatalf("key is a FIFO: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
