// Package analysis is the use case behind `oss-dev analyze repo`: it
// resolves what the user named (a path, OWNER/REPO or a URL), brings a
// remote repository into the cache, and runs the repository analysis.
package analysis

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/model"
)

// HistoryDepth is how many commits a cached clone keeps: enough for the
// commit-convention and sign-off checks, far less than a full history.
const HistoryDepth = 200

// RepoTarget is what the user asked to analyse.
type RepoTarget struct {
	// Local is the directory of a local tree; empty for a remote one.
	Local string
	// URL is the clone URL of a remote repository.
	URL string
	// Host, Owner and Name locate a remote repository in the cache.
	Host, Owner, Name string
}

// Remote reports whether the target must be cloned.
func (t RepoTarget) Remote() bool { return t.Local == "" }

// Display names the target for people: OWNER/REPO for GitHub, the URL for
// other hosts, the directory for a local tree.
func (t RepoTarget) Display() string {
	switch {
	case !t.Remote():
		return t.Local
	case t.Host == "github.com":
		return t.Owner + "/" + t.Name
	}
	return t.URL
}

// ownerRepoExpr is GitHub's OWNER/REPO shape.
const ownerRepoExpr = `^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$`

// ParseRepoTarget resolves arg against workDir. An existing path wins over
// OWNER/REPO, so a folder named like a repository is read in place.
func ParseRepoTarget(arg, workDir string) (RepoTarget, error) {
	if arg == "" {
		arg = "."
	}
	local := arg
	if !filepath.IsAbs(local) {
		local = filepath.Join(workDir, local)
	}
	if fi, err := os.Stat(local); err == nil {
		if !fi.IsDir() {
			return RepoTarget{}, errcode.New(errcode.InvalidInput, arg+" is a file, not a folder", "pass the folder of a repository, OWNER/REPO or a URL")
		}
		return RepoTarget{Local: filepath.Clean(local)}, nil
	}
	if strings.Contains(arg, "://") || strings.HasPrefix(arg, "git@") {
		return parseURL(arg)
	}
	if regexp.MustCompile(ownerRepoExpr).MatchString(arg) && !strings.HasPrefix(arg, ".") {
		owner, name, _ := strings.Cut(arg, "/")
		name = strings.TrimSuffix(name, ".git")
		if pathPart(name) {
			return RepoTarget{URL: "https://github.com/" + owner + "/" + name + ".git", Host: "github.com", Owner: owner, Name: name}, nil
		}
	}
	return RepoTarget{}, errcode.New(errcode.InvalidReference, "no folder "+arg+" here, and it is not OWNER/REPO or a URL", "pass an existing folder, OWNER/REPO (as on GitHub) or a clone URL")
}

// parseURL reads https://host/owner/repo(.git), ssh://git@host/owner/repo
// and git@host:owner/repo.
func parseURL(arg string) (RepoTarget, error) {
	bad := errcode.New(errcode.InvalidReference, arg+" is not a repository URL", "use https://HOST/OWNER/REPO, git@HOST:OWNER/REPO or OWNER/REPO")
	var host, p string
	if strings.HasPrefix(arg, "git@") {
		h, rest, ok := strings.Cut(strings.TrimPrefix(arg, "git@"), ":")
		if !ok {
			return RepoTarget{}, bad
		}
		host, p = h, rest
	} else {
		u, err := url.Parse(arg)
		if err != nil || u.Host == "" && u.Scheme != "file" {
			return RepoTarget{}, bad
		}
		if u.Scheme == "file" {
			owner, name := filepath.Base(filepath.Dir(u.Path)), strings.TrimSuffix(filepath.Base(u.Path), ".git")
			if !pathPart(owner) || !pathPart(name) {
				return RepoTarget{}, bad
			}
			return RepoTarget{URL: arg, Host: "local", Owner: owner, Name: name}, nil
		}
		if u.User != nil {
			// Credentials in a URL would end up in the cache's git config.
			return RepoTarget{}, errcode.New(errcode.InvalidReference, "the URL carries credentials", "remove the user and password from the URL; git uses your credential helper")
		}
		host, p = u.Hostname(), u.Path
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return RepoTarget{}, bad
	}
	owner, name := parts[0], strings.TrimSuffix(parts[1], ".git")
	for _, s := range []string{host, owner, name} {
		if !pathPart(s) {
			return RepoTarget{}, bad
		}
	}
	return RepoTarget{URL: arg, Host: host, Owner: owner, Name: name}, nil
}

