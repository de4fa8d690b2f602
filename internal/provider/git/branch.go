package git

import (
	"context"
	"errors"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// ErrDetachedHead is in the chain of the error CurrentBranch returns when
// HEAD points at a commit rather than a branch; test with errors.Is. The
// error itself is GIT_FAILED with a message naming the commit.
var ErrDetachedHead = errors.New("HEAD is detached")

// CurrentBranch returns the short name of the checked-out branch. A branch
// with no commits yet is still returned by name. A detached HEAD is an error
// wrapping ErrDetachedHead.
func (r *Repo) CurrentBranch(ctx context.Context) (string, error) {
	out, err := r.output(ctx, nil, "symbolic-ref", "--quiet", "--short", "HEAD")
	if err == nil {
		return strings.TrimSpace(string(out)), nil
	}
	if exitCode(err) != 1 {
		return "", err
	}
	at := "a commit"
	if sha, err := r.HeadSHA(ctx); err == nil {
		at = shortSHA(sha)
	}
	return "", errcode.Wrap(errcode.GitFailed, ErrDetachedHead,
		"HEAD is detached at "+at+": no branch is checked out",
		"check out a branch first: git switch BRANCH (or create one here: git switch -c BRANCH)")
}

// HeadSHA returns the full SHA of HEAD; NOT_FOUND when the branch has no commits yet.
func (r *Repo) HeadSHA(ctx context.Context) (string, error) {
	out, err := r.output(ctx, nil, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	if err != nil {
		if exitCode(err) == 1 {
			return "", errcode.Wrap(errcode.NotFound, err, "HEAD has no commits yet", "make a first commit: git commit")
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// CreateBranch creates branch name at base (HEAD when base is empty) without
// checking it out and without setting an upstream (Push sets that). The name
// is checked with git check-ref-format --branch; an unknown base is NOT_FOUND
// listing the local branches.
func (r *Repo) CreateBranch(ctx context.Context, name, base string) error {
	if err := r.validateBranchName(ctx, name); err != nil {
		return err
	}
	if base == "" {
		base = "HEAD"
	}
	if _, err := r.revParse(ctx, "refs/heads/"+name); err == nil {
		return errcode.New(errcode.GitFailed, "a branch named "+quote(name)+" already exists",
			"choose another name, or check it out: git switch "+name)
	}
	sha, err := r.resolveCommit(ctx, base)
	if err != nil {
		return err
	}
	_, err = r.output(ctx, nil, "branch", "--no-track", "--", name, sha)
	return err
}

// Checkout switches the working tree to branch. A name that is only a
// remote-tracking branch is checked out as a new local branch tracking it
// (git's own guess); a commit or tag detaches HEAD. A name that matches
// nothing is NOT_FOUND listing the local branches.
func (r *Repo) Checkout(ctx context.Context, branch string) error {
	if err := checkArg("branch", branch); err != nil {
		return err
	}
	_, err := r.output(ctx, nil, "checkout", "--quiet", branch, "--")
	if err == nil {
		return nil
	}
	if exitCode(err) < 0 {
		return err
	}
	if _, rerr := r.revParse(ctx, branch+"^{commit}"); rerr == nil || !errcode.HasCode(rerr, errcode.NotFound) {
		return err // it exists: git failed for another reason (local changes, a lock), which it says
	}
	if r.remoteBranchExists(ctx, branch) {
		return err
	}
	return r.notFoundRef(ctx, "branch", branch, err)
}

// DefaultBranch returns the name of remote's default branch ("main"), from
// refs/remotes/REMOTE/HEAD when the clone recorded it, else by asking the
// remote (git ls-remote --symref), which needs the network.
func (r *Repo) DefaultBranch(ctx context.Context, remote string) (string, error) {
	b, known, err := r.localDefaultBranch(ctx, remote)
	if err != nil || known {
		return b, err
	}
	out, err := r.output(ctx, nil, "ls-remote", "--symref", "--", remote, "HEAD")
	if err != nil {
		return "", err
	}
	if b, ok := ParseSymref(out); ok {
		return b, nil
	}
	return "", errcode.New(errcode.NotFound, "remote "+quote(remote)+" does not say which branch is its default (it may be empty)",
		"name the base branch yourself, or set it: git remote set-head "+remote+" BRANCH")
}

// LocalDefaultBranch is DefaultBranch without asking the remote: what the
// clone recorded in refs/remotes/REMOTE/HEAD, or "" when it recorded
// nothing. It never touches the network.
func (r *Repo) LocalDefaultBranch(ctx context.Context, remote string) (string, error) {
	b, _, err := r.localDefaultBranch(ctx, remote)
	return b, err
}

func (r *Repo) localDefaultBranch(ctx context.Context, remote string) (string, bool, error) {
	if err := r.requireRemote(ctx, remote); err != nil {
		return "", false, err
	}
	prefix := "refs/remotes/" + remote + "/"
	out, err := r.output(ctx, nil, "symbolic-ref", "--quiet", prefix+"HEAD")
	if err == nil {
		if ref := strings.TrimSpace(string(out)); strings.HasPrefix(ref, prefix) {
			return strings.TrimPrefix(ref, prefix), true, nil
		}
	} else if exitCode(err) < 0 {
		return "", false, err
	}
	return "", false, nil
}

// ParseSymref reads the output of git ls-remote --symref REMOTE HEAD and
// returns the branch HEAD points to.
func ParseSymref(out []byte) (string, bool) {
	for line := range strings.SplitSeq(string(out), "\n") {
		rest, ok := strings.CutPrefix(line, "ref: ")
		if !ok {
			continue
		}
		target, name, ok := strings.Cut(rest, "\t")
		if !ok || strings.TrimSpace(name) != "HEAD" {
			continue
		}
		if b, ok := strings.CutPrefix(target, "refs/heads/"); ok && b != "" {
			return b, true
		}
	}
	return "", false
}

// validateBranchName accepts exactly the names git check-ref-format --branch
// accepts unchanged (so "@{-1}" and other shorthands are refused).
func (r *Repo) validateBranchName(ctx context.Context, name string) error {
	if err := checkArg("branch name", name); err != nil {
		return err
	}
	out, err := r.output(ctx, nil, "check-ref-format", "--branch", name)
	if err == nil && strings.TrimSpace(string(out)) == name {
		return nil
	}
	if err != nil && exitCode(err) < 0 {
		return err
	}
	return errcode.Wrap(errcode.InvalidInput, err, quote(name)+" is not a valid branch name",
		"use letters, digits, '-', '_', '.' and '/'; no spaces, '..', '~', '^', ':', '?', '*', '[' or a trailing '.lock'")
}

// revParse resolves rev to a full SHA; NOT_FOUND when it names nothing.
func (r *Repo) revParse(ctx context.Context, rev string) (string, error) {
	if err := checkArg("revision", rev); err != nil {
		return "", err
	}
	out, err := r.output(ctx, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", rev)
	if err != nil {
		if exitCode(err) == 1 || exitCode(err) == 128 {
			return "", errcode.Wrap(errcode.NotFound, err, "no commit named "+quote(rev), "check the name: git branch -a")
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// resolveCommit turns a branch, tag or SHA into a commit SHA, or NOT_FOUND
// listing the branches there are.
func (r *Repo) resolveCommit(ctx context.Context, rev string) (string, error) {
	sha, err := r.revParse(ctx, rev+"^{commit}")
	if err != nil && errcode.HasCode(err, errcode.NotFound) {
		return "", r.notFoundRef(ctx, "branch or commit", rev, err)
	}
	return sha, err
}

func (r *Repo) notFoundRef(ctx context.Context, kind, name string, cause error) error {
	branches, err := r.refNames(ctx, "refs/heads", "refs/remotes")
	if err != nil {
		return err
	}
	have := "there are no branches yet"
	if len(branches) > 0 {
		have = "branches: " + strings.Join(branches, ", ")
	}
	return errcode.Wrap(errcode.NotFound, cause, "no "+kind+" named "+quote(name)+" ("+have+")",
		"use one of the existing branches, or fetch the remote first: git fetch REMOTE")
}

// refNames lists the short names of the refs under the given prefixes
// ("main", "origin/main"), leaving out refs/remotes/R/HEAD, which only
// points at another branch.
func (r *Repo) refNames(ctx context.Context, prefixes ...string) ([]string, error) {
	args := append([]string{"for-each-ref", "--format=%(refname)"}, prefixes...)
	out, err := r.output(ctx, nil, args...)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, full := range lines(out) {
		if short, ok := strings.CutPrefix(full, "refs/heads/"); ok {
			names = append(names, short)
		} else if short, ok := strings.CutPrefix(full, "refs/remotes/"); ok && !strings.HasSuffix(short, "/HEAD") {
			names = append(names, short)
		}
	}
	return names, nil
}

// Branches lists the local branches.
func (r *Repo) Branches(ctx context.Context) ([]string, error) {
	return r.refNames(ctx, "refs/heads")
}

func (r *Repo) remoteBranchExists(ctx context.Context, branch string) bool {
	names, err := r.refNames(ctx, "refs/remotes")
	if err != nil {
		return false
	}
	for _, n := range names {
		if _, b, ok := strings.Cut(n, "/"); ok && b == branch {
			return true
		}
	}
	return false
}

func lines(out []byte) []string {
	var res []string
	for l := range strings.SplitSeq(string(out), "\n") {
		if l = strings.TrimRight(l, "\r"); l != "" {
			res = append(res, l)
		}
	}
	return res
}

func shortSHA(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
