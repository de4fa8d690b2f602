package main

import (
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	intelexplain "github.com/oss-dev/oss-dev/internal/intelligence/explain"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/service/explain"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/rules"
	"github.com/oss-dev/oss-dev/internal/service/setup"
	"github.com/oss-dev/oss-dev/internal/service/workspace"
)

// wireServices gives the factory the services, each built when a command
// asks for it from the providers, the configuration and the folders.
func wireServices(f *cmdutil.Factory) {
	f.Workspace = func() *workspace.Service { return workspace.New(f.Dirs) }
	f.Analysis = func() *analysis.RepoService {
		return &analysis.RepoService{ReposDir: f.Dirs.Repos, OpenRepo: openGit[analysis.Repo]}
	}
	f.Explain = func() *explain.Service {
		return &explain.Service{OpenRepo: openGit[intelexplain.Repo]}
	}
	f.Mentoring = func() *mentoring.Service {
		return &mentoring.Service{WorkDir: f.WorkDir, Dirs: f.Dirs, OpenRepo: openGit[mentoring.Repo],
			LoadConfig: f.LoadConfig, GitHub: f.GitHub, LLM: f.LLM, Now: time.Now}
	}
	f.Setup = func() *setup.Service {
		return &setup.Service{LoadConfig: f.LoadConfig, StateDir: f.Dirs.State}
	}
	f.Rules = func() *rules.Service {
		// The rules commands write config files and read them again.
		return &rules.Service{WorkDir: f.WorkDir, LoadConfig: f.ReadConfig, OpenRepo: openGit[approvals.Repo], StateDir: f.Dirs.State}
	}
}

// openGit opens the git working tree that contains dir with the git
// provider, as the consumer's interface R. Every consumer's interface is a
// subset of *git.Repo's methods, which the compiler checks in
// git_interfaces.go.
func openGit[R any](dir string) (R, error) {
	var zero R
	r, err := git.New(dir)
	if err != nil {
		return zero, err
	}
	return any(r).(R), nil
}
