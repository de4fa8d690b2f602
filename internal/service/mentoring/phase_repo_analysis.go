package mentoring

import (
	"context"
	"fmt"

	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

// repoAnalysis learns how the repository builds, tests and takes
// contributions, and checks that this machine has its toolchains.
type repoAnalysis struct{ *session }

func (repoAnalysis) Phase() workflow.Phase { return workflow.RepoAnalysis }

func (ss repoAnalysis) Run(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	svc := analysis.RepoService{Progress: ss.svc.progress, OpenRepo: func(dir string) (analysis.Repo, error) { return ss.svc.OpenRepo(dir) }}
	rep, err := svc.AnalyzeRepo(ctx, analysis.RepoTarget{Local: ss.root})
	if err != nil {
		return orchestration.Outcome{}, err
	}
	var rm repoMeta
	if _, err := repoField.read(st, &rm); err != nil {
		return orchestration.Outcome{}, err
	}
	rm.Test, rm.Lint, rm.Format = commandsOf(rep, repo.KindTest), commandsOf(rep, repo.KindLint), commandsOf(rep, repo.KindFormat)
	c := rep.Contribution
	rm.PRTemplate = ""
	if len(c.PRTemplates) > 0 {
		rm.PRTemplate = c.PRTemplates[0].Path
	}
	rm.DCO = c.DCO.Required
	rm.Convention, rm.ConvShare = c.CommitConvention.Style, c.CommitConvention.Share
	rm.Language = rep.PrimaryLanguage
	if rm.DefaultBranch == "" {
		if b, err := ss.git.DefaultBranch(ctx, "origin"); err == nil {
			rm.DefaultBranch = b
		}
	}
	if err := repoField.write(st, rm); err != nil {
		return orchestration.Outcome{}, err
	}
	if err := ss.prepareEnvironment(ctx, st, rep); err != nil { // toolchains checked, setup offered (environment.go)
		return orchestration.Outcome{}, err
	}
	reason := fmt.Sprintf("%s; test: %s", orNone(rep.PrimaryLanguage), orNone(first(rm.Test)))
	return orchestration.Outcome{Facts: workflow.Facts{RepoAnalyzed: true}, Reason: reason}, nil
}

func commandsOf(rep *repo.Report, kind string) []CommandInfo {
	var out []CommandInfo
	for _, c := range rep.Commands {
		// a command that holds a CI expression runs in CI only; the first
		// runnable test is the report's test_command
		if c.Kind == kind && c.Runnable() {
			out = append(out, CommandInfo{Command: c.Command, Dir: c.Dir, CI: c.CI})
		}
	}
	return out
}

func first(cs []CommandInfo) string {
	if len(cs) == 0 {
		return ""
	}
	return cs[0].Command
}

func orNone(s string) string {
	if s == "" {
		return "none found"
	}
	return s
}