// pathPart says whether s can be one folder of the clone's path in the
// cache: a name, not a step up, a step in place or a separator.
func pathPart(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `\/`)
}

// RepoService runs repository analyses.
type RepoService struct {
	// ReposDir holds clones as HOST/OWNER/REPO: the workspace's folder
	// (workspace.Service.ReposDir), so that `cache clear --repos` removes
	// what is cloned here.
	ReposDir string
	// OpenRepo opens the git working tree that contains dir; nil reads
	// folders without git.
	OpenRepo func(dir string) (Repo, error)
	// Clone clones url into dir, shallow to depth commits, starting
	// nothing the repository names (hooks, filters); nil means remote
	// targets cannot be analysed.
	Clone func(ctx context.Context, url, dir string, depth int) error
	// OpenClone opens the cache's clone in dir, with git kept from
	// starting anything the repository names and from prompting; nil
	// means a cached clone cannot be brought up to date.
	OpenClone func(dir string) (CachedClone, error)
	// Workers bounds the parallel reads; 0 picks a default.
	Workers int
	// Progress, when set, is told what the service is doing.
	Progress func(step string)
}

// AnalyzeRepo analyses the target: a local tree in place (it is never
// modified), a remote one after a shallow clone into the cache, or an
// update of the clone the cache already has.
func (s *RepoService) AnalyzeRepo(ctx context.Context, t RepoTarget) (*RepoReport, error) {
	dir := t.Local
	if t.Remote() {
		var err error
		if dir, err = s.ensureClone(ctx, t); err != nil {
			return nil, err
		}
	}
	s.progress("Analysing " + t.Display())
	r, err := repo.Analyze(ctx, repo.Options{Root: dir, Git: s.git(), Workers: s.Workers})
	if err != nil {
		return nil, err
	}
	if t.Remote() {
		r.Repository = t.Display()
	}
	return r, nil
}

func (s *RepoService) progress(step string) {
	if s.Progress != nil {
		s.Progress(step)
	}
}

// ClonePath is where the cache keeps a remote target.
func (s *RepoService) ClonePath(t RepoTarget) string {
	return filepath.Join(s.ReposDir, t.Host, t.Owner, t.Name)
}

// ensureClone clones the target shallow into the cache, or brings the
// cached clone up to the remote's HEAD.
func (s *RepoService) ensureClone(ctx context.Context, t RepoTarget) (string, error) {
	if s.ReposDir == "" {
		return "", errcode.New(errcode.ConfigInvalid, "no cache folder to clone into", "set XDG_CACHE_HOME or HOME")
	}
	dir := s.ClonePath(t)
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		s.progress("Updating " + t.Display())
		if err := s.updateClone(ctx, dir); err != nil {
			return "", err
		}
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", errcode.Wrap(errcode.AnalysisFailed, err, "cannot create the cache folder "+filepath.Dir(dir), "check the permissions of "+s.ReposDir)
	}
	s.progress("Cloning " + t.Display())
	if s.Clone == nil {
		return "", errcode.New(errcode.GitNotFound, "no git to clone "+t.Display()+" with", "analyse a local clone instead")
	}
	if err := s.Clone(ctx, t.URL, dir, HistoryDepth); err != nil {
		return "", errcode.Wrap(errcode.GitFailed, err, "could not clone "+t.Display()+": "+err.Error(), "check the name and your network; for a private repository, check your git credentials")
	}
	return dir, nil
}

