package mentoring_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/core/state"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

// signedIn is service with a token.
func signedIn(t *testing.T, w *mentoringtest.World, workDir string, extraEnv ...string) *mentoring.Service {
	t.Helper()
	s := service(t, w, workDir, extraEnv...)
	gh, err := github.New(githubtest.AuthorizedClient(), github.Options{APIURL: w.GitHub.APIURL(), GraphQLURL: w.GitHub.GraphQLURL()})
	if err != nil {
		t.Fatal(err)
	}
	s.GitHub = func() (mentoring.GitHub, error) { return gh, nil }
	return s
}

// readyToCommit starts a workflow, writes the fix and ticks the requirements.
func readyToCommit(t *testing.T, w *mentoringtest.World, s *mentoring.Service) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Start(ctx, mentoringtest.IssueID, ""); err != nil {
		t.Fatalf("start: %v", err)
	}
	s.WorkDir = w.Clone()
	w.Write("status.txt", "fixed\n")
	if _, err := s.Check(ctx, "", mentoring.CheckOptions{All: true}); err != nil {
		t.Fatal(err)
	}
}

// crashAfterCommitPR leaves the workflow as a process interrupted right
// after GitHub opened the pull request leaves it: in COMMIT_PR with no
// pull request recorded. Once GitHub has opened it, the workflow's file
// moves on a version, so the run's save of COMMIT_PR's work is refused.
func crashAfterCommitPR(t *testing.T, w *mentoringtest.World, s *mentoring.Service) {
	t.Helper()
	st, err := s.Status(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	store := state.Open(w.Clone(), s.Dirs.State)
	w.PullRequestOpened = func() {
		w.PullRequestOpened = nil
		cur, err := store.Load(st.Workflow.ID)
		if err == nil {
			err = store.Save(context.Background(), &cur)
		}
		if err != nil {
			t.Errorf("moving the workflow on: %v", err)
		}
	}
}

func TestResumeAfterACrashAdoptsThePullRequest(t *testing.T) {
	tests := []struct {
		name string
		// hide makes GitHub's list miss the pull request this many times.
		hide        int
		wantCreates int
	}{
		{"found by the lookup before opening", 0, 1},
		{"GitHub answers that it already exists", 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := mentoringtest.New(t)
			s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
			readyToCommit(t, w, s)
			ctx := context.Background()
			crashAfterCommitPR(t, w, s)
			if _, err := s.Next(ctx, ""); !errcode.HasCode(err, errcode.StateVersionMismatch) {
				t.Fatalf("next: %v", err)
			}
			if st, _ := s.Status(ctx, ""); st.Workflow.Phase != "COMMIT_PR" || st.PullRequest != nil || len(w.OpenPullRequests()) != 1 {
				t.Fatalf("after the crash: %s, recorded %+v, %d open", st.Workflow.Phase, st.PullRequest, len(w.OpenPullRequests()))
			}
			w.HideOpenPullRequests(tt.hide)
			res, err := s.Resume(ctx, "", false)
			if err != nil {
				t.Fatalf("resume: %v", err)
			}
			pr := res.PullRequest
			// GitHub's 422 is resolved by the provider, which returns the pull
			// request as if opened; only the lookup knows it adopted one.
			if res.Workflow.Phase != "COMPLETE" || pr == nil || pr.Number != 100 || pr.Adopted != (tt.hide == 0) || !strings.HasSuffix(pr.URL, "/pull/100") {
				t.Fatalf("after resume: %s %+v", res.Workflow.Phase, pr)
			}
			if n := len(w.PullRequests()); n != tt.wantCreates || len(w.OpenPullRequests()) != 1 {
				t.Fatalf("%d creates, %d open pull requests", n, len(w.OpenPullRequests()))
			}
		})
	}
}

