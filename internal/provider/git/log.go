package git

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// logFormat puts each field of a commit in its own NUL-terminated slot;
// with -z git ends each commit with one more NUL. Subjects and bodies cannot
// hold NUL, so any other character in them parses.
const logFormat = "--format=%H%x00%an%x00%ae%x00%aI%x00%s%x00%b"

const logFields = 6

// Log returns up to maxCount commits reachable from HEAD, newest first
// (maxCount 0: all of them). A branch with no commits yet has an empty log.
func (r *Repo) Log(ctx context.Context, maxCount int) ([]model.Commit, error) {
	return r.log(ctx, maxCount, "")
}

// LogFile returns up to n commits that touched path (following renames),
// newest first, with their authors: who to ask about a file.
func (r *Repo) LogFile(ctx context.Context, path string, n int) ([]model.Commit, error) {
	if path == "" || strings.ContainsRune(path, 0) {
		return nil, errcode.New(errcode.InvalidInput, "no file path given for its history", "name a file in the repository")
	}
	return r.log(ctx, n, path)
}

func (r *Repo) log(ctx context.Context, n int, path string) ([]model.Commit, error) {
	if n < 0 {
		return nil, errcode.New(errcode.InvalidInput, "a negative number of commits ("+strconv.Itoa(n)+")", "ask for 1 or more commits, or 0 for all")
	}
	args := []string{"log", "-z", "--no-color", logFormat}
	if n > 0 {
		args = append(args, "--max-count="+strconv.Itoa(n))
	}
	if path != "" {
		args = append(args, "--follow", "--", path)
	}
	out, err := r.output(ctx, nil, args...)
	if err != nil {
		if _, herr := r.HeadSHA(ctx); errcode.HasCode(herr, errcode.NotFound) {
			return []model.Commit{}, nil
		}
		return nil, err
	}
	return ParseLog(out)
}

// ParseLog parses git log -z output written with logFormat.
func ParseLog(data []byte) ([]model.Commit, error) {
	commits := []model.Commit{}
	if len(data) == 0 {
		return commits, nil
	}
	fields := bytes.Split(data, []byte{0})
	if len(fields[len(fields)-1]) != 0 {
		return nil, badLog("output that does not end a commit", len(fields))
	}
	fields = fields[:len(fields)-1]
	if len(fields)%logFields != 0 {
		return nil, badLog("a commit with missing fields", len(fields))
	}
	for i := 0; i < len(fields); i += logFields {
		f := fields[i : i+logFields]
		sha := string(f[0])
		if !isSHA(sha) {
			return nil, badLog("a bad commit id "+strconv.Quote(clip(sha)), i)
		}
		date, err := time.Parse(time.RFC3339, string(f[3]))
		if err != nil {
			return nil, badLog("a bad date "+strconv.Quote(clip(string(f[3]))), i)
		}
		commits = append(commits, model.Commit{
			SHA:         sha,
			Author:      string(f[1]),
			AuthorEmail: string(f[2]),
			Date:        date,
			Subject:     string(f[4]),
			Body:        strings.TrimRight(string(f[5]), "\n"),
		})
	}
	return commits, nil
}

func isSHA(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func badLog(what string, field int) error {
	return errcode.New(errcode.ProviderBadResponse,
		"git log printed "+what+" (field "+strconv.Itoa(field+1)+")",
		"check that git works (git log -1) and report this with your git version")
}
