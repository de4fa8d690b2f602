package analyze

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/issues"
)

// IssueOptions holds what `analyze issue` needs.
type IssueOptions struct {
	IO     *iostreams.IOStreams
	Output *cmdutil.Output
	// Issues fetches the issue from GitHub.
	Issues func() *issues.Service
	Now    func() time.Time
	Config func() (*config.Config, error)

	// Ref is OWNER/REPO#N or an issue URL; File a path ("-" for stdin).
	Ref   string
	File  string
	Batch bool
}

// NewCmdIssue builds `analyze issue`.
func NewCmdIssue(f *cmdutil.Factory, runF func(*IssueOptions) error) *cobra.Command {
	opts := &IssueOptions{IO: f.IO, Output: f.Output, Issues: f.Issues, Now: time.Now, Config: f.Config}
	cmd := &cobra.Command{
		Use:   "issue [REF | --file FILE]",
		Short: "Classify an issue and extract what it asks for",
		Long: `Classify an issue (bug, feature, documentation, question, maintenance,
performance or security), score how well it suits a newcomer, extract its
requirements (acceptance criteria, reproduction steps, expected and actual
behaviour, environment, files, symbols, links, maintainers' guidance) and say
whether someone already works on it.

REF is OWNER/REPO#NUMBER or the issue's URL; the issue, its comments and its
linked pull requests are read from GitHub. With --file the issue is read from
a file instead, offline: GitHub's issue JSON (optionally with a "comments"
array of GitHub comment objects) or Markdown whose first "# " line is the
title; "-" reads standard input. With --batch the file is JSON lines, one
issue a line, and one result is printed a line.

The file may be GitHub's REST issue JSON (comments with user.login,
created_at, author_association) or what ` + "`gh issue view N --json title,body,comments,labels,assignees,author,state,url,number,createdAt`" + `
writes (comments with author.login, createdAt, authorAssociation). A claim
comment lasts discovery.claim_days (default 14) after its author's last
activity unless a linked pull request backs it.

JSON output (--json): {issue, claimed, classification, suitability,
requirements, claim{taken, status, by, since, url, phrase, source,
evidence}}; claimed is true when someone already has the issue (a live
claim, an assignee or an open linked pull request). See the documentation
of internal/service/analysis.IssueReport.`,
		Example: `  $ oss-dev analyze issue cli/cli#1234
  $ oss-dev analyze issue https://github.com/golang/go/issues/1
  $ oss-dev analyze issue --file issue.md
  $ gh api repos/OWNER/REPO/issues/7 | oss-dev analyze issue --file - --json
  $ gh issue view 7 --json title,body,comments,labels,assignees,author,state,url,number,createdAt > issue.json
  $ oss-dev analyze issue --file issue.json --json --jq .claimed
  $ oss-dev analyze issue --batch --file issues.jsonl --json`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Ref = args[0]
			}
			switch {
			case opts.Ref != "" && opts.File != "":
				return cmdutil.UsageErrorf("give either REF or --file, not both")
			case opts.Ref == "" && opts.File == "":
				return cmdutil.UsageErrorf("%s: missing REF (OWNER/REPO#NUMBER or an issue URL) or --file", cmd.CommandPath())
			case opts.Batch && opts.File == "":
				return cmdutil.UsageErrorf("--batch needs --file with JSON lines")
			}
			if runF != nil {
				return runF(opts)
			}
			return issueRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.File, "file", "F", "", "Read the issue from `FILE` (JSON or Markdown; - for stdin)")
	cmd.Flags().BoolVar(&opts.Batch, "batch", false, "Treat --file as JSON lines and print one result a line")
	return cmd
}

