package mentoring_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

func service(t *testing.T, w *mentoringtest.World, workDir string, extraEnv ...string) *mentoring.Service {
	t.Helper()
	w.SetProcessEnv(t, extraEnv...)
	gh, err := github.New(&http.Client{}, github.Options{APIURL: w.GitHub.APIURL(), GraphQLURL: w.GitHub.GraphQLURL(), Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	return mentoring.Wire(&mentoring.Service{WorkDir: workDir, GitHub: func() (mentoring.GitHub, error) { return gh, nil }})
}

func TestContributionFromIssueToPullRequest(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	ctx := context.Background()
	res, err := s.Start(ctx, mentoringtest.IssueID, "")
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	if res.Workflow.Phase != "IMPLEMENTATION" || res.Steps != 3 {
		t.Fatalf("after start: %s after %d steps", res.Workflow.Phase, res.Steps)
	}
	if !strings.HasPrefix(res.Workflow.Branch, "oss-dev/7-parseconfig-fails") {
		t.Fatalf("branch %q", res.Workflow.Branch)
	}
	plan, err := os.ReadFile(res.PlanPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"`parser.go`", "make test", "## Steps", "## Tests", "pull_request_template.md"} {
		if !strings.Contains(string(plan), want) {
			t.Errorf("plan.md lacks %q:\n%s", want, plan)
		}
	}
	if !w.Forked() {
		t.Error("the fork was not created though the user cannot push upstream")
	}
	if remotes := w.Git(w.Clone(), "remote"); !strings.Contains(remotes, "fork") {
		t.Fatalf("remotes: %s", remotes)
	}

	s.WorkDir = w.Clone()
	if _, err := s.Next(ctx, ""); !errcode.HasCode(err, errcode.WorkflowGuardFailed) {
		t.Fatalf("next without changes: %v", err)
	}
	w.Write("status.txt", "fixed\n")
	w.Write("parser_test.go", "package widget\n\n// ParseConfig skips empty lines.\n")
	if _, err := s.Check(ctx, "", mentoring.CheckOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	res, err = s.Next(ctx, "")
	if err != nil {
		t.Fatalf("next: %v", err)
	}
	if res.Workflow.Phase != "COMPLETE" || res.PullRequest == nil {
		t.Fatalf("after next: %s, pr %+v", res.Workflow.Phase, res.PullRequest)
	}
	prs := w.PullRequests()
	if len(prs) != 1 {
		t.Fatalf("%d pull requests created", len(prs))
	}
	pr := prs[0]
	if pr["draft"] != true || pr["base"] != "main" || pr["head"] != mentoringtest.User+":"+res.Workflow.Branch {
		t.Errorf("pull request draft=%v base=%v head=%v", pr["draft"], pr["base"], pr["head"])
	}
	body, _ := pr["body"].(string)
	for _, want := range []string{"Fixes #7", "## Description\n\nThis addresses #7", "## Testing\n\nRan `make test`: passed.", "- `status.txt`",
		"- [x] a test covers it", "- [x] `ParseConfig` skips empty lines"} {
		if !strings.Contains(body, want) {
			t.Errorf("pull request body lacks %q:\n%s", want, body)
		}
	}
	// A branch on a fork cannot be linked to the issue: the status says so,
	// and "Fixes #7" does the linking.
	if l := res.BranchLink; l == nil || l.Linked || l.Repo != mentoringtest.User+"/"+mentoringtest.Repo || !strings.Contains(l.Note, "Fixes #7") {
		t.Errorf("branch link %+v", l)
	}
	if len(w.LinkedBranches()) != 0 {
		t.Errorf("a fork's branch was linked: %v", w.LinkedBranches())
	}
	// The branch went to the fork, never upstream.
	if out := w.Git(w.Dir, "--git-dir", w.Fork, "branch", "--list", res.Workflow.Branch); out == "" {
		t.Error("the branch is not on the fork")
	}
	if out := w.Git(w.Dir, "--git-dir", w.Upstream, "branch", "--list", res.Workflow.Branch); out != "" {
		t.Error("the branch was pushed upstream")
	}
	if files := w.Git(w.Clone(), "show", "--name-only", "--format=", "HEAD"); strings.Contains(files, ".oss-dev") {
		t.Errorf("the workflow's own files were committed: %s", files)
	}
	st, err := s.Status(ctx, res.Workflow.ID)
	if err != nil || len(st.History) != 8 || st.Workflow.Phase != "COMPLETE" {
		t.Fatalf("status: %+v %v", st, err)
	}
	recs, _, err := s.Audit(ctx, res.Workflow.ID)
	if err != nil {
		t.Fatal(err)
	}
	tools := map[string]bool{}
	for _, r := range recs {
		tools[string(r.Tool)] = r.Decision == "approve"
	}
	for _, tool := range []string{"github_fork", "git_remote", "git_branch", "shell", "git_commit", "git_push", "github_pull_request"} {
		if !tools[tool] {
			t.Errorf("no approved %s in the audit log: %+v", tool, recs)
		}
	}
}

func TestFailingTestsGoBackToImplementation(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto", "OSS_DEV_APPROVAL__TOOLS__GITHUB_PULL_REQUEST=never")
	ctx := context.Background()
	if _, err := s.Start(ctx, mentoringtest.IssueID, ""); err != nil {
		t.Fatal(err)
	}
	s.WorkDir = w.Clone()
	w.Write("parser.go", "package widget\n")
	res, err := s.Next(ctx, "")
	if !errcode.HasCode(err, errcode.ChecksFailed) {
		t.Fatalf("next with failing tests: %v", err)
	}
	if res.Workflow.Phase != "IMPLEMENTATION" || res.Verification == nil || res.Verification.Passed {
		t.Fatalf("after the failure: %+v", res)
	}
	if got := strings.Join(res.Verification.Summary, "\n"); !strings.Contains(got, "TestParseEmptyLines") {
		t.Fatalf("summary does not name the failing test: %q", got)
	}
	st, _ := s.Status(ctx, "")
	if last := st.History[len(st.History)-1]; last.Trigger != "fail_phase" || !strings.Contains(last.Reason, "TestParseEmptyLines") {
		t.Fatalf("last transition %+v", last)
	}

	// Fixed, the tests pass; the pull request is refused by policy, so the
	// workflow waits in COMMIT_PR with the commit made.
	w.Write("status.txt", "fixed\n")
	if _, err := s.Check(ctx, "", mentoring.CheckOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	res, err = s.Next(ctx, "")
	if !errcode.HasCode(err, errcode.ApprovalRejected) || res.Workflow.Phase != "COMMIT_PR" {
		t.Fatalf("next: %s %v", res.Workflow.Phase, err)
	}
	// A change after the tests ran sends it back.
	w.Write("README.md", "# widget\n\nchanged after the tests\n")
	res, err = s.Next(ctx, "")
	if err != nil || res.Workflow.Phase != "IMPLEMENTATION" {
		t.Fatalf("change after verification: %s %v", res.Workflow.Phase, err)
	}
	st, _ = s.Status(ctx, "")
	if last := st.History[len(st.History)-1]; last.From != "COMMIT_PR" || !strings.Contains(last.Reason, "differ from the ones the tests passed on") {
		t.Fatalf("last transition %+v", last)
	}
}

func TestNoTerminalStopsAtTheFirstApproval(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=on_request")
	_, err := s.Start(context.Background(), mentoringtest.IssueID, "")
	if !errcode.HasCode(err, errcode.ApprovalNotConfigured) {
		t.Fatalf("err = %v", err)
	}
	if _, serr := os.Stat(w.Clone()); !os.IsNotExist(serr) {
		t.Fatalf("something was cloned: %v", serr)
	}
	recs, rerr := approval.ReadAudit(filepath.Join(w.Home, ".local", "state", "oss-dev", "audit.jsonl"), "")
	if rerr != nil || len(recs) != 1 || recs[0].Tool != "git_clone" || recs[0].Decision != "reject" {
		t.Fatalf("audit: %+v %v", recs, rerr)
	}
}
