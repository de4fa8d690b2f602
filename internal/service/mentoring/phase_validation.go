package mentoring

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// backToImplementation is the outcome when the changes are no longer the
// ones the tests passed on.
func backToImplementation(why string) orchestration.Outcome {
	return orchestration.Outcome{Trigger: workflow.FailPhase, Facts: workflow.Facts{TestsPassed: true},
		Reason: why + ": the tests must run on the changes as they are now; run 'oss-dev mentor next' to verify them again"}
}

// validation checks the changes against the issue's requirements and runs
// the linter and formatter. The commit convention, the sign-off and the
// changelog entry are the built-in plugins' checks, hooked before it.
type validation struct{ *session }

func (validation) Phase() workflow.Phase { return workflow.Validation }

func (ss validation) Run(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	if err := ss.onBranch(ctx, st); err != nil {
		return orchestration.Outcome{}, err
	}
	if passed, current, err := ss.verifiedNow(ctx, st); err != nil {
		return orchestration.Outcome{}, err
	} else if !passed || !current {
		return backToImplementation("the changes differ from the ones the tests passed on"), nil
	}
	var rm repoMeta
	var im issueMeta
	if _, err := repoField.read(st, &rm); err != nil {
		return orchestration.Outcome{}, err
	}
	if _, err := issueField.read(st, &im); err != nil {
		return orchestration.Outcome{}, err
	}
	files, err := ss.changedFiles(ctx, st)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	bm, _ := baseOf(st)
	diff, err := ss.git.Diff(ctx, bm.BaseSHA, "")
	if err != nil {
		return orchestration.Outcome{}, err
	}
	var tk ticks
	if _, err := ticksField.read(st, &tk); err != nil {
		return orchestration.Outcome{}, err
	}
	val := Validation{Checklist: applyTicks(checklist(im, files, diff, ss.untrackedText(ctx)), tk), SignOff: rm.DCO}
	val.CommitMessage = commitMessage(rm, im, st.IssueNumber, files)
	for _, g := range []struct {
		kind string
		list []CommandInfo
	}{{"lint", rm.Lint}, {"format", rm.Format}} {
		if len(g.list) == 0 {
			continue
		}
		ran, err := ss.runRepoCommand(ctx, st, g.kind, g.list[0])
		if err != nil {
			return orchestration.Outcome{}, err
		}
		cr := CheckResult{Name: g.kind + ": " + ran.Command, Passed: ran.ExitCode == 0}
		if !cr.Passed {
			cr.Detail = fmt.Sprintf("exited with status %d", ran.ExitCode)
			cr.Summary = summarizeFailures(ran.Output)
		}
		val.Checks = append(val.Checks, cr)
	}
	if err := validateField.write(st, val); err != nil {
		return orchestration.Outcome{}, err
	}
	ss.res.Validation = &val
	// A formatter may have rewritten files: then the tests ran on other changes.
	if _, current, err := ss.verifiedNow(ctx, st); err != nil {
		return orchestration.Outcome{}, err
	} else if !current {
		return backToImplementation("the linter or formatter changed files"), nil
	}
	var failed []string
	for _, c := range val.Checks {
		if !c.Passed {
			failed = append(failed, c.Name+" ("+c.Detail+")")
		}
	}
	if len(failed) > 0 {
		return orchestration.Outcome{}, errcode.Newf(errcode.ChecksFailed, "fix them, then run 'oss-dev mentor next' again (the tests run again if the changes change)",
			"validation found problems: %s", strings.Join(failed, "; "))
	}
	if err := ss.confirmRequirements(ctx, st, &val); err != nil {
		return orchestration.Outcome{}, err
	}
	matched := 0
	for _, it := range val.Checklist {
		if it.Status == "addressed" {
			matched++
		}
	}
	reason := fmt.Sprintf("%d check(s) passed; %d of %d requirement(s) matched in the diff, %d ticked by you",
		len(val.Checks), matched, len(val.Checklist), len(val.Checklist)-matched)
	return orchestration.Outcome{Facts: workflow.Facts{TestsPassed: true, VerifiedCurrentDiff: true, RequirementsMet: true}, Reason: reason}, nil
}