func TestBranchPushedUpstreamIsLinkedToTheIssue(t *testing.T) {
	w := mentoringtest.New(t)
	w.AllowPush()
	s := signedIn(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	readyToCommit(t, w, s)
	res, err := s.Next(context.Background(), "")
	if err != nil {
		t.Fatalf("next: %v", err)
	}
	branch := res.Workflow.Branch
	if l := res.BranchLink; l == nil || !l.Linked || l.Repo != "acme/widget" || l.Branch != branch {
		t.Fatalf("branch link %+v", l)
	}
	if got := w.LinkedBranches(); len(got) != 1 || got[0] != branch {
		t.Fatalf("linked %v", got)
	}
	if w.Forked() {
		t.Error("forked though the user can push upstream")
	}
	// GitHub created the branch at its base; the push moved it on to the commit.
	head := w.Git(w.Clone(), "rev-parse", "HEAD")
	if up := w.Git(w.Dir, "--git-dir", w.Upstream, "rev-parse", "refs/heads/"+branch); up != head {
		t.Errorf("upstream branch at %s, the commit is %s", up, head)
	}
	prs := w.PullRequests()
	if len(prs) != 1 || prs[0]["head"] != branch {
		t.Fatalf("pull requests %v", prs)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings %v", res.Warnings)
	}
}

func TestBranchLinkFailureIsOnlyAWarning(t *testing.T) {
	tests := []struct {
		name  string
		setup func(w *mentoringtest.World, branch string)
		token bool
		want  string
	}{
		{"no token", func(*mentoringtest.World, string) {}, false, "no token"},
		{"the branch is already upstream", func(w *mentoringtest.World, branch string) {
			w.Git(w.Clone(), "push", "-q", "origin", "HEAD:refs/heads/"+branch)
		}, true, "Reference already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := mentoringtest.New(t)
			w.AllowPush()
			s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
			if tt.token {
				s = signedIn(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
			}
			readyToCommit(t, w, s)
			st, _ := s.Status(context.Background(), "")
			tt.setup(w, st.Workflow.Branch)
			res, err := s.Next(context.Background(), "")
			if err != nil || res.Workflow.Phase != "COMPLETE" {
				t.Fatalf("next: %v", err)
			}
			if l := res.BranchLink; l == nil || l.Linked || !strings.Contains(l.Note, tt.want) || !strings.Contains(l.Note, "Fixes #7") {
				t.Fatalf("branch link %+v", l)
			}
			if len(res.Warnings) != 1 || res.Warnings[0].Code != mentoring.CodeNotLinked || !strings.Contains(res.Warnings[0].Summary, "not linked to issue #7") {
				t.Fatalf("warnings %v", res.Warnings)
			}
			status, _ := s.Status(context.Background(), "")
			if status.BranchLink == nil || status.BranchLink.Linked {
				t.Fatalf("status: %+v", status.BranchLink)
			}
		})
	}
}

// confirmer answers every prompt with answer and keeps what it was shown.
type confirmer struct {
	answer  contract.Answer
	prompts []contract.ApprovalPrompt
}

func (c *confirmer) Confirm(_ context.Context, p contract.ApprovalPrompt) (contract.Answer, error) {
	c.prompts = append(c.prompts, p)
	return c.answer, nil
}

func TestMentorCheckTicksRequirements(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	ctx := context.Background()
	if _, err := s.Start(ctx, mentoringtest.IssueID, ""); err != nil {
		t.Fatal(err)
	}
	s.WorkDir = w.Clone()
	list, err := s.Check(ctx, "", mentoring.CheckOptions{})
	if err != nil || len(list.Items) != 5 || list.Unchecked != 5 || list.Items[1].Number != 2 || list.Items[1].Text != "a test covers it" {
		t.Fatalf("checklist %+v %v", list, err)
	}
	if _, err := s.Check(ctx, "", mentoring.CheckOptions{Numbers: []int{6}}); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Fatalf("number out of range: %v", err)
	}
	list, err = s.Check(ctx, "", mentoring.CheckOptions{Numbers: []int{2, 4}})
	if err != nil || list.Unchecked != 3 {
		t.Fatalf("after ticking: %+v %v", list, err)
	}
	it := list.Items[1]
	if it.Status != "checked" || it.CheckedBy != "New Comer <newcomer@example.com>" || it.CheckedAt == nil {
		t.Fatalf("ticked item %+v", it)
	}
	list, _ = s.Check(ctx, "", mentoring.CheckOptions{Numbers: []int{4}, Undo: true})
	if list.Items[3].Status != "unknown" || list.Unchecked != 4 {
		t.Fatalf("after undo %+v", list.Items[3])
	}

	// VALIDATION matches items 1 and 5 in the diff, and nobody can be asked about 3 and 4.
	w.Write("status.txt", "fixed\n")
	w.Write("parser_test.go", "package widget\n\n// ParseConfig skips empty lines.\n")
	res, err := s.Next(ctx, "")
	if !errcode.HasCode(err, errcode.WorkflowGuardFailed) || res.Workflow.Phase != "VALIDATION" {
		t.Fatalf("next with unticked requirements: %v", err)
	}
	var e *errcode.Error
	if !asErr(err, &e) || !strings.Contains(e.Fix, "oss-dev mentor check 3 4") || !strings.Contains(e.Message, "3. Empty lines are skipped.") {
		t.Fatalf("error %q, fix %q", err, e.Fix)
	}
	if v := res.Validation; v == nil || v.Checklist[0].Status != "addressed" || v.Checklist[1].Status != "checked" {
		t.Fatalf("the checklist was not shown: %+v", res.Validation)
	}
	if _, err := s.Check(ctx, "", mentoring.CheckOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	res, err = s.Next(ctx, "")
	if err != nil || res.Workflow.Phase != "COMPLETE" {
		t.Fatalf("next: %v", err)
	}
	body, _ := w.PullRequests()[0]["body"].(string)
	for _, want := range []string{"- [x] `ParseConfig` skips empty lines", "- [x] a test covers it", "- [x] Empty lines are skipped.", "- [x] parser.go", "- [x] ParseConfig"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if _, err := s.Check(ctx, "", mentoring.CheckOptions{All: true}); !errcode.HasCode(err, errcode.WorkflowInvalidTransition) {
		t.Errorf("ticking a complete workflow: %v", err)
	}
}

func TestValidationAsksAPersonAboutUnmatchedRequirements(t *testing.T) {
	for _, tt := range []struct {
		answer contract.Answer
		phase  mentoring.Phase
	}{{contract.AnswerYes, mentoring.PhaseComplete}, {contract.AnswerNo, mentoring.PhaseValidation}} {
		w := mentoringtest.New(t)
		s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
		c := &confirmer{answer: tt.answer}
		s.Confirmer = c
		ctx := context.Background()
		if _, err := s.Start(ctx, mentoringtest.IssueID, ""); err != nil {
			t.Fatal(err)
		}
		s.WorkDir = w.Clone()
		w.Write("status.txt", "fixed\n")
		res, err := s.Next(ctx, "")
		if res.Workflow.Phase != tt.phase {
			t.Fatalf("answer %v: %s %v", tt.answer, res.Workflow.Phase, err)
		}
		if len(c.prompts) != 1 || c.prompts[0].Tool != "requirements" || !strings.Contains(c.prompts[0].Detail, "2. a test covers it") || c.prompts[0].Rule != "" {
			t.Fatalf("prompts %+v", c.prompts)
		}
		if tt.answer == contract.AnswerNo {
			if !errcode.HasCode(err, errcode.WorkflowGuardFailed) {
				t.Fatalf("no: %v", err)
			}
			continue
		}
		list, _ := s.Check(ctx, "", mentoring.CheckOptions{})
		if list.Unchecked != 0 || list.Items[1].CheckedBy != "New Comer <newcomer@example.com>" {
			t.Fatalf("after yes: %+v", list.Items)
		}
	}
}

func TestWorkflowIndex(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	ctx := context.Background()
	index := filepath.Join(w.Home, ".local", "state", "oss-dev", "workflows.jsonl")
	if mentoring.IndexPath(s.Dirs.State) != index {
		t.Fatalf("index path %q", mentoring.IndexPath(s.Dirs.State))
	}
	readyToCommit(t, w, s)
	entries, skipped, err := mentoring.ReadIndex(index)
	if err != nil || skipped != 0 || len(entries) != 1 {
		t.Fatalf("after start: %+v %d %v", entries, skipped, err)
	}
	e := entries[0]
	if e.Repository != w.Clone() || e.IssueURL != "https://github.com/acme/widget/issues/7" || e.CreatedAt.IsZero() || e.Outcome != "" {
		t.Fatalf("entry %+v", e)
	}
	// Someone's garbage and a torn line do not break it.
	f, _ := os.OpenFile(index, os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString("not json\n{\"repository\": \"/x\", \"workflow_id\": \"y\"")
	_ = f.Close()
	if _, err := s.Next(ctx, ""); err != nil {
		t.Fatal(err)
	}
	entries, skipped, err = mentoring.ReadIndex(index)
	if err != nil || skipped != 2 || len(entries) != 1 || entries[0].Outcome != mentoring.OutcomeCompleted || entries[0].Phase != "COMPLETE" || !entries[0].CreatedAt.Equal(e.CreatedAt) {
		t.Fatalf("after completion: %+v skipped %d %v", entries, skipped, err)
	}
}

func TestABrokenIndexNeverBreaksMentor(t *testing.T) {
	w := mentoringtest.New(t)
	s := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	// A folder where the index file should be: every write fails.
	if err := os.MkdirAll(filepath.Join(w.Home, ".local", "state", "oss-dev", "workflows.jsonl"), 0o755); err != nil {
		t.Fatal(err)
	}
	var notes []string
	s.Note = func(d diag.Diagnostic) { notes = append(notes, string(d.Severity)+": "+d.Summary) }
	if _, err := s.Start(context.Background(), mentoringtest.IssueID, ""); err != nil {
		t.Fatalf("start: %v", err)
	}
	if !strings.Contains(strings.Join(notes, "\n"), "warning: could not record the workflow in the index") {
		t.Fatalf("notes %v", notes)
	}
}

func asErr(err error, target **errcode.Error) bool {
	e, ok := err.(*errcode.Error)
	*target = e
	return ok
}
