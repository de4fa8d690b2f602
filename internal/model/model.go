// Package model holds the plain data that crosses layers: issues, pull
// requests, repositories, git status, chat messages. It imports only the
// standard library, so every layer can speak it without depending on the
// providers that produce it.
package model

import "time"

// User is a GitHub account.
type User struct {
	Login string `json:"login"`
	Name  string `json:"name,omitempty"`
	URL   string `json:"url,omitempty"`
}

// Label is an issue or pull request label.
type Label struct {
	Name        string `json:"name"`
	Color       string `json:"color,omitempty"`
	Description string `json:"description,omitempty"`
}

// IssueRef names one issue or pull request on a host.
type IssueRef struct {
	Host   string `json:"host"`
	Owner  string `json:"owner"`
	Repo   string `json:"repo"`
	Number int    `json:"number"`
	// IsPull is true when the reference was written as a pull request URL.
	IsPull bool `json:"is_pull,omitempty"`
}

// RepoRef names one repository on a host.
type RepoRef struct {
	Host  string `json:"host"`
	Owner string `json:"owner"`
	Repo  string `json:"repo"`
}

// FullName is OWNER/REPO.
func (r RepoRef) FullName() string { return r.Owner + "/" + r.Repo }

// Comment is one comment on an issue or pull request.
type Comment struct {
	ID                int64     `json:"id"`
	Author            string    `json:"author"`
	AuthorAssociation string    `json:"author_association,omitempty"`
	Body              string    `json:"body"`
	CreatedAt         time.Time `json:"created_at"`
	URL               string    `json:"url,omitempty"`
	// Path and Line are set on review comments.
	Path string `json:"path,omitempty"`
	Line int    `json:"line,omitempty"`
}

// LinkedPR is a pull request connected to or referencing an issue.
type LinkedPR struct {
	Number int    `json:"number"`
	Repo   string `json:"repo"`
	State  string `json:"state"`
	Merged bool   `json:"merged"`
	Draft  bool   `json:"draft,omitempty"`
	URL    string `json:"url"`
	Author string `json:"author,omitempty"`
}

// Issue is a GitHub issue with what the workflow needs to judge it.
type Issue struct {
	Number            int        `json:"number"`
	Repo              string     `json:"repo"`
	Title             string     `json:"title"`
	Body              string     `json:"body"`
	State             string     `json:"state"`
	Author            string     `json:"author"`
	AuthorAssociation string     `json:"author_association,omitempty"`
	Labels            []Label    `json:"labels"`
	Assignees         []string   `json:"assignees"`
	Comments          int        `json:"comments"`
	Locked            bool       `json:"locked,omitempty"`
	IsPull            bool       `json:"is_pull,omitempty"`
	URL               string     `json:"url"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
	ClosedAt          *time.Time `json:"closed_at,omitempty"`
	LinkedPRs         []LinkedPR `json:"linked_prs,omitempty"`
}

// LabelNames returns the names of the issue's labels.
func (i Issue) LabelNames() []string {
	out := make([]string, len(i.Labels))
	for k, l := range i.Labels {
		out[k] = l.Name
	}
	return out
}

// PullRequest is a GitHub pull request.
type PullRequest struct {
	Number    int       `json:"number"`
	Repo      string    `json:"repo"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	State     string    `json:"state"`
	Draft     bool      `json:"draft"`
	Merged    bool      `json:"merged"`
	Head      string    `json:"head"`
	Base      string    `json:"base"`
	HeadSHA   string    `json:"head_sha,omitempty"`
	Author    string    `json:"author"`
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
}

// NewPullRequest is what create_pr needs.
type NewPullRequest struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	// Head is BRANCH, or OWNER:BRANCH for a branch on a fork.
	Head  string `json:"head"`
	Base  string `json:"base"`
	Draft bool   `json:"draft"`
}

// Check is one CI check or commit status on a pull request's head.
type Check struct {
	Name       string `json:"name"`
	Status     string `json:"status"`
	Conclusion string `json:"conclusion,omitempty"`
	URL        string `json:"url,omitempty"`
}

// Review is one pull request review.
type Review struct {
	Author      string    `json:"author"`
	State       string    `json:"state"`
	Body        string    `json:"body,omitempty"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// PRStatus summarises a pull request's checks and reviews.
type PRStatus struct {
	PullRequest PullRequest `json:"pull_request"`
	// CheckState is the combined state: success, failure, pending or none.
	CheckState string   `json:"check_state"`
	Checks     []Check  `json:"checks"`
	Reviews    []Review `json:"reviews"`
	// ReviewDecision is approved, changes_requested or review_required.
	ReviewDecision string `json:"review_decision,omitempty"`
	Mergeable      *bool  `json:"mergeable,omitempty"`
}

// Repository is a repository's metadata.
type Repository struct {
	Owner            string    `json:"owner"`
	Name             string    `json:"name"`
	FullName         string    `json:"full_name"`
	Description      string    `json:"description,omitempty"`
	URL              string    `json:"url"`
	CloneURL         string    `json:"clone_url"`
	SSHURL           string    `json:"ssh_url,omitempty"`
	DefaultBranch    string    `json:"default_branch"`
	Language         string    `json:"language,omitempty"`
	Topics           []string  `json:"topics,omitempty"`
	License          string    `json:"license,omitempty"`
	Stars            int       `json:"stars"`
	Forks            int       `json:"forks"`
	OpenIssues       int       `json:"open_issues"`
	Archived         bool      `json:"archived"`
	Fork             bool      `json:"fork"`
	Private          bool      `json:"private"`
	HasIssues        bool      `json:"has_issues"`
	PushedAt         time.Time `json:"pushed_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	CreatedAt        time.Time `json:"created_at"`
	ParentFullName   string    `json:"parent_full_name,omitempty"`
	ViewerCanPush    bool      `json:"viewer_can_push"`
	ViewerPermission string    `json:"viewer_permission,omitempty"`
}

// FileContent is one file read from a repository through the API.
type FileContent struct {
	Path    string `json:"path"`
	SHA     string `json:"sha"`
	Size    int    `json:"size"`
	Content []byte `json:"-"`
	URL     string `json:"url,omitempty"`
}

// RateLimit is the state of one rate-limit bucket.
type RateLimit struct {
	Limit     int       `json:"limit"`
	Remaining int       `json:"remaining"`
	Reset     time.Time `json:"reset"`
	Resource  string    `json:"resource,omitempty"`
}
