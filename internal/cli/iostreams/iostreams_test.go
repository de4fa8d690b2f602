package iostreams

import (
	"os"
	"testing"
	"time"
)

func TestColorFromEnv(t *testing.T) {
	cases := []struct {
		noColor, force, term string
		tty, want            bool
	}{
		{"", "", "xterm", true, true},
		{"", "", "xterm", false, false},
		{"1", "", "xterm", true, false},
		{"1", "1", "xterm", true, false}, // NO_COLOR wins
		{"", "1", "xterm", false, true},
		{"", "0", "xterm", false, false},
		{"", "", "dumb", true, false},
	}
	for _, c := range cases {
		if c.noColor != "" {
			t.Setenv("NO_COLOR", c.noColor)
		} else {
			t.Setenv("NO_COLOR", "")
			unsetenv(t, "NO_COLOR")
		}
		t.Setenv("CLICOLOR_FORCE", c.force)
		t.Setenv("TERM", c.term)
		if got := colorFromEnv(c.tty); got != c.want {
			t.Errorf("%+v: colour %v", c, got)
		}
	}
}

func TestSchemeIsPlainWithoutColor(t *testing.T) {
	if got := (&ColorScheme{}).Red("x"); got != "x" {
		t.Errorf("plain scheme wrapped the text: %q", got)
	}
	if got := (&ColorScheme{enabled: true}).Red("x"); got != "\x1b[31mx\x1b[0m" {
		t.Errorf("colour scheme: %q", got)
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	ios, _, _, errOut := Test()
	ios.StartProgress("working")
	ios.StopProgress()
	if errOut.Len() != 0 {
		t.Fatalf("progress written to a pipe: %q", errOut.String())
	}
	ios.SetStderrTTY(true)
	ios.StartProgress("working")
	time.Sleep(20 * time.Millisecond)
	ios.StopProgress()
	if errOut.Len() == 0 {
		t.Fatal("no progress on a terminal")
	}
}

func TestPromptNeedsBothEnds(t *testing.T) {
	ios, _, _, _ := Test()
	ios.SetStdoutTTY(true)
	if ios.CanPrompt() {
		t.Fatal("prompting without a terminal on stdin")
	}
	ios.SetStdinTTY(true)
	if !ios.CanPrompt() {
		t.Fatal("cannot prompt with both terminals")
	}
}

// unsetenv removes a variable for the rest of the test; an earlier
// t.Setenv of the same key restores it afterwards.
func unsetenv(t *testing.T, key string) {
	t.Helper()
	if err := os.Unsetenv(key); err != nil {
		t.Fatal(err)
	}
}