func issueRun(ctx context.Context, opts *IssueOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	now := opts.Now()
	if opts.Batch {
		return batchRun(opts, now)
	}
	var in analysis.IssueInput
	if opts.File != "" {
		data, name, err := readInput(opts)
		if err != nil {
			return err
		}
		if in, err = analysis.ParseIssueFile(data, name); err != nil {
			return err
		}
	} else {
		if opts.Issues == nil {
			return errcode.New(errcode.ProviderNotFound, "no GitHub provider is configured", "analyse a saved issue offline with --file")
		}
		opts.IO.StartProgress("Fetching " + opts.Ref)
		var err error
		in, err = opts.Issues().ForAnalysis(ctx, opts.Ref)
		opts.IO.StopProgress()
		if err != nil {
			return err
		}
	}
	in.ClaimDays = claimDays(opts)
	rep, err := analysis.AnalyzeIssue(in, now)
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, rep)
	}
	return printReport(opts.IO, rep)
}

// claimDays reads discovery.claim_days; zero (the default) when the
// configuration is not there.
func claimDays(opts *IssueOptions) int {
	if opts.Config == nil {
		return 0
	}
	if cfg, err := opts.Config(); err == nil && cfg != nil {
		return cfg.Discovery.ClaimDays
	}
	return 0
}

func readInput(opts *IssueOptions) ([]byte, string, error) {
	if opts.File == "-" {
		data, err := analysis.ReadIssueStream(opts.IO.In, "standard input")
		return data, "standard input", err
	}
	data, err := analysis.ReadIssueFile(opts.File)
	return data, opts.File, err
}

// batchRun analyses JSON lines one by one: with --json one compact JSON
// result a line, otherwise one summary line an issue.
func batchRun(opts *IssueOptions, now time.Time) error {
	var r io.Reader = opts.IO.In
	name := "standard input"
	if opts.File != "-" {
		// Stat before opening: opening a FIFO blocks until a writer comes.
		if st, err := os.Stat(opts.File); err == nil && !st.Mode().IsRegular() {
			return errcode.Newf(errcode.InvalidInput, "give --batch --file a JSON-lines file, or - to read standard input", "%s is not a regular file", opts.File)
		}
		f, err := os.Open(opts.File)
		if err != nil {
			return errcode.Wrap(errcode.InvalidInput, err, fmt.Sprintf("could not read %s: %v", opts.File, err), "check the path given to --file")
		}
		defer f.Close()
		r, name = f, opts.File
	}
	days := claimDays(opts)
	return analysis.ReadIssueLines(r, name, func(line int, in analysis.IssueInput) error {
		in.ClaimDays = days
		rep, err := analysis.AnalyzeIssue(in, now)
		if err != nil {
			return err
		}
		if opts.Output.WantsJSON() {
			if opts.Output.JQ != "" {
				return opts.Output.Export(opts.IO.Out, rep)
			}
			raw, err := json.Marshal(rep)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(opts.IO.Out, "%s\n", raw)
			return err
		}
		c := rep.Classification
		_, err = fmt.Fprintf(opts.IO.Out, "%s\t%s\t%.2f\t%d\t%s\t%s\n", batchID(line, rep.Issue), c.Type, c.Confidence, rep.Suitability.Score, rep.Claim.Status, oneLine(rep.Issue.Title, 80))
		return err
	})
}

func batchID(line int, info analysis.IssueInfo) string {
	switch {
	case info.Repo != "" && info.Number > 0:
		return fmt.Sprintf("%s#%d", info.Repo, info.Number)
	case info.ID != nil:
		return fmt.Sprintf("%s/%d", info.Repo, *info.ID)
	}
	return fmt.Sprintf("line %d", line)
}

