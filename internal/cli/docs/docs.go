// Package docs holds the `docs` command group: START_HERE.md for a
// repository, and a local page made from the same facts.
package docs

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	svc "github.com/oss-dev/oss-dev/internal/service/docs"
	"github.com/oss-dev/oss-dev/internal/service/setup"
)

// NewCmdDocs builds the `docs` group.
func NewCmdDocs(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "docs <command>",
		Short: "Write a repository's START_HERE.md, or serve it as a local page",
		Long: `Write START_HERE.md for a repository from what its own files say (languages,
layout, toolchains, the commands to set up, build and test with the file and
line each comes from, contribution rules, where to start reading), or serve
the same facts as a page on this machine.`,
		Example: `  $ oss-dev docs generate --stdout
  $ oss-dev docs generate --verify
  $ oss-dev docs serve --open`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(NewCmdGenerate(f, nil))
	return cmd
}

// services are what both commands take from the factory.
type services struct {
	// Analysis clones remote targets into the workspace and analyses them.
	Analysis func() *analysis.RepoService
	// Setup builds the approval manager for --verify and the write.
	Setup  func() *setup.Service
	GitHub func() (contract.GitHub, error)
	LLM    func() (contract.LLM, error)
	Git    func(dir string) (contract.Git, error)
}

func servicesFrom(f *cmdutil.Factory) services {
	return services{Analysis: f.Analysis, Setup: f.Setup, GitHub: f.GitHub, LLM: f.LLM, Git: f.Git}
}

// service builds the docs service over s; progress goes to the spinner.
func (s services) service(progress func(string)) *svc.Service {
	d := &svc.Service{LLM: s.LLM}
	d.Repos = s.Analysis()
	d.Repos.Progress = progress
	if s.GitHub != nil {
		d.GitHub = func() (svc.IssueSource, error) { return s.GitHub() }
	}
	if s.Git != nil {
		d.Remotes = func(ctx context.Context, dir string) ([]model.Remote, error) {
			g, err := s.Git(dir)
			if err != nil {
				return nil, err
			}
			return g.Remotes(ctx)
		}
	}
	return d
}
