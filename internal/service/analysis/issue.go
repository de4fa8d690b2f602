package analysis

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// The parts of an IssueReport, named here so the CLI reads them without
// depending on the intelligence layer.
type (
	// IssueItem is one extracted requirement with where it was found.
	IssueItem = issue.Item
	// IssueClaim says whether someone already works on the issue.
	IssueClaim = issue.Claim
)

// IssueInfo identifies the analysed issue in an IssueReport.
type IssueInfo struct {
	Repo      string     `json:"repo,omitempty"`
	Number    int        `json:"number,omitempty"`
	Title     string     `json:"title"`
	URL       string     `json:"url,omitempty"`
	State     string     `json:"state,omitempty"`
	Author    string     `json:"author,omitempty"`
	Labels    []string   `json:"labels"`
	Assignees []string   `json:"assignees"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
	Comments  int        `json:"comments"`
	// ID and GoldLabel come from a JSON-lines batch in the shape of the
	// labelled training data (id, repo, label, title, body).
	ID        *int   `json:"id,omitempty"`
	GoldLabel string `json:"gold_label,omitempty"`
}

// IssueReport is the stable result of `analyze issue`: the issue, its type,
// its suitability for a newcomer, what it asks for, and whether it is taken.
type IssueReport struct {
	Issue IssueInfo `json:"issue"`
	// Claimed is true when someone already has the issue: a live claim
	// comment or bot command, an assignee, or an open linked pull request.
	// Claim says which, by whom, since when and on what words.
	Claimed        bool                 `json:"claimed"`
	Classification issue.Classification `json:"classification"`
	Suitability    issue.Suitability    `json:"suitability"`
	Requirements   issue.Requirements   `json:"requirements"`
	Claim          issue.Claim          `json:"claim"`
}

// IssueInput is one issue to analyse, with its comments.
type IssueInput struct {
	Issue     model.Issue
	Comments  []model.Comment
	ID        *int
	GoldLabel string
	// ClaimDays is how long a claim lasts without activity from its author
	// (discovery.claim_days); zero means issue.DefaultClaimDays.
	ClaimDays int
}

// AnalyzeIssue analyses one issue as of now.
func AnalyzeIssue(in IssueInput, now time.Time) (IssueReport, error) {
	window := issue.ClaimWindow
	if in.ClaimDays > 0 {
		window = time.Duration(in.ClaimDays) * 24 * time.Hour
	}
	a, err := issue.AnalyzeWithin(in.Issue, in.Comments, now, window)
	if err != nil {
		return IssueReport{}, errcode.Wrap(errcode.AnalysisFailed, err, "the built-in issue model could not be read", "reinstall oss-dev; the binary may be damaged")
	}
	iss := in.Issue
	info := IssueInfo{
		Repo: iss.Repo, Number: iss.Number, Title: iss.Title, URL: iss.URL, State: iss.State,
		Author: iss.Author, Labels: iss.LabelNames(), Assignees: iss.Assignees,
		Comments: max(iss.Comments, len(in.Comments)), ID: in.ID, GoldLabel: in.GoldLabel,
	}
	if info.Assignees == nil {
		info.Assignees = []string{}
	}
	if !iss.CreatedAt.IsZero() {
		t := iss.CreatedAt
		info.CreatedAt = &t
	}
	return IssueReport{Issue: info, Claimed: a.Claim.Taken, Classification: a.Classification, Suitability: a.Suitability, Requirements: a.Requirements, Claim: a.Claim}, nil
}

// IssueSource is what FetchIssue reads from GitHub.
type IssueSource interface {
	FetchIssue(ctx context.Context, owner, repo string, number int) (model.Issue, error)
	IssueComments(ctx context.Context, owner, repo string, number int) ([]model.Comment, error)
	LinkedPullRequests(ctx context.Context, owner, repo string, number int) ([]model.LinkedPR, error)
}

// FetchIssue reads an issue, its comments and its linked pull requests
// from GitHub. ref is a URL or OWNER/REPO#N.
func FetchIssue(ctx context.Context, gh IssueSource, ref string) (IssueInput, error) {
	r, err := model.ParseIssueRef(ref, model.DefaultHost)
	if err != nil {
		return IssueInput{}, errcode.Wrap(errcode.InvalidReference, err, err.Error(), "write the issue as OWNER/REPO#NUMBER or as its URL")
	}
	iss, err := gh.FetchIssue(ctx, r.Owner, r.Repo, r.Number)
	if err != nil {
		return IssueInput{}, err
	}
	comments, err := gh.IssueComments(ctx, r.Owner, r.Repo, r.Number)
	if err != nil {
		return IssueInput{}, err
	}
	if len(iss.LinkedPRs) == 0 {
		prs, err := gh.LinkedPullRequests(ctx, r.Owner, r.Repo, r.Number)
		if err != nil {
			return IssueInput{}, err
		}
		iss.LinkedPRs = prs
	}
	if iss.Repo == "" {
		iss.Repo = r.Owner + "/" + r.Repo
	}
	return IssueInput{Issue: iss, Comments: comments}, nil
}

// ParseIssueFile reads one issue from a file's contents: GitHub's REST
// issue JSON (optionally with a "comments" array of GitHub comment
// objects), or Markdown whose first "# " heading is the title. name is
// used in error messages.
func ParseIssueFile(data []byte, name string) (IssueInput, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return IssueInput{}, errcode.Newf(errcode.InvalidInput, "give a file holding GitHub's issue JSON or a Markdown issue", "%s is empty", name)
	}
	if trimmed[0] == '{' {
		in, err := parseIssueJSON(trimmed)
		if err != nil {
			return IssueInput{}, errcode.Wrap(errcode.InvalidInput, err, fmt.Sprintf("%s is not an issue in GitHub's JSON: %v", name, err), "save the issue with `gh api repos/OWNER/REPO/issues/N > issue.json`, or write it as Markdown with a `# Title` line")
		}
		return in, nil
	}
	return parseIssueMarkdown(string(data)), nil
}

