package assist

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/model"
)

// Git is what the read-only git tools use; *git.Repo is one.
type Git interface {
	Grep(ctx context.Context, pattern string, pathspecs ...string) ([]model.GrepMatch, error)
	Diff(ctx context.Context, base, head string) (string, error)
	Status(ctx context.Context) (model.GitStatus, error)
}

const maxMatches = 200

// Search is search: git grep over the tracked files.
type Search struct{}

// Schema describes search.
func (Search) Schema() model.ToolSchema {
	return model.ToolSchema{
		Name:        "search",
		Description: fmt.Sprintf("Search the repository's tracked files for an extended regular expression (git grep -E). Returns at most %d matching lines as path:line:text.", maxMatches),
		Parameters: object(map[string][2]string{
			"pattern": {"string", "an extended regular expression"},
			"path":    {"string", "a file or folder to search in, relative to the repository root"},
		}, "pattern"),
	}
}

// Run searches.
func (Search) Run(ctx context.Context, env *Env, raw json.RawMessage) (string, error) {
	var a struct {
		Pattern string `json:"pattern"`
		Path    string `json:"path"`
	}
	if err := decode(raw, &a); err != nil {
		return "", err
	}
	if a.Pattern == "" {
		return "", toolErrorf("pattern is empty")
	}
	rel, err := relPath(env.WS.Root, a.Path)
	if err != nil {
		return "", err
	}
	if env.WS.Git == nil {
		return "", toolErrorf("search is not available here")
	}
	// A literal pathspec: the model's path names a path, not git's
	// pathspec magic.
	matches, err := env.WS.Git.Grep(ctx, a.Pattern, ":(literal)"+rel)
	if err != nil {
		return "", toolErrorf("search failed: %v", err)
	}
	if len(matches) == 0 {
		return "no matches", nil
	}
	var b strings.Builder
	for i, m := range matches {
		if i == maxMatches || b.Len() > maxOutputText {
			fmt.Fprintf(&b, "... %d more matches; narrow the pattern or the path\n", len(matches)-i)
			break
		}
		fmt.Fprintf(&b, "%s:%d:%s\n", m.Path, m.Line, clip(m.Text, 300))
	}
	return b.String(), nil
}

// GitDiff is git_diff: the uncommitted changes of the working tree.
type GitDiff struct{}

// Schema describes git_diff.
func (GitDiff) Schema() model.ToolSchema {
	return model.ToolSchema{
		Name:        "git_diff",
		Description: "Show the uncommitted changes of the working tree against HEAD, and the new files not yet tracked.",
		Parameters:  object(nil),
	}
}

// Run shows the diff.
func (GitDiff) Run(ctx context.Context, env *Env, _ json.RawMessage) (string, error) {
	if env.WS.Git == nil {
		return "", toolErrorf("git_diff is not available here")
	}
	diff, err := env.WS.Git.Diff(ctx, "", "")
	if err != nil {
		return "", toolErrorf("git diff failed: %v", err)
	}
	st, err := env.WS.Git.Status(ctx)
	if err != nil {
		return "", toolErrorf("git status failed: %v", err)
	}
	var untracked []string
	for _, f := range st.Files {
		if f.Kind == "untracked" && !strings.HasPrefix(f.Path, ".oss-dev/") {
			untracked = append(untracked, f.Path)
		}
	}
	out := diff
	if len(untracked) > 0 {
		out += "\nNew files not yet tracked:\n" + strings.Join(untracked, "\n") + "\n"
	}
	if strings.TrimSpace(out) == "" {
		return "no changes", nil
	}
	if len(out) > 2*maxOutputText {
		out = out[:2*maxOutputText] + "\n... the diff is cut here; read the files for the rest\n"
	}
	return out, nil
}
