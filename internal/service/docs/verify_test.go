package docs_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/redact"
	"github.com/oss-dev/oss-dev/internal/sandbox"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/service/docs"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

const secret = "s3cr3t-value-that-must-not-show"

// makeProject builds with make and fails its tests, printing a secret
// and an escape sequence on the way out.
var makeProject = map[string]string{
	"Makefile": ".PHONY: build test\n\nbuild:\n\techo built > built.txt\n\ntest:\n\t@for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do echo line $$i; done\n" +
		"\t@printf 'token " + secret + " \\033]0;owned\\007\\n'\n\t@exit 3\n",
	"main.c": "int main(void) { return 0; }\n",
}

func manager(policy config.Policy, root string) *approval.Manager {
	cfg := config.Default()
	return &approval.Manager{Policy: policy, Env: approval.Environment{RepoRoot: root}, Sandbox: approvals.Sandbox(&cfg)}
}

func requireSandbox(t *testing.T) {
	t.Helper()
	if st := sandbox.Probe(); !st.Available {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI is set and the sandbox is not available: %s", st.Reason)
		}
		t.Skipf("this kernel cannot confine commands (%s)", st.Reason)
	}
}

// TestVerifyMarksEachCommand: under auto the repository's build and test
// run in the sandbox; the build is verified with its time, the failing
// test is marked failed with the last lines of its output, cleaned and
// with the secret masked.
func TestVerifyMarksEachCommand(t *testing.T) {
	requireSandbox(t)
	sharedtest.RequireTool(t, "make")
	root := gitRepo(t, makeProject)
	res := build(t, root, nil)
	v := &docs.Verifier{Root: root, Approver: manager(config.PolicyAuto, root), Redact: redact.New(secret).Redact}
	v.Verify(context.Background(), res.Guide)

	b := res.Guide.First(repo.KindBuild)
	if b == nil || b.Command != "make build" || b.Verification == nil || b.Verification.Outcome != docs.Verified {
		t.Fatalf("build: %+v", b)
	}
	if _, err := os.Stat(root + "/built.txt"); err != nil {
		t.Errorf("the build did not run in the repository: %v", err)
	}
	tc := res.Guide.First(repo.KindTest)
	if tc == nil || tc.Verification == nil || tc.Verification.Outcome != docs.Failed || tc.Verification.ExitCode == 0 {
		t.Fatalf("test: %+v", tc)
	}
	tail := tc.Verification.Tail
	if strings.Contains(tail, secret) || strings.Contains(tail, "\x1b") || strings.Contains(tail, "owned") {
		t.Errorf("the tail shows the secret or an escape sequence: %q", tail)
	}
	if !strings.Contains(tail, "line 20") || strings.Contains(tail, "line 5\n") {
		t.Errorf("the tail is not the last lines: %q", tail)
	}
	md := markdown(t, res.Guide)
	if !strings.Contains(md, "**Verified**: it ran and passed in ") || !strings.Contains(md, "**Failed**: it exited with status 2") {
		t.Errorf("START_HERE.md does not show the outcomes:\n%s", md)
	}
}

// TestVerifyRunsNothingUnapproved: under never the repository's commands
// are its own code and none runs.
func TestVerifyRunsNothingUnapproved(t *testing.T) {
	sharedtest.RequireTool(t, "make")
	root := gitRepo(t, makeProject)
	res := build(t, root, nil)
	(&docs.Verifier{Root: root, Approver: manager(config.PolicyNever, root)}).Verify(context.Background(), res.Guide)
	for _, kind := range []string{repo.KindBuild, repo.KindTest} {
		c := res.Guide.First(kind)
		if c == nil || c.Verification == nil || c.Verification.Outcome != docs.NotRun || !strings.Contains(c.Verification.Reason, "repository's own code") {
			t.Errorf("%s: %+v", kind, c)
		}
	}
	if _, err := os.Stat(root + "/built.txt"); err == nil {
		t.Error("the build ran under never")
	}
	if md := markdown(t, res.Guide); !strings.Contains(md, "**Not run**: ") {
		t.Errorf("START_HERE.md does not say the commands did not run:\n%s", md)
	}
}
