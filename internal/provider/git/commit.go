package git

import (
	"context"
	"errors"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// ErrNothingToCommit is in the chain of the error Commit returns when there
// is nothing to record; test with errors.Is.
var ErrNothingToCommit = errors.New("nothing to commit")

// Commit records a commit and returns its SHA. With files, only those paths
// are committed, as they are in the working tree (git commit -- FILES):
// new files are added first, deletions are recorded, and other staged or
// modified files stay as they were. With no files, everything staged is
// committed. The user's hooks and signing settings apply. Nothing to commit
// is GIT_FAILED wrapping ErrNothingToCommit.
func (r *Repo) Commit(ctx context.Context, message string, files []string) (string, error) {
	return r.commit(ctx, message, files, r.signoff)
}

// CommitSignedOff is Commit with a Signed-off-by trailer for the committer
// (the DCO sign-off many projects require), whatever WithSignoff says.
func (r *Repo) CommitSignedOff(ctx context.Context, message string, files []string) (string, error) {
	return r.commit(ctx, message, files, true)
}

func (r *Repo) commit(ctx context.Context, message string, files []string, signoff bool) (string, error) {
	if strings.TrimSpace(message) == "" {
		return "", errcode.New(errcode.InvalidInput, "the commit message is empty", "write a message that says what the change does")
	}
	for _, f := range files {
		if f == "" || strings.ContainsRune(f, 0) {
			return "", errcode.New(errcode.InvalidInput, "a file to commit has an empty or invalid name", "list the paths of the files to commit")
		}
	}
	if len(files) > 0 {
		// git commit -- FILES only takes paths the index knows; adding first
		// brings in new files (and records deletions of tracked ones).
		args := append([]string{"add", "--"}, files...)
		if _, err := r.output(ctx, nil, args...); err != nil {
			if strings.Contains(gitStderr(err), "did not match any files") {
				return "", errcode.Wrap(errcode.NotFound, err, "cannot commit: "+gitStderrLine(err), "check the file names against git status")
			}
			return "", err
		}
	}
	args := []string{"commit", "--quiet", "--file=-"}
	if signoff {
		args = append(args, "--signoff")
	}
	if len(files) > 0 {
		args = append(args, "--only", "--")
		args = append(args, files...)
	}
	_, err := r.output(ctx, strings.NewReader(message), args...)
	if err != nil {
		if exitCode(err) == 1 && nothingToCommit(gitStderr(err)) {
			what := "nothing is staged"
			if len(files) > 0 {
				what = "the given files have no changes"
			}
			return "", errcode.Wrap(errcode.GitFailed, errors.Join(ErrNothingToCommit, err),
				"nothing to commit: "+what, "change or stage something first (git add FILE), or list the changed files to commit")
		}
		return "", err
	}
	return r.HeadSHA(ctx)
}

func nothingToCommit(said string) bool {
	for _, s := range []string{"nothing to commit", "nothing added to commit", "no changes added to commit"} {
		if strings.Contains(said, s) {
			return true
		}
	}
	return false
}