// ghIssue is the subset of GitHub's REST issue (and of the NLBSE JSON
// lines) that the analysis reads.
type ghIssue struct {
	ID                json.Number       `json:"id"`
	Number            int               `json:"number"`
	Title             string            `json:"title"`
	Body              *string           `json:"body"`
	State             string            `json:"state"`
	HTMLURL           string            `json:"html_url"`
	URL               string            `json:"url"`
	RepositoryURL     string            `json:"repository_url"`
	Repo              string            `json:"repo"`
	User              *ghUser           `json:"user"`
	Author            json.RawMessage   `json:"author"`
	AuthorAssociation string            `json:"author_association"`
	Labels            []json.RawMessage `json:"labels"`
	Assignees         []ghUser          `json:"assignees"`
	Assignee          *ghUser           `json:"assignee"`
	Comments          json.RawMessage   `json:"comments"`
	CreatedAt         string            `json:"created_at"`
	UpdatedAt         string            `json:"updated_at"`
	ClosedAt          string            `json:"closed_at"`
	// gh issue view --json writes camelCase names and an author object.
	GHCreatedAt string           `json:"createdAt"`
	GHUpdatedAt string           `json:"updatedAt"`
	GHClosedAt  string           `json:"closedAt"`
	GHAssoc     string           `json:"authorAssociation"`
	PullRequest json.RawMessage  `json:"pull_request"`
	Locked      bool             `json:"locked"`
	Label       string           `json:"label"`
	LinkedPRs   []model.LinkedPR `json:"linked_prs"`
}

type ghUser struct {
	Login string `json:"login"`
}

// ghComment reads a comment in GitHub's REST shape (user.login,
// created_at, author_association, html_url) and in the shape `gh issue view
// --json comments` writes (author.login, createdAt, authorAssociation, url,
// and a GraphQL node id that is a string).
type ghComment struct {
	ID                json.RawMessage `json:"id"`
	User              *ghUser         `json:"user"`
	Author            json.RawMessage `json:"author"`
	AuthorAssociation string          `json:"author_association"`
	GHAssoc           string          `json:"authorAssociation"`
	Body              string          `json:"body"`
	CreatedAt         string          `json:"created_at"`
	GHCreatedAt       string          `json:"createdAt"`
	HTMLURL           string          `json:"html_url"`
	URL               string          `json:"url"`
}

