package mentoring

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
)

// verification runs the repository's test command on the changes as they
// are and records the fingerprint of the diff it passed on.
type verification struct{ *session }

func (verification) Phase() workflow.Phase { return workflow.Verification }

func (ss verification) Run(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	if err := ss.onBranch(ctx, st); err != nil {
		return orchestration.Outcome{}, err
	}
	if out, blocked, err := ss.environmentBlocker(ctx, st); err != nil || blocked {
		return out, err // tests that cannot pass here are not run (environment.go)
	}
	var rm repoMeta
	if _, err := repoField.read(st, &rm); err != nil {
		return orchestration.Outcome{}, err
	}
	before, err := ss.fingerprint(ctx, st)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	v := Verification{At: ss.svc.now().UTC(), Fingerprint: before}
	if len(rm.Test) == 0 {
		v.Passed, v.Skipped = true, true
		warn := diag.NewWarning(CodeNoTests, "no test command was detected, so no tests ran: test the change by hand and say so in the pull request")
		if err := ss.warn(st, warn); err != nil {
			return orchestration.Outcome{}, err
		}
	} else {
		ran, err := ss.runRepoCommand(ctx, st, "test", rm.Test[0])
		if err != nil {
			return orchestration.Outcome{}, err
		}
		v.Command, v.ExitCode, v.Passed = ran.Command, ran.ExitCode, ran.ExitCode == 0
		v.OutputTail = lastLines(ran.Output, 40)
		if !v.Passed {
			v.Summary = summarizeFailures(ran.Output)
		}
	}
	after, err := ss.fingerprint(ctx, st)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	if err := verifyField.write(st, v); err != nil {
		return orchestration.Outcome{}, err
	}
	ss.res.Verification = &v
	if !v.Passed {
		reason := fmt.Sprintf("%s exited with status %d", v.Command, v.ExitCode)
		if len(v.Summary) > 0 {
			reason += ": " + strings.Join(firstN(v.Summary, 3), "; ")
		}
		return orchestration.Outcome{Trigger: workflow.FailPhase, Facts: workflow.Facts{}, Reason: reason}, nil
	}
	reason := "tests passed: " + v.Command
	if v.Skipped {
		reason = "no test command to run"
	}
	return orchestration.Outcome{Facts: workflow.Facts{TestsPassed: true, VerifiedCurrentDiff: before == after}, Reason: reason}, nil
}

// failurePatterns find the names of failing tests in the output of the
// common runners: go test, pytest, jest/vitest, cargo, TAP, RSpec, JUnit, mocha.
// They are compiled on first use, not by every process at start-up.
var failurePatterns = sync.OnceValue(func() []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(`^\s*--- FAIL: (\S+)`),
		regexp.MustCompile(`^FAIL\s+(\S+)`),
		regexp.MustCompile(`^FAILED (\S+)`),
		regexp.MustCompile(`^\s*● (.+)$`),
		regexp.MustCompile(`^\s*(?:✗|✕|×) (.+)$`),
		regexp.MustCompile(`^test (\S+) \.\.\. FAILED`),
		regexp.MustCompile(`^not ok \d+ (?:- )?(.+)$`),
		regexp.MustCompile(`^rspec (\./\S+)`),
		regexp.MustCompile(`^\[ERROR\] +(\S+)\s+.*(?:FAILURE|ERROR)`),
		regexp.MustCompile(`^\s*\d+\) (.+)$`),
	}
})

var errorLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|\s)(error|panic|exception|assert\w*|expected)\b`)
})

// summarizeFailures is the failing part of a test run: the failing tests'
// names, else the first error lines, else the last lines.
func summarizeFailures(out string) []string {
	lines := strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n")
	var names []string
	for _, l := range lines {
		for _, re := range failurePatterns() {
			if m := re.FindStringSubmatch(l); m != nil {
				n := strings.TrimSpace(m[1])
				if n != "" && !slices.Contains(names, n) {
					names = append(names, n)
				}
				break
			}
		}
	}
	if len(names) > 0 {
		return firstN(names, 20)
	}
	var errs []string
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" && errorLine().MatchString(t) {
			errs = append(errs, clip(t, 200))
		}
	}
	if len(errs) > 0 {
		return firstN(errs, 10)
	}
	return strings.Split(lastLines(out, 10), "\n")
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
