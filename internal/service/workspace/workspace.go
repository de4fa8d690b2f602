// Package workspace owns oss-dev's cache folder: GitHub's answers (kept
// with their ETags) and the shallow clones of analysed repositories. It is
// the one place that says where a clone goes, so the command that clones
// and the command that clears agree.
package workspace

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

// Service reports on, places and clears what is kept under the folders.
type Service struct {
	dirs config.Dirs
}

// New returns the workspace over dirs, as the composition root resolved them.
func New(dirs config.Dirs) *Service { return &Service{dirs: dirs} }

func noCache() error {
	return errcode.New(errcode.ConfigNotFound, "no cache folder is known", "set HOME or XDG_CACHE_HOME")
}

// Usage describes each cache.
func (s *Service) Usage() ([]Part, error) {
	if s.dirs.Cache == "" {
		return nil, noCache()
	}
	api, err := transport.Usage(s.dirs.GitHubCache)
	if err != nil {
		return nil, errcode.Wrap(errcode.Unknown, err, "cannot read the GitHub cache", "check the permissions of "+s.dirs.GitHubCache)
	}
	repos, n, err := treeSize(s.dirs.Repos)
	if err != nil {
		return nil, errcode.Wrap(errcode.Unknown, err, "cannot read the cloned repositories", "check the permissions of "+s.dirs.Repos)
	}
	return []Part{
		{Name: "github", Path: s.dirs.GitHubCache, Entries: api.Entries, Bytes: api.Bytes},
		{Name: "repos", Path: s.dirs.Repos, Entries: n, Bytes: repos},
	}, nil
}

// Clear removes the GitHub answers, and the cloned repositories too when
// repos is set. It reports what was there before.
func (s *Service) Clear(repos bool) ([]Part, error) {
	before, err := s.Usage()
	if err != nil {
		return nil, err
	}
	if _, err := transport.Clear(s.dirs.GitHubCache); err != nil {
		return nil, errcode.Wrap(errcode.Unknown, err, "could not clear the GitHub cache", "check the permissions of "+s.dirs.GitHubCache)
	}
	if !repos {
		return before[:1], nil
	}
	if err := os.RemoveAll(s.dirs.Repos); err != nil {
		return nil, errcode.Wrap(errcode.Unknown, err, "could not remove the cloned repositories", "check the permissions of "+s.dirs.Repos)
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
