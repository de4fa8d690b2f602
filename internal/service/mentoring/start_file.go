package mentoring

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

// metaSaved holds the saved issue a workflow started from, and metaOffline
// records that GitHub was not asked about the repository yet.
const (
	metaSaved   = "saved_issue"
	metaOffline = "offline"
)

// savedIssue is the issue read from a file, kept in the state so that
// ISSUE_ANALYSIS reads it instead of GitHub.
type savedIssue struct {
	File     string          `json:"file"`
	Issue    model.Issue     `json:"issue"`
	Comments []model.Comment `json:"comments"`
}

// StartFromFile begins a contribution to a saved issue (GitHub's issue
// JSON, gh's `issue view --json` output, or Markdown) without GitHub: the
// repository must already be cloned in dir or the working directory.
// REPO_ANALYSIS, ISSUE_ANALYSIS, PLANNING and the later phases up to
// VALIDATION run offline; COMMIT_PR is the first step that needs the
// network, to learn whether the contributor can push and to open the
// pull request.
func (s *Service) StartFromFile(ctx context.Context, file, dir string) (*Result, error) {
	data, err := analysis.ReadIssueFile(file)
	if err != nil {
		return nil, err
	}
	in, err := analysis.ParseIssueFile(data, file)
	if err != nil {
		return nil, err
	}
	root, err := s.localClone(dir)
	if err != nil {
		return nil, err
	}
	ss, err := s.openSession(ctx, root)
	if err != nil {
		return nil, err
	}
	owner, repo, err := savedIssueRepo(ctx, ss.git, in.Issue)
	if err != nil {
		return nil, err
	}
	base, err := ss.git.LocalDefaultBranch(ctx, "origin")
	if err != nil || base == "" {
		if base, err = ss.git.CurrentBranch(ctx); err != nil {
			return nil, err
		}
	}
	abs, _ := filepath.Abs(file)
	issueURL := in.Issue.URL
	if issueURL == "" {
		issueURL = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	}
	st := workflow.New(newID(repo, in.Issue.Number), ss.root, issueURL, in.Issue.Number, s.now())
	rm := repoMeta{Upstream: owner + "/" + repo, Host: model.DefaultHost, DefaultBranch: base, CanPush: true,
		PushRemote: "origin", HeadOwner: owner}
	in.Issue.Repo = owner + "/" + repo
	if err := errors.Join(repoField.write(&st, rm), savedField.write(&st, savedIssue{File: abs, Issue: in.Issue, Comments: in.Comments}),
		offlineField.write(&st, true)); err != nil {
		return nil, err
	}
	if err := ss.store.Create(ctx, &st); err != nil {
		return nil, err
	}
	s.recordIndex(st, "", true)
	ss.keepStateOutOfGit()
	e := ss.engine()
	if err := e.Fire(ctx, &st, workflow.Start, workflow.Facts{IssueURLValid: true}, "mentor start --file "+file); err != nil {
		return nil, err
	}
	return ss.run(ctx, e, &st)
}

// localClone is dir (or the working directory) when it is inside a git
// repository: starting from a saved issue never clones.
func (s *Service) localClone(dir string) (string, error) {
	wd := s.WorkDir
	if wd == "" {
		wd, _ = os.Getwd()
	}
	if dir == "" {
		dir = wd
	} else if !filepath.IsAbs(dir) {
		dir = filepath.Join(wd, dir)
	}
	if root := config.FindRepoRoot(dir); root != "" {
		return root, nil
	}
	return "", errcode.Newf(errcode.InvalidInput, "clone the repository first (git clone URL) and run mentor start --file inside it, or give --dir the clone",
		"%s is not inside a git repository; starting from a saved issue works offline and does not clone", dir)
}

