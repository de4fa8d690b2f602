// Package contract holds the interfaces through which the core and the
// services reach providers and plugins. Implementations live in
// internal/provider; fakes live in tests.
package contract

import (
	"context"
	"iter"

	"github.com/oss-dev/oss-dev/internal/model"
)

// IssueQuery filters ListIssues. It lives in model so that providers,
// which may not import this package, can take it.
type IssueQuery = model.IssueQuery

// SearchQuery is a GitHub issue search.
type SearchQuery = model.SearchQuery

// GitHub is the GitHub provider contract: the blueprint's operations plus
// what the workflow needs around them.
type GitHub interface {
	FetchIssue(ctx context.Context, owner, repo string, number int) (model.Issue, error)
	ListIssues(ctx context.Context, owner, repo string, q IssueQuery) ([]model.Issue, error)
	SearchIssues(ctx context.Context, q SearchQuery) ([]model.Issue, error)
	IssueComments(ctx context.Context, owner, repo string, number int) ([]model.Comment, error)
	LinkedPullRequests(ctx context.Context, owner, repo string, number int) ([]model.LinkedPR, error)
	Labels(ctx context.Context, owner, repo string) ([]model.Label, error)
	CreatePR(ctx context.Context, owner, repo string, pr model.NewPullRequest) (model.PullRequest, error)
	PRStatus(ctx context.Context, owner, repo string, number int) (model.PRStatus, error)
	PRComments(ctx context.Context, owner, repo string, number int) ([]model.Comment, error)
	Repository(ctx context.Context, owner, repo string) (model.Repository, error)
	FileContent(ctx context.Context, owner, repo, path, ref string) (model.FileContent, error)
	CreateFork(ctx context.Context, owner, repo string) (model.Repository, error)
	CurrentUser(ctx context.Context) (model.User, error)
	// Languages returns bytes of code per language, as GitHub counts them.
	Languages(ctx context.Context, owner, repo string) (map[string]int, error)
	// RateLimits returns the core, search and graphql buckets; asking is free.
	RateLimits(ctx context.Context) ([]model.RateLimit, error)
	// FindOpenPR returns the open pull request from head (BRANCH or
	// OWNER:BRANCH) to base ("" for any), and whether there is one.
	FindOpenPR(ctx context.Context, owner, repo, head, base string) (model.PullRequest, bool, error)
	// CreateLinkedBranch creates branch on owner/repo at commit oid, linked
	// to issue number; a branch already linked under that name is left
	// alone. GitHub links only branches it creates, so this comes before
	// the first push.
	CreateLinkedBranch(ctx context.Context, owner, repo string, number int, branch, oid string) error
}

// Git is the git provider contract, bound to one working tree.
type Git interface {
	CurrentBranch(ctx context.Context) (string, error)
	CreateBranch(ctx context.Context, name, base string) error
	Checkout(ctx context.Context, branch string) error
	// Commit commits the given files, or everything staged when files is empty,
	// and returns the new commit's SHA.
	Commit(ctx context.Context, message string, files []string) (string, error)
	Push(ctx context.Context, remote, branch string) error
	Diff(ctx context.Context, base, head string) (string, error)
	Status(ctx context.Context) (model.GitStatus, error)
	Log(ctx context.Context, maxCount int) ([]model.Commit, error)
	Remotes(ctx context.Context) ([]model.Remote, error)
	AddRemote(ctx context.Context, name, url string) error
}

// LLM is the language-model provider contract.
type LLM interface {
	// ChatCompletion streams the model's answer; the last event is EventDone
	// with the call's usage. Cancelling ctx stops the stream.
	ChatCompletion(ctx context.Context, messages []model.Message, tools []model.ToolSchema) iter.Seq2[model.StreamEvent, error]
	CountTokens(ctx context.Context, text string) (int, error)
	ModelName() string
	ContextWindow() int
}
