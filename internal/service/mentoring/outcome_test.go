package mentoring

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestOutcomeOf(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	abandon := func(st *workflow.State) {
		if err := abandonedField.write(st, abandonMeta{At: t0, Reason: "fixed upstream"}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		phase     workflow.Phase
		abandoned bool
		want      Outcome
	}{
		{"going on", workflow.Planning, false, OutcomeNone},
		{"blocked", workflow.Blocked, false, OutcomeBlocked},
		{"abandoned", workflow.Implementation, true, OutcomeAbandoned},
		{"abandoned while blocked", workflow.Blocked, true, OutcomeAbandoned},
		{"complete", workflow.Complete, false, OutcomeCompleted},
		{"complete, once abandoned", workflow.Complete, true, OutcomeCompleted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := workflow.New("w1", "/r", "https://github.com/a/b/issues/1", 1, t0)
			st.Phase = tt.phase
			if tt.abandoned {
				abandon(&st)
			}
			if got, err := OutcomeOf(st); err != nil || got != tt.want {
				t.Fatalf("OutcomeOf = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestOutcomeOfCorruptedAbandonment(t *testing.T) {
	for _, raw := range []string{`42`, `"yes"`, `{"at":"yesterday"}`, `[]`} {
		st := workflow.New("w1", "/r", "https://github.com/a/b/issues/1", 1, time.Now())
		st.Phase = workflow.Implementation
		st.Metadata = map[string]json.RawMessage{metaAbandoned: json.RawMessage(raw)}
		got, err := OutcomeOf(st)
		if !errcode.HasCode(err, errcode.StateCorrupted) || got != OutcomeNone {
			t.Errorf("abandoned data %s: %q, %v; want STATE_CORRUPTED", raw, got, err)
		}
	}
}
