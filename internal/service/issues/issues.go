// Package issues is the use case behind `oss-dev issues`: a repository's
// issues, GitHub's issue search, and one issue with its linked pull
// requests and comments.
package issues

import (
	"context"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

// GitHub is what the issue commands read from GitHub.
type GitHub interface {
	ListIssues(ctx context.Context, owner, repo string, q model.IssueQuery) ([]model.Issue, error)
	SearchIssues(ctx context.Context, q model.SearchQuery) ([]model.Issue, error)
	FetchIssue(ctx context.Context, owner, repo string, number int) (model.Issue, error)
	LinkedPullRequests(ctx context.Context, owner, repo string, number int) ([]model.LinkedPR, error)
	IssueComments(ctx context.Context, owner, repo string, number int) ([]model.Comment, error)
}

// Service reads issues through the GitHub provider it is given.
type Service struct {
	gitHub func() (GitHub, error)
}

// New returns the service over gitHub, which builds the provider on first
// use; nil means there is none.
func New(gitHub func() (GitHub, error)) *Service { return &Service{gitHub: gitHub} }

// provider returns the GitHub provider or an error that says how to get one.
func (s *Service) provider() (GitHub, error) {
	if s.gitHub == nil {
		return nil, errcode.New(errcode.ProviderNotFound, "no GitHub provider is configured in this build",
			"report this with the output of 'oss-dev --version'")
	}
	gh, err := s.gitHub()
	if err != nil {
		return nil, err
	}
	if gh == nil {
		return nil, errcode.New(errcode.ProviderNotFound, "no GitHub provider is configured",
			"check the [github] section of the configuration (oss-dev config show)")
	}
	return gh, nil
}

// List returns the issues of r that match q, never nil.
func (s *Service) List(ctx context.Context, r model.RepoRef, q model.IssueQuery) ([]model.Issue, error) {
	gh, err := s.provider()
	if err != nil {
		return nil, err
	}
	list, err := gh.ListIssues(ctx, r.Owner, r.Repo, q)
	if list == nil && err == nil {
		list = []model.Issue{}
	}
	return list, err
}

// Search runs an issue search across GitHub, never returning nil.
func (s *Service) Search(ctx context.Context, q model.SearchQuery) ([]model.Issue, error) {
	gh, err := s.provider()
	if err != nil {
		return nil, err
	}
	list, err := gh.SearchIssues(ctx, q)
	if list == nil && err == nil {
		list = []model.Issue{}
	}
	return list, err
}

// View reads one issue with its linked pull requests and, when comments is
// set, its comments (never nil then; nil otherwise).
func (s *Service) View(ctx context.Context, r model.IssueRef, comments bool) (model.Issue, []model.Comment, error) {
	gh, err := s.provider()
	if err != nil {
		return model.Issue{}, nil, err
	}
	issue, err := gh.FetchIssue(ctx, r.Owner, r.Repo, r.Number)
	if err != nil {
		return model.Issue{}, nil, err
	}
	if issue.LinkedPRs, err = gh.LinkedPullRequests(ctx, r.Owner, r.Repo, r.Number); err != nil {
		return model.Issue{}, nil, err
	}
	if !comments {
		return issue, nil, nil
	}
	list, err := gh.IssueComments(ctx, r.Owner, r.Repo, r.Number)
	if err != nil {
		return model.Issue{}, nil, err
	}
	if list == nil {
		list = []model.Comment{}
	}
	return issue, list, nil
}

// ForAnalysis reads an issue with its comments and linked pull requests
// for the issue analysis; ref is a URL or OWNER/REPO#N.
func (s *Service) ForAnalysis(ctx context.Context, ref string) (analysis.IssueInput, error) {
	gh, err := s.provider()
	if err != nil {
		return analysis.IssueInput{}, err
	}
	return analysis.FetchIssue(ctx, gh, ref)
}
