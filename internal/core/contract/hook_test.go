package contract

import (
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestParseHookEvent(t *testing.T) {
	good := map[string]HookEvent{
		"before:PLANNING":       {HookBefore, "PLANNING"},
		"after:VERIFICATION":    {HookAfter, "VERIFICATION"},
		" after:COMMIT_PR ":     {HookAfter, "COMMIT_PR"},
		"before:NOT_A_PHASE_12": {HookBefore, "NOT_A_PHASE_12"}, // the registry judges the phase
	}
	for in, want := range good {
		got, err := ParseHookEvent(in)
		if err != nil || got != want {
			t.Errorf("ParseHookEvent(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		if err == nil && got.String() != want.String() {
			t.Errorf("%q does not print back as %q", got.String(), want.String())
		}
	}
	for _, in := range []string{"", "PLANNING", "before", "before:", "during:PLANNING", "Before:PLANNING", ":PLANNING"} {
		if got, err := ParseHookEvent(in); !errcode.HasCode(err, errcode.InvalidInput) {
			t.Errorf("ParseHookEvent(%q) = %+v, %v; want INVALID_INPUT", in, got, err)
		}
	}
}
