// Package docs holds the `docs` command group: START_HERE.md for a
// repository, and a local page made from the same facts.
package docs

import (
	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
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
	cmd.AddCommand(NewCmdServe(f, nil))
	return cmd
}

// services are what both commands take from the factory.
type services struct {
	// Docs builds the guides; it analyses (and clones) through the
	// analysis service.
	Docs func() *svc.Service
	// Setup builds the approval manager for --verify and the write.
	Setup func() *setup.Service
}

func servicesFrom(f *cmdutil.Factory) services {
	return services{Docs: f.Docs, Setup: f.Setup}
}

// service builds the docs service; progress goes to the spinner.
func (s services) service(progress func(string)) *svc.Service {
	d := s.Docs()
	d.Repos.Progress = progress
	return d
}