// login reads an author given as a plain login or as an object with one.
func login(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var u ghUser
	if json.Unmarshal(raw, &u) == nil {
		return u.Login
	}
	return ""
}

// firstOf returns the first non-empty string.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// webURL keeps a URL that points at github.com's pages, not its API.
func webURL(u string) string {
	if strings.Contains(u, "/repos/") {
		return ""
	}
	return u
}

func parseIssueJSON(data []byte) (IssueInput, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var g ghIssue
	if err := dec.Decode(&g); err != nil {
		return IssueInput{}, err
	}
	if g.Title == "" && g.Body == nil {
		return IssueInput{}, fmt.Errorf("it has neither a title nor a body")
	}
	htmlURL := firstOf(g.HTMLURL, webURL(g.URL))
	iss := model.Issue{
		Number: g.Number, Title: g.Title, State: strings.ToLower(g.State), URL: htmlURL, Repo: g.Repo,
		AuthorAssociation: firstOf(g.AuthorAssociation, g.GHAssoc), Locked: g.Locked, IsPull: len(g.PullRequest) > 0 && string(g.PullRequest) != "null",
		LinkedPRs: g.LinkedPRs,
	}
	if g.Body != nil {
		iss.Body = *g.Body
	}
	if iss.Repo == "" {
		iss.Repo = repoFromURL(firstOf(g.RepositoryURL, g.URL), htmlURL)
	}
	if g.User != nil {
		iss.Author = g.User.Login
	} else {
		iss.Author = login(g.Author)
	}
	for _, raw := range g.Labels {
		if name := labelName(raw); name != "" {
			iss.Labels = append(iss.Labels, model.Label{Name: name})
		}
	}
	for _, a := range g.Assignees {
		iss.Assignees = append(iss.Assignees, a.Login)
	}
	if len(iss.Assignees) == 0 && g.Assignee != nil && g.Assignee.Login != "" {
		iss.Assignees = []string{g.Assignee.Login}
	}
	iss.CreatedAt = parseTime(firstOf(g.CreatedAt, g.GHCreatedAt))
	iss.UpdatedAt = parseTime(firstOf(g.UpdatedAt, g.GHUpdatedAt))
	if t := parseTime(firstOf(g.ClosedAt, g.GHClosedAt)); !t.IsZero() {
		iss.ClosedAt = &t
	}
	in := IssueInput{Issue: iss, GoldLabel: g.Label}
	comments, count, err := parseComments(g.Comments)
	if err != nil {
		return IssueInput{}, err
	}
	in.Comments, in.Issue.Comments = comments, count
	if g.Label != "" {
		if n, err := g.ID.Int64(); err == nil {
			id := int(n)
			in.ID = &id
		}
	}
	return in, nil
}

// parseComments accepts GitHub's comment count or an array of comments.
func parseComments(raw json.RawMessage) ([]model.Comment, int, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, 0, nil
	}
	if raw[0] != '[' {
		var n int
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, 0, fmt.Errorf("comments: want a number or an array: %w", err)
		}
		return nil, n, nil
	}
	var gcs []ghComment
	if err := json.Unmarshal(raw, &gcs); err != nil {
		return nil, 0, fmt.Errorf("comments: %w", err)
	}
	out := make([]model.Comment, 0, len(gcs))
	for _, c := range gcs {
		author := login(c.Author)
		if c.User != nil {
			author = c.User.Login
		}
		var id int64
		_ = json.Unmarshal(c.ID, &id) // gh's node ids are strings: no number to keep
		out = append(out, model.Comment{
			ID: id, Author: author, AuthorAssociation: firstOf(c.AuthorAssociation, c.GHAssoc), Body: c.Body,
			CreatedAt: parseTime(firstOf(c.CreatedAt, c.GHCreatedAt)), URL: firstOf(c.HTMLURL, webURL(c.URL)),
		})
	}
	return out, len(out), nil
}

