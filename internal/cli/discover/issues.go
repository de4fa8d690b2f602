package discover

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
)

// IssuesOptions holds what `discover issues` needs.
type IssuesOptions struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	Service func() (*discovery.Service, error)
	Now     func() time.Time

	GoodFirst     bool
	HelpWanted    bool
	Languages     []string
	Labels        []string
	Topic         string
	Org           string
	UpdatedWithin string
	InactiveDays  int
	Limit         int
	// IncludeClaimed shows claimed and taken issues after the free ones;
	// ClaimDays is discovery.claim_days.
	IncludeClaimed bool
	ClaimDays      int
}

// NewCmdIssues builds `discover issues`.
func NewCmdIssues(f *cmdutil.Factory, runF func(*IssuesOptions) error) *cobra.Command {
	opts := &IssuesOptions{IO: f.IO, Output: f.Output, Service: Sources(f), Now: time.Now}
	cmd := &cobra.Command{
		Use:   "issues",
		Short: "Find open issues a newcomer can take, ranked",
		Long: `Search GitHub for open issues and rank the ones a newcomer can really take.

Left out: issues that are assigned, have an open linked pull request or a
live claim, are locked, or sit in an archived repository, one with its
issues turned off, or one without a push for --inactive-days. A claim is a
comment that asks for the issue, says the work is under way or runs a bot
command such as /assign or take; it lapses when its author shows no
activity for discovery.claim_days (default 14) and no linked pull request
backs it, and ends when they withdraw or are unassigned. Issues whose claim
lapsed rank after the free ones. --include-claimed also lists the claimed,
assigned and pull-request-taken issues, last, each with who has it.

Ranked by 0.5 x newcomer suitability (the issue classifier) + 0.3 x the
repository's health + 0.2 x freshness (100 when updated in the last week,
0 at 180 days). Each result shows these parts; --debug also lists what was
left out and why, the searches sent and the number of GitHub requests.

With a GitHub token one search request brings issues, comments, linked pull
requests and repository signals for 50 issues at a time; without a token a
REST search is used, with a few requests per repository and per issue, and
maintainer response times are not measured. Answers are cached for
github.cache_ttl, so a repeated search makes no request.

--json prints {queries, results[{rank, repo, number, title, url, labels,
type, updated_at, comments, score, components[{name, value, weight, points,
detail}], suitability, health, claim{taken, status, by, since, url, phrase,
source}, checked}], candidates, rules,
excluded_by_rule, excluded[{repo, number, title, url, rule, reason}],
fetch{via, requests, cached, notes}}.`,
		Example: `  $ oss-dev discover issues --good-first --lang go
  $ oss-dev discover issues --help-wanted --lang rust --lang go --updated-within 30d --limit 10
  $ oss-dev discover issues --label documentation --org kubernetes --debug
  $ oss-dev discover issues --good-first --json --jq '.results[].url'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Limit < 1 || opts.Limit > 100 {
				return cmdutil.UsageErrorf("--limit must be between 1 and 100, not %d", opts.Limit)
			}
			if opts.InactiveDays < 1 {
				return cmdutil.UsageErrorf("--inactive-days must be at least 1, not %d", opts.InactiveDays)
			}
			if opts.UpdatedWithin != "" {
				if _, err := discovery.ParseWithin(opts.UpdatedWithin); err != nil {
					return cmdutil.UsageErrorf("--updated-within %q: write a number and a unit, such as 30d, 2w or 12h", opts.UpdatedWithin)
				}
			}
			if len(opts.Languages) > 5 {
				return cmdutil.UsageErrorf("--lang can be given at most 5 times (one search each), not %d", len(opts.Languages))
			}
			opts.ClaimDays = claimDaysFrom(f)
			if runF != nil {
				return runF(opts)
			}
			return issuesRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.GoodFirst, "good-first", false, `Only issues labelled "good first issue"`)
	fl.BoolVar(&opts.HelpWanted, "help-wanted", false, `Only issues labelled "help wanted"`)
	fl.StringArrayVar(&opts.Languages, "lang", nil, "Only repositories written in `LANGUAGE` (repeatable: one search each)")
	fl.StringArrayVarP(&opts.Labels, "label", "l", nil, "Only issues with this `label` (repeatable)")
	fl.StringVar(&opts.Topic, "topic", "", "Only repositories with this `topic`")
	fl.StringVar(&opts.Org, "org", "", "Only repositories of this `owner`")
	fl.StringVar(&opts.UpdatedWithin, "updated-within", "", "Only issues updated within this `duration` (30d, 2w, 12h)")
	fl.IntVar(&opts.InactiveDays, "inactive-days", discovery.DefaultInactiveDays, "Leave out repositories without a push for this many `days`")
	fl.IntVarP(&opts.Limit, "limit", "L", 20, "Show at most `N` issues")
	fl.BoolVar(&opts.IncludeClaimed, "include-claimed", false, "Also list issues someone has claimed, is assigned or has an open pull request for (after the free ones)")
	return cmd
}

func (o *IssuesOptions) filter() discovery.IssueFilter {
	within, _ := discovery.ParseWithin(o.UpdatedWithin)
	if o.UpdatedWithin == "" {
		within = 0
	}
	return discovery.IssueFilter{GoodFirst: o.GoodFirst, HelpWanted: o.HelpWanted, Languages: o.Languages, Labels: o.Labels,
		Topic: o.Topic, Org: o.Org, UpdatedWithin: within, InactiveDays: o.InactiveDays, Limit: o.Limit,
		ClaimDays: o.ClaimDays, IncludeClaimed: o.IncludeClaimed}
}

func issuesRun(ctx context.Context, opts *IssuesOptions) error {
	svc, err := opts.Service()
	if err != nil {
		return err
	}
	if opts.Now != nil {
		svc.Now = opts.Now
	}
	stop := StartProgress(opts.IO, "Searching GitHub for issues")
	rep, err := svc.DiscoverIssues(ctx, opts.filter())
	stop()
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, rep)
	}
	return printIssues(opts.IO, rep, opts.Output.Debug, opts.Now())
}

func printIssues(ios *iostreams.IOStreams, rep discovery.IssueReport, debug bool, now time.Time) error {
	w, cs := ios.Out, ios.ColorScheme()
	if len(rep.Results) == 0 {
		fmt.Fprintf(w, "No issue a newcomer can take matches (%d found, all left out).\n", rep.Candidates)
	}
	for _, r := range rep.Results {
		fmt.Fprintf(w, "%d. %s  %s  %s\n", r.Rank, cs.Bold(fmt.Sprintf("%s#%d", r.Repo, r.Number)), r.Title, cs.Cyan(fmt.Sprintf("score %.1f", r.Score)))
		fmt.Fprintf(w, "   %s\n", r.URL)
		meta := []string{"type " + r.Type, "updated " + daysAgo(now, r.UpdatedAt), fmt.Sprintf("%d comments", r.Comments)}
		if len(r.Labels) > 0 {
			meta = append([]string{"labels " + strings.Join(r.Labels, ", ")}, meta...)
		}
		fmt.Fprintf(w, "   %s\n", cs.Gray(strings.Join(meta, " · ")))
		fmt.Fprintf(w, "   %s\n", claimText(r.Claim, r.Checked))
		fmt.Fprintf(w, "   why: %s\n", componentsText(r.Components))
		fmt.Fprintf(w, "     suitability: %s\n", reasonsText(r.Suitability))
		fmt.Fprintf(w, "     health: %s\n", healthText(r.Health))
		if !r.Checked {
			fmt.Fprintf(w, "     %s claims and linked pull requests were not checked for this issue\n", cs.WarningIcon())
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Rules applied: %s.\n", strings.Join(rep.Rules, ", "))
	fmt.Fprintf(w, "Left out %d of %d issues found%s.\n", len(rep.Excluded), rep.Candidates, countsText(rep.ExcludedByRule))
	for _, n := range rep.Fetch.Notes {
		fmt.Fprintf(w, "%s %s\n", cs.WarningIcon(), n)
	}
	if !debug {
		if len(rep.Excluded) > 0 {
			fmt.Fprintln(w, cs.Gray("Run with --debug to see what was left out and why."))
		}
		return nil
	}
	printDebug(w, rep.Queries, rep.Fetch.Via, rep.Fetch.Requests, rep.Fetch.Cached)
	for _, e := range rep.Excluded {
		fmt.Fprintf(w, "  left out %s#%d (%s): %s — %s\n", e.Repo, e.Number, e.Rule, e.Title, e.Reason)
	}
	return nil
}

// claimText says who, if anyone, already has the issue.
func claimText(c discovery.Claim, checked bool) string {
	if !checked {
		return "free as far as the search tells (comments not read)"
	}
	who := ""
	if c.By != "" {
		who = " by @" + clean(c.By)
	}
	if c.Since != nil {
		who += " on " + c.Since.Format("2006-01-02")
	}
	switch c.Status {
	case "claimed":
		how := "in a comment"
		if c.Source == "command" {
			how = "with a bot command"
		}
		return fmt.Sprintf("claimed%s %s: %q", who, how, clean(c.Phrase))
	case "lapsed":
		return fmt.Sprintf("free: a claim%s lapsed (%q, no activity since)", who, clean(c.Phrase))
	case "pull_request":
		return "taken by an open pull request" + who + " " + clean(c.URL)
	case "assigned":
		return "assigned" + who
	}
	return "free"
}

// clean drops control characters from text that comes from GitHub and
// keeps it to one short line.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 100 {
		cut := 100
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func printDebug(w io.Writer, queries []string, via string, requests int, cached bool) {
	for _, q := range queries {
		fmt.Fprintf(w, "search: %s\n", q)
	}
	how := via
	if cached {
		how += ", answered from the cache"
	}
	fmt.Fprintf(w, "GitHub requests: %d (%s)\n", requests, how)
}

func componentsText(cs []discovery.Component) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s %.0f x %.1f = %.1f", c.Name, c.Value, c.Weight, c.Points))
	}
	return strings.Join(parts, " + ")
}

func reasonsText(s discovery.Suitability) string {
	parts := []string{fmt.Sprintf("%d", s.Score)}
	for _, r := range s.Reasons {
		parts = append(parts, fmt.Sprintf("%+d %s", r.Points, r.Reason))
	}
	return strings.Join(parts, "; ")
}

func healthText(h discovery.HealthReport) string {
	if len(h.Signals) == 0 {
		return "not measured"
	}
	parts := []string{fmt.Sprintf("%d", h.Score)}
	for _, s := range h.Signals {
		if s.Measured {
			parts = append(parts, fmt.Sprintf("%s %s (%g/%d)", s.Name, s.Value, s.Points, s.Max))
		}
	}
	parts = append(parts, h.Notes...)
	return strings.Join(parts, "; ")
}

func countsText(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return ": " + strings.Join(parts, ", ")
}

func daysAgo(now, t time.Time) string {
	if t.IsZero() {
		return "at an unknown time"
	}
	d := int(now.Sub(t).Hours() / 24)
	switch d {
	case 0:
		return "today"
	case 1:
		return "1 day ago"
	}
	return fmt.Sprintf("%d days ago", d)
}
