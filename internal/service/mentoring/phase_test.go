package mentoring

import (
	"slices"
	"testing"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/plugin"
)

// TestEveryWorkingPhaseHasWork walks the state machine's phases: each one
// the engine can be asked to run has exactly one piece of work, listed in
// workflow order, and the phases nothing runs in have none.
func TestEveryWorkingPhaseHasWork(t *testing.T) {
	ss := &session{}
	work := map[workflow.Phase]int{}
	var order []workflow.Phase
	for _, w := range ss.phases() {
		work[w.Phase()]++
		order = append(order, w.Phase())
	}
	var want []workflow.Phase
	for _, p := range workflow.Phases() {
		idle := p == workflow.Idle || p == workflow.Blocked || p.Terminal()
		switch {
		case idle && work[p] > 0:
			t.Errorf("%s is not a working phase, yet it has work", p)
		case !idle && work[p] != 1:
			t.Errorf("%s has %d pieces of work, want 1", p, work[p])
		}
		if !idle {
			want = append(want, p)
		}
	}
	if len(order) != len(want) {
		t.Fatalf("phases in order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("phases in order %v, want %v", order, want)
		}
	}
}

// TestPluginManifestsNameThePhasesWithWork: a plugin's manifest may hook
// exactly the phases Hooks.Register takes, so a manifest that validates
// never fails to register, and no phase with work is out of a plugin's reach.
func TestPluginManifestsNameThePhasesWithWork(t *testing.T) {
	var names []string
	for _, w := range (&session{}).phases() {
		names = append(names, string(w.Phase()))
	}
	if got := plugin.Phases(); !slices.Equal(got, names) {
		t.Fatalf("plugin manifests accept the phases %v; the phases with work are %v", got, names)
	}
}
