package github

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v93/github"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// LinkedPullRequestsQuery asks for the pull requests connected to an issue
// or mentioning it, in one GraphQL call per hundred timeline items.
const LinkedPullRequestsQuery = `query LinkedPullRequests($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    issue(number: $number) {
      timelineItems(first: 100, after: $cursor, itemTypes: [CONNECTED_EVENT, CROSS_REFERENCED_EVENT]) {
        pageInfo { hasNextPage endCursor }
        nodes {
          __typename
          ... on ConnectedEvent { subject { ... on PullRequest { ...linkedPR } } }
          ... on CrossReferencedEvent { source { ... on PullRequest { ...linkedPR } } }
        }
      }
    }
  }
}

fragment linkedPR on PullRequest {
  number
  url
  state
  merged
  isDraft
  author { login }
  repository { nameWithOwner }
}`

type graphqlPR struct {
	Number  int    `json:"number"`
	URL     string `json:"url"`
	State   string `json:"state"`
	Merged  bool   `json:"merged"`
	IsDraft bool   `json:"isDraft"`
	Author  *struct {
		Login string `json:"login"`
	} `json:"author"`
	Repository struct {
		NameWithOwner string `json:"nameWithOwner"`
	} `json:"repository"`
}

type linkedPRsData struct {
	Repository *struct {
		Issue *struct {
			TimelineItems struct {
				PageInfo struct {
					HasNextPage bool   `json:"hasNextPage"`
					EndCursor   string `json:"endCursor"`
				} `json:"pageInfo"`
				Nodes []struct {
					Typename string     `json:"__typename"`
					Subject  *graphqlPR `json:"subject"`
					Source   *graphqlPR `json:"source"`
				} `json:"nodes"`
			} `json:"timelineItems"`
		} `json:"issue"`
	} `json:"repository"`
}

// maxTimelinePages bounds the GraphQL pages read for one issue.
const maxTimelinePages = 10

// LinkedPullRequests lists the pull requests connected to an issue or
// cross-referencing it. It asks GraphQL, and falls back to the REST
// timeline when GraphQL fails or no token is configured (GraphQL has no
// anonymous access).
func (c *Client) LinkedPullRequests(ctx context.Context, owner, repo string, number int) ([]model.LinkedPR, error) {
	if !c.anonymous {
		prs, err := c.linkedViaGraphQL(ctx, owner, repo, number)
		if err == nil {
			return prs, nil
		}
		if errcode.HasCode(err, errcode.NotFound) || errcode.HasCode(err, errcode.Canceled) || ctx.Err() != nil {
			return nil, err
		}
	}
	return c.linkedViaREST(ctx, owner, repo, number)
}

func (c *Client) linkedViaGraphQL(ctx context.Context, owner, repo string, number int) ([]model.LinkedPR, error) {
	what := fmt.Sprintf("the pull requests linked to %s/%s#%d", owner, repo, number)
	var out []model.LinkedPR
	seen := map[string]bool{}
	vars := map[string]any{"owner": owner, "repo": repo, "number": number, "cursor": nil}
	for range maxTimelinePages {
		var data linkedPRsData
		if err := c.graphql(ctx, LinkedPullRequestsQuery, vars, &data, what); err != nil {
			return nil, err
		}
		if data.Repository == nil || data.Repository.Issue == nil {
			return nil, errcode.New(errcode.NotFound, fmt.Sprintf("GitHub has no issue %s/%s#%d", owner, repo, number),
				"check the owner, repository and number")
		}
		items := data.Repository.Issue.TimelineItems
		for _, n := range items.Nodes {
			pr := n.Subject
			if n.Typename == "CrossReferencedEvent" {
				pr = n.Source
			}
			if pr == nil || pr.Number == 0 {
				continue // the event names an issue, not a pull request
			}
			l := model.LinkedPR{Number: pr.Number, Repo: pr.Repository.NameWithOwner, State: strings.ToLower(pr.State),
				Merged: pr.Merged, Draft: pr.IsDraft, URL: pr.URL}
			if pr.Author != nil {
				l.Author = pr.Author.Login
			}
			out = appendLinked(out, seen, l)
		}
		if !items.PageInfo.HasNextPage {
			break
		}
		vars["cursor"] = items.PageInfo.EndCursor
	}
	return out, nil
}

func appendLinked(out []model.LinkedPR, seen map[string]bool, l model.LinkedPR) []model.LinkedPR {
	key := fmt.Sprintf("%s#%d", strings.ToLower(l.Repo), l.Number)
	if seen[key] {
		return out
	}
	seen[key] = true
	return append(out, l)
}

func (c *Client) linkedViaREST(ctx context.Context, owner, repo string, number int) ([]model.LinkedPR, error) {
	var last *gh.Response
	events, err := collect(ctx, 0, func(ctx context.Context, page, size int) ([]*gh.Timeline, *gh.Response, error) {
		items, resp, err := c.rest.Issues.ListIssueTimeline(ctx, owner, repo, number, &gh.ListOptions{Page: page, PerPage: size})
		last = resp
		return items, resp, err
	})
	if err != nil {
		return nil, classify(last, err, fmt.Sprintf("the timeline of %s/%s#%d", owner, repo, number))
	}
	out := []model.LinkedPR{}
	seen := map[string]bool{}
	for _, ev := range events {
		if ev.GetEvent() != "cross-referenced" || ev.Source == nil || ev.Source.Issue == nil || !ev.Source.Issue.IsPullRequest() {
			continue
		}
		is := ev.Source.Issue
		l := model.LinkedPR{Number: is.GetNumber(), Repo: is.GetRepository().GetFullName(), State: is.GetState(),
			Draft: is.GetDraft(), URL: is.GetHTMLURL(), Author: is.GetUser().GetLogin()}
		if l.Repo == "" {
			l.Repo = repoFromAPIURL(is.GetRepositoryURL())
		}
		if !is.GetPullRequestLinks().GetMergedAt().Time.IsZero() {
			l.Merged, l.State = true, "merged"
		}
		out = appendLinked(out, seen, l)
	}
	return out, nil
}

// graphql posts one query and decodes its data into out.
func (c *Client) graphql(ctx context.Context, query string, vars map[string]any, out any, what string) error {
	payload, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return errcode.Wrap(errcode.Unknown, err, "could not encode the GraphQL query for "+what, "")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.graphqlURL, bytes.NewReader(payload))
	if err != nil {
		return errcode.Wrap(errcode.ConfigInvalid, err, "the GraphQL URL "+c.graphqlURL+" is not valid", "check github.api_url")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return classify(nil, err, what)
	}
	defer resp.Body.Close()
	if err := gh.CheckResponse(resp); err != nil {
		return classify(&gh.Response{Response: resp}, err, what)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return classify(nil, err, what)
	}
	var envelope struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return classify(nil, err, what)
	}
	if len(envelope.Errors) > 0 {
		msgs := make([]string, 0, len(envelope.Errors))
		code := errcode.ProviderFailed
		for _, e := range envelope.Errors {
			msgs = append(msgs, e.Message)
			if e.Type == "NOT_FOUND" {
				code = errcode.NotFound
			}
		}
		return errcode.New(code, "GitHub's GraphQL API could not answer "+what+": "+strings.Join(msgs, "; "),
			"check the owner, repository and number; run with --debug for the cause")
	}
	if len(envelope.Data) == 0 || string(envelope.Data) == "null" {
		return errcode.New(errcode.ProviderBadResponse, "GitHub's GraphQL answer for "+what+" has no data", "try again")
	}
	if err := json.Unmarshal(envelope.Data, out); err != nil {
		return classify(nil, err, what)
	}
	return nil
}
