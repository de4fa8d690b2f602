package github

import (
	"context"
	"fmt"
	"strings"
	"time"

	gh "github.com/google/go-github/v93/github"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/transport"
)

// The REST path serves discovery without a token (GraphQL has no
// anonymous access). It costs, per discovery:
//
//	search pages:        ceil(limit/100)
//	per repository:      4 (repository, community profile, commits since, .github/workflows), for the first q.MaxRepos (default restRepos)
//	per issue (enrich):  2 (comments, timeline), for the first q.Enrich issues (default restEnrichDef)
//
// so at most ceil(limit/100) + 4*maxRepos + 2*enrich requests, each
// served from the transport's cache when fresh.

// count records one REST call; an answer the cache served while fresh
// made no request.
func (f *fetch) count(resp *gh.Response) {
	if resp != nil && resp.Response != nil && resp.Header.Get(transport.HeaderFromCache) == transport.FromCacheFresh {
		f.served++
		return
	}
	f.info.Requests++
}

const restNote = "without a token: REST search; maintainer response time and newcomers' merge share are not measured (they need GraphQL)"

func (d *Discoverer) issuesViaREST(ctx context.Context, q model.DiscoverQuery) (model.IssueDiscovery, error) {
	f := &fetch{info: model.FetchInfo{Via: "rest"}}
	f.note(restNote)
	limit, since := boundedLimit(q.Limit), d.since(q)
	out := model.IssueDiscovery{Issues: []model.DiscoveredIssue{}, Repos: map[string]model.RepoSignals{}}
	opts := &gh.SearchOptions{ListOptions: gh.ListOptions{PerPage: min(perPage, limit)}}
	for len(out.Issues) < limit {
		res, resp, err := d.c.rest.Search.Issues(ctx, q.Query, opts)
		f.count(resp)
		if err != nil {
			return out, classify(resp, err, fmt.Sprintf("the search %q", q.Query))
		}
		out.Total = res.GetTotal()
		for _, is := range res.Issues {
			if is.IsPullRequest() || len(out.Issues) == limit {
				continue
			}
			iss := toIssue(is, "")
			out.Issues = append(out.Issues, model.DiscoveredIssue{Issue: iss, Comments: []model.Comment{}})
		}
		if resp.NextPage == 0 || len(res.Issues) == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	order, maxRepos := repoOrder(out.Issues), restRepos
	if q.MaxRepos > 0 {
		maxRepos = q.MaxRepos
	}
	if len(order) > maxRepos {
		f.note(fmt.Sprintf("without a token, repository signals were read for the first %d of %d repositories", maxRepos, len(order)))
		order = order[:maxRepos]
	}
	for _, k := range order {
		s, err := d.restSignals(ctx, f, k, since)
		if errcode.HasCode(err, errcode.NotFound) {
			continue
		}
		if err != nil {
			return out, err
		}
		out.Repos[k] = s
	}
	enrich := q.Enrich
	if enrich <= 0 {
		enrich = restEnrichDef
	}
	if len(out.Issues) > enrich {
		f.note(fmt.Sprintf("without a token, comments and linked pull requests were read for the first %d of %d issues", enrich, len(out.Issues)))
	}
	for i := range out.Issues[:min(enrich, len(out.Issues))] {
		if err := d.enrichREST(ctx, f, &out.Issues[i]); err != nil {
			return out, err
		}
	}
	out.Fetch = f.done()
	return out, nil
}

// enrichREST reads an issue's latest comments and its timeline's linked
// pull requests, one page each.
func (d *Discoverer) enrichREST(ctx context.Context, f *fetch, di *model.DiscoveredIssue) error {
	owner, repo, _ := strings.Cut(di.Issue.Repo, "/")
	n := di.Issue.Number
	what := fmt.Sprintf("%s#%d", di.Issue.Repo, n)
	// The last page holds the latest comments; with at most 100 that is page 1.
	page := 1
	if di.Issue.Comments > perPage {
		page = (di.Issue.Comments + perPage - 1) / perPage
	}
	comments, resp, err := d.c.rest.Issues.ListComments(ctx, owner, repo, n,
		&gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{Page: page, PerPage: perPage}})
	f.count(resp)
	if err != nil {
		return classify(resp, err, "the comments of "+what)
	}
	for _, c := range comments {
		di.Comments = append(di.Comments, model.Comment{ID: c.GetID(), Author: c.GetUser().GetLogin(),
			AuthorAssociation: c.GetAuthorAssociation(), Body: c.GetBody(), CreatedAt: c.GetCreatedAt().Time, URL: c.GetHTMLURL()})
	}
	events, resp, err := d.c.rest.Issues.ListIssueTimeline(ctx, owner, repo, n, &gh.ListOptions{PerPage: perPage})
	f.count(resp)
	if err != nil {
		return classify(resp, err, "the timeline of "+what)
	}
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
		di.Issue.LinkedPRs = appendLinked(di.Issue.LinkedPRs, seen, l)
	}
	di.Checked = true
	return nil
}

