package mentoring_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

// TestStartFromSavedIssueRunsOfflineUntilCommitPR starts from the issue as
// `gh issue view --json` saves it, in a clone made beforehand, with GitHub
// unreachable: every phase runs until COMMIT_PR, which stops saying it
// needs the network; with GitHub back, the same workflow opens the pull
// request through the fork.
func TestStartFromSavedIssueRunsOfflineUntilCommitPR(t *testing.T) {
	w := mentoringtest.New(t)
	online := service(t, w, w.Work, "OSS_DEV_APPROVAL__POLICY=auto")
	offline := mentoring.Wire(&mentoring.Service{WorkDir: w.Clone(), GitHub: func() (mentoring.GitHub, error) {
		return nil, errcode.New(errcode.ProviderUnavailable, "github.com cannot be reached", "check the network")
	}})
	w.Git(w.Work, "clone", "-q", "https://github.com/"+mentoringtest.Owner+"/"+mentoringtest.Repo, mentoringtest.Repo)
	saved := map[string]any{
		"number": mentoringtest.Issue, "title": "ParseConfig fails on empty lines", "body": mentoringtest.IssueBody,
		"state": "OPEN", "url": "https://github.com/acme/widget/issues/7", "createdAt": "2025-05-01T10:00:00Z",
		"author": map[string]any{"login": "reporter"}, "labels": []any{map[string]any{"name": "bug"}}, "assignees": []any{},
		"comments": []any{map[string]any{"id": "IC_1", "author": map[string]any{"login": "someone"}, "authorAssociation": "NONE",
			"body": "Same here on 1.4.", "createdAt": "2025-05-02T10:00:00Z"}},
	}
	raw, _ := json.Marshal(saved)
	file := filepath.Join(w.Dir, "issue.json")
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := offline.StartFromFile(ctx, file, "")
	if err != nil {
		t.Fatalf("start --file: %v", err)
	}
	if res.Workflow.Phase != "IMPLEMENTATION" || !strings.HasPrefix(res.Workflow.Branch, "oss-dev/7-parseconfig-fails") {
		t.Fatalf("after start --file: %s on %q", res.Workflow.Phase, res.Workflow.Branch)
	}
	if plan, err := os.ReadFile(res.PlanPath); err != nil || !strings.Contains(string(plan), "`parser.go`") {
		t.Fatalf("plan.md: %v\n%s", err, plan)
	}
	if w.Forked() {
		t.Error("a fork was made while offline")
	}
	w.Write("status.txt", "fixed\n")
	w.Write("parser_test.go", "package widget\n\n// ParseConfig skips empty lines.\n")
	if _, err := offline.Check(ctx, "", mentoring.CheckOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	res, err = offline.Next(ctx, "")
	if !errcode.HasCode(err, errcode.ProviderUnavailable) || !strings.Contains(err.Error(), "COMMIT_PR needs the network") {
		t.Fatalf("next offline: %v", err)
	}
	if res == nil || res.Workflow.Phase != "COMMIT_PR" {
		t.Fatalf("offline next stopped in %+v", res)
	}
	online.WorkDir = w.Clone()
	res, err = online.Next(ctx, "")
	if err != nil {
		t.Fatalf("next online: %v", err)
	}
	if res.Workflow.Phase != "COMPLETE" || res.PullRequest == nil || !w.Forked() {
		t.Fatalf("online: %s, pr %+v, forked %v", res.Workflow.Phase, res.PullRequest, w.Forked())
	}
	if prs := w.PullRequests(); len(prs) != 1 || prs[0]["head"] != mentoringtest.User+":"+res.Workflow.Branch {
		t.Errorf("pull requests %v", prs)
	}
}

func TestStartFromSavedIssueNeedsAClone(t *testing.T) {
	w := mentoringtest.New(t)
	s := mentoring.Wire(&mentoring.Service{WorkDir: w.Work})
	file := filepath.Join(w.Dir, "issue.md")
	if err := os.WriteFile(file, []byte("# Fix the README\n\nA typo.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartFromFile(context.Background(), file, ""); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Fatalf("outside a clone: %v", err)
	}
	if _, err := s.StartFromFile(context.Background(), "/dev/zero", ""); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Fatalf("a device: %v", err)
	}
}
