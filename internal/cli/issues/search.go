package issues

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/model"
	issuesvc "github.com/oss-dev/oss-dev/internal/service/issues"
)

// SearchOptions holds what `issues search` needs.
type SearchOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	// Issues reads the issues from GitHub.
	Issues func() *issuesvc.Service
	Now    func() time.Time

	Query      string
	GoodFirst  bool
	HelpWanted bool
	Languages  []string
	Labels     []string
	Limit      int
}

// NewCmdSearch builds `issues search`.
func NewCmdSearch(f *cmdutil.Factory, runF func(*SearchOptions) error) *cobra.Command {
	opts := &SearchOptions{IO: f.IO, Output: f.Output, Issues: f.Issues, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "search [QUERY]",
		Short: "Search GitHub for issues",
		Long: `Search GitHub's issues. QUERY is GitHub search syntax (words and qualifiers
such as repo:OWNER/REPO or no:assignee). Unless QUERY says otherwise, only
open issues are searched (is:issue is:open are added).

--good-first adds label:"good first issue", --help-wanted adds
label:"help wanted", --label adds any label; --lang (repeatable) restricts
the repository's language.

` + issueFieldsDoc,
		Example: `  $ oss-dev issues search --good-first --lang go
  $ oss-dev issues search "panic no:assignee" --lang rust --help-wanted --limit 50
  $ oss-dev issues search "repo:cli/cli is:closed crash" --json`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Query = args[0]
			}
			if strings.TrimSpace(opts.Query) == "" && !opts.GoodFirst && !opts.HelpWanted && len(opts.Languages) == 0 && len(opts.Labels) == 0 {
				return cmdutil.UsageErrorf("%s: give a QUERY or at least one of --good-first, --help-wanted, --lang, --label", cmd.CommandPath())
			}
			if opts.Limit < 1 || opts.Limit > 1000 {
				return cmdutil.UsageErrorf("--limit must be between 1 and 1000 (GitHub's search cap), not %d", opts.Limit)
			}
			if runF != nil {
				return runF(opts)
			}
			return searchRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.GoodFirst, "good-first", false, `Only issues labelled "good first issue"`)
	fl.BoolVar(&opts.HelpWanted, "help-wanted", false, `Only issues labelled "help wanted"`)
	fl.StringArrayVar(&opts.Languages, "lang", nil, "Only repositories written in `LANGUAGE` (repeatable)")
	fl.StringArrayVarP(&opts.Labels, "label", "l", nil, "Only issues with this `label` (repeatable)")
	fl.IntVarP(&opts.Limit, "limit", "L", 30, "Show at most `N` issues")
	return cmd
}

// query builds the provider's search from the options.
func (o *SearchOptions) query() model.SearchQuery {
	labels := append([]string(nil), o.Labels...)
	if o.GoodFirst {
		labels = append(labels, "good first issue")
	}
	if o.HelpWanted {
		labels = append(labels, "help wanted")
	}
	return model.SearchQuery{Query: o.Query, Languages: o.Languages, Labels: labels, Limit: o.Limit}
}

func searchRun(ctx context.Context, opts *SearchOptions) error {
	svc, err := service(opts.Issues)
	if err != nil {
		return err
	}
	opts.IO.StartProgress("Searching GitHub")
	list, err := svc.Search(ctx, opts.query())
	opts.IO.StopProgress()
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, list)
	}
	if len(list) == 0 && opts.IO.IsStdoutTTY() {
		fmt.Fprintln(opts.IO.Out, "No issues match the search.")
		return nil
	}
	return issueTable(opts.IO, opts.Now(), list, true)
}
