package main

import (
	"context"
	"sync"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/plugin/builtin"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

// builtinPlugins are the plugins compiled in: the commit-convention, dco
// and changelog checks, whose changes are asked for at the terminal.
func builtinPlugins(f *cmdutil.Factory) []plugin.Plugin {
	return builtin.Plugins(builtin.Deps{
		Facts:    onceEach(builtinFacts),
		Approver: func(dir string) plugin.Approver { return pluginApprover(f, dir) },
		SignOff: func(ctx context.Context, dir, base string) error {
			r, err := git.New(dir)
			if err != nil {
				return err
			}
			return r.RebaseSignOff(ctx, base)
		},
		Version: f.AppVersion,
	})
}

// maxBranchCommits bounds the commits the checks read.
const maxBranchCommits = 200

// builtinFacts reads what the built-in checks need of the repository at
// dir: its convention and DCO rule from the repository analysis, and the
// branch's commits and changed files against its base.
func builtinFacts(ctx context.Context, dir string) (builtin.Facts, error) {
	r, err := git.New(dir)
	if err != nil {
		return builtin.Facts{}, err
	}
	var f builtin.Facts
	if f.Base, err = branchBase(ctx, r); err != nil {
		return f, err
	}
	if f.Commits, err = r.LogSince(ctx, f.Base, maxBranchCommits); err != nil {
		return f, err
	}
	changed, err := r.ChangedFiles(ctx, f.Base)
	if err != nil {
		return f, err
	}
	for _, c := range changed {
		if c.Status != "D" {
			f.Changed = append(f.Changed, c.Path)
		}
	}
	rep, err := repo.Analyze(ctx, repo.Options{Root: r.Root()})
	if err != nil {
		return f, err
	}
	if c := rep.Contribution.CommitConvention; (c.Style == repo.ConventionConventional || c.Style == repo.ConventionArea) && c.Share >= 0.5 {
		f.Convention = c.Style
	}
	f.DCO = rep.Contribution.DCO.Required
	return f, nil
}

// branchBase is the default branch of the upstream remote, else of origin,
// as the clone last saw it: what the branch will be merged into.
func branchBase(ctx context.Context, r *git.Repo) (string, error) {
	for _, remote := range []string{"upstream", "origin"} {
		if b, err := r.LocalDefaultBranch(ctx, remote); err == nil && b != "" {
			return remote + "/" + b, nil
		}
	}
	return "", errcode.New(errcode.GitFailed, "the branch's base is unknown: neither an upstream nor an origin remote has a default branch here",
		"fetch the repository's remote (git fetch origin), then run it again")
}

// onceEach gathers the facts of each repository once per process: the
// three checks run one after the other at the same point of the workflow,
// and the repository analysis reads the whole tree.
func onceEach(facts func(context.Context, string) (builtin.Facts, error)) func(context.Context, string) (builtin.Facts, error) {
	type result struct {
		f   builtin.Facts
		err error
	}
	var mu sync.Mutex
	seen := map[string]result{}
	return func(ctx context.Context, dir string) (builtin.Facts, error) {
		mu.Lock()
		defer mu.Unlock()
		if r, ok := seen[dir]; ok {
			return r.f, r.err
		}
		f, err := facts(ctx, dir)
		seen[dir] = result{f, err}
		return f, err
	}
}
