package mentoring

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Start begins a contribution to the issue ref (a URL or OWNER/REPO#N):
// it opens the repository when dir (or the working directory) is a clone
// of it, else clones it into dir or ./REPO; adds the contributor's fork as
// a remote when they cannot push upstream; then runs REPO_ANALYSIS,
// ISSUE_ANALYSIS and PLANNING and stops in IMPLEMENTATION.
func (s *Service) Start(ctx context.Context, ref, dir string) (*Result, error) {
	r, err := model.ParseIssueRef(ref, model.DefaultHost)
	if err != nil {
		return nil, errcode.Wrap(errcode.InvalidReference, err, err.Error(), "write the issue as OWNER/REPO#NUMBER or as its URL")
	}
	if r.IsPull {
		return nil, errcode.New(errcode.InvalidReference, ref+" is a pull request, not an issue", "give the issue the pull request would fix")
	}
	gh, err := s.github()
	if err != nil {
		return nil, err
	}
	up, err := gh.Repository(ctx, r.Owner, r.Repo)
	if err != nil {
		return nil, err
	}
	root, cloned, err := s.locate(ctx, r, up, dir)
	if err != nil {
		return nil, err
	}
	var ss *session
	if !cloned {
		if ss, err = s.openSession(ctx, root); err != nil {
			return nil, err
		}
	} else {
		if ss, err = s.clone(ctx, r, up, root); err != nil {
			return nil, err
		}
	}
	st := workflow.New(newID(r.Repo, r.Number), ss.root, r.URL(), r.Number, s.now())
	rm := repoMeta{Upstream: r.Owner + "/" + r.Repo, Host: r.Host, DefaultBranch: up.DefaultBranch, CanPush: up.ViewerCanPush,
		PushRemote: "origin", HeadOwner: r.Owner}
	if err := repoField.write(&st, rm); err != nil {
		return nil, err
	}
	if !up.ViewerCanPush {
		if err := ss.ensureFork(ctx, gh, &st, up); err != nil {
			return nil, err
		}
	}
	if err := ss.store.Create(ctx, &st); err != nil {
		return nil, err
	}
	s.recordIndex(st, "", true)
	ss.keepStateOutOfGit()
	e := ss.engine()
	if err := e.Fire(ctx, &st, workflow.Start, workflow.Facts{IssueURLValid: true}, "mentor start "+r.String()); err != nil {
		return nil, err
	}
	return ss.run(ctx, e, &st)
}

func (s *Service) github() (GitHub, error) {
	if s.GitHub == nil {
		return nil, errcode.New(errcode.ProviderNotFound, "no GitHub provider is configured", "run 'oss-dev doctor' to check the GitHub settings")
	}
	return s.GitHub()
}

// locate finds the clone to use: dir (or the working directory) when it is
// already a clone of the repository, else where to clone it.
func (s *Service) locate(ctx context.Context, r model.IssueRef, up model.Repository, dir string) (string, bool, error) {
	wd := s.WorkDir
	if wd == "" {
		wd, _ = os.Getwd()
	}
	candidates := []string{}
	if dir != "" {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(wd, dir)
		}
		candidates = append(candidates, dir)
	} else {
		candidates = append(candidates, wd, filepath.Join(wd, r.Repo))
	}
	for _, c := range candidates {
		if config.FindRepoRoot(c) == "" {
			continue
		}
		repo, err := s.OpenRepo(c)
		if err != nil {
			continue
		}
		if isCloneOf(ctx, repo, r) {
			return repo.Root(), false, nil
		}
		if c == dir {
			return "", false, errcode.Newf(errcode.InvalidInput, "give --dir a clone of "+r.Owner+"/"+r.Repo+", or a new folder to clone into",
				"%s is a git repository, but none of its remotes is %s/%s", dir, r.Owner, r.Repo)
		}
	}
	target := dir
	if target == "" {
		target = filepath.Join(wd, r.Repo)
	}
	if entries, err := os.ReadDir(target); err == nil && len(entries) > 0 {
		return "", false, errcode.Newf(errcode.InvalidInput, "choose another folder with --dir",
			"%s exists and is not a clone of %s/%s", target, r.Owner, r.Repo)
	}
	return target, true, nil
}

// isCloneOf reports whether a remote of repo points at the issue's repository.
func isCloneOf(ctx context.Context, repo Repo, r model.IssueRef) bool {
	remotes, err := repo.Remotes(ctx)
	if err != nil {
		return false
	}
	for _, rm := range remotes {
		if sameRepo(rm.FetchURL, r.Owner, r.Repo) {
			return true
		}
	}
	return false
}

