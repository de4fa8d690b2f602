package github

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// Bounds on the requests of one discovery. With a token an issue search
// costs at most ceil(limit/issuePage) search pages plus
// ceil(activityRepos/activityBatch) activity requests; see DESIGN notes in
// Discoverer.
const (
	issuePage      = 50  // issues per GraphQL search page (bodies and timelines make pages heavy)
	repoPage       = 50  // repositories per GraphQL search page
	maxResults     = 200 // results read per discovery, whatever the limit asks
	activityBatch  = 10  // repositories per activity request
	activityRepos  = 20  // repositories whose activity is read per discovery
	restRepos      = 5   // repositories described per discovery on the REST path
	restEnrichDef  = 5   // issues whose comments and timeline the REST path reads
	userPRsPerPage = 50
)

// Discoverer runs discovery searches: batched GraphQL with a token, REST
// search plus bounded per-repository calls without one. Every answer
// counts the requests it cost; GraphQL answers are kept in Cache (REST
// answers in the transport's ETag cache), so a repeated query within the
// freshness window costs none.
type Discoverer struct {
	c     *Client
	cache *GraphQLCache
	now   func() time.Time
}

// NewDiscoverer returns a Discoverer over c; cache may be nil.
func NewDiscoverer(c *Client, cache *GraphQLCache) *Discoverer {
	if cache != nil && cache.Redactor == nil {
		cache.Redactor = c.redactor
	}
	return &Discoverer{c: c, cache: cache, now: time.Now}
}

// Anonymous reports whether the client has no token (and so no GraphQL).
func (d *Discoverer) Anonymous() bool { return d.c.anonymous }

// fetch counts the requests of one discovery.
type fetch struct {
	info   model.FetchInfo
	served int // answers served from the cache
}

func (f *fetch) note(s string) { f.info.Notes = append(f.info.Notes, s) }

func (f *fetch) done() model.FetchInfo {
	f.info.Cached = f.info.Requests == 0 && f.served > 0
	return f.info
}

// query sends one GraphQL query, or answers it from the cache.
func (d *Discoverer) query(ctx context.Context, f *fetch, query string, vars map[string]any, out any, what string) error {
	key := gqlKey(d.c.graphqlURL, query, vars)
	if raw, ok := d.cache.get(ctx, key); ok {
		if err := json.Unmarshal(raw, out); err == nil {
			f.served++
			return nil
		}
	}
	var raw json.RawMessage
	f.info.Requests++
	if err := d.c.graphql(ctx, query, vars, &raw, what); err != nil {
		return err
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return errcode.Wrap(errcode.ProviderBadResponse, err, "GitHub's answer for "+what+" could not be read", "try again")
	}
	d.cache.put(ctx, key, raw)
	return nil
}

func gitTimestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// since is the start of the commit window, cut to the day: the window
// is a variable of the cached query, and a start that moved with the clock
// would never hit the cache.
func (d *Discoverer) since(q model.DiscoverQuery) time.Time {
	t := q.Since
	if t.IsZero() {
		t = d.now().Add(-90 * 24 * time.Hour)
	}
	return t.UTC().Truncate(24 * time.Hour)
}

func boundedLimit(limit int) int {
	if limit <= 0 {
		return defaultLimit
	}
	return min(limit, maxResults)
}

type pageInfo struct {
	HasNextPage bool   `json:"hasNextPage"`
	EndCursor   string `json:"endCursor"`
}

// DiscoverIssues runs an issue search; see discovery.Source in the discovery service.
func (d *Discoverer) DiscoverIssues(ctx context.Context, q model.DiscoverQuery) (model.IssueDiscovery, error) {
	if d.c.anonymous {
		return d.issuesViaREST(ctx, q)
	}
	f := &fetch{info: model.FetchInfo{Via: "graphql"}}
	limit, since := boundedLimit(q.Limit), d.since(q)
	out := model.IssueDiscovery{Issues: []model.DiscoveredIssue{}, Repos: map[string]model.RepoSignals{}}
	var after any
	for len(out.Issues) < limit {
		var data struct {
			Search struct {
				IssueCount int        `json:"issueCount"`
				PageInfo   pageInfo   `json:"pageInfo"`
				Nodes      []gqlIssue `json:"nodes"`
			} `json:"search"`
		}
		vars := map[string]any{"q": q.Query, "first": min(issuePage, limit-len(out.Issues)), "after": after, "since": gitTimestamp(since)}
		if err := d.query(ctx, f, DiscoverIssuesQuery, vars, &data, fmt.Sprintf("the issue search %q", q.Query)); err != nil {
			return out, err
		}
		out.Total = data.Search.IssueCount
		for i := range data.Search.Nodes {
			n := &data.Search.Nodes[i]
			if n.Typename != "Issue" || n.Repository == nil {
				continue // pull requests match some searches
			}
			key := strings.ToLower(n.Repository.NameWithOwner)
			if _, ok := out.Repos[key]; !ok {
				out.Repos[key] = n.Repository.signals(since)
			}
			out.Issues = append(out.Issues, n.discovered())
		}
		if !data.Search.PageInfo.HasNextPage || len(data.Search.Nodes) == 0 {
			break
		}
		after = data.Search.PageInfo.EndCursor
	}
	if q.Activity {
		if err := d.addActivity(ctx, f, out.Repos, repoOrder(out.Issues)); err != nil {
			return out, err
		}
	}
	out.Fetch = f.done()
	return out, nil
}

