package mentoring

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// ownFile reports whether path is oss-dev's own (the workflows and the
// project config with its "always" rules), which is never part of a
// contribution to someone else's project.
func ownFile(path string) bool {
	return strings.HasPrefix(filepath.ToSlash(path), ".oss-dev/")
}

func baseOf(st *workflow.State) (branchMeta, error) {
	var bm branchMeta
	ok, err := branchField.read(st, &bm)
	if err != nil || !ok || bm.BaseSHA == "" {
		return bm, errcode.Newf(errcode.StateCorrupted, "abandon the workflow and start it again",
			"workflow %s does not record the commit its branch started from", st.WorkflowID)
	}
	return bm, nil
}

// changedFiles lists the files the contribution changes: committed on the
// branch since its base, and not yet committed (untracked included).
func (ss *session) changedFiles(ctx context.Context, st *workflow.State) ([]string, error) {
	bm, err := baseOf(st)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	committed, err := ss.git.ChangedFiles(ctx, bm.BaseSHA)
	if err != nil {
		return nil, err
	}
	for _, f := range committed {
		seen[f.Path] = true
	}
	pending, err := ss.pendingFiles(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range pending {
		seen[f] = true
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		if !ownFile(f) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out, nil
}

// pendingFiles lists uncommitted changes: modified, staged, deleted,
// renamed and untracked files, without the workflow's own.
func (ss *session) pendingFiles(ctx context.Context) ([]string, error) {
	status, err := ss.git.Status(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range status.Files {
		if f.Kind == "ignored" || ownFile(f.Path) {
			continue
		}
		out = append(out, f.Path)
		if f.OrigPath != "" && !ownFile(f.OrigPath) {
			out = append(out, f.OrigPath)
		}
	}
	return out, nil
}

// fingerprint identifies the contribution as it is now: the diff against
// the branch's base (working tree included) plus every untracked file's
// name and content. The tests' result holds only for this fingerprint.
func (ss *session) fingerprint(ctx context.Context, st *workflow.State) (string, error) {
	bm, err := baseOf(st)
	if err != nil {
		return "", err
	}
	diff, err := ss.git.Diff(ctx, bm.BaseSHA, "")
	if err != nil {
		return "", err
	}
	h := sha256.New()
	io.WriteString(h, diff)
	status, err := ss.git.Status(ctx)
	if err != nil {
		return "", err
	}
	var untracked []string
	for _, f := range status.Files {
		if f.Kind == "untracked" && !ownFile(f.Path) {
			untracked = append(untracked, f.Path)
		}
	}
	sort.Strings(untracked)
	for _, p := range untracked {
		io.WriteString(h, "\x00untracked\x00"+p+"\x00")
		if data, err := ss.readInside(p, safefile.InputMax); err == nil {
			h.Write(data)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// verifiedNow reports whether the tests passed on the changes as they are.
func (ss *session) verifiedNow(ctx context.Context, st *workflow.State) (bool, bool, error) {
	var v Verification
	ok, err := verifyField.read(st, &v)
	if err != nil || !ok || !v.Passed {
		return false, false, err
	}
	fp, err := ss.fingerprint(ctx, st)
	if err != nil {
		return true, false, err
	}
	return true, fp == v.Fingerprint, nil
}