// savedIssueRepo is the issue's OWNER/REPO, checked against the clone's
// remotes; a Markdown issue, which names no repository, takes the one of
// the remote "origin".
func savedIssueRepo(ctx context.Context, repo Repo, iss model.Issue) (string, string, error) {
	remotes, err := repo.Remotes(ctx)
	if err != nil {
		return "", "", err
	}
	if owner, name, ok := strings.Cut(iss.Repo, "/"); ok {
		for _, r := range remotes {
			if sameRepo(r.FetchURL, owner, name) {
				return owner, name, nil
			}
		}
		return "", "", errcode.Newf(errcode.InvalidInput, "run it in a clone of "+iss.Repo+", or give --dir one",
			"the saved issue belongs to %s, but no remote of %s points there", iss.Repo, repo.Root())
	}
	for _, r := range remotes {
		if r.Name == "origin" {
			if owner, name, ok := ownerRepoOf(r.FetchURL); ok {
				return owner, name, nil
			}
		}
	}
	return "", "", errcode.New(errcode.InvalidInput, "the saved issue names no repository and the clone has no remote \"origin\" on GitHub",
		"save the issue as JSON (gh issue view N --json ... > issue.json), which names its repository")
}

// ownerRepoOf reads OWNER/REPO from the last two segments of a remote URL.
func ownerRepoOf(remote string) (string, string, bool) {
	p := remote
	if u, err := url.Parse(remote); err == nil && u.Scheme != "" {
		p = u.Path
	} else if i := strings.Index(remote, ":"); i > 0 && !strings.Contains(remote[:i], "/") {
		p = remote[i+1:]
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimRight(filepath.ToSlash(p), "/"), ".git"), "/")
	if len(parts) < 2 || parts[len(parts)-2] == "" || parts[len(parts)-1] == "" {
		return "", "", false
	}
	return parts[len(parts)-2], parts[len(parts)-1], true
}

// readIssue is the issue of the workflow: the saved one when it started
// from a file, else GitHub's.
func (ss *session) readIssue(ctx context.Context, st *workflow.State) (analysis.IssueInput, error) {
	var saved savedIssue
	if ok, err := savedField.read(st, &saved); err != nil {
		return analysis.IssueInput{}, err
	} else if ok {
		ss.svc.progress("Reading the saved issue " + saved.File)
		return analysis.IssueInput{Issue: saved.Issue, Comments: saved.Comments}, nil
	}
	gh, err := ss.svc.github()
	if err != nil {
		return analysis.IssueInput{}, err
	}
	ss.svc.progress("Reading " + st.IssueURL)
	return analysis.FetchIssue(ctx, gh, st.IssueURL)
}

// goOnline asks GitHub, once, what a workflow started from a saved issue
// could not: whether the contributor can push upstream, and else their
// fork. It is the first step that needs the network, and says so.
func (ss *session) goOnline(ctx context.Context, st *workflow.State, rm *repoMeta) error {
	var offline bool
	if ok, err := offlineField.read(st, &offline); err != nil || !ok || !offline {
		return err
	}
	owner, name, _ := strings.Cut(rm.Upstream, "/")
	up, err := ss.needNetwork(func() (model.Repository, error) {
		gh, err := ss.svc.github()
		if err != nil {
			return model.Repository{}, err
		}
		return gh.Repository(ctx, owner, name)
	})
	if err != nil {
		return err
	}
	rm.CanPush = up.ViewerCanPush
	if up.DefaultBranch != "" {
		rm.DefaultBranch = up.DefaultBranch
	}
	if err := repoField.write(st, *rm); err != nil {
		return err
	}
	if !up.ViewerCanPush {
		gh, err := ss.svc.github()
		if err != nil {
			return err
		}
		if err := ss.ensureFork(ctx, gh, st, up); err != nil {
			return err
		}
		if _, err := repoField.read(st, rm); err != nil {
			return err
		}
	}
	return offlineField.write(st, false)
}

// needNetwork runs a GitHub call and, when it fails, says that this step
// needs the network while the earlier ones ran from the saved issue.
func (ss *session) needNetwork(call func() (model.Repository, error)) (model.Repository, error) {
	up, err := call()
	if err == nil {
		return up, nil
	}
	if errcode.HasCode(err, errcode.Canceled) {
		return up, err
	}
	return up, errcode.Wrap(errcode.ProviderUnavailable, err,
		"COMMIT_PR needs the network and GitHub (the steps before it ran from the saved issue): "+errText(err),
		"connect to the network, check 'oss-dev doctor', and run 'oss-dev mentor next' again")
}
