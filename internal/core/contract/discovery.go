package contract

import (
	"context"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

// Discovery is what `discover`, `roadmap` and the health report read from
// GitHub: batched searches with each repository's signals, in a bounded
// number of requests, each answer saying how many requests it cost.
type Discovery interface {
	// DiscoverIssues runs an issue search and returns each issue with its
	// recent comments, linked pull requests and repository signals.
	DiscoverIssues(ctx context.Context, q model.DiscoverQuery) (model.IssueDiscovery, error)
	// DiscoverRepos runs a repository search with the same signals.
	DiscoverRepos(ctx context.Context, q model.DiscoverQuery) (model.RepoDiscovery, error)
	// RepoSignals reads one repository's signals, recent activity included.
	RepoSignals(ctx context.Context, owner, repo string, since time.Time) (model.RepoSignals, model.FetchInfo, error)
	// UserActivity reads the authenticated user's repositories and recent
	// pull requests. Without a token it fails with PROVIDER_AUTH_MISSING.
	UserActivity(ctx context.Context) (model.UserActivity, error)
}
