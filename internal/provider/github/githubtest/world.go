package githubtest

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// World is a small GitHub for GraphQL: repositories with their issues,
// pull requests, commits and files, and the viewer. ServeWorld answers
// every GraphQL query from it (search, repository, viewer, rateLimit),
// validated against GitHub's schema and shaped by the query itself.
type World struct {
	Repos  []*WRepo
	Viewer WUser
}

// WRepo is a repository of the World.
type WRepo struct {
	Owner, Name   string
	Description   string
	Language      string
	Topics        []string
	Stars, Forks  int
	Archived      bool
	Fork          bool
	IssuesOff     bool // issues disabled
	PushedAt      time.Time
	License       string // an SPDX id, "" for none
	CodeOfConduct string // a name, "" for none
	// Files are paths present on the default branch (CONTRIBUTING.md,
	// .github/workflows/ci.yml, ...).
	Files []string
	// Commits are the dates of the default branch's commits.
	Commits []time.Time
	Issues  []*WIssue
	Pulls   []*WPull
}

// WIssue is an issue of a WRepo.
type WIssue struct {
	Number            int
	Title, Body       string
	Labels            []string
	Assignees         []string
	Locked, Closed    bool
	Author            string
	AuthorAssociation string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Comments          []WComment
	Linked            []WLinked
}

// WComment is a comment or a review.
type WComment struct {
	Author, Association, Body string
	At                        time.Time
}

// WLinked is a pull request in an issue's timeline.
type WLinked struct {
	Number int
	// State is OPEN, CLOSED or MERGED.
	State  string
	Author string
	// Connected is a ConnectedEvent (linked in the sidebar); otherwise a
	// CrossReferencedEvent (mentioned from the pull request).
	Connected bool
}

// WPull is a pull request of a WRepo.
type WPull struct {
	Number            int
	Author            string
	AuthorAssociation string
	CreatedAt         time.Time
	// State is OPEN, CLOSED or MERGED.
	State    string
	Comments []WComment
	Reviews  []WComment
}

// WUser is the viewer: their repositories' languages and pull requests.
type WUser struct {
	Login         string
	RepoLanguages []string
	// PullRepos are the repositories ("owner/name") of the viewer's pull
	// requests, newest first, each merged when listed in Merged.
	PullRepos []string
	Merged    []bool
}

// ServeWorld answers every GraphQL query from w. A test may change w
// between requests; the answer reflects it.
func (s *Server) ServeWorld(w *World) {
	s.HandleGraphQL("", func(q *GraphQLRequest) Response {
		data, err := Execute(q.Document, q.Variables, w.root(s))
		if err != nil {
			s.t.Errorf("githubtest: executing %s: %v", q.OperationName, err)
			return GraphQLErrors(err.Error())
		}
		return Response{Status: http.StatusOK, Body: map[string]any{"data": data}}
	})
}

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func actor(login string) any {
	if login == "" {
		return nil
	}
	return map[string]any{"__typename": "User", "login": login, "__implements": []string{"Actor"}}
}

func (w *World) repo(full string) *WRepo {
	for _, r := range w.Repos {
		if strings.EqualFold(r.Owner+"/"+r.Name, full) {
			return r
		}
	}
	return nil
}

func (w *World) root(s *Server) map[string]any {
	objs := map[*WRepo]map[string]any{}
	repoObj := func(r *WRepo) map[string]any {
		if r == nil {
			return nil
		}
		if o, ok := objs[r]; ok {
			return o
		}
		o := map[string]any{}
		objs[r] = o
		r.fill(o, s)
		return o
	}
	repoOf := func(full string) any {
		if o := repoObj(w.repo(full)); o != nil {
			return o
		}
		return nil
	}
	return map[string]any{
		"rateLimit": map[string]any{"cost": 1, "remaining": 4999, "resetAt": ts(time.Now().Add(time.Hour)), "limit": 5000, "used": 1},
		"repository": Resolver(func(a map[string]any) any {
			return repoOf(ArgString(a, "owner") + "/" + ArgString(a, "name"))
		}),
		"viewer": w.viewerObj(repoOf),
		"search": Resolver(func(a map[string]any) any {
			return w.search(a, repoObj, repoOf)
		}),
	}
}

func (w *World) viewerObj(repoOf func(string) any) map[string]any {
	var repos []any
	for _, l := range w.Viewer.RepoLanguages {
		repos = append(repos, map[string]any{"__typename": "Repository", "primaryLanguage": map[string]any{"name": l}})
	}
	return map[string]any{
		"__typename": "User", "login": w.Viewer.Login,
		"repositories": Resolver(func(a map[string]any) any {
			return connection(repos, a)
		}),
	}
}

