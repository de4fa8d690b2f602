package git

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// LsFiles lists the tracked files, relative to Root, in git's order. It is
// the fast way to walk a repository: no directory scan, ignored files never
// seen.
func (r *Repo) LsFiles(ctx context.Context) ([]string, error) {
	out, err := r.output(ctx, nil, "ls-files", "-z")
	if err != nil {
		return nil, err
	}
	return splitNUL(out), nil
}

// Grep searches the tracked files for an extended regular expression
// (git grep -E), skipping binary files, limited to pathspecs when given.
// No match is an empty result, not an error.
func (r *Repo) Grep(ctx context.Context, pattern string, pathspecs ...string) ([]model.GrepMatch, error) {
	if pattern == "" {
		return nil, errcode.New(errcode.InvalidInput, "the search pattern is empty", "give a pattern to search for")
	}
	args := []string{"grep", "-n", "-I", "-z", "--no-color", "-E", "-e", pattern, "--"}
	out, err := r.output(ctx, nil, append(args, pathspecs...)...)
	if err != nil {
		if exitCode(err) == 1 && len(out) == 0 {
			return []model.GrepMatch{}, nil
		}
		if exitCode(err) == 128 {
			return nil, errcode.Wrap(errcode.InvalidInput, err, "git grep refused the search: "+gitStderrLine(err), "check the pattern (extended regular expression syntax) and the paths")
		}
		return nil, err
	}
	return ParseGrep(out)
}

// ParseGrep parses git grep -n -z output: PATH NUL LINE NUL TEXT LF.
func ParseGrep(data []byte) ([]model.GrepMatch, error) {
	matches := []model.GrepMatch{}
	for len(data) > 0 {
		i := bytes.IndexByte(data, 0)
		if i <= 0 {
			return nil, badGrep("a match without a file name")
		}
		path := string(data[:i])
		data = data[i+1:]
		j := bytes.IndexByte(data, 0)
		if j < 0 {
			return nil, badGrep("a match without a line number")
		}
		line, err := strconv.Atoi(string(data[:j]))
		if err != nil || line <= 0 {
			return nil, badGrep("a bad line number " + strconv.Quote(clip(string(data[:j]))))
		}
		data = data[j+1:]
		k := bytes.IndexByte(data, '\n')
		if k < 0 {
			k = len(data)
		}
		text := strings.TrimSuffix(string(data[:k]), "\r")
		data = data[min(k+1, len(data)):]
		matches = append(matches, model.GrepMatch{Path: path, Line: line, Text: text})
	}
	return matches, nil
}

func badGrep(what string) error {
	return errcode.New(errcode.ProviderBadResponse, "git grep printed "+what, "check that git works (git grep -n PATTERN) and report this with your git version")
}

// ConfigValue returns a git config value as the repository sees it (its own
// config, then the user's, then the system's), such as user.name and
// user.email for a sign-off. An unset key is NOT_FOUND.
func (r *Repo) ConfigValue(ctx context.Context, key string) (string, error) {
	if err := checkArg("config key", key); err != nil {
		return "", err
	}
	if !strings.Contains(key, ".") {
		return "", errcode.New(errcode.InvalidInput, "config key "+quote(key)+" has no section", "use SECTION.NAME, such as user.email")
	}
	out, err := r.output(ctx, nil, "config", "--get", "--", key)
	if err != nil {
		if exitCode(err) == 1 {
			return "", errcode.Wrap(errcode.NotFound, err, "git config has no "+key, "set it: git config --global "+key+" VALUE")
		}
		return "", err
	}
	return strings.TrimRight(string(out), "\n"), nil
}

func splitNUL(out []byte) []string {
	parts := strings.Split(string(out), "\x00")
	if n := len(parts); n > 0 && parts[n-1] == "" {
		parts = parts[:n-1]
	}
	return parts
}
