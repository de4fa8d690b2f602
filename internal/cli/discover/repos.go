package discover

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
)

// ReposOptions holds what `discover repos` needs.
type ReposOptions struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	Service func() (*discovery.Service, error)
	Profile func() discovery.Profile
	Now     func() time.Time

	Languages []string
	Topic     string
	MinStars  int
	GoodFirst bool
	Limit     int
}

// NewCmdRepos builds `discover repos`.
func NewCmdRepos(f *cmdutil.Factory, runF func(*ReposOptions) error) *cobra.Command {
	opts := &ReposOptions{IO: f.IO, Output: f.Output, Service: Sources(f), Now: time.Now,
		Profile: func() discovery.Profile { return ProfileFrom(f) }}
	cmd := &cobra.Command{
		Use:   "repos",
		Short: "Find healthy projects that fit your skills, ranked",
		Long: `Search GitHub for active repositories and rank them by 0.6 x health + 0.4 x
fit to your profile (profile.languages and profile.interests in the
configuration: 60 points for a language you know, 40 for a topic or word of
the description among your interests).

Health (0-100) weighs commits in the last 90 days, the last push, the median
time to a maintainer's first response, the share of newcomers' pull requests
merged, and the presence of CONTRIBUTING, CI workflows, a license and a code
of conduct; each is shown with its value and points. Without --lang, your
profile's languages are searched.

--json prints {queries, profile, results[{rank, repo, url, description,
language, topics, stars, good_first_issues, score, components, health, fit}],
fetch{via, requests, cached, notes}, notes}.`,
		Example: `  $ oss-dev discover repos --lang go --good-first
  $ oss-dev discover repos --topic cli --min-stars 500 --limit 10
  $ oss-dev discover repos --json --jq '.results[] | [.repo, .score]'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Limit < 1 || opts.Limit > 50 {
				return cmdutil.UsageErrorf("--limit must be between 1 and 50, not %d", opts.Limit)
			}
			if opts.MinStars < 0 {
				return cmdutil.UsageErrorf("--min-stars cannot be negative")
			}
			if len(opts.Languages) > 5 {
				return cmdutil.UsageErrorf("--lang can be given at most 5 times (one search each), not %d", len(opts.Languages))
			}
			if runF != nil {
				return runF(opts)
			}
			return reposRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Languages, "lang", nil, "Only repositories written in `LANGUAGE` (repeatable)")
	fl.StringVar(&opts.Topic, "topic", "", "Only repositories with this `topic`")
	fl.IntVar(&opts.MinStars, "min-stars", 0, "Only repositories with at least `N` stars")
	fl.BoolVar(&opts.GoodFirst, "good-first", false, "Only repositories with open good-first issues")
	fl.IntVarP(&opts.Limit, "limit", "L", 20, "Show at most `N` repositories")
	return cmd
}

func reposRun(ctx context.Context, opts *ReposOptions) error {
	svc, err := opts.Service()
	if err != nil {
		return err
	}
	if opts.Now != nil {
		svc.Now = opts.Now
	}
	stop := StartProgress(opts.IO, "Searching GitHub for repositories")
	rep, err := svc.DiscoverRepos(ctx, discovery.RepoFilter{Languages: opts.Languages, Topic: opts.Topic, MinStars: opts.MinStars,
		GoodFirst: opts.GoodFirst, Limit: opts.Limit}, opts.Profile())
	stop()
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, rep)
	}
	w, cs := opts.IO.Out, opts.IO.ColorScheme()
	if len(rep.Results) == 0 {
		fmt.Fprintln(w, "No repository matches.")
	}
	for _, r := range rep.Results {
		fmt.Fprintf(w, "%d. %s  %s  %s\n", r.Rank, cs.Bold(r.Repo), cs.Gray(fmt.Sprintf("%s · %d stars · %d good first issues", orDash(r.Language), r.Stars, r.GoodFirstIssues)),
			cs.Cyan(fmt.Sprintf("score %.1f", r.Score)))
		if r.Description != "" {
			fmt.Fprintf(w, "   %s\n", r.Description)
		}
		fmt.Fprintf(w, "   %s\n", r.URL)
		fmt.Fprintf(w, "   why: %s\n", componentsText(r.Components))
		fmt.Fprintf(w, "     fit: %s\n", r.Fit.Detail)
		fmt.Fprintf(w, "     health: %s\n", healthText(r.Health))
	}
	for _, n := range append(rep.Notes, rep.Fetch.Notes...) {
		fmt.Fprintf(w, "%s %s\n", cs.WarningIcon(), n)
	}
	if opts.Output.Debug {
		printDebug(w, rep.Queries, rep.Fetch.Via, rep.Fetch.Requests, rep.Fetch.Cached)
	}
	return nil
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
