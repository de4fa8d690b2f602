package docs

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/intelligence/deps"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/safefile"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/setup"
)

// IssueSource is what the guide asks GitHub: the repository's labels and
// its open issues with one of them.
type IssueSource interface {
	Labels(ctx context.Context, owner, repo string) ([]model.Label, error)
	ListIssues(ctx context.Context, owner, repo string, q model.IssueQuery) ([]model.Issue, error)
}

// Service builds guides.
type Service struct {
	// Repos runs the repository analysis and fetches remote targets.
	Repos *analysis.RepoService
	// Remotes lists the git remotes of a work tree, to find the GitHub
	// repository of a local one; nil leaves local trees unnamed on GitHub.
	Remotes func(ctx context.Context, dir string) ([]model.Remote, error)
	// GitHub returns the provider the newcomer issues come from; nil, or
	// an error when it is called, leaves them out.
	GitHub func() (IssueSource, error)
	// LLM returns the configured model, nil when there is none.
	LLM func() (contract.LLM, error)
}

// Request says what to build.
type Request struct {
	Target analysis.RepoTarget
	// Deps adds the dependency scan (the page draws its graph).
	Deps bool
	// NoLLM leaves the model's overview out; NoIssues the GitHub lookup.
	NoLLM    bool
	NoIssues bool
}

// Result is the guide with what it was built from.
type Result struct {
	Guide  *Guide
	Report *repo.Report
	// Deps is the dependency scan when it was asked for.
	Deps *deps.Result
	// Root is the analysed folder on disk.
	Root string
	// Notes say what was left out and why (a model that failed); they
	// are for the terminal, never for the guide's bytes.
	Notes []string
}

// Build analyses the target and assembles its guide: offline facts first,
// then the newcomer issues when GitHub answers, then the model's overview
// when one is configured.
func (s *Service) Build(ctx context.Context, req Request) (*Result, error) {
	res := &Result{Root: req.Target.Local}
	if req.Target.Remote() {
		res.Root = s.Repos.ClonePath(req.Target)
	}
	var err error
	if req.Deps {
		res.Report, res.Deps, err = s.Repos.AnalyzeRepoAndDeps(ctx, req.Target)
	} else {
		res.Report, err = s.Repos.AnalyzeRepo(ctx, req.Target)
	}
	if err != nil {
		return nil, err
	}
	plan, err := setup.PlanFromReport(res.Root, res.Report, "")
	if err != nil {
		return nil, err
	}
	owner, name := s.gitHubRepo(ctx, req.Target, res.Root)
	res.Guide = FromReport(displayName(owner, name, res.Root), res.Report, analysis.RepoRequirements(res.Report), plan)
	if root, err := safefile.OpenRoot(res.Root); err == nil {
		res.Guide.About = readAbout(root)
		res.Guide.Notice = readNotice(root)
		if owner == "" {
			if title := readTitle(root); title != "" {
				res.Guide.Name = title
			}
		}
		res.Guide.Contribution.Changelog = changelogFragments(root)
		root.Close()
	}
	if !req.NoIssues && owner != "" {
		res.Guide.Issues = s.newcomerIssues(ctx, owner, name)
	}
	if !req.NoLLM {
		if note := s.addOverview(ctx, res.Guide); note != "" {
			res.Notes = append(res.Notes, note)
		}
	}
	return res, nil
}

func displayName(owner, name, root string) string {
	if owner != "" {
		return owner + "/" + name
	}
	return filepath.Base(root)
}

// gitHubRepo names the GitHub repository of the target: the one named, or
// for a local tree the one its upstream or origin remote points at.
func (s *Service) gitHubRepo(ctx context.Context, t analysis.RepoTarget, root string) (string, string) {
	if t.Remote() {
		if t.Host == "github.com" {
			return t.Owner, t.Name
		}
		return "", ""
	}
	if s.Remotes == nil {
		return "", ""
	}
	remotes, err := s.Remotes(ctx, root)
	if err != nil {
		return "", ""
	}
	sort.SliceStable(remotes, func(i, j int) bool { return remoteRank(remotes[i].Name) < remoteRank(remotes[j].Name) })
	for _, r := range remotes {
		if rt, err := analysis.ParseRepoTarget(r.FetchURL, string(filepath.Separator)+"nonexistent"); err == nil && rt.Host == "github.com" {
			return rt.Owner, rt.Name
		}
	}
	return "", ""
}

func remoteRank(name string) int {
	switch name {
	case "upstream":
		return 0
	case "origin":
		return 1
	}
	return 2
}

// issueTimeout bounds the GitHub lookup: the guide never waits long for
// what is only a bonus.
const issueTimeout = 15 * time.Second

// maxIssues bounds the issues listed.
const maxIssues = 10

// newcomerIssues lists open, unassigned issues with the repository's
// newcomer labels. Any failure (offline, rate limited, no such
// repository) gives none: the guide is complete without them.
func (s *Service) newcomerIssues(ctx context.Context, owner, name string) []Issue {
	out := []Issue{}
	if s.GitHub == nil {
		return out
	}
	gh, err := s.GitHub()
	if err != nil || gh == nil {
		return out
	}
	ctx, cancel := context.WithTimeout(ctx, issueTimeout)
	defer cancel()
	labels, err := gh.Labels(ctx, owner, name)
	if err != nil {
		return out
	}
	seen := map[int]bool{}
	n := 0
	for _, l := range labels {
		if !newcomerLabel(l.Name) || n == 2 {
			continue
		}
		n++
		issues, err := gh.ListIssues(ctx, owner, name, model.IssueQuery{State: "open", Labels: []string{l.Name}, Assignee: "none", Limit: maxIssues})
		if err != nil {
			continue
		}
		for _, is := range issues {
			if is.IsPull || seen[is.Number] {
				continue
			}
			seen[is.Number] = true
			out = append(out, Issue{Number: is.Number, Title: is.Title, URL: is.URL, Labels: is.LabelNames()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number > out[j].Number })
	if len(out) > maxIssues {
		out = out[:maxIssues]
	}
	return out
}

// newcomerLabel recognises the labels projects put on issues for a first
// contribution.
func newcomerLabel(name string) bool {
	n := strings.NewReplacer("-", " ", "_", " ", ":", " ").Replace(strings.ToLower(name))
	n = strings.Join(strings.Fields(n), " ")
	for _, w := range []string{"good first", "first timers", "beginner", "newcomer", "starter", "easy pick", "low hanging"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "easy" || n == "e easy" || n == "difficulty easy"
}
