package model

import "time"

// DiscoverQuery is one discovery search: GitHub search syntax plus how
// much of each repository to read.
type DiscoverQuery struct {
	// Query is GitHub search syntax, qualifiers included (is:issue, label:...).
	Query string `json:"query"`
	// Limit is how many search results to read (at most 1000, GitHub's cap).
	Limit int `json:"limit"`
	// Since starts the window of "recent" commits (commits since this time).
	Since time.Time `json:"since"`
	// Activity asks for each repository's recent issues and pull requests
	// with their first responses (maintainer response time, newcomer merges).
	Activity bool `json:"activity"`
	// Enrich bounds, on the unauthenticated REST path, how many issues get
	// their comments and timeline read (two requests each); 0 means 5.
	Enrich int `json:"enrich,omitempty"`
	// MaxRepos bounds, on the REST path, how many repositories get their
	// signals read (four requests each); 0 means 5.
	MaxRepos int `json:"max_repos,omitempty"`
}

// RepoSignals are the facts about a repository that discovery and the
// health score read. Pointers and Known flags tell "absent" from "not
// measured".
type RepoSignals struct {
	FullName      string    `json:"full_name"`
	Description   string    `json:"description,omitempty"`
	URL           string    `json:"url"`
	Stars         int       `json:"stars"`
	Forks         int       `json:"forks"`
	Archived      bool      `json:"archived"`
	Fork          bool      `json:"fork"`
	HasIssues     bool      `json:"has_issues"`
	PushedAt      time.Time `json:"pushed_at"`
	Language      string    `json:"language,omitempty"`
	Topics        []string  `json:"topics,omitempty"`
	License       string    `json:"license,omitempty"`
	CodeOfConduct string    `json:"code_of_conduct,omitempty"`
	// HasContributing is nil when it was not checked.
	HasContributing *bool `json:"has_contributing,omitempty"`
	// CIWorkflows counts the files under .github/workflows; nil when not checked.
	CIWorkflows *int `json:"ci_workflows,omitempty"`
	// RecentCommits counts commits on the default branch since CommitsSince;
	// nil when not measured.
	RecentCommits   *int      `json:"recent_commits,omitempty"`
	CommitsSince    time.Time `json:"commits_since,omitempty"`
	OpenIssues      int       `json:"open_issues"`
	OpenPRs         int       `json:"open_prs"`
	GoodFirstIssues int       `json:"good_first_issues"`
	// Activity holds recent issues and pull requests; nil when not read.
	Activity []ActivityItem `json:"activity,omitempty"`
}

// ActivityItem is one recent issue or pull request with the responses it got.
type ActivityItem struct {
	// Kind is "issue" or "pull".
	Kind              string     `json:"kind"`
	Number            int        `json:"number"`
	Author            string     `json:"author"`
	AuthorAssociation string     `json:"author_association"`
	CreatedAt         time.Time  `json:"created_at"`
	State             string     `json:"state"`
	Merged            bool       `json:"merged,omitempty"`
	Responses         []Response `json:"responses,omitempty"`
}

// Response is a comment or review on an issue or pull request.
type Response struct {
	Author            string    `json:"author"`
	AuthorAssociation string    `json:"author_association"`
	At                time.Time `json:"at"`
}

// DiscoveredIssue is a search result with what it takes to judge it.
type DiscoveredIssue struct {
	// Issue carries labels, assignees, lock state and LinkedPRs.
	Issue Issue `json:"issue"`
	// Comments are the last few comments, for claim detection.
	Comments []Comment `json:"comments"`
	// Checked is false when comments and linked pull requests were not read
	// (the REST path reads them for the first few issues only).
	Checked bool `json:"checked"`
}

// IssueDiscovery is the answer to an issue discovery search.
type IssueDiscovery struct {
	Issues []DiscoveredIssue `json:"issues"`
	// Repos holds the signals of every repository named by Issues, by
	// lower-case OWNER/REPO.
	Repos map[string]RepoSignals `json:"repos"`
	Total int                    `json:"total"`
	Fetch FetchInfo              `json:"fetch"`
}

// RepoDiscovery is the answer to a repository discovery search.
type RepoDiscovery struct {
	Repos []RepoSignals `json:"repos"`
	Total int           `json:"total"`
	Fetch FetchInfo     `json:"fetch"`
}

// FetchInfo says how an answer was obtained.
type FetchInfo struct {
	// Via is "graphql" or "rest".
	Via string `json:"via"`
	// Requests counts the HTTP requests sent to GitHub; answers served from
	// the cache within its freshness window count zero.
	Requests int `json:"requests"`
	// Cached is true when the whole answer came from the cache.
	Cached bool `json:"cached"`
	// Notes say what was left out or approximated, such as the REST path's limits.
	Notes []string `json:"notes,omitempty"`
}

// UserActivity is what a user's own GitHub activity says about their skills.
type UserActivity struct {
	Login string `json:"login"`
	// RepoLanguages counts the user's own repositories by primary language.
	RepoLanguages map[string]int `json:"repo_languages"`
	// PullRequests are the user's recent pull requests, newest first.
	PullRequests []UserPR  `json:"pull_requests"`
	Fetch        FetchInfo `json:"fetch"`
}

// UserPR is one pull request a user opened.
type UserPR struct {
	Repo      string    `json:"repo"`
	Number    int       `json:"number"`
	State     string    `json:"state"`
	Merged    bool      `json:"merged"`
	Language  string    `json:"language,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}
