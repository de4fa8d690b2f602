package repo

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

// Git is what the analysis needs from git: the tracked files and the recent
// history. ExecGit runs the git binary; the git provider satisfies it too.
type Git interface {
	// LsFiles lists the files git tracks under dir, relative to dir, with
	// slashes; it fails when dir is not inside a git work tree.
	LsFiles(ctx context.Context, dir string) ([]string, error)
	// Log returns up to n commits reachable from HEAD, newest first.
	Log(ctx context.Context, dir string, n int) ([]model.Commit, error)
}

// ExecGit runs the user's git binary.
type ExecGit struct{}

// LsFiles runs `git ls-files -z`, which lists exactly the tracked files, so
// whatever .gitignore skips is skipped.
func (ExecGit) LsFiles(ctx context.Context, dir string) ([]string, error) {
	out, err := runGit(ctx, dir, "ls-files", "-z", "--cached")
	if err != nil {
		return nil, err
	}
	return splitNUL(out), nil
}

// Log reads subjects and bodies of the last n commits.
func (ExecGit) Log(ctx context.Context, dir string, n int) ([]model.Commit, error) {
	out, err := runGit(ctx, dir, "log", "-n", strconv.Itoa(n), "--no-color", "--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f%b%x1e")
	if err != nil {
		return nil, err
	}
	var cs []model.Commit
	for _, rec := range bytes.Split(out, []byte{0x1e}) {
		rec = bytes.TrimLeft(rec, "\n")
		f := strings.SplitN(string(rec), "\x1f", 6)
		if len(f) < 6 {
			continue
		}
		t, _ := time.Parse(time.RFC3339, f[3])
		cs = append(cs, model.Commit{SHA: f[0], Author: f[1], AuthorEmail: f[2], Date: t, Subject: f[4], Body: strings.TrimSpace(f[5])})
	}
	return cs, nil
}

func runGit(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = git.Env()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, errcode.Wrap(errcode.GitNotFound, err, "git is not installed or not on PATH", "install git")
		}
		return nil, errcode.Wrap(errcode.GitFailed, err, "git "+args[0]+" failed: "+strings.TrimSpace(stderr.String()), "")
	}
	return out, nil
}

func splitNUL(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, 0)
		if i < 0 {
			out = append(out, string(b))
			break
		}
		if i > 0 {
			out = append(out, string(b[:i]))
		}
		b = b[i+1:]
	}
	return out
}

// walkFiles lists every regular file under root outside .git folders, for
// a tree that is not a git work tree.
func walkFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" && p != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	return out, err
}

// isGitWorkTree reports whether dir is inside a git work tree.
func isGitWorkTree(dir string) bool {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return false
		}
		d = parent
	}
}
