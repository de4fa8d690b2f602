package mentoring

import (
	"context"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/diag"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
)

// findOpenPR looks for the pull request an earlier run opened but could
// not record (it stopped between GitHub's answer and saving the state):
// an open pull request from the same head to the same base is taken over
// instead of opened twice. A failed lookup is not fatal: opening then
// meets GitHub's "already exists", which the provider resolves the same way.
func (ss *session) findOpenPR(ctx context.Context, gh GitHub, owner, repo string, np model.NewPullRequest) (PullRequest, bool) {
	got, found, err := gh.FindOpenPR(ctx, owner, repo, np.Head, np.Base)
	if err != nil || !found {
		return PullRequest{}, false
	}
	ss.svc.progress("Pull request #" + itoa(got.Number) + " from " + np.Head + " is already open; using it")
	return PullRequest{Number: got.Number, URL: got.URL, Repo: owner + "/" + repo, Head: np.Head, Base: np.Base,
		Draft: got.Draft, Title: got.Title, Adopted: true}, true
}

// linkBranch links the feature branch to the issue on GitHub when the
// branch lives upstream. GitHub links only branches it creates itself, so
// this runs before the first push: GitHub creates the branch at the commit
// it started from, and the push then moves it on. A branch on a fork
// cannot be linked; the pull request's "Fixes #N" links the work to the
// issue instead. Failing to link is a warning, never the phase's failure.
func (ss *session) linkBranch(ctx context.Context, st *workflow.State, rm repoMeta, upstream bool) error {
	var done BranchLink
	if ok := linkField.load(st, &done); ok {
		ss.res.BranchLink = &done
		return nil
	}
	fixes := "the pull request's \"Fixes #" + itoa(st.IssueNumber) + "\" links it to the issue instead"
	link := BranchLink{Branch: st.BranchName, Repo: rm.Upstream}
	if !upstream {
		link.Repo = rm.HeadOwner + "/" + repoName(rm.Upstream)
		link.Note = "the branch is on your fork " + link.Repo + ", which GitHub cannot link to an issue of " + rm.Upstream + "; " + fixes
		return ss.setLink(st, link)
	}
	owner, repo, _ := strings.Cut(rm.Upstream, "/")
	err := ss.createLinkedBranch(ctx, st, owner, repo)
	if err == nil {
		link.Linked = true
		ss.svc.progress("Linked " + st.BranchName + " to issue #" + itoa(st.IssueNumber) + " on GitHub")
		return ss.setLink(st, link)
	}
	if errcode.HasCode(err, errcode.Canceled) || ctx.Err() != nil {
		return err
	}
	link.Note = "GitHub did not link the branch to the issue (" + errText(err) + "); " + fixes
	warn := diag.NewWarning(CodeNotLinked, "the branch is not linked to issue #"+itoa(st.IssueNumber)+" on GitHub: "+errText(err)+"; "+fixes)
	if werr := ss.warn(st, warn); werr != nil {
		return werr
	}
	return ss.setLink(st, link)
}

func (ss *session) createLinkedBranch(ctx context.Context, st *workflow.State, owner, repo string) error {
	bm, err := baseOf(st)
	if err != nil {
		return err
	}
	gh, err := ss.svc.github()
	if err != nil {
		return err
	}
	return gh.CreateLinkedBranch(ctx, owner, repo, st.IssueNumber, st.BranchName, bm.BaseSHA)
}

func (ss *session) setLink(st *workflow.State, link BranchLink) error {
	ss.res.BranchLink = &link
	return linkField.write(st, link)
}

func repoName(full string) string {
	_, name, _ := strings.Cut(full, "/")
	return name
}

// errText is an error's message for a one-line note.
func errText(err error) string {
	return strings.TrimSuffix(err.Error(), ".")
}
