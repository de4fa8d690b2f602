package mentor

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/service/assist"
)

// namedTool stands in for a plugin's tool: only its name matters here.
type namedTool string

func (n namedTool) Schema() model.ToolSchema {
	return model.ToolSchema{Name: string(n), Parameters: map[string]any{"type": "object", "properties": map[string]any{}}}
}

func (n namedTool) Run(context.Context, *assist.Env, json.RawMessage) (string, error) { return "", nil }

func TestPluginToolsJoinTheBuiltinsAndNeverReplaceThem(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	opts := &AssistOptions{Deps: Deps{IO: ios}, PluginTools: func() ([]assist.Tool, error) {
		return []assist.Tool{namedTool("lint_docs"), namedTool("run_command")}, nil
	}}
	r, err := assist.NewRegistry(assist.Builtins()...)
	if err != nil {
		t.Fatal(err)
	}
	if err := addPluginTools(opts, r); err != nil {
		t.Fatal(err)
	}
	names := strings.Join(r.Names(), " ")
	if !strings.HasSuffix(names, "git_diff lint_docs") || strings.Count(names, "run_command") != 1 {
		t.Fatalf("tools %s", names)
	}
	if !strings.Contains(errOut.String(), `plugin tool left out: two tools are named "run_command"`) {
		t.Fatalf("the collision was not said: %q", errOut.String())
	}
}

func TestAssistFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}}
	var got *AssistOptions
	cmd := NewCmdAssist(f, func(o *AssistOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"wf-1", "--goal", "add a test", "--max-steps", "5", "--budget-tokens", "9000", "--max-time", "2m", "--resume"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.ID != "wf-1" || got.Goal != "add a test" || got.MaxSteps != 5 || got.BudgetTokens != 9000 || got.MaxTime.Minutes() != 2 || !got.Resume {
		t.Fatalf("options %+v", got)
	}
	for _, args := range [][]string{{"--max-steps", "0"}, {"--budget-tokens", "-1"}, {"a", "b"}} {
		cmd := NewCmdAssist(f, func(*AssistOptions) error { return nil })
		cmd.SetArgs(args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		if err := cmd.Execute(); !cmdutil.IsUsageError(err) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}
