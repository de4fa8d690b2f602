// Package rules is the use case behind `oss-dev config rules`: the approval
// rules in force with where they come from, adding and removing them in the
// user's or the project's config file, and checking what the approval
// manager would decide for a command without running it.
package rules

import (
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
)

// Service reads and edits the approval rules seen from one folder.
type Service struct {
	// WorkDir is where the command runs; its repository's project config counts.
	WorkDir string
	// Env is the environment the file paths and the home folder come from; nil means the process's.
	Env []string
	// LoadConfig returns the configuration in force in dir.
	LoadConfig func(dir string) (*config.Loaded, error)
	// OpenRepo opens the git working tree that contains dir.
	OpenRepo func(dir string) (approvals.Repo, error)
	// StateDir is oss-dev's state folder, where "always" answers are pinned.
	StateDir string
}

// load reads every layer as seen from dir (the service's folder when empty).
func (s *Service) load(dir string) (*config.Loaded, error) {
	if dir == "" {
		dir = s.WorkDir
	}
	return s.LoadConfig(dir)
}

// target is the file a write goes to: the user's, or the project's.
func (s *Service) target(layer config.Layer) (string, error) {
	p := config.ResolvePaths(s.WorkDir, s.Env)
	switch layer {
	case config.LayerUser:
		if p.User == "" {
			return "", errcode.New(errcode.ConfigWrite, "there is no user config file: no home folder is known",
				"set HOME (or XDG_CONFIG_HOME), or write the project's file with --project")
		}
		return p.User, nil
	case config.LayerProject, "":
		if p.ProjectRoot == "" {
			return "", errcode.New(errcode.ConfigNotFound,
				"there is no project config here: this folder is not inside a git repository",
				"run the command inside the repository, or write your own file with --user")
		}
		return p.Project, nil
	}
	return "", errcode.Newf(errcode.InvalidInput, "use --user or --project", "rules are written to the user or the project file, not to %q", layer)
}

// home is HOME of the service's environment, "" when it names none (then
// the process's home folder counts).
func (s *Service) home() string {
	for _, kv := range s.Env {
		if v, ok := strings.CutPrefix(kv, "HOME="); ok {
			return v
		}
	}
	return ""
}
