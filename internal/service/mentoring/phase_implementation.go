package mentoring

import (
	"context"
	"fmt"

	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
)

// implementation checks the guard of the contributor's phase: changes on
// the feature branch.
type implementation struct{ *session }

func (implementation) Phase() workflow.Phase { return workflow.Implementation }

func (ss implementation) Run(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	if err := ss.onBranch(ctx, st); err != nil {
		return orchestration.Outcome{}, err
	}
	files, err := ss.changedFiles(ctx, st)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	reason := fmt.Sprintf("%d file(s) changed", len(files))
	return orchestration.Outcome{Facts: workflow.Facts{FilesModified: len(files) > 0}, Reason: reason}, nil
}
