package state

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestSideFilesAreSignedAndTamperingIsRefused(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := Open(root, testState())
	if _, err := s.ReadSide("wf-1", "assist"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	if err := s.WriteSide(ctx, "wf-1", "assist", []byte(`{"steps": 2, "note": "hi"}`)); err != nil {
		t.Fatal(err)
	}
	got, err := s.ReadSide("wf-1", "assist")
	if err != nil || string(got) != `{"steps":2,"note":"hi"}` {
		t.Fatalf("read back %s, %v", got, err)
	}
	list, err := s.List()
	if err != nil || len(list) != 0 {
		t.Fatalf("a side file was listed as a workflow: %+v %v", list, err)
	}
	path, _ := s.SidePath("wf-1", "assist")
	raw, _ := os.ReadFile(path)

	// Edited, copied to another workflow, or another repository: refused.
	for name, plant := range map[string]func() (*Store, string){
		"edited": func() (*Store, string) {
			os.WriteFile(path, []byte(strings.Replace(string(raw), `"steps":2`, `"steps":3`, 1)), 0o600)
			return s, "wf-1"
		},
		"other id": func() (*Store, string) {
			p, _ := s.SidePath("wf-2", "assist")
			os.WriteFile(p, raw, 0o600)
			return s, "wf-2"
		},
		"other repository": func() (*Store, string) {
			other := Open(t.TempDir(), testState())
			other.makeDir()
			p, _ := other.SidePath("wf-1", "assist")
			os.WriteFile(p, raw, 0o600)
			return other, "wf-1"
		},
		"unsigned": func() (*Store, string) {
			os.WriteFile(path, []byte(`{"data":{"steps":2}}`), 0o600)
			return s, "wf-1"
		},
	} {
		st, id := plant()
		if _, err := st.ReadSide(id, "assist"); !errcode.HasCode(err, errcode.StateUntrusted) {
			t.Errorf("%s: err %v; want STATE_UNTRUSTED", name, err)
		}
	}
	os.WriteFile(path, []byte(`null`), 0o600)
	if _, err := s.ReadSide("wf-1", "assist"); !errcode.HasCode(err, errcode.StateCorrupted) {
		t.Errorf("null: err %v; want STATE_CORRUPTED", err)
	}
	if _, err := s.SidePath("../x", "assist"); err == nil {
		t.Error("a bad id was accepted")
	}
	if _, err := s.SidePath("wf-1", "../x"); err == nil {
		t.Error("a bad name was accepted")
	}
}
