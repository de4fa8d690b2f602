package mentoring

import (
	"context"
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Adopt makes workflow id this user's: a state written by an earlier
// oss-dev carries no signature and cannot be told from one a repository
// planted, so a person looks at what it holds (its issue, phase, branch
// and the commands it would run) and approves before it is signed. No
// policy approves this on its own.
func (s *Service) Adopt(ctx context.Context, id string) (Summary, error) {
	root, err := s.repoRoot()
	if err != nil {
		return Summary{}, err
	}
	ss, err := s.openSession(ctx, root)
	if err != nil {
		return Summary{}, err
	}
	st, err := ss.store.Adopt(ctx, id, func(st workflow.State) error {
		return s.approveAdoption(ctx, st, ss.store.Path(id))
	})
	if err != nil {
		return Summary{}, err
	}
	return summarize(st), nil
}

func (s *Service) approveAdoption(ctx context.Context, st workflow.State, path string) error {
	if s.Confirmer == nil {
		return errcode.New(errcode.ApprovalNotConfigured,
			"adopting a workflow needs a person to approve it, and no one can be asked here",
			"run 'oss-dev mentor adopt "+st.WorkflowID+"' in a terminal")
	}
	p := contract.ApprovalPrompt{
		Workflow: st.WorkflowID,
		Tool:     config.ToolAdoptWorkflow,
		Action:   "adopt " + path + " as your own workflow",
		Detail:   describeForAdoption(st),
		Reason:   "the file carries no valid signature: oss-dev cannot tell whether you or the repository wrote it",
	}
	a, err := s.Confirmer.Confirm(ctx, p)
	if err != nil {
		return err
	}
	if a == contract.AnswerNo {
		return errcode.New(errcode.ApprovalRejected, "workflow "+st.WorkflowID+" was not adopted; it stays ignored",
			"remove the file if you did not write it")
	}
	return nil
}

// describeForAdoption says what a state would make oss-dev do: where it
// stands and every command it holds.
func describeForAdoption(st workflow.State) string {
	var b strings.Builder
	fmt.Fprintf(&b, "issue: %s\nphase: %s\n", st.IssueURL, st.Phase)
	if st.BranchName != "" {
		fmt.Fprintf(&b, "branch: %s\n", st.BranchName)
	}
	fmt.Fprintf(&b, "repository: %s\n", st.RepositoryPath)
	var rm repoMeta
	if ok, err := repoField.read(st, &rm); err != nil {
		fmt.Fprintf(&b, "repository data: unreadable (%v)\n", err)
	} else if ok {
		for _, group := range []struct {
			name string
			cmds []CommandInfo
		}{{"test", rm.Test}, {"lint", rm.Lint}, {"format", rm.Format}} {
			for _, c := range group.cmds {
				fmt.Fprintf(&b, "%s command: %s\n", group.name, c.Command)
			}
		}
		if rm.PushRemote != "" {
			fmt.Fprintf(&b, "pushes to: %s\n", rm.PushRemote)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
