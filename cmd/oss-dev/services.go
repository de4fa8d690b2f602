package main

import (
	"context"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	intelexplain "github.com/oss-dev/oss-dev/internal/intelligence/explain"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/service/docs"
	"github.com/oss-dev/oss-dev/internal/service/explain"
	"github.com/oss-dev/oss-dev/internal/service/issues"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/rules"
	"github.com/oss-dev/oss-dev/internal/service/setup"
	"github.com/oss-dev/oss-dev/internal/service/workspace"
)

// wireServices gives the factory the services, each built when a command
// asks for it from the providers, the configuration and the folders.
func wireServices(f *cmdutil.Factory, gh func() (*github.Client, error)) {
	f.Workspace = func() *workspace.Service { return workspace.New(f.Dirs) }
	f.Analysis = func() *analysis.RepoService {
		return &analysis.RepoService{ReposDir: f.Dirs.Repos, OpenRepo: openGit(func(r *git.Repo) analysis.Repo { return r }),
			Clone: cacheClone, OpenClone: openCacheClone}
	}
	f.Explain = func() *explain.Service {
		return &explain.Service{OpenRepo: openGit(func(r *git.Repo) intelexplain.Repo { return r }), LLM: f.LLM}
	}
	f.Mentoring = func() *mentoring.Service {
		return &mentoring.Service{WorkDir: f.WorkDir, Dirs: f.Dirs, OpenRepo: openGit(func(r *git.Repo) mentoring.Repo { return r }), Clone: gitClone,
			LoadConfig: f.LoadConfig, GitHub: gitHubAs(gh, func(c *github.Client) mentoring.GitHub { return c }), LLM: f.LLM, Now: time.Now}
	}
	f.Issues = func() *issues.Service {
		return issues.New(gitHubAs(gh, func(c *github.Client) issues.GitHub { return c }))
	}
	f.Discovery = discoveryService(f, gh)
	f.Docs = func() *docs.Service {
		return &docs.Service{Repos: f.Analysis(), GitHub: gitHubAs(gh, func(c *github.Client) docs.IssueSource { return c }), LLM: f.LLM, Remotes: gitRemotes}
	}
	f.Setup = func() *setup.Service {
		return &setup.Service{LoadConfig: f.LoadConfig, StateDir: f.Dirs.State}
	}
	f.Rules = func() *rules.Service {
		// The rules commands write config files and read them again.
		return &rules.Service{WorkDir: f.WorkDir, LoadConfig: f.ReadConfig, OpenRepo: openGit(func(r *git.Repo) approvals.Repo { return r }), StateDir: f.Dirs.State}
	}
}

// openGit returns an opener of the git working tree that contains a
// folder, handing the git provider out as the consumer's interface R
// (as converts it, so the compiler checks that the provider has every
// method the consumer declares). A failure is a nil R, never a nil
// *git.Repo inside one.
func openGit[R any](as func(*git.Repo) R) func(dir string) (R, error) {
	return func(dir string) (R, error) {
		r, err := git.New(dir)
		if err != nil {
			var zero R
			return zero, err
		}
		return as(r), nil
	}
}

// gitRemotes lists the remotes of the working tree that contains dir.
func gitRemotes(ctx context.Context, dir string) ([]model.Remote, error) {
	r, err := git.New(dir)
	if err != nil {
		return nil, err
	}
	return r.Remotes(ctx)
}

// cacheClone clones someone's repository into the analysis cache: as
// gitClone, but nothing the repository names runs (git.Foreign).
func cacheClone(ctx context.Context, url, dir string, depth int) error {
	_, err := git.Clone(ctx, url, dir, git.CloneOptions{Depth: depth}, git.Foreign())
	return err
}

// openCacheClone opens a clone of the analysis cache as git.Foreign.
func openCacheClone(dir string) (analysis.CachedClone, error) {
	r, err := git.New(dir, git.Foreign())
	if err != nil {
		return nil, err
	}
	return r, nil
}

// gitClone clones url into dir with the git provider, shallow to depth
// commits when depth > 0.
func gitClone(ctx context.Context, url, dir string, depth int) error {
	_, err := git.Clone(ctx, url, dir, git.CloneOptions{Depth: depth})
	return err
}
