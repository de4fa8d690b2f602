package mentoring

import (
	"context"
	"testing"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	approvalsvc "github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
	"github.com/oss-dev/oss-dev/internal/service/rules"
)

// TestWorkflowAndRulesCheckAgree judges each of the workflow's own
// commands of a hostile repository (a Makefile recipe and package scripts
// that write outside it) under every policy, as the workflow submits it
// and as `config rules check` does: the two answers are the same.
func TestWorkflowAndRulesCheckAgree(t *testing.T) {
	w := mentoringtest.New(t)
	w.Git(w.Work, "clone", "-q", w.Upstream, w.Clone())
	w.Write("Makefile", "test:\n\techo pwned > $(HOME)/x\n\tsh ./check.sh\nlint:\n\techo pwned > /etc/x\n")
	w.Write("package.json", `{"scripts": {"test": "echo pwned > ~/x", "lint": "rm -rf ~/.ssh", "format": "echo hello"}}`)
	w.Git(w.Clone(), "add", "-A")
	w.Git(w.Clone(), "commit", "-q", "-m", "Add scripts")
	ctx := context.Background()
	rep, err := repo.Analyze(ctx, repo.Options{Root: w.Clone()})
	if err != nil {
		t.Fatal(err)
	}
	var cmds []CommandInfo
	for _, kind := range []string{repo.KindTest, repo.KindLint, repo.KindFormat} {
		cmds = append(cmds, commandsOf(rep, kind)...)
	}
	if len(cmds) < 4 {
		t.Fatalf("the analysis found too few commands to compare: %+v", cmds)
	}
	st := &workflow.State{WorkflowID: "agree"}
	for _, policy := range []string{"never", "on_request", "on_failure", "auto", "yolo"} {
		w.SetProcessEnv(t, "OSS_DEV_APPROVAL__POLICY="+policy)
		s := Wire(&Service{WorkDir: w.Clone()})
		ss, err := s.openSession(ctx, w.Clone())
		if err != nil {
			t.Fatal(err)
		}
		checker := &rules.Service{WorkDir: w.Clone(), LoadConfig: s.LoadConfig, StateDir: s.Dirs.State,
			OpenRepo: func(dir string) (approvalsvc.Repo, error) { return s.OpenRepo(dir) }}
		for _, c := range cmds {
			req, _, err := ss.repoRequest(ctx, st, "test", c)
			if err != nil {
				t.Fatal(err)
			}
			m, err := ss.appr.manager(ss.env(ctx, st))
			if err != nil {
				t.Fatal(err)
			}
			got := m.Evaluate(req)
			check, err := checker.Check(ctx, rules.CheckRequest{Shell: c.Command})
			if err != nil {
				t.Fatal(err)
			}
			if check.Decision != got.Outcome || check.DecidedBy != got.DecidedBy || check.Sandboxed != got.Sandboxed || check.Reason != got.Reason {
				t.Errorf("%s, %q: the workflow decides %s by %s (sandboxed %v: %s), rules check %s by %s (sandboxed %v: %s)",
					policy, c.Command, got.Outcome, got.DecidedBy, got.Sandboxed, got.Reason, check.Decision, check.DecidedBy, check.Sandboxed, check.Reason)
			}
			if check.Origin == nil || req.Origin == nil {
				t.Errorf("%s, %q: not marked as the repository's own (check %v, workflow %v)", policy, c.Command, check.Origin, req.Origin)
			}
			if got.Outcome == "approve" && !got.Sandboxed {
				t.Errorf("%s, %q: approved to run outside the sandbox", policy, c.Command)
			}
		}
	}
}
