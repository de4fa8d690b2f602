package issues

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/cli/markdown"
	"github.com/oss-dev/oss-dev/internal/model"
	issuesvc "github.com/oss-dev/oss-dev/internal/service/issues"
)

// ViewOptions holds what `issues view` needs.
type ViewOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	// Issues reads the issues from GitHub.
	Issues func() *issuesvc.Service
	Now    func() time.Time

	Ref      model.IssueRef
	Comments bool
}

// ViewResult is the JSON shape of `issues view`: the issue's fields (see
// `issues list --help`) with linked_prs (number, repo, state, merged, draft,
// url, author) and, with --comments, comment_list (id, author,
// author_association, body, created_at, url).
type ViewResult struct {
	model.Issue
	// CommentList is a pointer so that it is left out without --comments
	// and [] with --comments on an issue without comments.
	CommentList *[]model.Comment `json:"comment_list,omitempty"`
}

func (r ViewResult) comments() []model.Comment {
	if r.CommentList == nil {
		return nil
	}
	return *r.CommentList
}

// NewCmdView builds `issues view`.
func NewCmdView(f *cmdutil.Factory, runF func(*ViewOptions) error) *cobra.Command {
	opts := &ViewOptions{IO: f.IO, Output: f.Output, Issues: f.Issues, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "view REF",
		Short: "Show an issue with its linked pull requests",
		Long: `Show an issue: title, state, author, labels, assignees, the pull requests
linked to it, its comment count and its body (rendered as Markdown on a
terminal, raw when piped). --comments adds the comments.

REF is OWNER/REPO#NUMBER or the issue's URL (github.com or an Enterprise
host; a pull request URL works too).

JSON output (--json): the issue's fields (see 'oss-dev issues list --help')
plus linked_prs (number, repo, state, merged, draft, url, author) and, with
--comments, comment_list (id, author, author_association, body, created_at,
url).`,
		Example: `  $ oss-dev issues view cli/cli#123
  $ oss-dev issues view https://github.com/cli/cli/issues/123 --comments
  $ oss-dev issues view cli/cli#123 --jq '.linked_prs[].url'`,
		Args: cmdutil.ExactArgs(1, "REF (OWNER/REPO#NUMBER or an issue URL)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := model.ParseIssueRef(args[0], defaultHost(f))
			if err != nil {
				return refError(err)
			}
			opts.Ref = ref
			if runF != nil {
				return runF(opts)
			}
			return viewRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Comments, "comments", "c", false, "Show the issue's comments")
	return cmd
}

func viewRun(ctx context.Context, opts *ViewOptions) error {
	svc, err := service(opts.Issues)
	if err != nil {
		return err
	}
	r := opts.Ref
	opts.IO.StartProgress("Fetching " + r.String())
	defer opts.IO.StopProgress()
	issue, comments, err := svc.View(ctx, r, opts.Comments)
	if err != nil {
		return err
	}
	res := ViewResult{Issue: issue}
	if opts.Comments {
		res.CommentList = &comments
	}
	opts.IO.StopProgress()
	if issue.Repo == "" {
		res.Repo = r.Owner + "/" + r.Repo
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, res)
	}
	if opts.IO.IsStdoutTTY() {
		return printTTY(opts, res)
	}
	return printPlain(opts.IO.Out, res)
}

// printPlain writes "key:\tvalue" lines, then "--", then the raw body, as
// gh does, so scripts can read the header and the body apart.
func printPlain(w io.Writer, res ViewResult) error {
	is := res.Issue
	fmt.Fprintf(w, "title:\t%s\n", is.Title)
	fmt.Fprintf(w, "state:\t%s\n", is.State)
	fmt.Fprintf(w, "issue:\t%s#%d\n", is.Repo, is.Number)
	fmt.Fprintf(w, "author:\t%s\n", is.Author)
	fmt.Fprintf(w, "labels:\t%s\n", strings.Join(is.LabelNames(), ","))
	fmt.Fprintf(w, "assignees:\t%s\n", strings.Join(is.Assignees, ","))
	fmt.Fprintf(w, "comments:\t%d\n", is.Comments)
	fmt.Fprintf(w, "url:\t%s\n", is.URL)
	for _, pr := range is.LinkedPRs {
		fmt.Fprintf(w, "linked:\t%s#%d\t%s\t%s\n", pr.Repo, pr.Number, prState(pr), pr.URL)
	}
	fmt.Fprintln(w, "--")
	fmt.Fprintln(w, is.Body)
	for _, c := range res.comments() {
		fmt.Fprintln(w, "--")
		fmt.Fprintf(w, "author:\t%s\n", c.Author)
		fmt.Fprintf(w, "created_at:\t%s\n", c.CreatedAt.UTC().Format(time.RFC3339))
		fmt.Fprintln(w, c.Body)
	}
	return nil
}

func prState(pr model.LinkedPR) string {
	switch {
	case pr.Merged:
		return "merged"
	case pr.Draft && pr.State == "open":
		return "draft"
	}
	return pr.State
}

func printTTY(opts *ViewOptions, res ViewResult) error {
	w, cs, is := opts.IO.Out, opts.IO.ColorScheme(), res.Issue
	now := opts.Now()
	fmt.Fprintf(w, "%s %s\n", cs.Bold(is.Title), cs.Gray(fmt.Sprintf("%s#%d", is.Repo, is.Number)))
	state := cs.Green("Open")
	if is.State == "closed" {
		state = cs.Red("Closed")
	}
	fmt.Fprintf(w, "%s · %s opened %s · %s\n", state, is.Author, ago(now, is.CreatedAt), cmdutil.Plural(is.Comments, "comment"))
	if len(is.Labels) > 0 {
		fmt.Fprintf(w, "%s %s\n", cs.Bold("Labels:"), strings.Join(is.LabelNames(), ", "))
	}
	assignees := "none"
	if len(is.Assignees) > 0 {
		assignees = strings.Join(is.Assignees, ", ")
	}
	fmt.Fprintf(w, "%s %s\n", cs.Bold("Assignees:"), assignees)
	if len(is.LinkedPRs) > 0 {
		fmt.Fprintln(w, cs.Bold("Linked pull requests:"))
		for _, pr := range is.LinkedPRs {
			fmt.Fprintf(w, "  %s %s %s\n", cs.Cyan(fmt.Sprintf("%s#%d", pr.Repo, pr.Number)), prState(pr), cs.Gray(pr.Author))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, renderMarkdown(opts.IO, is.Body))
	for _, c := range res.comments() {
		fmt.Fprintf(w, "\n%s %s\n", cs.Bold(c.Author), cs.Gray("commented "+ago(now, c.CreatedAt)))
		fmt.Fprint(w, renderMarkdown(opts.IO, c.Body))
	}
	fmt.Fprintf(w, "\n%s\n", cs.Gray("View this issue on GitHub: "+is.URL))
	return nil
}

// renderMarkdown renders text for the terminal: styled when colour is on,
// plain otherwise, wrapped to the terminal's width. Line breaks are kept,
// as GitHub shows them in issues and comments.
func renderMarkdown(ios *iostreams.IOStreams, text string) string {
	out := markdown.Render(text, markdown.Options{Width: ios.TerminalWidth(), Color: ios.ColorScheme(), HardWraps: true})
	if out == "" {
		// empty, or only the template's HTML comments
		return ios.ColorScheme().Gray("No description provided.") + "\n"
	}
	return out
}
