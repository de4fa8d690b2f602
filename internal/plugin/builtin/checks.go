package builtin

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// conventional is a Conventional Commits subject: type(scope)!: summary.
// The patterns are compiled on first use, so start-up pays nothing.
var conventional = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(build|chore|ci|docs|feat|fix|perf|refactor|revert|style|test)(\([^()\s]+\))?!?: \S`)
})

// area is an "area: summary" subject, as Go and the Linux kernel write them.
var area = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_./-]+(, ?[A-Za-z0-9_./-]+)*: \S`) })

// commitlintFiles are the configurations that make commitlint enforce
// Conventional Commits.
var commitlintFiles = []string{
	"commitlint.config.js", "commitlint.config.cjs", "commitlint.config.mjs", "commitlint.config.ts",
	".commitlintrc", ".commitlintrc.json", ".commitlintrc.yml", ".commitlintrc.yaml", ".commitlintrc.js", ".commitlintrc.cjs",
}

// conventionCheck: the contributor's commits on the branch follow the
// convention the repository uses: Conventional Commits where a commitlint
// configuration says so, else the style most of its history follows.
func conventionCheck(_ context.Context, _ Deps, f Facts, wf plugin.Workflow) plugin.HookResult {
	style, why := f.Convention, "most of the repository's commits follow it"
	if file := firstExisting(wf.RepositoryPath, commitlintFiles); file != "" {
		style, why = "conventional", "its commitlint configuration "+file+" asks for it"
	}
	var re *regexp.Regexp
	switch style {
	case "conventional":
		re = conventional()
	case "area":
		re = area()
	default:
		return plugin.HookResult{OK: true, Message: "the repository follows no commit-message convention"}
	}
	var bad []model.Commit
	for _, c := range f.Commits {
		if !re.MatchString(c.Subject) {
			bad = append(bad, c)
		}
	}
	if len(bad) == 0 {
		return plugin.HookResult{OK: true, Message: "the branch's commits follow the " + style + " convention"}
	}
	example := "fix(parser): accept empty lines"
	if style == "area" {
		example = "parser: accept empty lines"
	}
	return plugin.HookResult{Message: plural(len(bad), "commit") + " do not follow the " + style + " convention (" + why + "; say \"" + example + "\"): " +
		named(bad) + "; reword them with 'git rebase -i " + f.Base + "'"}
}

// dcoCheck: every commit of the branch is signed off where the repository
// asks for it. It offers to sign them off with git rebase --signoff,
// which the approval manager decides.
func dcoCheck(ctx context.Context, d Deps, f Facts, wf plugin.Workflow) plugin.HookResult {
	if !f.DCO {
		return plugin.HookResult{OK: true, Message: "the repository does not ask for a sign-off"}
	}
	unsigned := unsignedOf(f.Commits)
	if len(unsigned) == 0 {
		return plugin.HookResult{OK: true, Message: "every commit is signed off"}
	}
	fix := "git rebase --signoff " + f.Base
	msg := plural(len(unsigned), "commit") + " are not signed off, and the repository asks for a DCO sign-off: " + named(unsigned)
	if d.Approver == nil || d.SignOff == nil {
		return plugin.HookResult{Message: msg + "; sign them off with '" + fix + "'"}
	}
	req := plugin.ApprovalRequest{Plugin: "dco", Tool: "git_rebase", Command: fix, Reason: "sign off " + plural(len(unsigned), "commit") + " of the branch"}
	if ok, err := d.Approver(wf.RepositoryPath).Approve(ctx, req); !ok {
		why := "not approved"
		if err != nil {
			why = err.Error()
		}
		return plugin.HookResult{Message: msg + "; signing them off was " + why + "; run '" + fix + "' yourself"}
	}
	if err := d.SignOff(ctx, wf.RepositoryPath, f.Base); err != nil {
		return plugin.HookResult{Message: msg + "; '" + fix + "' failed: " + err.Error()}
	}
	return plugin.HookResult{OK: true, Message: "signed off " + plural(len(unsigned), "commit") + " with '" + fix + "'"}
}

