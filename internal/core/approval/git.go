package approval

import (
	"os"
	"path/filepath"
	"strings"
)

// git classifies git: its global options first (configuration given on
// the command line can make any subcommand run a program), then the
// subcommand by its own rule.
func (c *classifier) git(_ string, rest []string) (Class, string, []PathVerdict) {
	defer c.keepDir()()
	sub, args, class, reason := c.gitGlobal(rest)
	if class == Dangerous {
		return class, reason, nil
	}
	if why, foreign := c.foreignGitDir(); foreign && sub != "" && sub != "clone" && sub != "init" {
		return Dangerous, why, nil
	}
	if why, risky := c.ownGitConfigRisk(); risky && sub != "clone" && sub != "init" && class.rank() < Unknown.rank() {
		class, reason = Unknown, why
	}
	cl, why, paths := c.gitSubcommand(sub, args)
	if cl.rank() >= class.rank() {
		return cl, why, paths
	}
	return class, reason, paths
}

// gitGlobal reads the options before the subcommand.
func (c *classifier) gitGlobal(rest []string) (sub string, args []string, class Class, reason string) {
	class = Safe
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		name, value, hasValue := strings.Cut(a, "=")
		takeValue := func() string {
			if hasValue {
				return value
			}
			if i+1 < len(rest) {
				i++
				return rest[i]
			}
			return ""
		}
		switch {
		case a == "-c" || strings.HasPrefix(a, "-c") && !strings.HasPrefix(a, "--"):
			kv := strings.TrimPrefix(a, "-c")
			if kv == "" && i+1 < len(rest) {
				i++
				kv = rest[i]
			}
			if why, bad := gitConfigRisk(kv); bad {
				return "", nil, Dangerous, "git -c " + why
			}
		case name == "--config-env":
			return "", nil, Dangerous, "git --config-env sets configuration from a variable the classifier cannot see"
		case name == "--exec-path" && hasValue:
			return "", nil, Dangerous, "git --exec-path= runs git's commands from another folder"
		case a == "-C":
			c.gitDir(takeValue())
		case name == "--git-dir" || name == "--work-tree":
			v := c.env.CheckPath(takeValue())
			own := filepath.Join(c.rootResolved(), ".git")
			if name == "--work-tree" {
				own = c.rootResolved()
			}
			if v.Resolved != own {
				return "", nil, Dangerous, "git " + name + " uses another git folder, whose configuration can run programs (" + v.Path + ")"
			}
		case name == "--namespace" || name == "--super-prefix" || name == "--attr-source" || name == "--list-cmds":
			takeValue()
		case strings.HasPrefix(a, "-"):
			if !gitHarmlessGlobal(a) {
				class, reason = Unknown, "git "+a+" is an option the classifier does not know"
			}
		default:
			return a, rest[i+1:], class, reason
		}
	}
	return "", nil, class, reason
}

func gitHarmlessGlobal(a string) bool {
	switch a {
	case "-p", "--paginate", "-P", "--no-pager", "--bare", "--no-replace-objects", "--literal-pathspecs",
		"--glob-pathspecs", "--noglob-pathspecs", "--icase-pathspecs", "--no-optional-locks", "--no-advice",
		"--version", "-v", "--help", "-h", "--html-path", "--man-path", "--info-path", "--exec-path":
		return true
	}
	return false
}

// foreignGitDir reports git run in a folder whose git configuration is
// not this repository's: outside it, only known at run time, or a git
// folder committed inside it (a bare repository's config can name a
// pager or an fsmonitor that git runs).
func (c *classifier) foreignGitDir() (string, bool) {
	dir := c.env.Dir
	if c.env.RepoRoot == "" || dir == "" {
		return "", false
	}
	if dir == unknownDir {
		return "git runs in a folder only known at run time, whose configuration can run programs", true
	}
	root := c.rootResolved()
	if !within(root, dir) {
		return "git runs in " + dir + ", outside this repository, whose configuration can run programs", true
	}
	for d := dir; d != root && within(root, d); d = filepath.Dir(d) {
		if exists(filepath.Join(d, ".git")) || exists(filepath.Join(d, "HEAD")) && (exists(filepath.Join(d, "config")) || exists(filepath.Join(d, "objects"))) {
			return "git runs in a git folder committed inside the repository (" + d + "), whose configuration can run programs", true
		}
	}
	return "", false
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// gitSplit finds the subcommand after git's global options, for rules.
func gitSplit(rest []string) (string, []string) {
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "-C" || a == "-c" || a == "--git-dir" || a == "--work-tree" || a == "--namespace" || a == "--config-env":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return a, rest[i+1:]
		}
	}
	return "", nil
}

