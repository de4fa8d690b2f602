// Package roadmap holds `oss-dev roadmap`: a personal contribution
// roadmap from the user's skills and history, with concrete picks.
package roadmap

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/discover"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
	roadmapsvc "github.com/oss-dev/oss-dev/internal/service/roadmap"
)

// Options holds what `roadmap` needs.
type Options struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	Service func() (*discovery.Service, error)
	Profile func() discovery.Profile
	WorkDir string
	// StateDir is oss-dev's state folder, where the workflow index is.
	StateDir string
	Now      func() time.Time

	// Offline builds the roadmap without GitHub (no picks, no activity).
	Offline bool
}

// NewCmdRoadmap builds `roadmap`.
func NewCmdRoadmap(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Output: f.Output, Service: discover.Sources(f), WorkDir: f.WorkDir, StateDir: f.Dirs.State, Now: time.Now,
		Profile: func() discovery.Profile { return discover.ProfileFrom(f) }}
	cmd := &cobra.Command{
		Use:   "roadmap",
		Short: "Show your contribution roadmap, with issues to take next",
		Long: `Show a personal contribution roadmap: four steps of growing difficulty
(documentation and tests, good first issues, help wanted, a first feature),
where you stand, and concrete issues for each step from discovery.

Skills come from profile.languages and profile.interests in the
configuration and, when logged in to GitHub, from the languages of your
repositories and of the repositories you sent pull requests to. History
comes from your workflows (completed, blocked, abandoned, in progress) in
every repository listed in the workflow index that 'mentor start' keeps in
the state folder, plus the current repository's, and from your merged pull
requests; history.scope says which were read.
Without a GitHub token only the current step gets picks.

--json prints {skills{login, languages[{name, sources}], interests},
history{scope, workflows, completed, blocked, abandoned, in_progress,
merged_prs, open_prs}, progress{contributions, level, next},
steps[{level, name, why, status, queries, picks[{repo, number, title, url,
score}], note}], fetch{via, requests, cached, notes}, notes}.`,
		Example: `  $ oss-dev roadmap
  $ oss-dev roadmap --offline
  $ oss-dev roadmap --json --jq '.steps[] | select(.status == "current") | .picks[].url'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Offline, "offline", false, "Build the roadmap without GitHub (no picks, no GitHub activity)")
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	deps := roadmapsvc.Deps{Profile: opts.Profile(), RepoRoot: config.FindRepoRoot(opts.WorkDir), StateDir: opts.StateDir, Now: opts.Now}
	if !opts.Offline {
		svc, err := opts.Service()
		switch {
		case err == nil:
			svc.Now = opts.Now
			deps.Discovery = svc
		case errcode.HasCode(err, errcode.ProviderNotFound):
			// Without a provider the roadmap still shows skills, history and steps.
		default:
			return err
		}
	}
	stop := discover.StartProgress(opts.IO, "Building your roadmap")
	rm, err := roadmapsvc.Build(ctx, deps)
	stop()
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, rm)
	}
	printRoadmap(opts.IO, rm, opts.Output.Debug)
	return nil
}

func printRoadmap(ios *iostreams.IOStreams, rm roadmapsvc.Roadmap, debug bool) {
	w, cs := ios.Out, ios.ColorScheme()
	fmt.Fprintln(w, cs.Bold("Skills"))
	if rm.Skills.Login != "" {
		fmt.Fprintf(w, "  GitHub: @%s\n", rm.Skills.Login)
	}
	if len(rm.Skills.Languages) == 0 {
		fmt.Fprintln(w, "  languages: none known")
	}
	for _, l := range rm.Skills.Languages {
		fmt.Fprintf(w, "  %s (%s)\n", l.Name, strings.Join(l.Sources, "; "))
	}
	if len(rm.Skills.Interests) > 0 {
		fmt.Fprintf(w, "  interests: %s\n", strings.Join(rm.Skills.Interests, ", "))
	}
	h := rm.History
	fmt.Fprintln(w)
	fmt.Fprintln(w, cs.Bold("Progress"))
	fmt.Fprintf(w, "  workflows in %s\n", h.Scope)
	fmt.Fprintf(w, "  %d completed, %d blocked, %d abandoned, %d in progress; %d pull requests merged, %d open\n",
		h.Completed, h.Blocked, h.Abandoned, h.InProgress, h.MergedPRs, h.OpenPRs)
	fmt.Fprintf(w, "  %d contributions: step %d of 4; %s\n", rm.Progress.Contributions, rm.Progress.Level, rm.Progress.Next)
	fmt.Fprintln(w)
	fmt.Fprintln(w, cs.Bold("Steps"))
	for _, st := range rm.Steps {
		mark := map[string]string{"done": cs.SuccessIcon(), "current": cs.Cyan(">"), "next": " "}[st.Status]
		fmt.Fprintf(w, "%s %d. %s (%s): %s\n", mark, st.Level, st.Name, st.Status, st.Why)
		for _, p := range st.Picks {
			fmt.Fprintf(w, "     %s#%d  %s  %s\n", p.Repo, p.Number, p.Title, cs.Gray(fmt.Sprintf("score %.1f", p.Score)))
			fmt.Fprintf(w, "       %s\n", p.URL)
		}
		if st.Note != "" {
			fmt.Fprintf(w, "     %s\n", cs.Gray(st.Note))
		}
		if debug {
			for _, q := range st.Queries {
				fmt.Fprintf(w, "     search: %s\n", q)
			}
		}
	}
	for _, n := range append(rm.Notes, rm.Fetch.Notes...) {
		fmt.Fprintf(w, "%s %s\n", cs.WarningIcon(), n)
	}
	if debug {
		fmt.Fprintf(w, "GitHub requests: %d (%s)\n", rm.Fetch.Requests, rm.Fetch.Via)
	}
}