func unsignedOf(cs []model.Commit) []model.Commit {
	var out []model.Commit
	for _, c := range cs {
		if !strings.Contains(c.Body, "Signed-off-by:") {
			out = append(out, c)
		}
	}
	return out
}

// changelogRule is where a repository wants changelog entries.
type changelogRule struct {
	// what says which tool or document asks, for the message.
	what string
	// ok reports whether a changed file is an entry.
	ok func(file string) bool
	// want says what to add.
	want string
}

// changelogCheck: the branch adds a changelog fragment where the
// repository requires one (changesets, towncrier, reno, or a CHANGELOG
// policy in its contributing guide).
func changelogCheck(_ context.Context, _ Deps, f Facts, wf plugin.Workflow) plugin.HookResult {
	rule, found := changelogRuleOf(wf.RepositoryPath)
	if !found {
		return plugin.HookResult{OK: true, Message: "the repository asks for no changelog entry"}
	}
	for _, file := range f.Changed {
		if rule.ok(file) {
			return plugin.HookResult{OK: true, Message: "the branch adds the changelog entry " + file}
		}
	}
	return plugin.HookResult{Message: "the branch has no changelog entry, which " + rule.what + " asks for: add " + rule.want + " and commit it"}
}

var changelogPolicy = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?is)(add|update|include|write)\b.{0,60}\bCHANGELOG|CHANGELOG\S*\s.{0,60}\b(must|should|needs to|is required)`)
})

func changelogRuleOf(dir string) (changelogRule, bool) {
	switch {
	case exists(dir, ".changeset/config.json"):
		return changelogRule{what: "changesets (.changeset/config.json)", want: "a .changeset/NAME.md file ('npx changeset')", ok: func(f string) bool {
			return path.Dir(f) == ".changeset" && strings.HasSuffix(f, ".md") && !strings.EqualFold(path.Base(f), "README.md")
		}}, true
	case isDir(dir, "newsfragments"), isDir(dir, "changelog.d"):
		d := "newsfragments"
		if !isDir(dir, d) {
			d = "changelog.d"
		}
		return changelogRule{what: "towncrier (" + d + "/)", want: "a fragment " + d + "/ISSUE.TYPE (such as 123.bugfix)", ok: under(d)}, true
	case isDir(dir, "releasenotes/notes"):
		return changelogRule{what: "reno (releasenotes/notes/)", want: "a note releasenotes/notes/NAME.yaml ('reno new NAME')", ok: under("releasenotes/notes")}, true
	}
	for _, g := range []string{"CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/CONTRIBUTING.md", "CONTRIBUTING.rst", "CONTRIBUTING"} {
		text, err := readInside(dir, g)
		if err == nil && changelogPolicy().Match(text) {
			return changelogRule{what: g, want: "an entry to CHANGELOG.md", ok: func(f string) bool { return strings.EqualFold(path.Base(f), "CHANGELOG.md") }}, true
		}
	}
	return changelogRule{}, false
}

func under(d string) func(string) bool {
	return func(f string) bool { return strings.HasPrefix(f, d+"/") && !strings.HasSuffix(f, "/.gitignore") }
}

// The repository's files are read through its Root: a link out of it or a
// special file is as good as absent.
func readInside(dir, rel string) ([]byte, error) {
	root, err := safefile.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.ReadFile(rel, safefile.InputMax)
}

func exists(dir, rel string) bool {
	_, err := readInside(dir, rel)
	return err == nil
}

func isDir(dir, rel string) bool {
	root, err := safefile.OpenRoot(dir)
	if err != nil {
		return false
	}
	defer root.Close()
	fi, err := root.Stat(rel)
	return err == nil && fi.IsDir() && !errors.Is(err, fs.ErrNotExist)
}

func firstExisting(dir string, files []string) string {
	for _, f := range files {
		if exists(dir, f) {
			return f
		}
	}
	return ""
}
