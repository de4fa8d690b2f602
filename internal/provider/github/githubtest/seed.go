package githubtest

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Issue is an issue (or pull request, in issue form) to seed. Zero fields
// keep the values of GitHub's example issue.
type Issue struct {
	Number            int
	Title             string
	Body              string
	State             string // open (default) or closed
	Author            string
	AuthorAssociation string
	Labels            []string
	Assignees         []string
	Comments          int
	Locked            bool
	PullRequest       bool
	Draft             bool
	CreatedAt         time.Time
}

// Comment is an issue comment to seed.
type Comment struct {
	ID        int64
	Author    string
	Body      string
	CreatedAt time.Time
}

// Repo is a repository to seed.
type Repo struct {
	Owner, Name   string
	Description   string
	Language      string
	DefaultBranch string
	Topics        []string
	Stars, Forks  int
	OpenIssues    int
	Archived      bool
	Fork          bool
	Private       bool
	// Push and Admin are the viewer's permissions.
	Push, Admin bool
}

type seedData struct {
	issues   map[string][]map[string]any // "owner/repo" -> issues
	comments map[string][]map[string]any // "owner/repo#n" -> comments
	repos    map[string]map[string]any
	files    map[string]map[string]any // "owner/repo:path" -> content object
}

// AddIssue seeds an issue of owner/repo, shaped like GitHub's example
// issue, and returns the JSON object the server will serve. Once any issue
// is seeded, issues/get, issues/list-for-repo and search answer from the
// seeded issues (404 for an unknown number) instead of the examples.
func (s *Server) AddIssue(owner, repo string, is Issue) map[string]any {
	obj := s.template("issue")
	full := owner + "/" + repo
	api := s.URL + "/repos/" + full
	if is.Number == 0 {
		is.Number = len(s.data.issues[full]) + 1
	}
	kind := "issues"
	if is.PullRequest {
		kind = "pull"
	}
	obj["number"] = is.Number
	obj["id"] = int64(is.Number)*1000 + int64(len(full))
	obj["url"] = fmt.Sprintf("%s/issues/%d", api, is.Number)
	obj["repository_url"] = api
	obj["comments_url"] = fmt.Sprintf("%s/issues/%d/comments", api, is.Number)
	obj["html_url"] = fmt.Sprintf("https://github.com/%s/%s/%d", full, kind, is.Number)
	setIf(obj, "title", is.Title)
	setIf(obj, "body", is.Body)
	setIf(obj, "author_association", is.AuthorAssociation)
	obj["state"] = cmpOr(is.State, "open")
	if obj["state"] == "closed" {
		obj["closed_at"] = "2024-01-02T03:04:05Z"
	} else {
		obj["closed_at"] = nil
	}
	if is.Author != "" {
		obj["user"] = userJSON(is.Author)
	}
	labels := []any{}
	for _, l := range is.Labels {
		labels = append(labels, map[string]any{"id": len(l), "name": l, "color": "ededed", "description": "", "default": false})
	}
	obj["labels"] = labels
	assignees := []any{}
	for _, a := range is.Assignees {
		assignees = append(assignees, userJSON(a))
	}
	obj["assignees"] = assignees
	obj["assignee"] = nil
	if len(assignees) > 0 {
		obj["assignee"] = assignees[0]
	}
	obj["comments"] = is.Comments
	obj["locked"] = is.Locked
	obj["draft"] = is.Draft
	if !is.CreatedAt.IsZero() {
		obj["created_at"] = is.CreatedAt.UTC().Format(time.RFC3339)
		obj["updated_at"] = obj["created_at"]
	}
	delete(obj, "pull_request")
	if is.PullRequest {
		obj["pull_request"] = map[string]any{
			"url":      fmt.Sprintf("%s/pulls/%d", api, is.Number),
			"html_url": obj["html_url"],
			"diff_url": fmt.Sprintf("https://github.com/%s/pull/%d.diff", full, is.Number),
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data.issues == nil {
		s.data.issues = map[string][]map[string]any{}
	}
	s.data.issues[full] = append(s.data.issues[full], obj)
	return obj
}

// AddComment seeds a comment on issue number of owner/repo; issues/list-comments
// then answers from the seeded comments.
func (s *Server) AddComment(owner, repo string, number int, c Comment) map[string]any {
	obj := s.template("issue-comment")
	key := fmt.Sprintf("%s/%s#%d", owner, repo, number)
	if c.ID == 0 {
		c.ID = int64(len(s.data.comments[key]) + 1)
	}
	obj["id"] = c.ID
	setIf(obj, "body", c.Body)
	if c.Author != "" {
		obj["user"] = userJSON(c.Author)
	}
	if !c.CreatedAt.IsZero() {
		obj["created_at"] = c.CreatedAt.UTC().Format(time.RFC3339)
		obj["updated_at"] = obj["created_at"]
	}
	obj["issue_url"] = fmt.Sprintf("%s/repos/%s/%s/issues/%d", s.URL, owner, repo, number)
	obj["html_url"] = fmt.Sprintf("https://github.com/%s/%s/issues/%d#issuecomment-%d", owner, repo, number, c.ID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data.comments == nil {
		s.data.comments = map[string][]map[string]any{}
	}
	s.data.comments[key] = append(s.data.comments[key], obj)
	return obj
}

// AddRepo seeds a repository, shaped like GitHub's full-repository example;
// repos/get then answers from the seeded repositories (404 for others).
func (s *Server) AddRepo(r Repo) map[string]any {
	obj := s.template("full-repository")
	full := r.Owner + "/" + r.Name
	obj["name"], obj["full_name"] = r.Name, full
	owner, _ := obj["owner"].(map[string]any)
	if owner == nil {
		owner = map[string]any{}
	}
	owner["login"] = r.Owner
	obj["owner"] = owner
	obj["html_url"] = "https://github.com/" + full
	obj["url"] = s.URL + "/repos/" + full
	obj["clone_url"] = "https://github.com/" + full + ".git"
	obj["ssh_url"] = "git@github.com:" + full + ".git"
	obj["description"] = r.Description
	obj["language"] = r.Language
	obj["default_branch"] = cmpOr(r.DefaultBranch, "main")
	obj["topics"] = cmpOr(r.Topics, []string{})
	obj["stargazers_count"], obj["forks_count"], obj["open_issues_count"] = r.Stars, r.Forks, r.OpenIssues
	obj["archived"], obj["fork"], obj["private"] = r.Archived, r.Fork, r.Private
	obj["permissions"] = map[string]any{"admin": r.Admin, "maintain": r.Admin, "push": r.Push || r.Admin, "triage": r.Push || r.Admin, "pull": true}
	if !r.Fork {
		delete(obj, "parent")
		delete(obj, "source")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data.repos == nil {
		s.data.repos = map[string]map[string]any{}
	}
	s.data.repos[strings.ToLower(full)] = obj
	return obj
}

// AddFile seeds a file; repos/get-content then answers from the seeded
// files (404 for other paths), base64-encoded in 60-column lines as GitHub
// sends them. The ref query parameter is ignored.
func (s *Server) AddFile(owner, repo, path string, content []byte) map[string]any {
	obj := s.template("content-file-response-if-content-is-a-file")
	enc := base64.StdEncoding.EncodeToString(content)
	var b strings.Builder
	for len(enc) > 60 {
		b.WriteString(enc[:60] + "\n")
		enc = enc[60:]
	}
	b.WriteString(enc + "\n")
	sum := sha1.Sum(content)
	name := path[strings.LastIndex(path, "/")+1:]
	obj["name"], obj["path"], obj["size"], obj["content"] = name, path, len(content), b.String()
	obj["sha"] = hex.EncodeToString(sum[:])
	obj["html_url"] = fmt.Sprintf("https://github.com/%s/%s/blob/main/%s", owner, repo, path)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data.files == nil {
		s.data.files = map[string]map[string]any{}
	}
	s.data.files[strings.ToLower(owner+"/"+repo)+":"+path] = obj
	return obj
}

func (s *Server) seededFile(r *Request) Response {
	s.mu.Lock()
	f, ok := s.data.files[strings.ToLower(r.Params["owner"]+"/"+r.Params["repo"])+":"+r.Params["path"]]
	s.mu.Unlock()
	if !ok {
		return notFound()
	}
	return Response{Status: http.StatusOK, Body: f}
}

func (s *Server) template(example string) map[string]any {
	v, err := s.spec.ExampleJSON(example)
	if err != nil {
		s.t.Fatalf("githubtest: %v", err)
	}
	return v
}

func userJSON(login string) map[string]any {
	return map[string]any{
		"login": login, "id": len(login), "type": "User", "site_admin": false,
		"html_url": "https://github.com/" + login, "url": "https://api.github.com/users/" + login,
	}
}

func setIf(obj map[string]any, key, v string) {
	if v != "" {
		obj[key] = v
	}
}

func cmpOr[T any](v T, def T) T {
	switch x := any(v).(type) {
	case string:
		if x == "" {
			return def
		}
	case []string:
		if x == nil {
			return def
		}
	}
	return v
}

// seededResponder answers from seeded data, or returns nil when nothing
// the operation serves was seeded.
func (s *Server) seededResponder(op string) Responder {
	s.mu.Lock()
	haveIssues, haveComments, haveRepos, haveFiles := s.data.issues != nil, s.data.comments != nil, s.data.repos != nil, s.data.files != nil
	s.mu.Unlock()
	switch {
	case op == "issues/get" && haveIssues:
		return s.seededIssue
	case op == "issues/list-for-repo" && haveIssues:
		return s.seededIssueList
	case op == "search/issues-and-pull-requests" && haveIssues:
		return s.seededSearch
	case op == "issues/list-comments" && (haveComments || haveIssues):
		return s.seededComments
	case op == "repos/get" && haveRepos:
		return s.seededRepo
	case op == "repos/get-content" && haveFiles:
		return s.seededFile
	}
	return nil
}

func notFound() Response {
	return Response{Status: http.StatusNotFound, Body: map[string]any{
		"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404",
	}}
}

func (s *Server) issuesOf(owner, repo string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.data.issues {
		if strings.EqualFold(k, owner+"/"+repo) {
			return slices.Clone(v)
		}
	}
	return nil
}

func (s *Server) seededIssue(r *Request) Response {
	n, _ := strconv.Atoi(r.Params["issue_number"])
	for _, is := range s.issuesOf(r.Params["owner"], r.Params["repo"]) {
		if is["number"] == n {
			return Response{Status: http.StatusOK, Body: is}
		}
	}
	return notFound()
}

func (s *Server) seededIssueList(r *Request) Response {
	state := cmpOr(r.Query.Get("state"), "open")
	var labels []string
	if l := r.Query.Get("labels"); l != "" {
		labels = strings.Split(l, ",")
	}
	var out []map[string]any
	for _, is := range s.issuesOf(r.Params["owner"], r.Params["repo"]) {
		if (state == "all" || is["state"] == state) && hasLabels(is, labels) && assigneeMatches(is, r.Query.Get("assignee")) {
			out = append(out, is)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i]["number"].(int) > out[j]["number"].(int) })
	return s.pageOf(r, out)
}

func (s *Server) seededComments(r *Request) Response {
	s.mu.Lock()
	list := slices.Clone(s.data.comments[fmt.Sprintf("%s/%s#%s", r.Params["owner"], r.Params["repo"], r.Params["issue_number"])])
	s.mu.Unlock()
	return s.pageOf(r, list)
}

func (s *Server) seededRepo(r *Request) Response {
	s.mu.Lock()
	repo, ok := s.data.repos[strings.ToLower(r.Params["owner"]+"/"+r.Params["repo"])]
	s.mu.Unlock()
	if !ok {
		return notFound()
	}
	return Response{Status: http.StatusOK, Body: repo}
}

// seededSearch understands the qualifiers OSS-Dev sends: is:issue, is:pr,
// is:open, is:closed, label:"x", repo:o/r and no:assignee. Other words and
// qualifiers (language:, free text) match everything, since seeded issues
// carry no language or index.
func (s *Server) seededSearch(r *Request) Response {
	quals := searchQualifiers(r.Query.Get("q"))
	s.mu.Lock()
	var all []map[string]any
	keys := make([]string, 0, len(s.data.issues))
	for k := range s.data.issues {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, is := range s.data.issues[k] {
			if searchMatches(is, k, quals) {
				item := map[string]any{}
				for kk, vv := range is {
					item[kk] = vv
				}
				item["score"] = 1.0
				all = append(all, item)
			}
		}
	}
	s.mu.Unlock()
	raw, _ := json.Marshal(map[string]any{"total_count": len(all), "incomplete_results": false, "items": cmpNil(all)})
	return s.page(r, http.StatusOK, raw)
}

func cmpNil(v []map[string]any) []map[string]any {
	if v == nil {
		return []map[string]any{}
	}
	return v
}

func (s *Server) pageOf(r *Request, list []map[string]any) Response {
	raw, _ := json.Marshal(cmpNil(list))
	return s.page(r, http.StatusOK, raw)
}

func hasLabels(is map[string]any, want []string) bool {
	have := map[string]bool{}
	labels, _ := is["labels"].([]any)
	for _, l := range labels {
		if m, ok := l.(map[string]any); ok {
			have[strings.ToLower(fmt.Sprint(m["name"]))] = true
		}
	}
	for _, w := range want {
		if !have[strings.ToLower(strings.TrimSpace(w))] {
			return false
		}
	}
	return true
}

func assigneeMatches(is map[string]any, want string) bool {
	as, _ := is["assignees"].([]any)
	switch want {
	case "":
		return true
	case "none":
		return len(as) == 0
	case "*":
		return len(as) > 0
	}
	for _, a := range as {
		if m, ok := a.(map[string]any); ok && strings.EqualFold(fmt.Sprint(m["login"]), want) {
			return true
		}
	}
	return false
}

// searchQualifiers splits a search query into qualifier name -> values,
// honouring double quotes (label:"good first issue").
func searchQualifiers(q string) map[string][]string {
	out := map[string][]string{}
	var tok strings.Builder
	inQuote := false
	flush := func() {
		t := tok.String()
		tok.Reset()
		if name, val, ok := strings.Cut(t, ":"); ok {
			out[strings.ToLower(name)] = append(out[strings.ToLower(name)], strings.Trim(val, `"`))
		}
	}
	for _, c := range q {
		switch {
		case c == '"':
			inQuote = !inQuote
			tok.WriteRune(c)
		case c == ' ' && !inQuote:
			flush()
		default:
			tok.WriteRune(c)
		}
	}
	flush()
	return out
}

func searchMatches(is map[string]any, repo string, quals map[string][]string) bool {
	_, isPR := is["pull_request"]
	for _, v := range quals["is"] {
		switch v {
		case "issue":
			if isPR {
				return false
			}
		case "pr", "pull-request":
			if !isPR {
				return false
			}
		case "open", "closed":
			if is["state"] != v {
				return false
			}
		}
	}
	for _, v := range quals["state"] {
		if is["state"] != v {
			return false
		}
	}
	if !hasLabels(is, quals["label"]) {
		return false
	}
	for _, v := range quals["repo"] {
		if !strings.EqualFold(v, repo) {
			return false
		}
	}
	for _, v := range quals["no"] {
		if v == "assignee" && !assigneeMatches(is, "none") {
			return false
		}
	}
	return true
}