// labelName reads a label given as GitHub's object or as a plain string.
func labelName(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var l struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(raw, &l) == nil {
		return l.Name
	}
	return ""
}

// parseTime reads RFC 3339 and the data set's "2006-01-02 15:04:05".
func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// repoFromURL takes OWNER/REPO from an API repository URL or an issue's
// web URL.
func repoFromURL(apiURL, htmlURL string) string {
	if i := strings.Index(apiURL, "/repos/"); i >= 0 {
		parts := strings.Split(strings.Trim(apiURL[i+len("/repos/"):], "/"), "/")
		if len(parts) >= 2 {
			return parts[0] + "/" + parts[1]
		}
	}
	if r, err := model.ParseIssueRef(htmlURL, model.DefaultHost); err == nil {
		return r.Owner + "/" + r.Repo
	}
	return ""
}

// parseIssueMarkdown takes the first "# " heading as the title and the
// rest as the body; without a heading the first non-empty line is the title.
func parseIssueMarkdown(s string) IssueInput {
	s = strings.TrimPrefix(s, "\ufeff")
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		if t, ok := strings.CutPrefix(strings.TrimSpace(l), "# "); ok {
			body := strings.Join(append(append([]string{}, lines[:i]...), lines[i+1:]...), "\n")
			return IssueInput{Issue: model.Issue{Title: strings.TrimSpace(t), Body: strings.TrimSpace(body)}}
		}
	}
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			return IssueInput{Issue: model.Issue{Title: strings.TrimSpace(l), Body: strings.TrimSpace(strings.Join(lines[i+1:], "\n"))}}
		}
	}
	return IssueInput{}
}

// ReadIssueLines reads a JSON-lines batch, one issue a line (GitHub's issue
// JSON or the labelled data's id/repo/label/title/body), calling fn for each
// in order. A bad line stops the batch with an error naming the line.
func ReadIssueLines(r io.Reader, name string, fn func(line int, in IssueInput) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		in, err := parseIssueJSON(b)
		if err != nil {
			return errcode.Wrap(errcode.InvalidInput, err, fmt.Sprintf("%s line %d is not an issue: %v", name, line, err), "give one JSON object per line, each with at least a title or a body")
		}
		if err := fn(line, in); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return errcode.Wrap(errcode.InvalidInput, err, fmt.Sprintf("reading %s after line %d: %v", name, line, err), "check that the file is JSON lines")
	}
	return nil
}

// MaxIssueFile bounds what is read of a saved issue.
const MaxIssueFile = safefile.InputMax

// ReadIssueFile reads a saved issue from path. Only a regular file no
// larger than MaxIssueFile is read, so a FIFO, a device such as /dev/zero
// or a directory is refused at once instead of blocking or filling memory.
func ReadIssueFile(path string) ([]byte, error) {
	data, err := safefile.ReadFile(path, MaxIssueFile)
	if err != nil {
		return nil, errcode.Wrap(errcode.InvalidInput, err, fmt.Sprintf("could not read %s: %v", path, err),
			"give --file the path of a saved issue (gh issue view N --json ..., GitHub's issue JSON, or Markdown)")
	}
	return data, nil
}

// ReadIssueStream reads at most MaxIssueFile bytes of a saved issue from r.
func ReadIssueStream(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxIssueFile+1))
	if err != nil {
		return nil, errcode.Wrap(errcode.InvalidInput, err, fmt.Sprintf("could not read %s: %v", name, err), "give a saved issue as JSON or Markdown")
	}
	if len(data) > MaxIssueFile {
		return nil, errcode.Newf(errcode.InvalidInput, "give a saved issue as JSON or Markdown", "%s holds more than the %d bytes a saved issue may hold", name, MaxIssueFile)
	}
	return data, nil
}
