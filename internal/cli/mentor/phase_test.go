package mentor

import (
	"testing"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
)

// Every phase that does work has a label of its own, so a new phase does
// not show its raw name on the spinner.
func TestEveryWorkingPhaseHasALabel(t *testing.T) {
	for _, p := range workflow.Phases() {
		if p == workflow.Idle || p == workflow.Complete || p == workflow.Blocked {
			continue
		}
		if phaseLabel(p) == string(p) {
			t.Errorf("phase %s has no label", p)
		}
	}
}