// printReport writes the human-readable report.
func printReport(ios *iostreams.IOStreams, rep analysis.IssueReport) error {
	var b bytes.Buffer
	cs := ios.ColorScheme()
	title := rep.Issue.Title
	if rep.Issue.Repo != "" && rep.Issue.Number > 0 {
		title = fmt.Sprintf("%s#%d  %s", rep.Issue.Repo, rep.Issue.Number, title)
	}
	fmt.Fprintln(&b, cs.Bold(title))
	if rep.Issue.URL != "" {
		fmt.Fprintln(&b, cs.Gray(rep.Issue.URL))
	}
	fmt.Fprintln(&b)

	c := rep.Classification
	fmt.Fprintf(&b, "%s %s (%s)\n", cs.Bold("Type:"), c.Type, typeDetail(string(c.Type), c.Base, c.Confidence, c.Source))
	for _, e := range c.Evidence {
		fmt.Fprintf(&b, "  - %s in %s: %s\n", e.Signal, e.Source, e.Text)
	}

	fmt.Fprintf(&b, "\n%s %d/100\n", cs.Bold("Newcomer suitability:"), rep.Suitability.Score)
	for _, r := range rep.Suitability.Reasons {
		sign := cs.Green(fmt.Sprintf("%+d", r.Points))
		if r.Points < 0 {
			sign = cs.Red(fmt.Sprintf("%+d", r.Points))
		}
		fmt.Fprintf(&b, "  %s %s\n", sign, r.Reason)
	}

	fmt.Fprintf(&b, "\n%s %s\n", cs.Bold("Taken:"), claimLine(rep.Claim))
	for _, e := range rep.Claim.Evidence {
		fmt.Fprintf(&b, "  - %s (%s): %s\n", e.Signal, e.Source, e.Text)
	}

	fmt.Fprintf(&b, "\n%s\n", cs.Bold("Requirements:"))
	req := rep.Requirements
	sections := []struct {
		name  string
		items []analysis.IssueItem
	}{
		{"Acceptance criteria", req.AcceptanceCriteria},
		{"Reproduction steps", req.ReproductionSteps},
		{"Expected", req.Expected},
		{"Actual", req.Actual},
		{"Environment", req.Environment},
		{"Files", req.Files},
		{"Symbols", req.Symbols},
		{"Links", req.Links},
		{"Maintainers' guidance", req.MaintainerGuidance},
	}
	empty := true
	for _, s := range sections {
		if len(s.items) == 0 {
			continue
		}
		empty = false
		fmt.Fprintf(&b, "  %s\n", s.name)
		for _, it := range s.items {
			fmt.Fprintf(&b, "    - %s %s\n", itemText(it), cs.Gray("("+where(it)+")"))
		}
	}
	if empty {
		fmt.Fprintln(&b, "  none found")
	}
	_, err := ios.Out.Write(b.Bytes())
	return err
}

func claimLine(c analysis.IssueClaim) string {
	who := ""
	if c.By != "" {
		who = " by @" + iostreams.Sanitize(c.By)
	}
	if c.Since != nil {
		who += " on " + c.Since.Format("2006-01-02")
	}
	if c.Phrase != "" {
		who += fmt.Sprintf(" (%q)", oneLine(iostreams.Sanitize(c.Phrase), 80))
	}
	switch {
	case c.Status == "lapsed":
		return "no: a claim" + who + " has lapsed with no activity since"
	case !c.Taken:
		return "no"
	}
	s := fmt.Sprintf("yes, %s%s", strings.ReplaceAll(c.Status, "_", " "), who)
	if c.URL != "" {
		s += " " + iostreams.Sanitize(c.URL)
	}
	return s
}

func itemText(it analysis.IssueItem) string {
	t := oneLine(it.Text, 200)
	if it.Key != "" {
		t = it.Key + ": " + t
	}
	if it.Done != nil {
		box := "[ ] "
		if *it.Done {
			box = "[x] "
		}
		t = box + t
	}
	return t
}

func where(it analysis.IssueItem) string {
	if it.Line > 0 {
		return fmt.Sprintf("%s line %d", it.Source, it.Line)
	}
	return it.Source
}

func oneLine(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// addIssueCommand adds `analyze issue` to the analyze group.
func addIssueCommand(parent *cobra.Command, f *cmdutil.Factory) {
	parent.AddCommand(NewCmdIssue(f, nil))
}

// typeDetail is what backs an issue's type: the base label it refines when
// that differs ("bug (bug, ...)" said the same word twice), the base label's
// confidence, and whether the model or a label decided.
func typeDetail(typ, base string, confidence float64, source string) string {
	d := fmt.Sprintf("confidence %.2f, from the %s", confidence, source)
	if base != "" && base != typ {
		d = "refines " + base + ", " + d
	}
	return d
}
