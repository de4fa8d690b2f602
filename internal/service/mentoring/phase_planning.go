package mentoring

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// planning writes plan.md and creates the feature branch.
type planning struct{ *session }

func (planning) Phase() workflow.Phase { return workflow.Planning }

func (ss planning) Run(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	var im issueMeta
	var rm repoMeta
	if _, err := issueField.read(st, &im); err != nil {
		return orchestration.Outcome{}, err
	}
	if _, err := repoField.read(st, &rm); err != nil {
		return orchestration.Outcome{}, err
	}
	branch := branchName(ss.cfg.Config.Workflow.BranchPrefix, st.IssueNumber, im.Title)
	ss.svc.progress("Searching the repository for what the issue names")
	cands, err := ss.rankFiles(ctx, searchTerms(im))
	if err != nil {
		return orchestration.Outcome{}, err
	}
	text, err := renderPlan(st, im, rm, branch, cands)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	if extra, err := ss.enrichPlan(ctx, st, text); err != nil {
		if werr := ss.warn(st, diag.NewWarning(CodeModel, "the language model could not add to the plan: "+err.Error())); werr != nil {
			return orchestration.Outcome{}, werr
		}
	} else if extra != "" {
		text += "\n" + extra
	}
	dir, err := ss.store.WorkDir(st.WorkflowID)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	planPath := filepath.Join(dir, "plan.md")
	if err := writePlan(dir, text); err != nil {
		return orchestration.Outcome{}, err
	}
	var files []string
	for i, c := range cands {
		if i == 10 {
			break
		}
		files = append(files, c.Path)
	}
	if err := planField.write(st, planMeta{Path: planPath, Files: files}); err != nil {
		return orchestration.Outcome{}, err
	}
	ss.res.PlanPath, ss.res.Plan = planPath, text
	if err := ss.createBranch(ctx, st, branch, rm); err != nil {
		return orchestration.Outcome{}, err
	}
	return orchestration.Outcome{Facts: workflow.Facts{PlanDocumented: true},
		Reason: fmt.Sprintf("plan.md written, %d candidate file(s), branch %s", len(files), branch)}, nil
}

// writePlan replaces plan.md atomically through os.Root, so the write
// cannot leave the workflow's folder.
func writePlan(dir, text string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return errcode.Wrap(errcode.WorkflowPhaseFailed, err, "cannot create "+dir, "check that the repository folder is writable")
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return errcode.Wrap(errcode.WorkflowPhaseFailed, err, "cannot open "+dir, "check that the repository folder is writable")
	}
	defer root.Close()
	f, err := root.Create(".plan.md.tmp")
	if err == nil {
		_, err = f.WriteString(text)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = root.Rename(".plan.md.tmp", "plan.md")
	}
	if err != nil {
		_ = root.Remove(".plan.md.tmp")
		return errcode.Wrap(errcode.WorkflowPhaseFailed, err, "cannot write plan.md in "+dir, "check that the repository folder is writable")
	}
	return nil
}

// branchName is PREFIX<number>-<slug of the title>.
func branchName(prefix string, number int, title string) string {
	s := slug(title, 40)
	if s == "" {
		return prefix + itoa(number)
	}
	return prefix + itoa(number) + "-" + s
}

// createBranch creates the feature branch at the default branch's tip and
// checks it out, on approval; a resumed run finds it there and checks it out.
func (ss *session) createBranch(ctx context.Context, st *workflow.State, name string, rm repoMeta) error {
	base := "origin/" + rm.DefaultBranch
	if rm.DefaultBranch == "" {
		base = "HEAD"
	}
	branches, err := ss.git.Branches(ctx)
	if err != nil {
		return err
	}
	exists := slices.Contains(branches, name)
	if !exists {
		if err := ss.approve(ctx, st, approval.Request{Tool: config.ToolGitBranch, Action: "create the branch " + name + " from " + base,
			Command: []string{"git", "switch", "-c", name, base}, Mutating: true}); err != nil {
			return err
		}
		if err := ss.git.CreateBranch(ctx, name, base); err != nil {
			return err
		}
	}
	cur, err := ss.git.CurrentBranch(ctx)
	if err != nil {
		return err
	}
	if cur != name {
		if err := ss.git.Checkout(ctx, name); err != nil {
			return err
		}
	}
	var bm branchMeta
	if ok := branchField.load(st, &bm); !ok || bm.Name != name {
		sha, err := ss.git.HeadSHA(ctx)
		if err != nil {
			return err
		}
		bm = branchMeta{Name: name, Base: base, BaseSHA: sha}
	}
	st.BranchName = name
	return branchField.write(st, bm)
}
