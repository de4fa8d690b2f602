package docs_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/docs"
)

// countingApprover approves everything and counts the requests.
type countingApprover struct{ asked int }

func (a *countingApprover) Request(context.Context, approval.Request) (approval.Decision, error) {
	a.asked++
	return approval.Decision{Approved: true}, nil
}

// TestWriteRefusesAFolder: --out naming a folder (the repository's own
// root, as `--out .` does) is an error before anything is asked or
// written; no temporary file lands in the folder above it.
func TestWriteRefusesAFolder(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "repo")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	m := &countingApprover{}
	err := docs.Write(context.Background(), m, root, []byte("# guide\n"))
	if err == nil {
		t.Fatal("writing over a folder succeeded")
	}
	var e *errcode.Error
	if !errors.As(err, &e) || !strings.Contains(e.Message, "is a folder") || e.Fix == "" {
		t.Errorf("error %v, want one that says the path is a folder, with a fix", err)
	}
	if m.asked != 0 {
		t.Errorf("the approval manager was asked %d times for a write that cannot happen", m.asked)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("the folder above holds %v, want the repository alone", entries)
	}
}

// TestWriteReplacesASymbolicLink: a START_HERE.md committed as a link to a
// file outside is replaced by the guide, and the file it pointed at is
// left as it was.
func TestWriteReplacesASymbolicLink(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, docs.FileName)
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	m := &approval.Manager{Policy: config.PolicyAuto, Env: approval.Environment{RepoRoot: root}}
	if err := docs.Write(context.Background(), m, link, []byte("# guide\n")); err == nil {
		t.Fatal("a link leading out was written without asking anyone")
	}
	if err := docs.Write(context.Background(), &countingApprover{}, link, []byte("# guide\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Errorf("the file outside now holds %q", b)
	}
	if fi, err := os.Lstat(link); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("START_HERE.md is %v (%v), want a regular file", fi, err)
	}
}