// maxUntrackedRead bounds what is read of each new file.
const maxUntrackedRead = 256 << 10

// untrackedText is the content of new files, which a diff against the
// base does not show until they are added.
func (ss *session) untrackedText(ctx context.Context) string {
	status, err := ss.git.Status(ctx)
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, f := range status.Files {
		if f.Kind != "untracked" || ownFile(f.Path) {
			continue
		}
		if data, err := ss.readInside(f.Path, safefile.InputMax); err == nil {
			b.Write(data[:min(len(data), maxUntrackedRead)])
			b.WriteByte('\n')
		}
	}
	return b.String()
}

var reWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_.]{3,}`) })

// checklist matches every requirement against the diff: one that names a
// changed file or a symbol the diff touches is addressed, with the
// evidence; the others are left for a person to tick.
func checklist(im issueMeta, files []string, diff, untracked string) []CheckItem {
	added := addedText(diff) + untracked
	var out []CheckItem
	for _, ki := range requirementItems(im.Requirements) {
		it := CheckItem{Kind: ki.kind, Text: ki.item.Text, Status: "unknown"}
		text := ki.item.Text
		for _, f := range files {
			if strings.Contains(text, f) || strings.Contains(text, path.Base(f)) {
				it.Evidence = append(it.Evidence, "changes "+f)
			}
		}
		for _, w := range reWord().FindAllString(text, 10) {
			if len(it.Evidence) >= 3 {
				break
			}
			if commonWord(strings.ToLower(w)) || !identLike(w) {
				continue
			}
			if strings.Contains(added, w) {
				it.Evidence = append(it.Evidence, "the diff touches "+w)
			}
		}
		if len(it.Evidence) > 0 {
			it.Status = "addressed"
		}
		out = append(out, it)
	}
	return out
}

// identLike reports whether w looks like code: CamelCase, snake_case or dotted.
func identLike(w string) bool {
	return strings.ContainsAny(w, "_.") || (strings.ToLower(w) != w && strings.ToUpper(w[:1]) != w[:1]) ||
		regexp.MustCompile(`[a-z][A-Z]`).MatchString(w)
}

// addedText is the text of the diff's added and removed lines.
func addedText(diff string) string {
	var b strings.Builder
	for _, l := range strings.Split(diff, "\n") {
		if (strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-")) && !strings.HasPrefix(l, "+++") && !strings.HasPrefix(l, "---") {
			b.WriteString(l[1:] + "\n")
		}
	}
	return b.String()
}

// commitMessage writes the commit message in the repository's convention.
func commitMessage(rm repoMeta, im issueMeta, number int, files []string) string {
	title := strings.TrimSpace(im.Title)
	subject := title
	switch rm.Convention {
	case "conventional":
		kind := map[string]string{"bug": "fix", "feature": "feat", "documentation": "docs", "performance": "perf"}[im.Type]
		if kind == "" {
			kind = "fix"
		}
		subject = kind + ": " + lowerFirst(title)
	case "area":
		area := "all"
		if len(files) > 0 {
			area = path.Dir(files[0])
			if area == "." {
				area = strings.TrimSuffix(path.Base(files[0]), path.Ext(files[0]))
			}
		}
		subject = area + ": " + lowerFirst(title)
	default:
		subject = upperFirst(title)
	}
	return clip(subject, 72) + "\n\nFixes #" + itoa(number) + "\n"
}

func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	if word == "" || (len(word) > 1 && strings.ToUpper(word[:2]) == word[:2]) || identifier(word) {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// identifier reports whether a title's first word names code (ParseConfig,
// os.Open, parse_config): lowering its first letter would name something else.
func identifier(word string) bool {
	return strings.ContainsAny(word[1:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ_.()`/")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
