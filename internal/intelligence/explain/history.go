package explain

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strconv"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

// logFormat is the git provider's log format (git.ParseLog reads it): each
// field NUL-terminated, and with -z each commit ends with one more NUL.
const logFormat = "--format=%H%x00%an%x00%ae%x00%aI%x00%s%x00%b"

// historyTimeout bounds git log -L, which walks the whole history of a
// file and can be slow on a long one.
const historyTimeout = 60 * time.Second

// findHistory lists the last commits that changed the target: the lines
// of a symbol through git log -L, else the file or folder.
func findHistory(ctx context.Context, t *target, sym *Symbol) History {
	h := History{Scope: "file", Changes: []Change{}}
	if t.isDir {
		h.Scope = "folder"
	}
	if t.repo == nil {
		h.Skipped = "not inside a git repository"
		return h
	}
	if t.hist == 0 {
		h.Skipped = "not asked for"
		return h
	}
	var commits []model.Commit
	var err error
	if sym != nil && sym.Line > 0 {
		end := max(sym.EndLine, sym.Line)
		h.Scope = "lines " + strconv.Itoa(sym.Line) + "-" + strconv.Itoa(end) + " of " + sym.File
		commits, err = lineHistory(ctx, t.root, sym.File, sym.Line, end, t.hist)
	} else {
		commits, err = t.repo.LogFile(ctx, t.rel, t.hist)
	}
	if err != nil {
		h.Skipped = "git log failed: " + firstLine(errcode.Chain(err)[0])
		return h
	}
	for _, c := range commits {
		h.Changes = append(h.Changes, Change{SHA: c.SHA, Author: c.Author, Date: c.Date, Subject: c.Subject})
	}
	if len(h.Changes) == 0 {
		h.Skipped = "no commits touch it yet"
	}
	return h
}

// lineHistory runs git log -L START,END:FILE --no-patch, which the git
// provider does not offer, with the provider's format and parser.
func lineHistory(ctx context.Context, root, file string, start, end, n int) ([]model.Commit, error) {
	bin, err := exec.LookPath("git")
	if err != nil {
		return nil, errcode.Wrap(errcode.GitNotFound, err, "git was not found", "install git")
	}
	ctx, cancel := context.WithTimeout(ctx, historyTimeout)
	defer cancel()
	span := strconv.Itoa(start) + "," + strconv.Itoa(end) + ":" + file
	cmd := exec.CommandContext(ctx, bin, "log", "-z", "--no-color", logFormat,
		"--max-count="+strconv.Itoa(n), "-L", span, "--no-patch")
	cmd.Dir = root
	cmd.Env = git.Env("GIT_PAGER=cat")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, errcode.Wrap(errcode.GitFailed, err, "git log -L "+span+": "+firstLine(stderr.String()), "run git log -L "+span+" yourself to see why")
		}
		return nil, errcode.Wrap(errcode.GitFailed, err, "git log could not run", "check that git works: git --version")
	}
	// git log -L separates commits with a newline that the plain log has not.
	out = bytes.ReplaceAll(out, []byte("\x00\x00\n"), []byte("\x00\x00"))
	return git.ParseLog(bytes.TrimLeft(out, "\n"))
}
