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

// ListOptions holds what `issues list` needs.
type ListOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	// Issues reads the issues from GitHub.
	Issues func() *issuesvc.Service
	Now    func() time.Time

	Repo     model.RepoRef
	Labels   []string
	State    string
	Assignee string
	Limit    int
}

// issueFieldsDoc documents the JSON shape shared by list and search.
const issueFieldsDoc = `JSON output (--json) is a list of issues, each with the fields number, repo,
title, body, state, author, author_association, labels (name, color,
description), assignees, comments, locked, is_pull, url, created_at,
updated_at and closed_at.`

// NewCmdList builds `issues list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IO, Output: f.Output, Issues: f.Issues, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "list OWNER/REPO",
		Short: "List a repository's issues",
		Long: `List a repository's issues, newest first. Pull requests are left out.

OWNER/REPO may also be the repository's URL. --label may be repeated: an
issue must carry every label given. --assignee none lists unassigned issues.

` + issueFieldsDoc,
		Example: `  $ oss-dev issues list cli/cli
  $ oss-dev issues list cli/cli --label bug --label "help wanted" --assignee none
  $ oss-dev issues list https://github.com/golang/go --state closed --limit 100
  $ oss-dev issues list cli/cli --jq '.[].number'`,
		Args: cmdutil.ExactArgs(1, "OWNER/REPO"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := model.ParseRepoRef(args[0], defaultHost(f))
			if err != nil {
				return refError(err)
			}
			opts.Repo = ref
			switch opts.State {
			case "open", "closed", "all":
			default:
				return cmdutil.UsageErrorf("--state must be open, closed or all, not %q", opts.State)
			}
			if opts.Limit < 1 {
				return cmdutil.UsageErrorf("--limit must be at least 1, not %d", opts.Limit)
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&opts.Labels, "label", "l", nil, "Only issues with this `label` (repeatable)")
	fl.StringVarP(&opts.State, "state", "s", "open", "Issue `state`: open, closed or all")
	fl.StringVarP(&opts.Assignee, "assignee", "a", "", "Only issues assigned to `LOGIN`; none for unassigned")
	fl.IntVarP(&opts.Limit, "limit", "L", 30, "Show at most `N` issues")
	return cmd
}

func listRun(ctx context.Context, opts *ListOptions) error {
	svc, err := service(opts.Issues)
	if err != nil {
		return err
	}
	opts.IO.StartProgress("Fetching issues of " + opts.Repo.FullName())
	list, err := svc.List(ctx, opts.Repo, model.IssueQuery{
		State: opts.State, Labels: opts.Labels, Assignee: opts.Assignee, Limit: opts.Limit,
	})
	opts.IO.StopProgress()
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, list)
	}
	if len(list) == 0 && opts.IO.IsStdoutTTY() {
		fmt.Fprintf(opts.IO.Out, "No %s issues match in %s.\n", stateWord(opts.State), opts.Repo.FullName())
		return nil
	}
	return issueTable(opts.IO, opts.Now(), list, false)
}

func stateWord(s string) string {
	if s == "all" {
		return ""
	}
	return s
}

// issueTable prints issues: aligned and coloured on a terminal; on a pipe
// one issue a line, tab-separated: number (or repo#number with withRepo),
// state, title, labels (comma-separated), assignees, updated_at (RFC 3339).
func issueTable(ios *iostreams.IOStreams, now time.Time, list []model.Issue, withRepo bool) error {
	cs := ios.ColorScheme()
	tty := ios.IsStdoutTTY()
	var t *cmdutil.Table
	if tty {
		t = cmdutil.NewTable(ios, "ISSUE", "TITLE", "LABELS", "ASSIGNEES", "UPDATED")
		t.Style(0, cs.Cyan)
		t.Style(2, cs.Gray)
		t.Style(4, cs.Gray)
	} else {
		t = cmdutil.NewTable(ios)
	}
	for _, is := range list {
		id := fmt.Sprintf("#%d", is.Number)
		if withRepo {
			id = fmt.Sprintf("%s#%d", is.Repo, is.Number)
		} else if !tty {
			id = fmt.Sprint(is.Number)
		}
		labels := strings.Join(is.LabelNames(), ", ")
		assignees := strings.Join(is.Assignees, ", ")
		if tty {
			t.AddRow(id, is.Title, labels, assignees, ago(now, is.UpdatedAt))
			continue
		}
		t.AddRow(id, is.State, is.Title, strings.Join(is.LabelNames(), ","), strings.Join(is.Assignees, ","), is.UpdatedAt.UTC().Format(time.RFC3339))
	}
	return t.Render()
}
