// Package cache reports on and clears OSS-Dev's caches: GitHub's answers
// (kept with their ETags) and the shallow clones of analysed repositories.
package cache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/transport"
)

// Part is one cache with its size.
type Part struct {
	Name    string `json:"name"`
	Path    string `json:"path"`
	Entries int    `json:"entries"`
	Bytes   int64  `json:"bytes"`
}

// Dir returns the cache folder, or an error when no home folder is known.
func Dir() (string, error) {
	d := config.CacheDir()
	if d == "" {
		return "", errcode.New(errcode.ConfigNotFound, "no cache folder is known", "set HOME or XDG_CACHE_HOME")
	}
	return d, nil
}

// Usage describes each cache under dir.
func Usage(dir string) ([]Part, error) {
	api, err := transport.Usage(filepath.Join(dir, "github"))
	if err != nil {
		return nil, errcode.Wrap(errcode.Unknown, err, "cannot read the GitHub cache", "check the permissions of "+dir)
	}
	repos, n, err := treeSize(filepath.Join(dir, "repos"))
	if err != nil {
		return nil, errcode.Wrap(errcode.Unknown, err, "cannot read the cloned repositories", "check the permissions of "+dir)
	}
	return []Part{
		{Name: "github", Path: filepath.Join(dir, "github"), Entries: api.Entries, Bytes: api.Bytes},
		{Name: "repos", Path: filepath.Join(dir, "repos"), Entries: n, Bytes: repos},
	}, nil
}

// Clear removes the GitHub answers, and the cloned repositories too when
// repos is set. It reports what was there before.
func Clear(dir string, repos bool) ([]Part, error) {
	before, err := Usage(dir)
	if err != nil {
		return nil, err
	}
	if _, err := transport.Clear(filepath.Join(dir, "github")); err != nil {
		return nil, errcode.Wrap(errcode.Unknown, err, "could not clear the GitHub cache", "check the permissions of "+dir)
	}
	if !repos {
		return before[:1], nil
	}
	if err := os.RemoveAll(filepath.Join(dir, "repos")); err != nil {
		return nil, errcode.Wrap(errcode.Unknown, err, "could not remove the cloned repositories", "check the permissions of "+dir)
	}
	return before, nil
}

// treeSize counts the top-level entries (one per clone host) and the bytes below dir.
func treeSize(dir string) (int64, int, error) {
	var size int64
	count := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if filepath.Dir(filepath.Dir(filepath.Dir(p))) == dir && d.IsDir() {
			count++ // HOST/OWNER/REPO
		}
		if !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				size += fi.Size()
			}
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return 0, 0, nil
	}
	return size, count, err
}
