package git

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
)

// inspect runs a git command that reads the content of work tree files
// (status, diff). To compare a file with the index git passes it through
// its clean filter, a program named in configuration; the filters the
// repository's own .git/config (or a file it includes) defines are blanked
// for the run, since a .git that came with a copied tree is written by
// whoever made the copy. The user's own filters, such as git-lfs installed
// globally, still apply. Hooks are off too: git diff rewrites the index
// even when told to take no optional lock, which starts post-index-change.
func (r *Repo) inspect(ctx context.Context, args ...string) ([]byte, error) {
	env, err := r.inertEnv(ctx)
	if err != nil {
		return nil, err
	}
	return runGit(ctx, r.bin, r.root, env, nil, args)
}

func (r *Repo) inertEnv(ctx context.Context) ([]string, error) {
	out, err := r.output(ctx, nil, "config", "--show-scope", "-z", "--get-regexp", `^filter\.`)
	if err != nil && exitCode(err) != 1 { // 1: no filter configured anywhere
		return nil, err
	}
	off := append([]string{"core.hooksPath", os.DevNull}, localFilterOverrides(out)...)
	return withConfig(slices.Clone(r.env), off...), nil
}

// localFilterOverrides is filterOverrides for the filters set in the local
// or worktree scope.
func localFilterOverrides(out []byte) []string {
	return filterOverrides(out, "local", "worktree")
}

// filterOverrides reads git config --show-scope -z --get-regexp output and
// returns key, value pairs that switch off each filter program set in one
// of scopes (in any scope when none is given), and make such a filter
// optional (a required filter with no program is an error).
func filterOverrides(out []byte, scopes ...string) []string {
	var kv []string
	fields := bytes.Split(out, []byte{0})
	for i := 0; i+1 < len(fields); i += 2 {
		scope := string(fields[i])
		key, _, _ := strings.Cut(string(fields[i+1]), "\n")
		if len(scopes) > 0 && !slices.Contains(scopes, scope) {
			continue
		}
		switch {
		case strings.HasSuffix(key, ".clean"), strings.HasSuffix(key, ".smudge"), strings.HasSuffix(key, ".process"):
			kv = append(kv, key, "")
		case strings.HasSuffix(key, ".required"):
			kv = append(kv, key, "false")
		}
	}
	return kv
}