// CachedClone is a clone in the cache, as the analysis brings it up to date.
type CachedClone interface {
	// SyncToRemoteHead fetches the remote's HEAD, shallow to depth
	// commits, and checks it out detached, discarding changes.
	SyncToRemoteHead(ctx context.Context, remote string, depth int) error
}

// updateClone fetches the remote's HEAD to the same depth and moves the
// cached work tree to it. The clone is the cache's own, so overwriting its
// work tree loses nothing of the user's.
func (s *RepoService) updateClone(ctx context.Context, dir string) error {
	if s.OpenClone == nil {
		return errcode.New(errcode.GitNotFound, "no git to update the cached clone in "+dir+" with", "analyse a local clone instead")
	}
	c, err := s.OpenClone(dir)
	if err == nil {
		err = c.SyncToRemoteHead(ctx, "origin", HistoryDepth)
	}
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil || errcode.HasCode(err, errcode.Canceled):
		return errcode.Wrap(errcode.Canceled, err, "the update of the cached clone in "+dir+" was cancelled", "run the analysis again")
	case errcode.HasCode(err, errcode.GitNotFound):
		return err
	}
	return errcode.Wrap(errcode.GitFailed, err, "could not update the cached clone in "+dir+": "+err.Error(),
		"check your network, or delete "+dir+" to clone afresh")
}

// Repo is what the analysis reads of a git working tree.
type Repo interface {
	Root() string
	LsFiles(ctx context.Context) ([]string, error)
	Log(ctx context.Context, maxCount int) ([]model.Commit, error)
}

// git gives the analysis the working tree's file list and log.
func (s *RepoService) git() repo.Git {
	if s.OpenRepo == nil {
		return noGit{}
	}
	return providerGit{openRepo: s.OpenRepo}
}

// noGit is a tree without git: the analysis walks the folder.
type noGit struct{}

func (noGit) LsFiles(context.Context, string) ([]string, error) { return nil, errNoGit }

func (noGit) Log(context.Context, string, int) ([]model.Commit, error) { return nil, errNoGit }

var errNoGit = errcode.New(errcode.GitNotFound, "git is not available to this analysis", "run it through oss-dev, which opens git for it")

// providerGit reads a working tree through the git provider.
type providerGit struct {
	openRepo func(dir string) (Repo, error)
}

func (g providerGit) open(dir string) (Repo, string, error) {
	r, err := g.openRepo(dir)
	if err != nil {
		return nil, "", err
	}
	rel, err := filepath.Rel(r.Root(), dir)
	if err != nil {
		return nil, "", err
	}
	if rel == "." {
		rel = ""
	}
	return r, filepath.ToSlash(rel), nil
}

// LsFiles lists tracked files under dir, relative to dir, also when dir is
// a folder inside the work tree.
func (g providerGit) LsFiles(ctx context.Context, dir string) ([]string, error) {
	r, rel, err := g.open(dir)
	if err != nil {
		return nil, err
	}
	all, err := r.LsFiles(ctx)
	if err != nil || rel == "" {
		return all, err
	}
	prefix := rel + "/"
	out := make([]string, 0, len(all))
	for _, p := range all {
		if strings.HasPrefix(p, prefix) {
			out = append(out, p[len(prefix):])
		}
	}
	return out, nil
}

// Log returns the last n commits.
func (g providerGit) Log(ctx context.Context, dir string, n int) ([]model.Commit, error) {
	r, _, err := g.open(dir)
	if err != nil {
		return nil, err
	}
	return r.Log(ctx, n)
}

// RepoReport is the analysis result; its JSON shape is documented on
// repo.Report.
type RepoReport = repo.Report

// RepoLocation is the evidence of a finding: a file and a line.
type RepoLocation = repo.Location

// RepoCommand is a command of the repository with where it comes from.
type RepoCommand = repo.Command

// The commit conventions a RepoReport can name.
const (
	ConventionConventional = repo.ConventionConventional
	ConventionArea         = repo.ConventionArea
	ConventionCapitalized  = repo.ConventionCapitalized
	ConventionNone         = repo.ConventionNone
	ConventionUnknown      = repo.ConventionUnknown
)