// gitDir follows git -C: later relative paths start there.
func (c *classifier) gitDir(dir string) {
	v := c.env.CheckPath(dir)
	if v.Resolved == "" || !isDir(v.Resolved) {
		c.env.Dir = unknownDir
		return
	}
	c.env.Dir = v.Resolved
}

// harmlessGitKeys are configuration keys that change only how git shows
// things or who commits; any other key may name a program git runs
// (core.pager, core.fsmonitor, diff.external, alias.*, credential.helper...).
var harmlessGitKeys = map[string]bool{
	"core.quotepath": true, "core.abbrev": true, "core.autocrlf": true, "core.safecrlf": true, "core.eol": true,
	"core.filemode": true, "core.ignorecase": true, "core.longpaths": true, "core.precomposeunicode": true,
	"core.whitespace": true, "user.name": true, "user.email": true, "init.defaultbranch": true, "diff.noprefix": true,
	"diff.renames": true, "diff.algorithm": true, "diff.mnemonicprefix": true, "diff.relative": true, "diff.context": true,
	"diff.interhunkcontext": true, "diff.colormoved": true, "log.date": true, "log.decorate": true, "log.abbrevcommit": true,
	"log.follow": true, "log.showroot": true, "status.short": true, "status.branch": true, "status.showuntrackedfiles": true,
	"status.relativepaths": true, "pull.rebase": true, "pull.ff": true, "merge.ff": true, "merge.conflictstyle": true,
	"push.default": true, "push.autosetupremote": true, "push.followtags": true, "fetch.prune": true, "fetch.prunetags": true,
	"gc.auto": true, "maintenance.auto": true, "rebase.autosquash": true, "rebase.autostash": true, "rerere.enabled": true,
	"commit.verbose": true, "commit.status": true, "branch.sort": true, "tag.sort": true, "grep.linenumber": true,
	"grep.extendedregexp": true, "versionsort.suffix": true,
}

// gitConfigRisk judges one key=value given to git -c: keys are matched
// without regard to case, as git does.
func gitConfigRisk(kv string) (string, bool) {
	key, _, _ := strings.Cut(kv, "=")
	if harmlessGitKey(key) {
		return "", false
	}
	return key + " is configuration that can make git run a program", true
}

func harmlessGitKey(key string) bool {
	key = strings.ToLower(key)
	for _, p := range []string{"color.", "advice.", "i18n.", "column.", "pretty."} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return harmlessGitKeys[key]
}

// gitReaders are the read-only subcommands, with the options that make
// them write files or run programs.
var gitReaders = map[string]opts{
	"status": {}, "log": gitDiffOptions, "diff": gitDiffOptions, "show": gitDiffOptions, "whatchanged": gitDiffOptions,
	"diff-tree": gitDiffOptions, "diff-index": gitDiffOptions, "diff-files": gitDiffOptions, "range-diff": gitDiffOptions,
	"blame": {}, "ls-files": {}, "ls-tree": {}, "rev-parse": {}, "rev-list": {}, "describe": {}, "shortlog": {},
	"cat-file": {}, "version": {}, "merge-base": {}, "name-rev": {}, "for-each-ref": {}, "show-ref": {},
	"check-ignore": {}, "check-attr": {}, "count-objects": {}, "var": {}, "show-branch": {}, "cherry": {},
	"grep":      {"-O": runsProgram, "--open-files-in-pager": runsProgram, "--ext-grep": runsProgram},
	"ls-remote": {"--upload-pack": runsProgram, "-u": runsProgram},
	"help": {"-w": {effect: changes, why: "opens a browser"}, "--web": {effect: changes, why: "opens a browser"},
		"-i": {effect: changes, why: "starts info"}, "--info": {effect: changes, why: "starts info"}},
}

var gitDiffOptions = opts{
	"--output":   writesFile,
	"--ext-diff": {effect: changes, why: "runs the configured external diff"},
}

// gitSubcommand classifies a subcommand and its arguments.
func (c *classifier) gitSubcommand(sub string, args []string) (Class, string, []PathVerdict) {
	if sub == "" {
		return Safe, "git prints its help or version", nil
	}
	if risky, ok := gitReaders[sub]; ok {
		hits, ops := risky.scan(args, true)
		if cl, why, paths := c.judgeHits("git "+sub, hits); cl != Safe {
			return cl, why, paths
		}
		if sub == "ls-remote" && len(ops) > 0 && strings.HasPrefix(ops[0], "ext::") {
			return Dangerous, "git ls-remote ext:: runs a command", nil
		}
		var paths []PathVerdict
		for _, o := range ops {
			if looksLikePath(o) {
				v := c.env.CheckPath(o)
				paths = append(paths, v)
				if !v.Inside {
					return Unknown, "git " + sub + " reads outside the repository (" + o + ")", paths
				}
			}
		}
		return Safe, "read-only git " + sub, paths
	}
	if rule := gitRules(sub); rule != nil {
		return rule(c, sub, args)
	}
	return Unknown, "git " + sub + " changes the repository; the policy decides", nil
}

