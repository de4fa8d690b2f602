package mentoring

import (
	"encoding/json"
	"strings"
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

// TestOutcomeOfCorruptedMetadata: metadata that does not decode is
// STATE_CORRUPTED naming its key, whatever the phase, as when mentoring
// loads the workflow.
func TestOutcomeOfCorruptedMetadata(t *testing.T) {
	tests := []struct {
		key, raw string
		phase    workflow.Phase
	}{
		{metaAbandoned, `42`, workflow.Implementation},
		{metaAbandoned, `"yes"`, workflow.Blocked},
		{metaAbandoned, `{"at":"yesterday"}`, workflow.Planning},
		{metaAbandoned, `[]`, workflow.Implementation},
		{metaTokens, `"lots"`, workflow.Complete},
		{metaWarnings, `{"a":1}`, workflow.Implementation},
		// Numbers that decode but that no run writes.
		{metaTokens, `{"calls":-1,"total":5}`, workflow.Implementation},
		{metaAssistant, `{"calls":1,"cost":-0.5}`, workflow.Implementation},
		{metaPR, `{"number":-1,"url":"https://github.com/a/b/pull/1"}`, workflow.Complete},
		{metaValidate, `{"checklist":[{"number":1},{"number":-5}]}`, workflow.Validation},
	}
	for _, tt := range tests {
		st := workflow.New("w1", "/r", "https://github.com/a/b/issues/1", 1, time.Now())
		st.Phase = tt.phase
		st.Metadata = map[string]json.RawMessage{tt.key: json.RawMessage(tt.raw)}
		got, err := OutcomeOf(st)
		if !errcode.HasCode(err, errcode.StateCorrupted) || got != OutcomeNone || !strings.Contains(err.Error(), "its "+tt.key+" data") {
			t.Errorf("%s data %s in %s: %q, %v; want STATE_CORRUPTED naming it", tt.key, tt.raw, tt.phase, got, err)
		}
	}
}
