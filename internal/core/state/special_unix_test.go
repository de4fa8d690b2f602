//go:build unix

package state

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
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

// A state file, or the .oss-dev folder, that is a link out of the
// repository is not read: the file beside it may be anyone's, and the
// error says where the link leads.
func TestStateLinkedOutIsNotRead(t *testing.T) {
	outside := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(outside, "workflows"), 0o755))
	must(t, os.WriteFile(filepath.Join(outside, "workflows", "wf1.json"), []byte(`{"workflow_id": "wf1"}`), 0o644))
	cases := map[string]func(st *Store){
		"file":   func(st *Store) { must(t, os.Symlink(filepath.Join(outside, "workflows", "wf1.json"), st.path("wf1"))) },
		"folder": func(st *Store) { must(t, os.Symlink(outside, filepath.Dir(st.Dir()))) },
	}
	for name, link := range cases {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			st := Open(root, testState())
			if name == "file" {
				must(t, os.MkdirAll(st.Dir(), 0o755))
			}
			link(st)
			_, err := st.Load("wf1")
			if !errcode.HasCode(err, errcode.StateCorrupted) || !errors.Is(err, safefile.ErrOutside) {
				t.Fatalf("load: %v, want STATE_CORRUPTED for a link out of the repository", err)
			}
		})
	}
}