// connection pages a list by first/last/after (cursors are indexes).
func connection(items []any, a map[string]any) map[string]any {
	start := 0
	if c := ArgString(a, "after"); c != "" {
		if n, err := strconv.Atoi(c); err == nil {
			start = n + 1
		}
	}
	rest := items[min(start, len(items)):]
	end := len(rest)
	if f := ArgInt(a, "first", -1); f >= 0 {
		end = min(f, len(rest))
	}
	page := rest[:end]
	if l := ArgInt(a, "last", -1); l >= 0 && l < len(page) {
		page = page[len(page)-l:]
		start += end - l
	}
	if page == nil {
		page = []any{}
	}
	cursor := ""
	if len(page) > 0 {
		cursor = strconv.Itoa(start + len(page) - 1)
	}
	return map[string]any{
		"totalCount": len(items), "issueCount": len(items), "repositoryCount": len(items), "nodes": page,
		"pageInfo": map[string]any{"hasNextPage": start+len(page) < len(items), "endCursor": cursor},
	}
}

func (r *WRepo) full() string { return r.Owner + "/" + r.Name }

func (r *WRepo) has(path string) bool { return slices.Contains(r.Files, path) }

func (r *WRepo) fill(o map[string]any, s *Server) {
	o["__typename"] = "Repository"
	o["nameWithOwner"], o["name"] = r.full(), r.Name
	o["owner"] = map[string]any{"__typename": "Organization", "login": r.Owner}
	o["description"], o["url"] = r.Description, "https://github.com/"+r.full()
	o["stargazerCount"], o["forkCount"] = r.Stars, r.Forks
	o["isArchived"], o["isFork"], o["hasIssuesEnabled"] = r.Archived, r.Fork, !r.IssuesOff
	o["pushedAt"] = ts(r.PushedAt)
	o["primaryLanguage"], o["licenseInfo"], o["codeOfConduct"] = nil, nil, nil
	if r.Language != "" {
		o["primaryLanguage"] = map[string]any{"name": r.Language}
	}
	if r.License != "" {
		o["licenseInfo"] = map[string]any{"spdxId": r.License, "name": r.License}
	}
	if r.CodeOfConduct != "" {
		o["codeOfConduct"] = map[string]any{"name": r.CodeOfConduct}
	}
	o["repositoryTopics"] = Resolver(func(a map[string]any) any {
		var nodes []any
		for _, t := range r.Topics {
			nodes = append(nodes, map[string]any{"topic": map[string]any{"name": t}})
		}
		return connection(nodes, a)
	})
	o["object"] = Resolver(func(a map[string]any) any { return r.object(ArgString(a, "expression")) })
	o["issues"] = Resolver(func(a map[string]any) any { return r.issueConn(a, o) })
	o["pullRequests"] = Resolver(func(a map[string]any) any { return r.pullConn(a) })
	o["defaultBranchRef"] = map[string]any{"name": "main", "target": map[string]any{
		"__typename": "Commit", "__implements": []string{"GitObject"},
		"history": Resolver(func(a map[string]any) any {
			since, _ := time.Parse(time.RFC3339, ArgString(a, "since"))
			n := 0
			for _, c := range r.Commits {
				if !c.Before(since) {
					n++
				}
			}
			return map[string]any{"totalCount": n}
		}),
	}}
	if len(r.Commits) == 0 && len(r.Files) == 0 {
		o["defaultBranchRef"] = nil
	}
}

// object answers object(expression: "HEAD:path"): a Blob for a file, a
// Tree for a folder holding files, nil otherwise.
func (r *WRepo) object(expr string) any {
	_, path, _ := strings.Cut(expr, ":")
	if r.has(path) {
		return map[string]any{"__typename": "Blob", "__implements": []string{"GitObject"}, "id": "blob:" + path}
	}
	var entries []any
	for _, f := range r.Files {
		if rest, ok := strings.CutPrefix(f, path+"/"); ok && !strings.Contains(rest, "/") {
			entries = append(entries, map[string]any{"name": rest, "type": "blob"})
		}
	}
	if entries == nil {
		return nil
	}
	return map[string]any{"__typename": "Tree", "__implements": []string{"GitObject"}, "id": "tree:" + path, "entries": entries}
}