// sameRepo compares the last two path segments of a remote URL (https,
// ssh, scp-like or a local path) with OWNER/REPO.
func sameRepo(remote, owner, repo string) bool {
	o, r, ok := ownerRepoOf(remote)
	return ok && strings.EqualFold(o, owner) && strings.EqualFold(r, repo)
}

// clone clones the repository into dir after approval.
func (s *Service) clone(ctx context.Context, r model.IssueRef, up model.Repository, dir string) (*session, error) {
	cfg, err := s.LoadConfig(filepath.Dir(dir))
	if err != nil {
		return nil, err
	}
	cloneURL := up.CloneURL
	if cloneURL == "" {
		cloneURL = r.RepoRef().URL() + ".git"
	}
	a := newApprovals(s, cfg, dir)
	m, err := a.manager(approval.Environment{RepoRoot: dir, DefaultBranch: up.DefaultBranch})
	if err != nil {
		return nil, err
	}
	if _, err := m.Request(ctx, approval.Request{Tool: config.ToolGitClone, Action: "clone " + r.Owner + "/" + r.Repo + " into " + dir,
		Command: []string{"git", "clone", cloneURL, dir}, Mutating: true}); err != nil {
		return nil, err
	}
	s.progress("Cloning " + r.Owner + "/" + r.Repo + " into " + dir)
	if err := s.Clone(ctx, cloneURL, dir, 0); err != nil {
		return nil, err
	}
	return s.openSession(ctx, dir)
}

// ensureFork finds the contributor's fork, or creates it on approval, and
// adds it as the remote "fork": a contributor who cannot push upstream
// pushes there.
func (ss *session) ensureFork(ctx context.Context, gh GitHub, st *workflow.State, up model.Repository) error {
	me, err := gh.CurrentUser(ctx)
	if err != nil {
		return err
	}
	fork, err := gh.Repository(ctx, me.Login, up.Name)
	switch {
	case err == nil && fork.Fork && strings.EqualFold(fork.ParentFullName, up.FullName):
	case err == nil || !errcode.HasCode(err, errcode.NotFound):
		if err == nil {
			return errcode.Newf(errcode.InvalidInput, "rename your repository or fork "+up.FullName+" under another name by hand, then add it as the remote 'fork'",
				"you have a repository %s/%s that is not a fork of %s", me.Login, up.Name, up.FullName)
		}
		return err
	default:
		if err := ss.approve(ctx, st, approval.Request{Tool: config.ToolGitHubFork, Action: "fork " + up.FullName + " to your account " + me.Login,
			Mutating: true, Detail: "you cannot push to " + up.FullName + ", so your branch goes to your fork"}); err != nil {
			return err
		}
		ss.svc.progress("Forking " + up.FullName)
		if fork, err = gh.CreateFork(ctx, up.Owner, up.Name); err != nil {
			return err
		}
	}
	forkURL := fork.CloneURL
	remotes, err := ss.git.Remotes(ctx)
	if err != nil {
		return err
	}
	exists := false
	for _, r := range remotes {
		exists = exists || r.Name == forkRemoteName
	}
	if !exists {
		if err := ss.approve(ctx, st, approval.Request{Tool: config.ToolGitRemote, Action: "add your fork as the remote " + forkRemoteName,
			Command: []string{"git", "remote", "add", forkRemoteName, forkURL}, Mutating: true}); err != nil {
			return err
		}
		if err := ss.git.AddRemote(ctx, forkRemoteName, forkURL); err != nil {
			return err
		}
	}
	var rm repoMeta
	if _, err := repoField.read(st, &rm); err != nil {
		return err
	}
	rm.PushRemote, rm.HeadOwner = forkRemoteName, fork.Owner
	if rm.HeadOwner == "" {
		rm.HeadOwner = me.Login
	}
	return repoField.write(st, rm)
}

// keepStateOutOfGit lists oss-dev's folder in .git/info/exclude, so the
// workflow's files and "always" rules never show as changes or get
// committed. It is the workflow's bookkeeping, like the state file itself.
// The .git of a copied work tree is someone else's: the file is read and
// written inside .git only, and left alone when it is a link out of it, a
// named pipe or anything but a regular file.
func (ss *session) keepStateOutOfGit() {
	gitDir := filepath.Join(ss.root, ".git")
	if fi, err := os.Lstat(gitDir); err != nil || !fi.IsDir() {
		return
	}
	dir, err := safefile.OpenRoot(gitDir)
	if err != nil {
		return
	}
	defer dir.Close()
	const name, line = "info/exclude", "/.oss-dev/"
	data, err := dir.ReadFile(name, safefile.ConfigMax)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return
	}
	if strings.Contains(string(data), line) {
		return
	}
	if len(data) > 0 && !strings.HasSuffix(string(data), "\n") {
		data = append(data, '\n')
	}
	_ = dir.WriteFile(name, append(data, line+"\n"...), 0o644)
}
