package git

import (
	"context"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// LogSince returns up to n commits reachable from HEAD and not from base,
// newest first: the commits a branch adds to base.
func (r *Repo) LogSince(ctx context.Context, base string, n int) ([]model.Commit, error) {
	if err := checkRev(base); err != nil {
		return nil, err
	}
	args := []string{"log", "-z", "--no-color", logFormat, "--max-count=" + strconv.Itoa(max(n, 1)), base + "..HEAD", "--"}
	out, err := r.output(ctx, nil, args...)
	if err != nil {
		return nil, err
	}
	return ParseLog(out)
}

// RebaseSignOff adds a Signed-off-by trailer for the committer to every
// commit of the branch since base (git rebase --signoff base). The tree
// stays as it is; only the commits are rewritten.
func (r *Repo) RebaseSignOff(ctx context.Context, base string) error {
	if err := checkRev(base); err != nil {
		return err
	}
	_, err := r.output(ctx, nil, "rebase", "--signoff", "--no-autostash", base)
	return err
}

// checkRev refuses a revision that git could read as an option.
func checkRev(rev string) error {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00 ") {
		return errcode.Newf(errcode.InvalidInput, "name a branch or a commit", "%q is not a revision", rev)
	}
	return nil
}
