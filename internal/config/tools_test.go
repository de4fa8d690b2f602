package config

import (
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestParseTool(t *testing.T) {
	for _, tool := range Tools() {
		if got, err := ParseTool(string(tool)); err != nil || got != tool {
			t.Errorf("ParseTool(%q) = %q, %v", tool, got, err)
		}
	}
	// Prompts only a person answers cannot be named by a policy or a rule.
	for _, name := range []string{"", "requirements", "adopt_workflow", "run_command", "git push", "GIT_PUSH"} {
		_, err := ParseTool(name)
		if !errcode.HasCode(err, errcode.InvalidInput) {
			t.Fatalf("ParseTool(%q) = %v, want INVALID_INPUT", name, err)
		}
		for _, tool := range Tools() {
			if !strings.Contains(err.Error(), string(tool)) {
				t.Errorf("ParseTool(%q): %q does not list %s", name, err, tool)
			}
		}
	}
}

func TestUnknownToolSuggestsTheNearest(t *testing.T) {
	if msg := unknownToolMessage("git_pushh"); !strings.Contains(msg, `did you mean "git_push"?`) {
		t.Fatalf("message %q", msg)
	}
}