// repoOrder lists the repositories of issues in the order they first appear.
func repoOrder(issues []model.DiscoveredIssue) []string {
	seen := map[string]bool{}
	var out []string
	for _, is := range issues {
		k := strings.ToLower(is.Issue.Repo)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// addActivity reads the recent activity of the first activityRepos
// repositories of order, activityBatch to a request.
func (d *Discoverer) addActivity(ctx context.Context, f *fetch, repos map[string]model.RepoSignals, order []string) error {
	if len(order) > activityRepos {
		f.note(fmt.Sprintf("maintainer response time and newcomer merges were read for the first %d of %d repositories", activityRepos, len(order)))
		order = order[:activityRepos]
	}
	for start := 0; start < len(order); start += activityBatch {
		batch := order[start:min(start+activityBatch, len(order))]
		got, err := d.activityBatch(ctx, f, batch, false, time.Time{})
		if err != nil {
			return err
		}
		for i, k := range batch {
			if r := got[i]; r != nil {
				s := repos[k]
				s.Activity = r.activity()
				repos[k] = s
			}
		}
	}
	return nil
}

// activityBatch asks for the activity (and, withSignals, the signals) of
// up to activityBatch repositories named OWNER/REPO; a missing repository
// is nil in the result.
func (d *Discoverer) activityBatch(ctx context.Context, f *fetch, names []string, withSignals bool, since time.Time) ([]*gqlRepo, error) {
	vars := map[string]any{}
	if withSignals {
		vars["since"] = gitTimestamp(since)
	}
	for i, full := range names {
		owner, name, _ := strings.Cut(full, "/")
		vars[fmt.Sprintf("o%d", i)], vars[fmt.Sprintf("n%d", i)] = owner, name
	}
	var data map[string]*gqlRepo
	if err := d.query(ctx, f, ActivityQuery(len(names), withSignals), vars, &data, "the activity of "+strings.Join(names, ", ")); err != nil {
		return nil, err
	}
	out := make([]*gqlRepo, len(names))
	for i := range names {
		out[i] = data[fmt.Sprintf("r%d", i)]
	}
	return out, nil
}

// DiscoverRepos runs a repository search; see discovery.Source in the discovery service.
func (d *Discoverer) DiscoverRepos(ctx context.Context, q model.DiscoverQuery) (model.RepoDiscovery, error) {
	if d.c.anonymous {
		return d.reposViaREST(ctx, q)
	}
	f := &fetch{info: model.FetchInfo{Via: "graphql"}}
	limit, since := boundedLimit(q.Limit), d.since(q)
	out := model.RepoDiscovery{Repos: []model.RepoSignals{}}
	var after any
	for len(out.Repos) < limit {
		var data struct {
			Search struct {
				RepositoryCount int       `json:"repositoryCount"`
				PageInfo        pageInfo  `json:"pageInfo"`
				Nodes           []gqlRepo `json:"nodes"`
			} `json:"search"`
		}
		vars := map[string]any{"q": q.Query, "first": min(repoPage, limit-len(out.Repos)), "after": after, "since": gitTimestamp(since)}
		if err := d.query(ctx, f, DiscoverReposQuery, vars, &data, fmt.Sprintf("the repository search %q", q.Query)); err != nil {
			return out, err
		}
		out.Total = data.Search.RepositoryCount
		for i := range data.Search.Nodes {
			if n := &data.Search.Nodes[i]; n.NameWithOwner != "" {
				out.Repos = append(out.Repos, n.signals(since))
			}
		}
		if !data.Search.PageInfo.HasNextPage || len(data.Search.Nodes) == 0 {
			break
		}
		after = data.Search.PageInfo.EndCursor
	}
	if q.Activity {
		m := map[string]model.RepoSignals{}
		var order []string
		for _, r := range out.Repos {
			k := strings.ToLower(r.FullName)
			m[k] = r
			order = append(order, k)
		}
		if err := d.addActivity(ctx, f, m, order); err != nil {
			return out, err
		}
		for i, r := range out.Repos {
			out.Repos[i] = m[strings.ToLower(r.FullName)]
		}
	}
	out.Fetch = f.done()
	return out, nil
}

// RepoSignals reads one repository's signals and activity: one GraphQL
// request with a token, four REST requests without.
func (d *Discoverer) RepoSignals(ctx context.Context, owner, repo string, since time.Time) (model.RepoSignals, model.FetchInfo, error) {
	since = d.since(model.DiscoverQuery{Since: since})
	if d.c.anonymous {
		f := &fetch{info: model.FetchInfo{Via: "rest"}}
		s, err := d.restSignals(ctx, f, owner+"/"+repo, since)
		f.note("without a token, maintainer response time and newcomers' merge share are not measured (they need GraphQL)")
		return s, f.done(), err
	}
	f := &fetch{info: model.FetchInfo{Via: "graphql"}}
	got, err := d.activityBatch(ctx, f, []string{owner + "/" + repo}, true, since)
	if err != nil {
		return model.RepoSignals{}, f.done(), err
	}
	if got[0] == nil {
		return model.RepoSignals{}, f.done(), errcode.New(errcode.NotFound, fmt.Sprintf("GitHub has no repository %s/%s", owner, repo),
			"check the owner and name, and that your token can see the repository")
	}
	s := got[0].signals(since)
	s.Activity = got[0].activity()
	return s, f.done(), nil
}

// UserActivity reads the viewer's repositories and recent pull requests in
// two GraphQL requests (who the viewer is, then everything else).
func (d *Discoverer) UserActivity(ctx context.Context) (model.UserActivity, error) {
	if d.c.anonymous {
		return model.UserActivity{}, errcode.New(errcode.ProviderAuthMissing, "reading your GitHub activity needs a token",
			"run 'gh auth login' or set GH_TOKEN")
	}
	f := &fetch{info: model.FetchInfo{Via: "graphql"}}
	var who struct {
		Viewer struct {
			Login string `json:"login"`
		} `json:"viewer"`
	}
	if err := d.query(ctx, f, ViewerQuery, map[string]any{}, &who, "the authenticated user"); err != nil {
		return model.UserActivity{}, err
	}
	var data struct {
		Viewer struct {
			Repositories struct {
				Nodes []struct {
					PrimaryLanguage *struct {
						Name string `json:"name"`
					} `json:"primaryLanguage"`
				} `json:"nodes"`
			} `json:"repositories"`
		} `json:"viewer"`
		Search struct {
			Nodes []struct {
				Typename   string    `json:"__typename"`
				Number     int       `json:"number"`
				State      string    `json:"state"`
				Merged     bool      `json:"merged"`
				CreatedAt  time.Time `json:"createdAt"`
				Repository *struct {
					NameWithOwner   string `json:"nameWithOwner"`
					PrimaryLanguage *struct {
						Name string `json:"name"`
					} `json:"primaryLanguage"`
				} `json:"repository"`
			} `json:"nodes"`
		} `json:"search"`
	}
	q := "is:pr author:" + who.Viewer.Login + " sort:created-desc"
	if err := d.query(ctx, f, UserPullRequestsQuery, map[string]any{"q": q}, &data, "your pull requests"); err != nil {
		return model.UserActivity{}, err
	}
	out := model.UserActivity{Login: who.Viewer.Login, RepoLanguages: map[string]int{}, PullRequests: []model.UserPR{}}
	for _, n := range data.Viewer.Repositories.Nodes {
		if n.PrimaryLanguage != nil && n.PrimaryLanguage.Name != "" {
			out.RepoLanguages[n.PrimaryLanguage.Name]++
		}
	}
	for _, n := range data.Search.Nodes {
		if n.Typename != "PullRequest" || n.Repository == nil {
			continue
		}
		pr := model.UserPR{Repo: n.Repository.NameWithOwner, Number: n.Number, State: strings.ToLower(n.State), Merged: n.Merged, CreatedAt: n.CreatedAt}
		if n.Repository.PrimaryLanguage != nil {
			pr.Language = n.Repository.PrimaryLanguage.Name
		}
		out.PullRequests = append(out.PullRequests, pr)
	}
	out.Fetch = f.done()
	return out, nil
}