// restSignals reads one repository's signals in four REST requests.
func (d *Discoverer) restSignals(ctx context.Context, f *fetch, full string, since time.Time) (model.RepoSignals, error) {
	owner, name, _ := strings.Cut(full, "/")
	r, resp, err := d.c.rest.Repositories.Get(ctx, owner, name)
	f.count(resp)
	if err != nil {
		return model.RepoSignals{}, classify(resp, err, "repository "+full)
	}
	s := restRepoSignals(r)
	health, resp, err := d.c.rest.Repositories.GetCommunityHealthMetrics(ctx, owner, name)
	f.count(resp)
	switch {
	case err == nil && health.Files != nil:
		has := health.Files.Contributing != nil
		s.HasContributing = &has
		if c := health.Files.CodeOfConduct; c != nil {
			s.CodeOfConduct = c.GetName()
		}
		if s.License == "" && health.Files.License != nil {
			s.License = health.Files.License.GetSPDXID()
		}
	case err != nil && resp != nil && resp.StatusCode != 404:
		return s, classify(resp, err, "the community profile of "+full)
	}
	commits, resp, err := d.c.rest.Repositories.ListCommits(ctx, owner, name,
		&gh.CommitsListOptions{Since: since, ListOptions: gh.ListOptions{PerPage: perPage}})
	f.count(resp)
	switch {
	case err == nil:
		n := len(commits)
		s.RecentCommits, s.CommitsSince = &n, since.UTC()
		if resp.NextPage != 0 {
			f.note(fmt.Sprintf("%s: at least %d commits since %s (only one page read)", full, n, since.Format("2006-01-02")))
		}
	case resp != nil && resp.StatusCode == 409: // an empty repository
		n := 0
		s.RecentCommits, s.CommitsSince = &n, since.UTC()
	default:
		return s, classify(resp, err, "the commits of "+full)
	}
	_, dir, resp, err := d.c.rest.Repositories.GetContents(ctx, owner, name, ".github/workflows", nil)
	f.count(resp)
	switch {
	case err == nil:
		ci := 0
		for _, e := range dir {
			if n := e.GetName(); strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml") {
				ci++
			}
		}
		s.CIWorkflows = &ci
	case resp != nil && resp.StatusCode == 404:
		ci := 0
		s.CIWorkflows = &ci
	default:
		return s, classify(resp, err, "the workflows of "+full)
	}
	return s, nil
}

func restRepoSignals(r *gh.Repository) model.RepoSignals {
	return model.RepoSignals{
		FullName: r.GetFullName(), Description: r.GetDescription(), URL: r.GetHTMLURL(),
		Stars: r.GetStargazersCount(), Forks: r.GetForksCount(), Archived: r.GetArchived(), Fork: r.GetFork(),
		HasIssues: r.GetHasIssues(), PushedAt: r.GetPushedAt().Time, Language: r.GetLanguage(), Topics: r.Topics,
		License: r.GetLicense().GetSPDXID(),
		// REST counts open pull requests among open issues; the split needs another call.
		OpenIssues: r.GetOpenIssuesCount(),
	}
}

func (d *Discoverer) reposViaREST(ctx context.Context, q model.DiscoverQuery) (model.RepoDiscovery, error) {
	f := &fetch{info: model.FetchInfo{Via: "rest"}}
	f.note(restNote)
	limit, since := boundedLimit(q.Limit), d.since(q)
	out := model.RepoDiscovery{Repos: []model.RepoSignals{}}
	opts := &gh.SearchOptions{ListOptions: gh.ListOptions{PerPage: min(perPage, limit)}}
	for len(out.Repos) < limit {
		res, resp, err := d.c.rest.Search.Repositories(ctx, q.Query, opts)
		f.count(resp)
		if err != nil {
			return out, classify(resp, err, fmt.Sprintf("the repository search %q", q.Query))
		}
		out.Total = res.GetTotal()
		for _, r := range res.Repositories {
			if len(out.Repos) < limit {
				out.Repos = append(out.Repos, restRepoSignals(r))
			}
		}
		if resp.NextPage == 0 || len(res.Repositories) == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	n := min(restRepos, len(out.Repos))
	if len(out.Repos) > n {
		f.note(fmt.Sprintf("without a token, CONTRIBUTING, CI and commit activity were read for the first %d of %d repositories", n, len(out.Repos)))
	}
	for i := range out.Repos[:n] {
		s, err := d.restSignals(ctx, f, out.Repos[i].FullName, since)
		if errcode.HasCode(err, errcode.NotFound) {
			continue
		}
		if err != nil {
			return out, err
		}
		out.Repos[i] = s
	}
	out.Fetch = f.done()
	return out, nil
}
