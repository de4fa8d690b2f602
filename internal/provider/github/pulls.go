package github

import (
	"context"
	"fmt"
	"sort"
	"strings"

	gh "github.com/google/go-github/v93/github"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// CreatePR opens a pull request. An empty base means the repository's
// default branch. When GitHub answers that an open pull request from the
// same head already exists, that pull request is returned.
func (c *Client) CreatePR(ctx context.Context, owner, repo string, pr model.NewPullRequest) (model.PullRequest, error) {
	if strings.TrimSpace(pr.Title) == "" || strings.TrimSpace(pr.Head) == "" {
		return model.PullRequest{}, errcode.New(errcode.InvalidInput, "a pull request needs a title and a head branch",
			"give the pull request a title and name the branch with the changes")
	}
	base := pr.Base
	if base == "" {
		r, err := c.Repository(ctx, owner, repo)
		if err != nil {
			return model.PullRequest{}, err
		}
		base = r.DefaultBranch
	}
	body := gh.CreatePullRequest{Title: gh.Ptr(pr.Title), Head: pr.Head, Base: base, Draft: gh.Ptr(pr.Draft)}
	if pr.Body != "" {
		body.Body = gh.Ptr(pr.Body)
	}
	created, resp, err := c.rest.PullRequests.Create(ctx, owner, repo, body)
	if existing, ok := c.existingPR(ctx, owner, repo, pr.Head, base, err); ok {
		return existing, nil
	}
	if err != nil {
		return model.PullRequest{}, classify(resp, err, fmt.Sprintf("the pull request %s -> %s on %s/%s", pr.Head, base, owner, repo))
	}
	return toPR(created, owner+"/"+repo), nil
}

// PRStatus combines a pull request with its head's check runs and commit
// statuses and its reviews.
func (c *Client) PRStatus(ctx context.Context, owner, repo string, number int) (model.PRStatus, error) {
	what := fmt.Sprintf("pull request %s/%s#%d", owner, repo, number)
	pr, resp, err := c.rest.PullRequests.Get(ctx, owner, repo, number)
	if err != nil {
		return model.PRStatus{}, classify(resp, err, what)
	}
	st := model.PRStatus{PullRequest: toPR(pr, owner+"/"+repo), Mergeable: pr.Mergeable, Checks: []model.Check{}, Reviews: []model.Review{}}
	sha := pr.GetHead().GetSHA()
	if sha != "" {
		checks, err := c.checks(ctx, owner, repo, sha)
		if err != nil {
			return model.PRStatus{}, err
		}
		st.Checks = checks
	}
	st.CheckState = combinedState(st.Checks)
	var last *gh.Response
	reviews, err := collect(ctx, 0, func(ctx context.Context, page, size int) ([]*gh.PullRequestReview, *gh.Response, error) {
		items, resp, err := c.rest.PullRequests.ListReviews(ctx, owner, repo, number, &gh.ListOptions{Page: page, PerPage: size})
		last = resp
		return items, resp, err
	})
	if err != nil {
		return model.PRStatus{}, classify(last, err, "the reviews of "+what)
	}
	for _, r := range reviews {
		st.Reviews = append(st.Reviews, model.Review{Author: r.GetUser().GetLogin(), State: r.GetState(), Body: r.GetBody(), SubmittedAt: r.GetSubmittedAt().Time})
	}
	st.ReviewDecision = reviewDecision(st.Reviews)
	return st, nil
}

// checks gathers the check runs and the commit statuses of sha.
func (c *Client) checks(ctx context.Context, owner, repo, sha string) ([]model.Check, error) {
	var out []model.Check
	opts := &gh.ListCheckRunsOptions{ListOptions: gh.ListOptions{PerPage: perPage}}
	for {
		res, resp, err := c.rest.Checks.ListCheckRunsForRef(ctx, owner, repo, sha, opts)
		if err != nil {
			return nil, classify(resp, err, fmt.Sprintf("the checks of %s/%s@%s", owner, repo, short(sha)))
		}
		for _, cr := range res.CheckRuns {
			out = append(out, model.Check{Name: cr.GetName(), Status: cr.GetStatus(), Conclusion: cr.GetConclusion(), URL: cr.GetHTMLURL()})
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	combined, resp, err := c.rest.Repositories.GetCombinedStatus(ctx, owner, repo, sha, &gh.ListOptions{PerPage: perPage})
	if err != nil {
		return nil, classify(resp, err, fmt.Sprintf("the commit statuses of %s/%s@%s", owner, repo, short(sha)))
	}
	for _, s := range combined.Statuses {
		status, conclusion := "completed", s.GetState()
		if conclusion == "pending" {
			status, conclusion = "pending", ""
		}
		out = append(out, model.Check{Name: s.GetContext(), Status: status, Conclusion: conclusion, URL: s.GetTargetURL()})
	}
	return out, nil
}

// combinedState is failure when any check failed, pending when any is not
// finished, success when all passed (neutral and skipped count as passed),
// and none when there are no checks.
func combinedState(checks []model.Check) string {
	if len(checks) == 0 {
		return "none"
	}
	state := "success"
	for _, ch := range checks {
		switch ch.Conclusion {
		case "failure", "error", "timed_out", "cancelled", "action_required", "startup_failure":
			return "failure"
		}
		if ch.Status != "completed" {
			state = "pending"
		}
	}
	return state
}

// reviewDecision takes each reviewer's latest approving or blocking review:
// changes_requested wins, then approved; otherwise a review is required.
func reviewDecision(reviews []model.Review) string {
	latest := map[string]string{}
	for _, r := range reviews {
		if r.State == "APPROVED" || r.State == "CHANGES_REQUESTED" || r.State == "DISMISSED" {
			latest[r.Author] = r.State
		}
	}
	decision := "review_required"
	for _, s := range latest {
		switch s {
		case "CHANGES_REQUESTED":
			return "changes_requested"
		case "APPROVED":
			decision = "approved"
		}
	}
	return decision
}

// PRComments lists a pull request's conversation comments and its review
// comments on lines of the diff, oldest first.
func (c *Client) PRComments(ctx context.Context, owner, repo string, number int) ([]model.Comment, error) {
	out, err := c.issueComments(ctx, owner, repo, number)
	if err != nil {
		return nil, err
	}
	var last *gh.Response
	review, err := collect(ctx, 0, func(ctx context.Context, page, size int) ([]*gh.PullRequestComment, *gh.Response, error) {
		items, resp, err := c.rest.PullRequests.ListComments(ctx, owner, repo, number,
			&gh.PullRequestListCommentsOptions{ListOptions: gh.ListOptions{Page: page, PerPage: size}})
		last = resp
		return items, resp, err
	})
	if err != nil {
		return nil, classify(last, err, fmt.Sprintf("the review comments of %s/%s#%d", owner, repo, number))
	}
	for _, rc := range review {
		line := rc.GetLine()
		if line == 0 {
			line = rc.GetOriginalLine()
		}
		out = append(out, model.Comment{
			ID: rc.GetID(), Author: rc.GetUser().GetLogin(), AuthorAssociation: rc.GetAuthorAssociation(),
			Body: rc.GetBody(), CreatedAt: rc.GetCreatedAt().Time, URL: rc.GetHTMLURL(), Path: rc.GetPath(), Line: line,
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out, nil
}

func toPR(pr *gh.PullRequest, repo string) model.PullRequest {
	state := pr.GetState()
	if pr.GetMerged() || pr.MergedAt != nil {
		state = "merged"
	}
	return model.PullRequest{
		Number: pr.GetNumber(), Repo: repo, Title: pr.GetTitle(), Body: pr.GetBody(), State: state,
		Draft: pr.GetDraft(), Merged: pr.GetMerged() || pr.MergedAt != nil,
		Head: pr.GetHead().GetRef(), Base: pr.GetBase().GetRef(), HeadSHA: pr.GetHead().GetSHA(),
		Author: pr.GetUser().GetLogin(), URL: pr.GetHTMLURL(), CreatedAt: pr.GetCreatedAt().Time,
	}
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
