package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v93/github"

	"github.com/oss-dev/oss-dev/internal/model"
)

// FindOpenPR returns the open pull request on owner/repo whose head is
// head (BRANCH for a branch of owner/repo, or HEADOWNER:BRANCH) and whose
// base is base ("" matches any base), so that opening a pull request can
// be repeated safely: what exists is used instead of opened twice.
func (c *Client) FindOpenPR(ctx context.Context, owner, repo, head, base string) (model.PullRequest, bool, error) {
	label := head
	if !strings.Contains(label, ":") {
		// GitHub filters by USER:BRANCH; a bare branch is one of owner/repo.
		label = owner + ":" + head
	}
	opts := &gh.PullRequestListOptions{State: "open", Head: label, Base: base}
	var last *gh.Response
	prs, err := collect(ctx, 0, func(ctx context.Context, page, size int) ([]*gh.PullRequest, *gh.Response, error) {
		opts.ListOptions = gh.ListOptions{Page: page, PerPage: size}
		items, resp, err := c.rest.PullRequests.List(ctx, owner, repo, opts)
		last = resp
		return items, resp, err
	})
	if err != nil {
		return model.PullRequest{}, false, classify(last, err, fmt.Sprintf("the open pull requests from %s on %s/%s", label, owner, repo))
	}
	for _, pr := range prs {
		// GitHub applies the filter; checking again guards against a server
		// that ignores it, since adopting someone else's pull request is worse
		// than opening one.
		if !strings.EqualFold(pr.GetHead().GetLabel(), label) && pr.GetHead().GetLabel() != "" {
			continue
		}
		if base != "" && pr.GetBase().GetRef() != "" && pr.GetBase().GetRef() != base {
			continue
		}
		return toPR(pr, owner+"/"+repo), true, nil
	}
	return model.PullRequest{}, false, nil
}

// existingPR handles GitHub's 422 "A pull request already exists for
// USER:BRANCH": the pull request a lost answer or an earlier run opened is
// looked up and returned. ok is false for any other error, or when the
// lookup finds nothing, and then the caller reports the original error.
func (c *Client) existingPR(ctx context.Context, owner, repo, head, base string, err error) (model.PullRequest, bool) {
	var er *gh.ErrorResponse
	if !errors.As(err, &er) || er.Response == nil || er.Response.StatusCode != http.StatusUnprocessableEntity || !alreadyExists(er) {
		return model.PullRequest{}, false
	}
	pr, found, ferr := c.FindOpenPR(ctx, owner, repo, head, base)
	if ferr != nil || !found {
		return model.PullRequest{}, false
	}
	return pr, true
}

func alreadyExists(er *gh.ErrorResponse) bool {
	if strings.Contains(strings.ToLower(er.Message), "already exists") {
		return true
	}
	for _, e := range er.Errors {
		if strings.Contains(strings.ToLower(e.Message), "already exists") {
			return true
		}
	}
	return false
}