func statesMatch(states []string, st string) bool {
	return len(states) == 0 || slices.Contains(states, st)
}

func (r *WRepo) issueConn(a map[string]any, repo map[string]any) any {
	states, labels := ArgStrings(a, "states"), ArgStrings(a, "labels")
	list := slices.Clone(r.Issues)
	sort.SliceStable(list, func(i, j int) bool { return list[i].CreatedAt.After(list[j].CreatedAt) })
	var nodes []any
	for _, is := range list {
		st := "OPEN"
		if is.Closed {
			st = "CLOSED"
		}
		if statesMatch(states, st) && hasAll(is.Labels, labels) {
			nodes = append(nodes, is.obj(repo))
		}
	}
	return connection(nodes, a)
}

func hasAll(have, want []string) bool {
	for _, w := range want {
		if !slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, w) }) {
			return false
		}
	}
	return true
}

func (r *WRepo) pullConn(a map[string]any) any {
	states := ArgStrings(a, "states")
	list := slices.Clone(r.Pulls)
	sort.SliceStable(list, func(i, j int) bool { return list[i].CreatedAt.After(list[j].CreatedAt) })
	var nodes []any
	for _, p := range list {
		if statesMatch(states, cmpOr(p.State, "OPEN")) {
			nodes = append(nodes, p.obj(r))
		}
	}
	return connection(nodes, a)
}

func commentObjs(cs []WComment, review bool) []any {
	var out []any
	for i, c := range cs {
		o := map[string]any{"author": actor(c.Author), "authorAssociation": cmpOr(c.Association, "NONE"), "body": c.Body,
			"createdAt": ts(c.At), "databaseId": i + 1, "url": fmt.Sprintf("https://github.com/comment/%d", i+1)}
		if review {
			o["submittedAt"] = ts(c.At)
		}
		out = append(out, o)
	}
	return out
}

func (p *WPull) obj(r *WRepo) map[string]any {
	st := cmpOr(p.State, "OPEN")
	return map[string]any{
		"__typename": "PullRequest", "number": p.Number, "createdAt": ts(p.CreatedAt), "state": st, "merged": st == "MERGED",
		"authorAssociation": cmpOr(p.AuthorAssociation, "NONE"), "author": actor(p.Author), "isDraft": false,
		"url":        fmt.Sprintf("https://github.com/%s/pull/%d", r.full(), p.Number),
		"repository": map[string]any{"nameWithOwner": r.full()},
		"comments":   Resolver(func(a map[string]any) any { return connection(commentObjs(p.Comments, false), a) }),
		"reviews":    Resolver(func(a map[string]any) any { return connection(commentObjs(p.Reviews, true), a) }),
	}
}

func (is *WIssue) obj(repo map[string]any) map[string]any {
	full, _ := repo["nameWithOwner"].(string)
	st := "OPEN"
	if is.Closed {
		st = "CLOSED"
	}
	updated := is.UpdatedAt
	if updated.IsZero() {
		updated = is.CreatedAt
	}
	return map[string]any{
		"__typename": "Issue", "number": is.Number, "title": is.Title, "body": is.Body, "state": st, "locked": is.Locked,
		"url":       fmt.Sprintf("https://github.com/%s/issues/%d", full, is.Number),
		"createdAt": ts(is.CreatedAt), "updatedAt": ts(updated),
		"authorAssociation": cmpOr(is.AuthorAssociation, "NONE"), "author": actor(cmpOr(is.Author, "someone")),
		"repository": repo,
		"labels": Resolver(func(a map[string]any) any {
			var nodes []any
			for _, l := range is.Labels {
				nodes = append(nodes, map[string]any{"name": l})
			}
			return connection(nodes, a)
		}),
		"assignees": Resolver(func(a map[string]any) any {
			var nodes []any
			for _, l := range is.Assignees {
				nodes = append(nodes, map[string]any{"login": l})
			}
			return connection(nodes, a)
		}),
		"comments": Resolver(func(a map[string]any) any { return connection(commentObjs(is.Comments, false), a) }),
		"timelineItems": Resolver(func(a map[string]any) any {
			var nodes []any
			for _, l := range is.Linked {
				st := cmpOr(l.State, "OPEN")
				pr := map[string]any{"__typename": "PullRequest", "number": l.Number, "state": st, "merged": st == "MERGED",
					"isDraft": false, "author": actor(l.Author), "repository": map[string]any{"nameWithOwner": full},
					"url": fmt.Sprintf("https://github.com/%s/pull/%d", full, l.Number)}
				if l.Connected {
					nodes = append(nodes, map[string]any{"__typename": "ConnectedEvent", "subject": pr})
				} else {
					nodes = append(nodes, map[string]any{"__typename": "CrossReferencedEvent", "source": pr})
				}
			}
			return connection(nodes, a)
		}),
	}
}

