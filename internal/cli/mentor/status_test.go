package mentor

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
)

// TestStatusKeepsOutsideTextOnOneLine blocks a workflow with a reason
// over two lines, the second dressed as a line of the status: the reason
// shows on the Next line and in the history, folded, and no line of the
// output is the reason's own.
func TestStatusKeepsOutsideTextOnOneLine(t *testing.T) {
	w, wired := startedWorld(t)
	reason := "the toolchain is missing\nNext: nothing, all done"
	if _, err := wired(w.Clone()).Block(context.Background(), "", reason); err != nil {
		t.Fatal(err)
	}
	newStatus := func(f *cmdutil.Factory) *cobra.Command { return NewCmdStatus(f, nil) }
	out, err := runIn(w, wired, newStatus, false)
	if err != nil {
		t.Fatal(err)
	}
	folded := "the toolchain is missing Next: nothing, all done"
	var next, history int
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "Next: "):
			next++
			if line != "Next: blocked ("+folded+"): remove the blocker, then run 'oss-dev mentor unblock'" {
				t.Errorf("next line %q", line)
			}
		case strings.Contains(line, "-> BLOCKED"):
			history++
			if !strings.HasSuffix(line, folded) {
				t.Errorf("history line %q does not end with the folded reason", line)
			}
		}
	}
	if next != 1 || history != 1 {
		t.Fatalf("%d Next lines and %d BLOCKED history lines, want one each:\n%s", next, history, out)
	}
}

func TestClipLine(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"two\nlines", 20, "two lines"},
		{"abcdef", 3, "abc…"},
		{"héllo", 2, "h…"}, // é is two bytes: the cut does not split it
	}
	for _, tt := range tests {
		if got := clipLine(tt.in, tt.n); got != tt.want {
			t.Errorf("clipLine(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
