// Package discover holds `oss-dev discover`: open issues a newcomer can
// really take, and healthy projects to join, each ranked with its reasons.
package discover

import (
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
)

// NewCmdDiscover builds the `discover` group.
func NewCmdDiscover(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "discover <command>",
		Short: "Find issues and projects that suit you",
		Long: `Find open issues a newcomer can really take (unassigned, unclaimed, without an
open pull request, in active repositories), and healthy projects that fit
your languages and interests. Every result shows why it ranks where it does.`,
		Example: `  $ oss-dev discover issues --good-first --lang go
  $ oss-dev discover repos --lang rust --min-stars 100 --good-first`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(NewCmdIssues(f, nil), NewCmdRepos(f, nil))
	return cmd
}

// Sources returns the discovery service from the factory, for this
// package and for `roadmap`.
func Sources(f *cmdutil.Factory) func() (*discovery.Service, error) {
	return func() (*discovery.Service, error) {
		if f.Discovery == nil {
			return nil, errcode.New(errcode.ProviderNotFound, "no GitHub provider is configured in this build",
				"report this with the output of 'oss-dev --version'")
		}
		return f.Discovery()
	}
}

// claimDaysFrom reads discovery.claim_days; zero when the configuration
// cannot be read (the service then uses its default).
func claimDaysFrom(f *cmdutil.Factory) int {
	if f.Config == nil {
		return 0
	}
	if cfg, err := f.Config(); err == nil && cfg != nil {
		return cfg.Discovery.ClaimDays
	}
	return 0
}

// ProfileFrom reads profile.languages and profile.interests.
func ProfileFrom(f *cmdutil.Factory) discovery.Profile {
	p := discovery.Profile{Languages: []string{}, Interests: []string{}}
	if f.Config == nil {
		return p
	}
	if cfg, err := f.Config(); err == nil && cfg != nil {
		p.Languages = append(p.Languages, cfg.Profile.Languages...)
		p.Interests = append(p.Interests, cfg.Profile.Interests...)
	}
	return p
}

// progressDelay is how long work runs before a progress indicator shows.
const progressDelay = time.Second

// StartProgress shows label on a terminal once work has run for a second;
// the returned func stops it. Piped output never sees it.
func StartProgress(ios *iostreams.IOStreams, label string) (stop func()) {
	var (
		mu      sync.Mutex
		stopped bool
	)
	t := time.AfterFunc(progressDelay, func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			ios.StartProgress(label)
		}
	})
	return func() {
		mu.Lock()
		stopped = true
		mu.Unlock()
		t.Stop()
		ios.StopProgress()
	}
}
