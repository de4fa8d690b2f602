package git

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// Diff returns the unified diff of what head changed since it forked from
// base (the merge base, as a pull request shows it), so commits that landed
// on base meanwhile do not appear. An empty base means HEAD; an empty head
// means the working tree (tracked files, staged or not; untracked files are
// not in a diff until added). External diff drivers, textconv and colour
// are off.
func (r *Repo) Diff(ctx context.Context, base, head string) (string, error) {
	if base == "" {
		base = "HEAD"
	}
	tip := head
	if tip == "" {
		tip = "HEAD"
	}
	from, err := r.mergeBase(ctx, base, tip)
	if err != nil {
		return "", err
	}
	args := []string{"diff", "--no-color", "--no-ext-diff", "--no-textconv", from}
	if head != "" {
		to, err := r.resolveCommit(ctx, head)
		if err != nil {
			return "", err
		}
		args = append(args, to)
	}
	out, err := r.inspect(ctx, append(args, "--")...)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// ChangedFiles lists the files the commits on the current branch changed
// since it forked from base (uncommitted work is not included; see Status).
func (r *Repo) ChangedFiles(ctx context.Context, base string) ([]model.ChangedFile, error) {
	from, err := r.mergeBase(ctx, base, "HEAD")
	if err != nil {
		return nil, err
	}
	out, err := r.output(ctx, nil, "diff", "--name-status", "-z", "-M", "--no-color", from, "HEAD", "--")
	if err != nil {
		return nil, err
	}
	return ParseNameStatus(out)
}

// HasChanges reports whether the current branch has commits that change
// files relative to base.
func (r *Repo) HasChanges(ctx context.Context, base string) (bool, error) {
	files, err := r.ChangedFiles(ctx, base)
	return len(files) > 0, err
}

// mergeBase returns the best common ancestor of a and b, or a itself when
// the two share no history.
func (r *Repo) mergeBase(ctx context.Context, a, b string) (string, error) {
	sa, err := r.resolveCommit(ctx, a)
	if err != nil {
		return "", err
	}
	sb, err := r.resolveCommit(ctx, b)
	if err != nil {
		return "", err
	}
	out, err := r.output(ctx, nil, "merge-base", sa, sb)
	if err != nil {
		if exitCode(err) == 1 {
			return sa, nil
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// ParseNameStatus parses git diff --name-status -z output.
func ParseNameStatus(data []byte) ([]model.ChangedFile, error) {
	files := []model.ChangedFile{}
	tok := bytes.Split(data, []byte{0})
	if n := len(tok); n > 0 && len(tok[n-1]) == 0 {
		tok = tok[:n-1]
	}
	for i := 0; i < len(tok); i++ {
		st := string(tok[i])
		if st == "" || strings.IndexByte("AMDRCTUX", st[0]) < 0 {
			return nil, badNameStatus("an unknown status "+strconv.Quote(clip(st)), i)
		}
		letter := st[:1]
		paths := 1
		if letter == "R" || letter == "C" {
			paths = 2
		}
		if i+paths >= len(tok) {
			return nil, badNameStatus("a status without its path", i)
		}
		f := model.ChangedFile{Status: letter, Path: string(tok[i+paths])}
		if paths == 2 {
			f.OrigPath = string(tok[i+1])
		}
		if f.Path == "" || (paths == 2 && f.OrigPath == "") {
			return nil, badNameStatus("an empty path", i)
		}
		files = append(files, f)
		i += paths
	}
	return files, nil
}

func badNameStatus(what string, i int) error {
	return errcode.New(errcode.ProviderBadResponse,
		"git diff printed "+what+" (field "+strconv.Itoa(i+1)+")",
		"check that git works (git diff --name-status) and report this with your git version")
}
