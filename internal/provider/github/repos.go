package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"

	gh "github.com/google/go-github/v93/github"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// Repository returns a repository's metadata, with the viewer's permission.
func (c *Client) Repository(ctx context.Context, owner, repo string) (model.Repository, error) {
	r, resp, err := c.rest.Repositories.Get(ctx, owner, repo)
	if err != nil {
		return model.Repository{}, classify(resp, err, fmt.Sprintf("repository %s/%s", owner, repo))
	}
	return toRepo(r), nil
}

func toRepo(r *gh.Repository) model.Repository {
	out := model.Repository{
		Owner: r.GetOwner().GetLogin(), Name: r.GetName(), FullName: r.GetFullName(), Description: r.GetDescription(),
		URL: r.GetHTMLURL(), CloneURL: r.GetCloneURL(), SSHURL: r.GetSSHURL(), DefaultBranch: r.GetDefaultBranch(),
		Language: r.GetLanguage(), Topics: r.Topics, License: r.GetLicense().GetSPDXID(),
		Stars: r.GetStargazersCount(), Forks: r.GetForksCount(), OpenIssues: r.GetOpenIssuesCount(),
		Archived: r.GetArchived(), Fork: r.GetFork(), Private: r.GetPrivate(), HasIssues: r.GetHasIssues(),
		PushedAt: r.GetPushedAt().Time, UpdatedAt: r.GetUpdatedAt().Time, CreatedAt: r.GetCreatedAt().Time,
		ParentFullName: r.GetParent().GetFullName(),
	}
	if p := r.Permissions; p != nil {
		switch {
		case p.GetAdmin():
			out.ViewerPermission = "admin"
		case p.GetMaintain():
			out.ViewerPermission = "maintain"
		case p.GetPush():
			out.ViewerPermission = "write"
		case p.GetTriage():
			out.ViewerPermission = "triage"
		case p.GetPull():
			out.ViewerPermission = "read"
		}
		out.ViewerCanPush = p.GetAdmin() || p.GetMaintain() || p.GetPush()
	}
	return out
}

// FileContent reads one file at ref (empty: the default branch).
func (c *Client) FileContent(ctx context.Context, owner, repo, path, ref string) (model.FileContent, error) {
	what := fmt.Sprintf("file %s in %s/%s", path, owner, repo)
	if ref != "" {
		what += " at " + ref
	}
	var opts *gh.RepositoryContentGetOptions
	if ref != "" {
		opts = &gh.RepositoryContentGetOptions{Ref: ref}
	}
	file, dir, resp, err := c.rest.Repositories.GetContents(ctx, owner, repo, strings.TrimPrefix(path, "/"), opts)
	if err != nil {
		return model.FileContent{}, classify(resp, err, what)
	}
	if file == nil || dir != nil {
		return model.FileContent{}, errcode.New(errcode.InvalidInput, path+" in "+owner+"/"+repo+" is a directory, not a file",
			"name a file inside it")
	}
	out := model.FileContent{Path: file.GetPath(), SHA: file.GetSHA(), Size: file.GetSize(), URL: file.GetHTMLURL()}
	if file.GetEncoding() == "none" {
		// Files over 1 MB come without content; the raw media type has it.
		raw, err := c.rawContent(ctx, owner, repo, path, ref)
		if err != nil {
			return model.FileContent{}, classify(nil, err, what)
		}
		out.Content = raw
		return out, nil
	}
	text, err := file.GetContent()
	if err != nil {
		return model.FileContent{}, errcode.Wrap(errcode.ProviderBadResponse, err, "GitHub's content of "+what+" could not be decoded",
			"try again; if it keeps failing, report the file to GitHub")
	}
	out.Content = []byte(text)
	return out, nil
}

func (c *Client) rawContent(ctx context.Context, owner, repo, path, ref string) ([]byte, error) {
	u := fmt.Sprintf("repos/%s/%s/contents/%s", url.PathEscape(owner), url.PathEscape(repo), escapePath(path))
	if ref != "" {
		u += "?ref=" + url.QueryEscape(ref)
	}
	req, err := c.rest.NewRequest(ctx, "GET", u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github.raw+json")
	var buf bytes.Buffer
	if _, err := c.rest.Do(req, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func escapePath(p string) string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// CreateFork forks a repository into the viewer's account. GitHub answers
// 202 and creates the fork in the background; the result names it.
func (c *Client) CreateFork(ctx context.Context, owner, repo string) (model.Repository, error) {
	fork, resp, err := c.rest.Repositories.CreateFork(ctx, owner, repo, gh.CreateForkRequest{})
	var accepted *gh.AcceptedError
	if errors.As(err, &accepted) {
		var r gh.Repository
		if jerr := json.Unmarshal(accepted.Raw, &r); jerr != nil {
			return model.Repository{}, classify(resp, jerr, fmt.Sprintf("the fork of %s/%s", owner, repo))
		}
		return toRepo(&r), nil
	}
	if err != nil {
		return model.Repository{}, classify(resp, err, fmt.Sprintf("a fork of %s/%s", owner, repo))
	}
	return toRepo(fork), nil
}

// CurrentUser returns the authenticated user.
func (c *Client) CurrentUser(ctx context.Context) (model.User, error) {
	u, resp, err := c.rest.Users.Get(ctx, "")
	if err != nil {
		return model.User{}, classify(resp, err, "the authenticated user")
	}
	return model.User{Login: u.GetLogin(), Name: u.GetName(), URL: u.GetHTMLURL()}, nil
}

// Languages returns the bytes of code per language GitHub's linguist
// counted in a repository.
func (c *Client) Languages(ctx context.Context, owner, repo string) (map[string]int, error) {
	langs, resp, err := c.rest.Repositories.ListLanguages(ctx, owner, repo)
	if err != nil {
		return nil, classify(resp, err, fmt.Sprintf("the languages of %s/%s", owner, repo))
	}
	return langs, nil
}

// RateLimits returns the state of the core, search and graphql buckets.
// Asking costs no rate limit.
func (c *Client) RateLimits(ctx context.Context) ([]model.RateLimit, error) {
	rl, resp, err := c.rest.RateLimit.Get(ctx)
	if err != nil {
		return nil, classify(resp, err, "the rate limits")
	}
	var out []model.RateLimit
	add := func(name string, r *gh.Rate) {
		if r != nil {
			out = append(out, model.RateLimit{Limit: r.Limit, Remaining: r.Remaining, Reset: r.Reset.Time, Resource: name})
		}
	}
	add("core", rl.Core)
	add("search", rl.Search)
	add("graphql", rl.GraphQL)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Resource < out[j].Resource })
	return out, nil
}
