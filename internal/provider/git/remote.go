package git

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// ErrPushRejected is in the chain of the error Push returns when the remote
// refused the update (it has commits the local branch lacks, or a hook
// refused it); test with errors.Is.
var ErrPushRejected = errors.New("push rejected")

// CloneOptions shape a clone.
type CloneOptions struct {
	// Depth > 0 makes a shallow clone with that many commits (git clone
	// --depth; for a local path give a file:// URL, or git ignores it).
	Depth int
	// Branch checks out this branch instead of the remote's default.
	Branch string
}

// Clone clones url into dir (which must not exist or be empty) and returns
// the new working tree. When the clone fails or is cancelled, whatever it
// left in dir is removed, so a retry starts clean; an existing non-empty dir
// is never touched. With Foreign among ropts, the files are checked out
// under Foreign's rules.
func Clone(ctx context.Context, url, dir string, opts CloneOptions, ropts ...Option) (*Repo, error) {
	s, err := resolveSettings(ropts)
	if err != nil {
		return nil, err
	}
	if err := checkArg("repository URL", url); err != nil {
		return nil, err
	}
	if opts.Depth < 0 {
		return nil, errcode.New(errcode.InvalidInput, "clone depth "+strconv.Itoa(opts.Depth)+" is negative", "give a depth of 1 or more, or 0 for the full history")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, errcode.Wrap(errcode.InvalidInput, err, "cannot resolve the path "+dir, "pass a directory path")
	}
	args := []string{"clone", "--quiet"}
	if opts.Depth > 0 {
		args = append(args, "--depth", strconv.Itoa(opts.Depth))
	}
	if opts.Branch != "" {
		if err := checkArg("branch", opts.Branch); err != nil {
			return nil, err
		}
		args = append(args, "--branch", opts.Branch)
	}
	env := buildEnv(os.Environ(), s.env)
	if s.foreign {
		// The files are checked out once the Repo is sealed (New).
		args = append(args, "--no-checkout")
		env = foreignEnv(env)
	}
	args = append(args, "--", url, abs)
	cleanable := emptyOrMissing(abs)
	existed := exists(abs)
	if _, err := runGit(ctx, s.bin, "", env, nil, args); err != nil {
		if cleanable {
			removeClone(abs, existed)
		}
		return nil, err
	}
	r, err := New(abs, ropts...)
	if err == nil && s.foreign {
		_, err = r.output(ctx, nil, "checkout", "--quiet", "--force")
	}
	if err != nil {
		if cleanable {
			removeClone(abs, existed)
		}
		return nil, err
	}
	return r, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func emptyOrMissing(p string) bool {
	entries, err := os.ReadDir(p)
	if errors.Is(err, os.ErrNotExist) {
		return true
	}
	return err == nil && len(entries) == 0
}

// removeClone undoes a failed clone: the directory itself when the clone
// created it, else only what the clone put inside.
func removeClone(dir string, existed bool) {
	if !existed {
		_ = os.RemoveAll(dir)
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		_ = os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// Remotes lists the configured remotes with their fetch and push URLs (as
// git resolves them, url.*.insteadOf applied).
func (r *Repo) Remotes(ctx context.Context) ([]model.Remote, error) {
	names, err := r.remoteNames(ctx)
	if err != nil {
		return nil, err
	}
	remotes := make([]model.Remote, 0, len(names))
	for _, n := range names {
		fetch, err := r.output(ctx, nil, "remote", "get-url", "--", n)
		if err != nil {
			return nil, err
		}
		push, err := r.output(ctx, nil, "remote", "get-url", "--push", "--", n)
		if err != nil {
			return nil, err
		}
		remotes = append(remotes, model.Remote{
			Name:     n,
			FetchURL: strings.TrimSpace(string(fetch)),
			PushURL:  strings.TrimSpace(string(push)),
		})
	}
	return remotes, nil
}

func (r *Repo) remoteNames(ctx context.Context) ([]string, error) {
	out, err := r.output(ctx, nil, "remote")
	if err != nil {
		return nil, err
	}
	return lines(out), nil
}

// requireRemote returns NOT_FOUND, listing the remotes there are, when name
// is not one of them.
func (r *Repo) requireRemote(ctx context.Context, name string) error {
	if err := checkArg("remote", name); err != nil {
		return err
	}
	names, err := r.remoteNames(ctx)
	if err != nil {
		return err
	}
	for _, n := range names {
		if n == name {
			return nil
		}
	}
	have := "there are no remotes"
	if len(names) > 0 {
		have = "remotes: " + strings.Join(names, ", ")
	}
	return errcode.New(errcode.NotFound, "no remote named "+quote(name)+" ("+have+")",
		"add it first: git remote add "+name+" URL")
}

// AddRemote adds a remote. Adding one that already exists with the same URL
// does nothing (a resumed workflow may repeat it); with another URL it is an
// error naming both.
func (r *Repo) AddRemote(ctx context.Context, name, url string) error {
	if err := checkArg("remote name", name); err != nil {
		return err
	}
	if err := checkArg("remote URL", url); err != nil {
		return err
	}
	remotes, err := r.Remotes(ctx)
	if err != nil {
		return err
	}
	for _, rm := range remotes {
		if rm.Name != name {
			continue
		}
		if rm.FetchURL == url {
			return nil
		}
		return errcode.New(errcode.GitFailed,
			"remote "+quote(name)+" already exists with URL "+redact.Shapes(rm.FetchURL)+", not "+redact.Shapes(url),
			"choose another name, or change it: git remote set-url "+name+" URL")
	}
	_, err = r.output(ctx, nil, "remote", "add", "--", name, url)
	return err
}

// Fetch downloads the remote's branches and tags (git fetch REMOTE).
func (r *Repo) Fetch(ctx context.Context, remote string) error {
	if err := r.requireRemote(ctx, remote); err != nil {
		return err
	}
	_, err := r.output(ctx, nil, "fetch", "--quiet", "--", remote)
	return err
}

// Push pushes the local branch (the current one when branch is empty) to
// the branch of the same name on remote and sets it as the upstream. It
// never forces: a remote that has moved on is GIT_FAILED wrapping
// ErrPushRejected, with git's reason and how to integrate the remote's work.
func (r *Repo) Push(ctx context.Context, remote, branch string) error {
	if err := r.requireRemote(ctx, remote); err != nil {
		return err
	}
	if branch == "" {
		cur, err := r.CurrentBranch(ctx)
		if err != nil {
			return err
		}
		branch = cur
	}
	if err := r.validateBranchName(ctx, branch); err != nil {
		return err
	}
	if _, err := r.revParse(ctx, "refs/heads/"+branch); err != nil {
		if errcode.HasCode(err, errcode.NotFound) {
			return r.notFoundRef(ctx, "local branch", branch, err)
		}
		return err
	}
	ref := "refs/heads/" + branch
	out, err := r.output(ctx, nil, "push", "--porcelain", "--set-upstream", "--", remote, ref+":"+ref)
	if err == nil {
		return nil
	}
	if reasons := ParsePushRejections(out); len(reasons) > 0 {
		fix := "bring in the remote's commits first (git pull --rebase " + remote + " " + branch + "), then push again; oss-dev never force-pushes"
		if !behindRemote(reasons) {
			fix = "read the remote's reason above (a protected branch or a server-side hook), push to a branch you may write, or ask the maintainers"
		}
		return errcode.Wrap(errcode.GitFailed, errors.Join(ErrPushRejected, err),
			"push of "+branch+" to "+remote+" was rejected ("+strings.Join(reasons, "; ")+"): "+gitStderrLine(err), fix)
	}
	return err
}

// behindRemote reports whether a rejection says the remote has commits the
// local branch lacks, which integrating them fixes.
func behindRemote(reasons []string) bool {
	for _, r := range reasons {
		if strings.Contains(r, "fetch first") || strings.Contains(r, "non-fast-forward") || strings.Contains(r, "stale info") {
			return true
		}
	}
	return false
}

// ParsePushRejections reads git push --porcelain output and returns the
// reason of each rejected ref, such as "fetch first", "non-fast-forward" or
// "remote rejected: pre-receive hook declined".
func ParsePushRejections(out []byte) []string {
	var reasons []string
	for line := range strings.SplitSeq(string(out), "\n") {
		if !strings.HasPrefix(line, "!\t") {
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) < 3 {
			reasons = append(reasons, "rejected")
			continue
		}
		reasons = append(reasons, rejectionReason(fields[2]))
	}
	return reasons
}

// rejectionReason turns a porcelain summary such as "[rejected] (fetch
// first)" into "fetch first", and "[remote rejected] (hook declined)" into
// "remote rejected: hook declined".
func rejectionReason(summary string) string {
	summary = strings.TrimSpace(summary)
	flag, detail := summary, ""
	if i := strings.Index(summary, "("); i >= 0 {
		flag = strings.TrimSpace(summary[:i])
		detail = strings.TrimSuffix(strings.TrimSpace(summary[i+1:]), ")")
	}
	flag = strings.Trim(flag, "[]")
	switch {
	case detail == "":
		return flag
	case flag == "rejected" || flag == "":
		return detail
	default:
		return flag + ": " + detail
	}
}

// gitStderrLine is git's stderr of a failed run, folded to one line.
func gitStderrLine(err error) string {
	var ce *CommandError
	if !errors.As(err, &ce) {
		return err.Error()
	}
	var parts []string
	for _, l := range lines([]byte(ce.Stderr)) {
		l = strings.TrimSpace(l)
		for _, p := range []string{"hint:", "error:", "fatal:"} {
			l = strings.TrimSpace(strings.TrimPrefix(l, p))
		}
		if l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
