package mentoring

import (
	"context"

	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

// Repo is what the workflow does with the contributor's git working tree.
// cmd/oss-dev opens it with the git provider; Service.OpenRepo hands it
// over.
type Repo interface {
	Root() string
	Status(ctx context.Context) (model.GitStatus, error)
	IsDirty(ctx context.Context) (bool, error)
	HeadSHA(ctx context.Context) (string, error)
	CurrentBranch(ctx context.Context) (string, error)
	Branches(ctx context.Context) ([]string, error)
	DefaultBranch(ctx context.Context, remote string) (string, error)
	LocalDefaultBranch(ctx context.Context, remote string) (string, error)
	CreateBranch(ctx context.Context, name, base string) error
	Checkout(ctx context.Context, branch string) error
	Diff(ctx context.Context, base, head string) (string, error)
	ChangedFiles(ctx context.Context, base string) ([]model.ChangedFile, error)
	LsFiles(ctx context.Context) ([]string, error)
	Grep(ctx context.Context, pattern string, pathspecs ...string) ([]model.GrepMatch, error)
	Log(ctx context.Context, maxCount int) ([]model.Commit, error)
	ConfigValue(ctx context.Context, key string) (string, error)
	Commit(ctx context.Context, message string, files []string) (string, error)
	CommitSignedOff(ctx context.Context, message string, files []string) (string, error)
	Remotes(ctx context.Context) ([]model.Remote, error)
	AddRemote(ctx context.Context, name, url string) error
	Push(ctx context.Context, remote, branch string) error
}

// GitHub is what the workflow reads from and does on GitHub: the issue,
// the repository, the contributor's fork, the linked branch and the pull
// request.
type GitHub interface {
	analysis.IssueSource
	Repository(ctx context.Context, owner, repo string) (model.Repository, error)
	CurrentUser(ctx context.Context) (model.User, error)
	CreateFork(ctx context.Context, owner, repo string) (model.Repository, error)
	CreateLinkedBranch(ctx context.Context, owner, repo string, number int, branch, oid string) error
	FindOpenPR(ctx context.Context, owner, repo, head, base string) (model.PullRequest, bool, error)
	CreatePR(ctx context.Context, owner, repo string, pr model.NewPullRequest) (model.PullRequest, error)
}
