package git

import (
	"context"
	"os"
	"slices"
	"strconv"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Foreign binds the Repo to a clone of someone else's repository that
// nobody works in, such as the analysis cache's. Its files choose which
// configured programs git starts (the filter driver .gitattributes names,
// the hooks a relative core.hooksPath finds in the tree), so every git the
// Repo runs starts none of them: no hooks, no filter program from any
// configuration (files are checked out as stored; git-lfs would fetch from
// wherever the repository's .lfsconfig points), no submodules, and no
// credential prompt of any kind, askpass programs included. Credential
// helpers that answer without asking still serve a private repository.
// Clone with Foreign checks out under the same rules.
func Foreign() Option { return func(s *settings) { s.foreign = true } }

// foreignEnv adds to env what every git on a foreign clone runs with. An
// empty GIT_ASKPASS stops git looking further (core.askPass, SSH_ASKPASS),
// so no program pops up a prompt; GCM_INTERACTIVE and SSH_ASKPASS_REQUIRE
// do the same for Git Credential Manager and ssh.
func foreignEnv(env []string) []string {
	env = withConfig(slices.Clone(env), "core.hooksPath", os.DevNull, "submodule.recurse", "false")
	return append(env, "GIT_ASKPASS=", "GCM_INTERACTIVE=never", "SSH_ASKPASS_REQUIRE=never")
}

// seal makes every later git of r run under Foreign's rules: foreignEnv,
// and the filter programs of every configuration scope blanked.
func (r *Repo) seal(ctx context.Context) error {
	out, err := r.output(ctx, nil, "config", "--show-scope", "-z", "--get-regexp", `^filter\.`)
	if err != nil && exitCode(err) != 1 { // 1: no filter configured anywhere
		return err
	}
	r.env = withConfig(foreignEnv(r.env), filterOverrides(out)...)
	return nil
}

// SyncToRemoteHead fetches the commit remote's HEAD points at, shallow to
// depth commits when depth > 0, and checks it out detached, discarding any
// change to the tracked files: it is for a clone nobody works in, such as
// a cache's (open it with Foreign). Submodules are not fetched.
func (r *Repo) SyncToRemoteHead(ctx context.Context, remote string, depth int) error {
	if depth < 0 {
		return errcode.New(errcode.InvalidInput, "fetch depth "+strconv.Itoa(depth)+" is negative", "give a depth of 1 or more, or 0 for the full history")
	}
	if err := r.requireRemote(ctx, remote); err != nil {
		return err
	}
	args := []string{"fetch", "--quiet", "--no-recurse-submodules"}
	if depth > 0 {
		args = append(args, "--depth", strconv.Itoa(depth))
	}
	if _, err := r.output(ctx, nil, append(args, "--", remote, "HEAD")...); err != nil {
		return err
	}
	_, err := r.output(ctx, nil, "checkout", "--quiet", "--force", "--detach", "FETCH_HEAD", "--")
	return err
}
