package git

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// StatusOptions shape StatusWith.
type StatusOptions struct {
	// Ignored also lists ignored files (kind "ignored"); they never make a
	// tree dirty, so Status leaves them out.
	Ignored bool
}

// Status reports the branch, its upstream with ahead/behind counts, and
// every changed, unmerged and untracked file (each untracked file, not only
// its directory). It leaves the index as it is: rewriting it would start
// the repository's post-index-change hook.
func (r *Repo) Status(ctx context.Context) (model.GitStatus, error) {
	return r.StatusWith(ctx, StatusOptions{})
}

// StatusWith is Status with options.
func (r *Repo) StatusWith(ctx context.Context, opts StatusOptions) (model.GitStatus, error) {
	args := []string{"status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all"}
	if opts.Ignored {
		args = append(args, "--ignored=matching")
	}
	out, err := r.inspect(ctx, args...)
	if err != nil {
		return model.GitStatus{}, err
	}
	return ParseStatusV2(out)
}

// IsDirty reports whether anything is staged, modified or untracked.
func (r *Repo) IsDirty(ctx context.Context) (bool, error) {
	out, err := r.inspect(ctx, "status", "--porcelain=v2", "-z", "--untracked-files=normal")
	if err != nil {
		return false, err
	}
	return len(out) > 0, nil
}

// ParseStatusV2 parses the output of git status --porcelain=v2 -z, with or
// without --branch. Entries keep git's order.
func ParseStatusV2(data []byte) (model.GitStatus, error) {
	st := model.GitStatus{Files: []model.FileStatus{}}
	recs := bytes.Split(data, []byte{0})
	if n := len(recs); n > 0 && len(recs[n-1]) == 0 {
		recs = recs[:n-1]
	}
	for i := 0; i < len(recs); i++ {
		rec := string(recs[i])
		if rec == "" {
			return st, badStatus("an empty record", i)
		}
		var (
			fs  model.FileStatus
			err error
		)
		switch rec[0] {
		case '#':
			err = parseStatusHeader(&st, rec)
		case '1':
			fs, err = parseOrdinary(rec)
		case '2':
			if i+1 >= len(recs) {
				return st, badStatus("a rename without its original path", i)
			}
			fs, err = parseRenamed(rec, string(recs[i+1]))
			i++
		case 'u':
			fs, err = parseUnmerged(rec)
		case '?', '!':
			fs, err = parseUntracked(rec)
		default:
			err = badStatus("an unknown record "+strconv.Quote(clip(rec)), i)
		}
		if err != nil {
			return st, err
		}
		if fs.Path != "" {
			st.Files = append(st.Files, fs)
		}
	}
	return st, nil
}

func parseStatusHeader(st *model.GitStatus, rec string) error {
	key, val, _ := strings.Cut(strings.TrimPrefix(rec, "# "), " ")
	switch key {
	case "branch.oid":
		if val != "(initial)" {
			st.Head = val
		}
	case "branch.head":
		if val == "(detached)" {
			st.Detached = true
		} else {
			st.Branch = val
		}
	case "branch.upstream":
		st.Upstream = val
	case "branch.ab":
		a, b, ok := strings.Cut(val, " ")
		ahead, err1 := strconv.Atoi(strings.TrimPrefix(a, "+"))
		behind, err2 := strconv.Atoi(strings.TrimPrefix(b, "-"))
		if !ok || !strings.HasPrefix(a, "+") || !strings.HasPrefix(b, "-") || err1 != nil || err2 != nil || ahead < 0 || behind < 0 {
			return badStatus("a bad ahead/behind line "+strconv.Quote(clip(rec)), -1)
		}
		st.Ahead, st.Behind = ahead, behind
	}
	// Other headers (stash counts, future additions) carry nothing we keep.
	return nil
}

// 1 XY sub mH mI mW hH hI path
func parseOrdinary(rec string) (model.FileStatus, error) {
	f := strings.SplitN(rec, " ", 9)
	if len(f) != 9 || f[8] == "" {
		return model.FileStatus{}, badStatus("a short changed-file record "+strconv.Quote(clip(rec)), -1)
	}
	return entry(f[1], f[8], "", "ordinary", 0, rec)
}

// 2 XY sub mH mI mW hH hI Xscore path, then the original path as its own record
func parseRenamed(rec, orig string) (model.FileStatus, error) {
	f := strings.SplitN(rec, " ", 10)
	if len(f) != 10 || f[9] == "" || orig == "" || len(f[8]) < 2 {
		return model.FileStatus{}, badStatus("a short rename record "+strconv.Quote(clip(rec)), -1)
	}
	kind := "renamed"
	switch f[8][0] {
	case 'R':
	case 'C':
		kind = "copied"
	default:
		return model.FileStatus{}, badStatus("a rename record without R or C "+strconv.Quote(clip(rec)), -1)
	}
	score, err := strconv.Atoi(f[8][1:])
	if err != nil || score < 0 || score > 100 {
		return model.FileStatus{}, badStatus("a bad similarity score "+strconv.Quote(clip(rec)), -1)
	}
	return entry(f[1], f[9], orig, kind, score, rec)
}

// u XY sub m1 m2 m3 mW h1 h2 h3 path
func parseUnmerged(rec string) (model.FileStatus, error) {
	f := strings.SplitN(rec, " ", 11)
	if len(f) != 11 || f[10] == "" {
		return model.FileStatus{}, badStatus("a short unmerged record "+strconv.Quote(clip(rec)), -1)
	}
	return entry(f[1], f[10], "", "unmerged", 0, rec)
}

// ? path  or  ! path
func parseUntracked(rec string) (model.FileStatus, error) {
	if len(rec) < 3 || rec[1] != ' ' {
		return model.FileStatus{}, badStatus("a short untracked record "+strconv.Quote(clip(rec)), -1)
	}
	kind := "untracked"
	if rec[0] == '!' {
		kind = "ignored"
	}
	mark := rec[:1]
	return model.FileStatus{Path: rec[2:], Index: mark, Worktree: mark, Kind: kind}, nil
}

func entry(xy, path, orig, kind string, score int, rec string) (model.FileStatus, error) {
	if len(xy) != 2 || !statusLetter(xy[0]) || !statusLetter(xy[1]) {
		return model.FileStatus{}, badStatus("bad status letters "+strconv.Quote(clip(rec)), -1)
	}
	return model.FileStatus{Path: path, OrigPath: orig, Index: xy[:1], Worktree: xy[1:], Kind: kind, Score: score}, nil
}

func statusLetter(c byte) bool {
	return strings.IndexByte(".MTADRCU", c) >= 0
}

func badStatus(what string, rec int) error {
	msg := "git status printed " + what
	if rec >= 0 {
		msg += " at record " + strconv.Itoa(rec+1)
	}
	return errcode.New(errcode.ProviderBadResponse, msg, "check that git is 2.11 or newer (git --version) and report this with its output")
}

// clip shortens a record quoted in an error.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
