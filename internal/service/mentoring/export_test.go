package mentoring

import (
	"context"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

// Wire gives s what cmd/oss-dev gives it: the folders and the
// configuration of the process's environment (or of s.Env), and the git
// provider.
func Wire(s *Service) *Service {
	s.Dirs = config.ResolveDirs(s.Env)
	s.LoadConfig = func(dir string) (*config.Loaded, error) {
		return config.Load(config.LoadOptions{WorkDir: dir, Env: s.Env})
	}
	s.OpenRepo = func(dir string) (Repo, error) {
		r, err := git.New(dir)
		if err != nil {
			return nil, err
		}
		return r, nil
	}
	s.Clone = func(ctx context.Context, url, dir string, depth int) error {
		_, err := git.Clone(ctx, url, dir, git.CloneOptions{Depth: depth})
		return err
	}
	return s
}
