package github

import (
	"context"
	"fmt"
	"strings"

	gh "github.com/google/go-github/v93/github"

	"github.com/oss-dev/oss-dev/internal/model"
)

// defaultLimit is how many issues a list or search returns when the
// caller sets no limit.
const defaultLimit = 30

// maxSearchResults is GitHub's cap on one search's results.
const maxSearchResults = 1000

// FetchIssue returns one issue (or pull request, in issue form).
func (c *Client) FetchIssue(ctx context.Context, owner, repo string, number int) (model.Issue, error) {
	is, resp, err := c.rest.Issues.Get(ctx, owner, repo, number)
	if err != nil {
		return model.Issue{}, classify(resp, err, fmt.Sprintf("issue %s/%s#%d", owner, repo, number))
	}
	return toIssue(is, owner+"/"+repo), nil
}

// ListIssues lists a repository's issues (pull requests left out), newest
// first, following GitHub's pages until q.Limit issues are gathered.
func (c *Client) ListIssues(ctx context.Context, owner, repo string, q model.IssueQuery) ([]model.Issue, error) {
	state := q.State
	if state == "" {
		state = "open"
	}
	limit := limitOr(q.Limit, defaultLimit)
	what := fmt.Sprintf("the issues of %s/%s", owner, repo)
	var out []model.Issue
	opts := &gh.IssueListByRepoOptions{State: state, Labels: q.Labels, Assignee: q.Assignee,
		ListOptions: gh.ListOptions{PerPage: min(perPage, limit)}}
	for {
		page, resp, err := c.rest.Issues.ListByRepo(ctx, owner, repo, opts)
		if err != nil {
			return out, classify(resp, err, what)
		}
		for _, is := range page {
			if is.IsPullRequest() {
				continue
			}
			out = append(out, toIssue(is, owner+"/"+repo))
			if len(out) == limit {
				return out, nil
			}
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.ListOptions.Page = resp.NextPage
		// Pull requests take room on each page, so later pages stay full size.
		opts.ListOptions.PerPage = perPage
	}
}

// SearchIssues runs an issue search. Unless the query says otherwise it
// looks for open issues (is:issue is:open); languages and labels become
// language: and label:"..." qualifiers.
func (c *Client) SearchIssues(ctx context.Context, q model.SearchQuery) ([]model.Issue, error) {
	query := SearchString(q)
	limit := min(limitOr(q.Limit, defaultLimit), maxSearchResults)
	opts := &gh.SearchOptions{Sort: q.Sort, ListOptions: gh.ListOptions{PerPage: min(perPage, limit)}}
	if q.Sort != "" {
		opts.Order = "desc"
	}
	var out []model.Issue
	for {
		res, resp, err := c.rest.Search.Issues(ctx, query, opts)
		if err != nil {
			return out, classify(resp, err, fmt.Sprintf("the search %q", query))
		}
		for _, is := range res.Issues {
			out = append(out, toIssue(is, ""))
			if len(out) == limit {
				return out, nil
			}
		}
		if resp.NextPage == 0 || len(res.Issues) == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// SearchString builds the search query GitHub receives for q.
func SearchString(q model.SearchQuery) string {
	parts := []string{}
	if s := strings.TrimSpace(q.Query); s != "" {
		parts = append(parts, s)
	}
	lower := " " + strings.ToLower(q.Query) + " "
	if !strings.Contains(lower, "is:issue") && !strings.Contains(lower, "is:pr") &&
		!strings.Contains(lower, "type:") && !strings.Contains(lower, "is:pull-request") {
		parts = append(parts, "is:issue")
	}
	if !strings.Contains(lower, "is:open") && !strings.Contains(lower, "is:closed") &&
		!strings.Contains(lower, "state:") && !strings.Contains(lower, "is:merged") {
		parts = append(parts, "is:open")
	}
	for _, l := range q.Languages {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, "language:"+qualifierValue(l))
		}
	}
	for _, l := range q.Labels {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, "label:"+qualifierValue(l))
		}
	}
	return strings.Join(parts, " ")
}