// gitRules are the subcommands with a rule of their own.
func gitRules(sub string) judgeFunc {
	switch sub {
	case "branch":
		return gitBranch
	case "tag", "remote":
		return gitList
	case "stash":
		return gitStash
	case "config":
		return (*classifier).gitConfig
	case "push":
		return (*classifier).gitPush
	case "reset":
		return (*classifier).gitReset
	case "clean":
		return (*classifier).gitClean
	case "checkout", "restore", "switch":
		return (*classifier).gitDiscard
	case "fetch", "pull", "clone", "archive", "submodule", "init", "worktree", "format-patch", "bundle", "apply", "am", "checkout-index":
		return (*classifier).gitWriter
	case "difftool", "mergetool":
		return gitTool
	case "rebase", "bisect":
		return (*classifier).gitRunner
	case "filter-branch", "daemon", "instaweb", "credential", "credential-store", "credential-cache", "web--browse", "upload-pack", "receive-pack":
		return gitRefused
	}
	return nil
}

func gitBranch(_ *classifier, _ string, args []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(args)
	if hasAbbrev(flags, "dDmMcCu", "delete", "move", "copy", "set-upstream-to", "unset-upstream", "edit-description", "force") {
		return Unknown, "git branch changes branches", nil
	}
	if len(ops) == 0 {
		return Safe, "lists branches", nil
	}
	if hasFlag(flags, "alr", "list", "contains", "merged", "no-merged", "points-at", "show-current") {
		return Safe, "lists branches", nil
	}
	return Unknown, "creates a branch", nil
}

func gitList(_ *classifier, sub string, args []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(args)
	switch {
	case sub == "tag" && (len(ops) == 0 && len(flags) == 0 || hasFlag(flags, "l", "list")) && !hasAbbrev(flags, "dfsu", "delete", "force", "sign"):
		return Safe, "lists tags", nil
	case sub == "remote" && (len(ops) == 0 || ops[0] == "show" || ops[0] == "get-url"):
		return Safe, "lists remotes", nil
	}
	return Unknown, "git " + sub + " changes the repository; the policy decides", nil
}

func gitStash(_ *classifier, _ string, args []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(args)
	if len(ops) == 0 {
		return Unknown, "git stash saves and clears the uncommitted changes", nil
	}
	switch ops[0] {
	case "list", "show":
		return Safe, "lists stashes", nil
	case "drop", "clear":
		return Dangerous, "git stash " + ops[0] + " discards stashed work", nil
	}
	return Unknown, "git stash " + ops[0] + " changes the working tree", nil
}

// gitConfig reads configuration safely; setting a key that can name a
// program, or writing configuration outside the repository, is dangerous.
func (c *classifier) gitConfig(_ string, args []string) (Class, string, []PathVerdict) {
	hits, ops := opts{
		"--file": {effect: changes, value: true}, "-f": {effect: changes, value: true}, "--blob": {effect: changes, value: true},
		"--type": {effect: changes, value: true}, "--default": {effect: changes, value: true}, "--comment": {effect: changes, value: true},
		"--global": {effect: changes}, "--system": {effect: changes}, "--edit": {effect: changes}, "-e": {effect: changes},
		"--list": {}, "-l": {}, "--get": {}, "--get-all": {}, "--get-regexp": {}, "--get-urlmatch": {}, "--show-origin": {}, "--show-scope": {},
		"--unset": {effect: changes}, "--unset-all": {effect: changes}, "--add": {effect: changes}, "--replace-all": {effect: changes},
		"--rename-section": {effect: changes}, "--remove-section": {effect: changes},
	}.scan(args, true)
	reading, setting, outside := len(ops) == 1, false, ""
	for _, h := range hits {
		switch h.name {
		case "--list", "-l", "--get", "--get-all", "--get-regexp", "--get-urlmatch":
			reading = true
		case "--unset", "--unset-all", "--add", "--replace-all", "--rename-section", "--remove-section":
			setting = true
		case "--edit", "-e":
			return Unknown, "git config --edit opens the configuration in an editor", nil
		case "--global", "--system":
			outside = h.name
		case "--file", "-f":
			if v := c.env.CheckPath(h.value); !v.Inside || c.settingsPath(v.Resolved) {
				outside = h.name + " " + h.value
			}
		}
	}
	if len(ops) > 0 && (ops[0] == "get" || ops[0] == "list") {
		return Safe, "reads git configuration", nil
	}
	if len(ops) > 0 && (ops[0] == "set" || ops[0] == "unset" || ops[0] == "rename-section" || ops[0] == "remove-section") {
		ops, setting = ops[1:], true
	}
	if reading && !setting {
		return Safe, "reads git configuration", nil
	}
	if len(ops) > 0 && !harmlessGitKey(ops[0]) {
		return Dangerous, "git config sets " + ops[0] + ", configuration that can make git run a program", nil
	}
	if outside != "" {
		return Dangerous, "git config " + outside + " writes configuration outside the repository", nil
	}
	return Unknown, "git config changes the repository's configuration", nil
}

