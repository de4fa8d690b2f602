package approval

import (
	"strings"
)

// git classifies git subcommands: read-only ones are safe; force-pushing
// the default branch, and discarding uncommitted work, are dangerous.
func (c *classifier) git(rest []string) (Class, string, []PathVerdict) {
	sub, args := gitSubcommand(rest)
	flags, ops := flagsAndOperands(args)
	switch sub {
	case "":
		return Safe, "git prints its help", nil
	case "status", "log", "diff", "show", "blame", "grep", "ls-files", "ls-tree", "rev-parse", "rev-list",
		"describe", "shortlog", "cat-file", "whatchanged", "version", "help", "merge-base", "name-rev",
		"for-each-ref", "show-ref", "check-ignore", "check-attr", "count-objects", "var", "ls-remote", "show-branch":
		return Safe, "read-only git " + sub, nil
	case "branch":
		return gitBranch(flags, ops)
	case "tag":
		if len(ops) == 0 || hasFlag(flags, "l", "list") {
			return Safe, "lists tags", nil
		}
	case "remote":
		if len(ops) == 0 || ops[0] == "show" || ops[0] == "get-url" {
			return Safe, "lists remotes", nil
		}
	case "stash":
		if len(ops) > 0 && (ops[0] == "list" || ops[0] == "show") {
			return Safe, "lists stashes", nil
		}
	case "config":
		if hasFlag(flags, "l", "list", "get", "get-all", "get-regexp", "show-origin") || len(ops) == 1 {
			return Safe, "reads git configuration", nil
		}
	case "push":
		return c.gitPush(flags, ops)
	case "reset":
		if hasFlag(flags, "", "hard", "merge", "keep") && c.env.Dirty {
			return Dangerous, "git reset --hard discards the uncommitted changes in this tree", nil
		}
	case "clean":
		return c.gitClean(flags)
	case "checkout", "restore":
		if c.env.Dirty && discardsWork(sub, flags, ops) {
			return Dangerous, "git " + sub + " would discard the uncommitted changes in this tree", nil
		}
	}
	return Unknown, "git " + sub + " changes the repository; the policy decides", nil
}

// gitSubcommand skips git's global options (-C dir, -c k=v, --no-pager ...).
func gitSubcommand(rest []string) (string, []string) {
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "-C" || a == "-c" || a == "--git-dir" || a == "--work-tree" || a == "--namespace":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return a, rest[i+1:]
		}
	}
	return "", nil
}

func gitBranch(flags, ops []string) (Class, string, []PathVerdict) {
	if hasFlag(flags, "dDmMcC", "delete", "move", "copy", "set-upstream-to", "unset-upstream", "edit-description") {
		return Unknown, "changes branches", nil
	}
	if len(ops) == 0 {
		return Safe, "lists branches", nil
	}
	return Unknown, "creates a branch", nil
}

func (c *classifier) gitPush(flags, ops []string) (Class, string, []PathVerdict) {
	force := hasFlag(flags, "f", "force", "force-with-lease", "mirror")
	refs := ops
	if len(refs) > 0 {
		refs = refs[1:] // the remote
	}
	protected := c.protectedBranches()
	for _, r := range refs {
		plus := strings.HasPrefix(r, "+")
		r = strings.TrimPrefix(r, "+")
		src, dst, hasDst := strings.Cut(r, ":")
		if !hasDst {
			dst = src
		}
		dst = strings.TrimPrefix(dst, "refs/heads/")
		if (force || plus) && protected[dst] {
			return Dangerous, "force-push to the default branch " + dst, nil
		}
		if hasDst && src == "" && protected[dst] || hasFlag(flags, "d", "delete") && protected[dst] {
			return Dangerous, "deletes the default branch " + dst + " on the remote", nil
		}
	}
	if force && len(refs) == 0 {
		return Dangerous, "force-push without naming a branch may rewrite the default branch", nil
	}
	if hasFlag(flags, "", "mirror") {
		return Dangerous, "push --mirror rewrites every branch on the remote", nil
	}
	return Unknown, "pushes to a remote", nil
}

func (c *classifier) protectedBranches() map[string]bool {
	p := map[string]bool{"main": true, "master": true}
	if c.env.DefaultBranch != "" {
		p[c.env.DefaultBranch] = true
	}
	return p
}

func (c *classifier) gitClean(flags []string) (Class, string, []PathVerdict) {
	if hasFlag(flags, "n", "dry-run") {
		return Safe, "git clean -n only lists", nil
	}
	if hasFlag(flags, "f", "force") && (c.env.Dirty || hasFlag(flags, "x", "")) {
		return Dangerous, "git clean deletes untracked work", nil
	}
	return Unknown, "git clean deletes untracked files", nil
}

func discardsWork(sub string, flags, ops []string) bool {
	if hasFlag(flags, "f", "force") && sub == "checkout" {
		return true
	}
	for _, o := range ops {
		if o == "." || o == ":/" || o == "*" {
			return true
		}
	}
	return sub == "restore" && len(ops) > 0 && !hasFlag(flags, "S", "staged")
}