// search answers search(query:, type:, first:, after:) for ISSUE and
// REPOSITORY. It understands the qualifiers discovery sends: is:, label:
// (comma means any of), no:assignee, language:, topic:, org:, user:,
// repo:, archived:, stars:>=N, good-first-issues:>N, author:. Other words
// match everything. Results keep the World's order (GitHub's best match).
func (w *World) search(a map[string]any, repoObj func(*WRepo) map[string]any, _ func(string) any) any {
	quals := searchQualifiers(ArgString(a, "query"))
	var nodes []any
	switch ArgString(a, "type") {
	case "ISSUE":
		if authors := quals["author"]; len(authors) > 0 {
			nodes = w.viewerPulls(authors[0], repoObj)
			break
		}
		for _, r := range w.Repos {
			if !repoMatches(r, quals) {
				continue
			}
			o := repoObj(r)
			for _, is := range r.Issues {
				if issueMatches(is, quals) {
					nodes = append(nodes, is.obj(o))
				}
			}
		}
	case "REPOSITORY":
		for _, r := range w.Repos {
			if repoMatches(r, quals) && repoOnlyMatches(r, quals) {
				nodes = append(nodes, repoObj(r))
			}
		}
	}
	return connection(nodes, a)
}

func (w *World) viewerPulls(login string, repoObj func(*WRepo) map[string]any) []any {
	if !strings.EqualFold(login, w.Viewer.Login) {
		return nil
	}
	var out []any
	for i, full := range w.Viewer.PullRepos {
		merged := i < len(w.Viewer.Merged) && w.Viewer.Merged[i]
		st := "OPEN"
		if merged {
			st = "MERGED"
		}
		repo := map[string]any{"nameWithOwner": full, "primaryLanguage": nil}
		if r := w.repo(full); r != nil {
			repo = repoObj(r)
		}
		out = append(out, map[string]any{"__typename": "PullRequest", "number": i + 1, "state": st, "merged": merged,
			"createdAt": ts(time.Now().Add(-time.Duration(i) * 24 * time.Hour)), "repository": repo})
	}
	return out
}

func repoMatches(r *WRepo, q map[string][]string) bool {
	for _, l := range q["language"] {
		if !strings.EqualFold(l, r.Language) {
			return false
		}
	}
	for _, o := range append(slices.Clone(q["org"]), q["user"]...) {
		if !strings.EqualFold(o, r.Owner) {
			return false
		}
	}
	for _, full := range q["repo"] {
		if !strings.EqualFold(full, r.full()) {
			return false
		}
	}
	for _, v := range q["archived"] {
		if (v == "true") != r.Archived {
			return false
		}
	}
	for _, t := range q["topic"] {
		if !slices.ContainsFunc(r.Topics, func(x string) bool { return strings.EqualFold(x, t) }) {
			return false
		}
	}
	return true
}

// repoOnlyMatches applies the qualifiers that only repository searches take.
func repoOnlyMatches(r *WRepo, q map[string][]string) bool {
	for _, v := range q["stars"] {
		if n, err := strconv.Atoi(strings.TrimPrefix(v, ">=")); err == nil && r.Stars < n {
			return false
		}
	}
	for _, v := range q["good-first-issues"] {
		n, err := strconv.Atoi(strings.TrimPrefix(v, ">"))
		if err != nil {
			continue
		}
		open := 0
		for _, is := range r.Issues {
			if !is.Closed && hasAll(is.Labels, []string{"good first issue"}) {
				open++
			}
		}
		if open <= n {
			return false
		}
	}
	return true
}

func issueMatches(is *WIssue, q map[string][]string) bool {
	for _, v := range q["is"] {
		switch v {
		case "pr", "pull-request":
			return false
		case "open":
			if is.Closed {
				return false
			}
		case "closed":
			if !is.Closed {
				return false
			}
		}
	}
	for _, v := range q["label"] {
		ok := false
		for _, alt := range strings.Split(v, ",") {
			if hasAll(is.Labels, []string{strings.Trim(alt, `"`)}) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	for _, v := range q["no"] {
		if v == "assignee" && len(is.Assignees) > 0 {
			return false
		}
	}
	return true
}