func (c *classifier) gitPush(_ string, args []string) (Class, string, []PathVerdict) {
	hits, ops := opts{"--receive-pack": runsProgram, "--exec": runsProgram, "--repo": {effect: changes, value: true},
		"-o": {effect: changes, value: true}, "--push-option": {effect: changes, value: true}}.scan(args, true)
	if cl, why, paths := c.judgeHits("git push", hits); cl == Dangerous {
		return cl, why, paths
	}
	flags, _ := flagsAndOperands(args)
	force := hasAbbrev(flags, "f", "force", "force-with-lease", "force-if-includes")
	refs := ops
	if len(refs) > 0 && !hasAbbrev(flags, "", "repo") {
		refs = refs[1:] // the remote
	}
	switch {
	case hasAbbrev(flags, "", "mirror"):
		return Dangerous, "push --mirror rewrites every branch on the remote", nil
	case hasAbbrev(flags, "", "prune"):
		return Dangerous, "push --prune deletes branches on the remote", nil
	case force && len(refs) == 0:
		return Dangerous, "force-push without naming a branch may rewrite the default branch", nil
	case force && hasAbbrev(flags, "", "all", "branches"):
		return Dangerous, "force-push of every branch rewrites the default branch", nil
	}
	protected := c.protectedBranches()
	deleting := hasAbbrev(flags, "d", "delete")
	for _, r := range refs {
		if (r == ":" || r == "+:") && (force || r == "+:") {
			return Dangerous, "force-push of every matching branch rewrites the default branch", nil
		}
		plus := strings.HasPrefix(r, "+")
		src, dst, hasDst := strings.Cut(strings.TrimPrefix(r, "+"), ":")
		if !hasDst {
			dst = src
		}
		dst = strings.TrimPrefix(dst, "refs/heads/")
		mayBeDefault := protected[dst] || dst == "HEAD" || dst == "@" || strings.ContainsAny(dst, "*?[$`")
		switch {
		case (force || plus) && mayBeDefault:
			return Dangerous, "force-push to the default branch " + dst, nil
		case (hasDst && src == "" || deleting) && mayBeDefault:
			return Dangerous, "deletes the default branch " + dst + " on the remote", nil
		}
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

func (c *classifier) gitReset(_ string, args []string) (Class, string, []PathVerdict) {
	flags, _ := flagsAndOperands(args)
	if hasAbbrev(flags, "", "hard", "merge", "keep") && c.env.Dirty {
		return Dangerous, "git reset --hard discards the uncommitted changes in this tree", nil
	}
	if c.env.Dirty && !hasAbbrev(flags, "", "soft") {
		// staged hunks (git add -p) cannot be rebuilt once the index is reset
		return Dangerous, "git reset discards what is staged in this tree with uncommitted changes", nil
	}
	return Unknown, "git reset moves the branch; the policy decides", nil
}

func (c *classifier) gitClean(_ string, args []string) (Class, string, []PathVerdict) {
	flags, _ := flagsAndOperands(args)
	if hasFlag(flags, "n", "dry-run") {
		return Safe, "git clean -n only lists", nil
	}
	if hasAbbrev(flags, "f", "force") && (c.env.Dirty || hasFlag(flags, "x", "")) {
		return Dangerous, "git clean deletes untracked work", nil
	}
	return Unknown, "git clean deletes untracked files", nil
}

// gitDiscard judges checkout, restore and switch, which overwrite
// uncommitted changes when forced or given paths.
func (c *classifier) gitDiscard(sub string, args []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(args)
	pathsGiven := contains(args, "--") && len(ops) > 0 && sub == "checkout"
	if c.env.Dirty && (pathsGiven || discardsWork(sub, flags, ops)) {
		return Dangerous, "git " + sub + " would discard the uncommitted changes in this tree", nil
	}
	return Unknown, "git " + sub + " changes the working tree; the policy decides", nil
}

func discardsWork(sub string, flags, ops []string) bool {
	if hasAbbrev(flags, "f", "force", "discard-changes") && sub != "restore" {
		return true
	}
	for _, o := range ops {
		if o == "." || o == ":/" || o == "*" {
			return true
		}
	}
	return sub == "restore" && len(ops) > 0 && !hasFlag(flags, "S", "staged")
}

// gitWriter judges subcommands that write into a folder they are given
// or talk to a remote with a program that can be replaced.
func (c *classifier) gitWriter(sub string, args []string) (Class, string, []PathVerdict) {
	risky := opts{
		"--upload-pack": runsProgram, "--exec": runsProgram, "--template": runsProgram,
		"-o": writesFile, "--output": writesFile, "--output-directory": writesFile,
		"--separate-git-dir": writesFile, "--reference": {effect: changes, value: true},
		"-c": {effect: changes, value: true}, "--config": {effect: changes, value: true},
		"--directory": {effect: movesDir, value: true, why: "writes into a folder"}, "--prefix": {effect: movesDir, value: true, why: "writes into a folder"},
	}
	if sub == "clone" {
		risky["-u"] = runsProgram
	}
	hits, ops := risky.scan(args, true)
	for _, h := range hits {
		if (h.name == "-c" || h.name == "--config") && !harmlessGitKey(strings.SplitN(h.value, "=", 2)[0]) {
			return Dangerous, "git " + sub + " " + h.name + " sets configuration that can make git run a program", nil
		}
	}
	cl, why, paths := c.judgeHits("git "+sub, hits)
	if cl == Dangerous {
		return cl, why, paths
	}
	for _, o := range ops {
		if strings.HasPrefix(o, "ext::") {
			return Dangerous, "git " + sub + " " + o + " runs a command", paths
		}
	}
	if target := gitTargetFolder(sub, ops); target != "" {
		v := c.env.CheckPath(target)
		paths = append(paths, v)
		if w, why := c.writeClass(v); w == Dangerous {
			return w, "git " + sub + " " + why, paths
		}
	}
	if sub == "submodule" && len(ops) > 0 && ops[0] == "foreach" {
		return c.gitRunsString(sub, strings.Join(ops[1:], " "))
	}
	return Unknown, "git " + sub + " changes the repository; the policy decides", paths
}

// gitTargetFolder is the folder a subcommand creates or writes into.
func gitTargetFolder(sub string, ops []string) string {
	switch {
	case sub == "clone" && len(ops) > 1:
		return ops[1]
	case sub == "init" && len(ops) > 0:
		return ops[0]
	case sub == "worktree" && len(ops) > 1 && ops[0] == "add":
		return ops[1]
	case sub == "bundle" && len(ops) > 1 && ops[0] == "create":
		return ops[1]
	}
	return ""
}

func gitTool(_ *classifier, sub string, args []string) (Class, string, []PathVerdict) {
	hits, _ := opts{"-x": runsProgram, "--extcmd": runsProgram}.scan(args, true)
	if len(hits) > 0 {
		return Dangerous, "git " + sub + " " + hits[0].name + " runs a program", nil
	}
	return Unknown, "git " + sub + " runs the configured tool", nil
}

// gitRunner sees through rebase --exec and bisect run.
func (c *classifier) gitRunner(sub string, args []string) (Class, string, []PathVerdict) {
	if sub == "bisect" {
		if len(args) > 1 && args[0] == "run" {
			inner := c.subArgs(args[1:])
			return worst(Unknown, inner.Class), "git bisect run runs " + strings.Join(args[1:], " ") + ": " + inner.Reason, nil
		}
		return Unknown, "git bisect moves the working tree", nil
	}
	hits, _ := opts{"-x": {effect: runsCode, value: true}, "--exec": {effect: runsCode, value: true}}.scan(args, true)
	for _, h := range hits {
		if cl, why, p := c.gitRunsString(sub, h.value); cl != Unknown {
			return cl, why, p
		}
	}
	return Unknown, "git " + sub + " rewrites commits; the policy decides", nil
}

func (c *classifier) gitRunsString(sub, script string) (Class, string, []PathVerdict) {
	inner := c.sub(script)
	return worst(Unknown, inner.Class), "git " + sub + " runs " + script + ": " + inner.Reason, nil
}

func gitRefused(_ *classifier, sub string, _ []string) (Class, string, []PathVerdict) {
	return Dangerous, "git " + sub + " runs filters, serves the repository or handles credentials", nil
}