// qualifierValue quotes a value with spaces, as GitHub's search syntax
// needs (label:"good first issue").
func qualifierValue(v string) string {
	v = strings.ReplaceAll(v, `"`, "")
	if strings.ContainsAny(v, " \t:") {
		return `"` + v + `"`
	}
	return v
}

// IssueComments lists every comment of an issue, oldest first.
func (c *Client) IssueComments(ctx context.Context, owner, repo string, number int) ([]model.Comment, error) {
	return c.issueComments(ctx, owner, repo, number)
}

func (c *Client) issueComments(ctx context.Context, owner, repo string, number int) ([]model.Comment, error) {
	var respErr *gh.Response
	list, err := collect(ctx, 0, func(ctx context.Context, page, size int) ([]*gh.IssueComment, *gh.Response, error) {
		items, resp, err := c.rest.Issues.ListComments(ctx, owner, repo, number,
			&gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{Page: page, PerPage: size}})
		respErr = resp
		return items, resp, err
	})
	if err != nil {
		return nil, classify(respErr, err, fmt.Sprintf("the comments of %s/%s#%d", owner, repo, number))
	}
	out := make([]model.Comment, 0, len(list))
	for _, ic := range list {
		out = append(out, model.Comment{
			ID: ic.GetID(), Author: ic.GetUser().GetLogin(), AuthorAssociation: ic.GetAuthorAssociation(),
			Body: ic.GetBody(), CreatedAt: ic.GetCreatedAt().Time, URL: ic.GetHTMLURL(),
		})
	}
	return out, nil
}

// Labels lists every label of a repository.
func (c *Client) Labels(ctx context.Context, owner, repo string) ([]model.Label, error) {
	var last *gh.Response
	list, err := collect(ctx, 0, func(ctx context.Context, page, size int) ([]*gh.Label, *gh.Response, error) {
		items, resp, err := c.rest.Issues.ListLabels(ctx, owner, repo, &gh.ListOptions{Page: page, PerPage: size})
		last = resp
		return items, resp, err
	})
	if err != nil {
		return nil, classify(last, err, fmt.Sprintf("the labels of %s/%s", owner, repo))
	}
	out := make([]model.Label, 0, len(list))
	for _, l := range list {
		out = append(out, toLabel(l))
	}
	return out, nil
}

func toLabel(l *gh.Label) model.Label {
	return model.Label{Name: l.GetName(), Color: l.GetColor(), Description: l.GetDescription()}
}

// toIssue converts GitHub's issue; repo is OWNER/REPO when known, else it
// is read from the issue's repository_url (search results span repositories).
func toIssue(is *gh.Issue, repo string) model.Issue {
	if repo == "" {
		repo = repoFromAPIURL(is.GetRepositoryURL())
	}
	out := model.Issue{
		Number: is.GetNumber(), Repo: repo, Title: is.GetTitle(), Body: is.GetBody(),
		State: is.GetState(), Author: is.GetUser().GetLogin(), AuthorAssociation: is.GetAuthorAssociation(),
		Labels: []model.Label{}, Assignees: []string{}, Comments: is.GetComments(), Locked: is.GetLocked(),
		IsPull: is.IsPullRequest(), URL: is.GetHTMLURL(),
		CreatedAt: is.GetCreatedAt().Time, UpdatedAt: is.GetUpdatedAt().Time,
	}
	for _, l := range is.Labels {
		out.Labels = append(out.Labels, toLabel(l))
	}
	for _, a := range is.Assignees {
		out.Assignees = append(out.Assignees, a.GetLogin())
	}
	if len(out.Assignees) == 0 && is.Assignee != nil {
		out.Assignees = append(out.Assignees, is.Assignee.GetLogin())
	}
	if is.ClosedAt != nil {
		t := is.ClosedAt.Time
		out.ClosedAt = &t
	}
	return out
}

// repoFromAPIURL returns OWNER/REPO from .../repos/OWNER/REPO.
func repoFromAPIURL(u string) string {
	_, rest, ok := strings.Cut(u, "/repos/")
	if !ok {
		return ""
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) < 2 {
		return ""
	}
	return parts[0] + "/" + parts[1]
}
