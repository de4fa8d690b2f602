package mentoring

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

// commitPR commits the changes, pushes the branch (to the fork when the
// contributor cannot push upstream) and opens the pull request, each on
// approval. A resumed run skips what is already done.
type commitPR struct{ *session }

func (commitPR) Phase() workflow.Phase { return workflow.CommitPR }

func (ss commitPR) Run(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	if err := ss.onBranch(ctx, st); err != nil {
		return orchestration.Outcome{}, err
	}
	var pr PullRequest
	if ok := prField.load(st, &pr); ok && pr.Number > 0 {
		ss.res.PullRequest = &pr
		var link BranchLink
		if ok := linkField.load(st, &link); ok {
			ss.res.BranchLink = &link
		}
		return orchestration.Outcome{Facts: workflow.Facts{PRCreated: true, UserConfirmed: true}, Reason: "pull request " + pr.URL}, nil
	}
	if _, current, err := ss.verifiedNow(ctx, st); err != nil {
		return orchestration.Outcome{}, err
	} else if !current {
		return backToImplementation("the changes differ from the ones the tests passed on"), nil
	}
	var rm repoMeta
	var im issueMeta
	var val Validation
	repoField.load(st, &rm)
	issueField.load(st, &im)
	validateField.load(st, &val)
	if err := ss.goOnline(ctx, st, &rm); err != nil {
		return orchestration.Outcome{}, err
	}
	sha, err := ss.commit(ctx, st, rm, val)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	if rm.PushRemote == "" || (!rm.CanPush && rm.PushRemote == "origin") {
		return orchestration.Outcome{}, errcode.New(errcode.WorkflowPhaseFailed, "you cannot push to "+rm.Upstream+" and no fork is set up",
			"fork it on GitHub, add it as the remote 'fork' (git remote add fork URL), and run 'oss-dev mentor resume'")
	}
	upstream := rm.PushRemote == "origin" && rm.CanPush
	push := approval.Request{Tool: config.ToolGitPush, Action: "push " + st.BranchName + " to " + rm.PushRemote,
		Command: []string{"git", "push", "--set-upstream", rm.PushRemote, st.BranchName}, Mutating: true}
	if upstream {
		push.Detail = "GitHub first creates the branch on " + rm.Upstream + ", linked to issue #" + itoa(st.IssueNumber) + ", at the commit it started from"
	}
	if err := ss.approve(ctx, st, push); err != nil {
		return orchestration.Outcome{}, err
	}
	if err := ss.linkBranch(ctx, st, rm, upstream); err != nil {
		return orchestration.Outcome{}, err
	}
	ss.svc.progress("Pushing " + st.BranchName + " to " + rm.PushRemote)
	if err := ss.git.Push(ctx, rm.PushRemote, st.BranchName); err != nil {
		return orchestration.Outcome{}, err
	}
	pr, err = ss.openPR(ctx, st, rm, im, val)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	pr.Commit = sha
	if err := prField.write(st, pr); err != nil {
		return orchestration.Outcome{}, err
	}
	ss.res.PullRequest = &pr
	return orchestration.Outcome{Facts: workflow.Facts{PRCreated: true, UserConfirmed: true}, Reason: "pull request " + pr.URL}, nil
}

// commit records the uncommitted changes (the workflow's own files left
// out), signed off when the repository asks for the DCO.
func (ss *session) commit(ctx context.Context, st *workflow.State, rm repoMeta, val Validation) (string, error) {
	files, err := ss.pendingFiles(ctx)
	if err != nil {
		return "", err
	}
	if len(files) == 0 {
		return ss.git.HeadSHA(ctx)
	}
	msg := val.CommitMessage
	if msg == "" {
		msg = "Fix #" + itoa(st.IssueNumber) + "\n"
	}
	args := []string{"git", "commit"}
	if rm.DCO {
		args = append(args, "--signoff")
	}
	args = append(args, "-m", strings.SplitN(msg, "\n", 2)[0], "--")
	args = append(args, files...)
	if err := ss.approve(ctx, st, approval.Request{Tool: config.ToolGitCommit, Action: "commit " + itoa(len(files)) + " file(s) on " + st.BranchName,
		Command: args, Mutating: true, Detail: msg + "\nFiles:\n  " + strings.Join(files, "\n  ")}); err != nil {
		return "", err
	}
	var sha string
	if rm.DCO {
		sha, err = ss.git.CommitSignedOff(ctx, msg, files)
	} else {
		sha, err = ss.git.Commit(ctx, msg, files)
	}
	if errors.Is(err, git.ErrNothingToCommit) {
		return ss.git.HeadSHA(ctx)
	}
	return sha, err
}

// openPR shows the pull request (title, body, target) for an explicit
// confirmation and opens it.
func (ss *session) openPR(ctx context.Context, st *workflow.State, rm repoMeta, im issueMeta, val Validation) (PullRequest, error) {
	gh, err := ss.svc.github()
	if err != nil {
		return PullRequest{}, err
	}
	owner, repo, _ := strings.Cut(rm.Upstream, "/")
	head := st.BranchName
	if rm.HeadOwner != "" && !strings.EqualFold(rm.HeadOwner, owner) {
		head = rm.HeadOwner + ":" + st.BranchName
	}
	files, _ := ss.changedFiles(ctx, st)
	var v Verification
	verifyField.load(st, &v)
	body, err := ss.prBody(rm, im, st.IssueNumber, files, v, val)
	if err != nil {
		return PullRequest{}, err
	}
	np := model.NewPullRequest{
		Title: strings.SplitN(val.CommitMessage, "\n", 2)[0],
		Body:  body,
		Head:  head, Base: rm.DefaultBranch, Draft: ss.cfg.Config.Workflow.DraftPR,
	}
	if np.Title == "" {
		np.Title = im.Title
	}
	kind := "pull request"
	if np.Draft {
		kind = "draft pull request"
	}
	if found, ok := ss.findOpenPR(ctx, gh, owner, repo, np); ok {
		return found, nil
	}
	detail := fmt.Sprintf("Target: %s  %s <- %s\nTitle: %s\n\n%s", rm.Upstream, np.Base, np.Head, np.Title, np.Body)
	if err := ss.approve(ctx, st, approval.Request{Tool: config.ToolGitHubPullRequest, Action: "open a " + kind + " on " + rm.Upstream,
		Mutating: true, Detail: detail}); err != nil {
		return PullRequest{}, err
	}
	ss.svc.progress("Opening the " + kind)
	got, err := gh.CreatePR(ctx, owner, repo, np)
	if err != nil {
		return PullRequest{}, err
	}
	return PullRequest{Number: got.Number, URL: got.URL, Repo: rm.Upstream, Head: np.Head, Base: np.Base, Draft: np.Draft, Title: np.Title}, nil
}
