package approval

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

// ownGitConfigRisk reports what in the repository's own .git makes a
// reading git start a program. A work tree copied from someone else
// (an archive, a shared folder) comes with a .git they wrote: its config
// can name an fsmonitor, diff drivers, filters, or a file to include, and
// its hooks folder a post-index-change hook that git status starts when it
// refreshes the index. Then git is not read-only, and the policy decides.
// A .git that is a file (a linked work tree) keeps its config elsewhere and
// is not looked into.
func (c *classifier) ownGitConfigRisk() (string, bool) {
	root := c.rootResolved()
	if root == "" {
		return "", false
	}
	gitDir := filepath.Join(root, ".git")
	if fi, err := os.Lstat(gitDir); err != nil || !fi.IsDir() {
		return "", false
	}
	hooks := filepath.Join(gitDir, "hooks")
	// config.worktree is read too where extensions.worktreeConfig is on
	for _, file := range []string{"config", "config.worktree"} {
		data, err := safefile.ReadFile(filepath.Join(gitDir, file), safefile.ConfigMax)
		if err != nil {
			continue
		}
		for _, kv := range gitConfigEntries(data) {
			if kv[0] == "core.hookspath" {
				hooks = kv[1]
				if !filepath.IsAbs(hooks) {
					hooks = filepath.Join(root, hooks)
				}
			}
			if namesProgram(kv[0], kv[1]) {
				return "the repository's .git/" + file + " sets " + kv[0] + ", which makes git run a program", true
			}
		}
	}
	if _, err := os.Stat(filepath.Join(hooks, "post-index-change")); err == nil {
		return "the repository's git hooks hold post-index-change, which git status and diff start", true
	}
	return "", false
}

// namesProgram reports a configuration key (lower case, as
// gitConfigEntries gives it) whose value names a program a reading git
// command may run, or a file of more configuration.
func namesProgram(key, value string) bool {
	section, rest, _ := strings.Cut(key, ".")
	name := rest
	if i := strings.LastIndexByte(rest, '.'); i >= 0 {
		name = rest[i+1:]
	}
	switch section {
	case "core":
		switch name {
		case "fsmonitor":
			return !isGitBool(value)
		case "pager", "sshcommand", "gitproxy", "askpass", "alternaterefscommand":
			return true
		}
	case "diff":
		return name == "external" || name == "textconv" || name == "command"
	case "filter":
		return name == "clean" || name == "smudge" || name == "process"
	case "credential":
		return name == "helper"
	case "gpg":
		return name == "program"
	case "include", "includeif":
		return name == "path"
	case "remote":
		return name == "uploadpack" || name == "receivepack"
	case "protocol", "pager":
		return true
	}
	return false
}

func isGitBool(v string) bool {
	switch strings.ToLower(v) {
	case "", "true", "false", "yes", "no", "on", "off", "1", "0":
		return true
	}
	return false
}

// gitConfigEntries reads a git config file as key, value pairs, keys in
// lower case with their subsection ("diff.evil.textconv"). It is no full
// parser: a line it does not understand is skipped, which can only miss a
// key that git would not read either.
func gitConfigEntries(data []byte) [][2]string {
	var out [][2]string
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				continue
			}
			section = sectionName(line[1:end])
			line = strings.TrimSpace(line[end+1:])
		}
		if line == "" || line[0] == '#' || line[0] == ';' || section == "" {
			continue
		}
		name, value, _ := strings.Cut(line, "=")
		out = append(out, [2]string{section + "." + strings.ToLower(strings.TrimSpace(name)), strings.Trim(strings.TrimSpace(value), `"`)})
	}
	return out
}

// sectionName turns `diff "evil"` or the older `diff.evil` into diff.evil.
func sectionName(s string) string {
	name, sub, quoted := strings.Cut(s, `"`)
	name = strings.ToLower(strings.TrimSpace(name))
	if !quoted {
		return name
	}
	sub = strings.TrimSuffix(sub, `"`)
	return name + "." + strings.ToLower(strings.ReplaceAll(sub, `\"`, `"`))
}
