package approval

import (
	"os"
	"path/filepath"
	"strings"
)

// PathVerdict says where a path argument leads.
type PathVerdict struct {
	Path     string `json:"path"`
	Resolved string `json:"resolved,omitempty"`
	Inside   bool   `json:"inside"`
	Reason   string `json:"reason,omitempty"`
}

// CheckPath resolves p as the command would see it from the repository
// root, following symlinks of the parts that exist, and reports whether it
// stays inside the repository.
func (env Environment) CheckPath(p string) PathVerdict {
	v := PathVerdict{Path: p}
	expanded, ok := env.expand(p)
	if !ok {
		v.Reason = unknownPath
		return v
	}
	if env.RepoRoot == "" {
		v.Resolved, v.Reason = expanded, "no repository to compare with"
		return v
	}
	if !filepath.IsAbs(expanded) {
		if env.Dir == unknownDir {
			v.Reason = unknownPath
			return v
		}
		base := env.RepoRoot
		if env.Dir != "" {
			base = env.Dir
		}
		expanded = filepath.Join(base, expanded)
	}
	v.Resolved = resolveExisting(filepath.Clean(expanded))
	root := resolveExisting(filepath.Clean(env.RepoRoot))
	v.Inside = within(root, v.Resolved)
	switch {
	case !v.Inside && strings.Contains(p, ".."):
		v.Reason = "'..' leads out of the repository"
	case !v.Inside && v.Resolved != filepath.Clean(expanded):
		v.Reason = "a symbolic link leads out of the repository"
	case !v.Inside:
		v.Reason = "outside the repository"
	}
	return v
}

// unknownPath is the reason given for a path only known at run time.
const unknownPath = "the path is only known at run time"

// isDir reports whether p is a folder now; a cd to anything else fails.
func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// unknownDir marks a working directory changed to a place only known at run time.
const unknownDir = "\x00"

// expand handles ~ and $HOME; other variables make the path unknowable.
func (env Environment) expand(p string) (string, bool) {
	home := env.HomeDir
	switch {
	case p == "~" || p == "$HOME" || p == "${HOME}":
		return home, home != ""
	case strings.HasPrefix(p, "~/"):
		return filepath.Join(home, p[2:]), home != ""
	case strings.HasPrefix(p, "$HOME/"):
		return filepath.Join(home, p[6:]), home != ""
	case strings.HasPrefix(p, "${HOME}/"):
		return filepath.Join(home, p[8:]), home != ""
	case strings.HasPrefix(p, "~"):
		return "", false
	}
	if strings.ContainsAny(p, "$`") {
		return "", false
	}
	return p, true
}

// resolveExisting follows symlinks through the longest prefix of p that
// exists, and appends the rest unchanged.
func resolveExisting(p string) string {
	rest := ""
	for cur := p; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return p
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

func within(root, p string) bool {
	if p == root {
		return true
	}
	return strings.HasPrefix(p, root+string(os.PathSeparator))
}

// looksLikePath reports whether an operand of a read-only command names a
// place outside the working directory worth checking.
func looksLikePath(s string) bool {
	return strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") || strings.HasPrefix(s, "$HOME") ||
		strings.HasPrefix(s, "${HOME}") || strings.HasPrefix(s, "..")
}
