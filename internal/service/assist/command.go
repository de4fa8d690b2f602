package assist

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/sandbox"
	"github.com/oss-dev/oss-dev/internal/service/rules"
)

// maxCommandOutput bounds what the model is shown of a command's output:
// its end, where test failures and errors are.
const maxCommandOutput = 16 << 10

// RunCommand is run_command: a command line the model proposes.
type RunCommand struct{}

// Schema describes run_command.
func (RunCommand) Schema() model.ToolSchema {
	return model.ToolSchema{
		Name: "run_command",
		Description: "Run a command line in the repository's root, for example a build or one test. It is classified and needs approval; " +
			"commands that hide what they run, fetch and run code, push, open pull requests or change branches are refused. It runs confined to the repository where the system allows.",
		Parameters: object(map[string][2]string{"command": {"string", "the command line"}}, "command"),
	}
}

// Run runs the command once it is approved.
func (RunCommand) Run(ctx context.Context, env *Env, raw json.RawMessage) (string, error) {
	var a struct {
		Command string `json:"command"`
	}
	if err := decode(raw, &a); err != nil {
		return "", err
	}
	if strings.TrimSpace(a.Command) == "" {
		return "", toolErrorf("command is empty")
	}
	return runApproved(ctx, env, Command{Command: a.Command}, "a command the assistant proposed", "proposed by the assistant")
}

// RunTests is run_tests: the workflow's test command.
type RunTests struct{}

// Schema describes run_tests.
func (RunTests) Schema() model.ToolSchema {
	return model.ToolSchema{
		Name:        "run_tests",
		Description: "Run the repository's test command, as the workflow found it. It needs approval and runs confined to the repository where the system allows.",
		Parameters:  object(nil),
	}
}

// Run runs the tests once they are approved.
func (RunTests) Run(ctx context.Context, env *Env, _ json.RawMessage) (string, error) {
	if env.WS.Test.Command == "" {
		return "", toolErrorf("the workflow found no test command for this repository; use run_command with the command its documentation gives")
	}
	return runApproved(ctx, env, env.WS.Test, "the repository's test command", "the workflow's test command")
}

// runApproved submits c to the approval manager as the repository's code
// (a command from a model is no more trusted than one from a Makefile),
// then runs it: confined when the decision says so, never falling back to
// running it unconfined.
func runApproved(ctx context.Context, env *Env, c Command, what, origin string) (string, error) {
	dir, err := relPath(env.WS.Root, c.Dir)
	if err != nil {
		return "", err
	}
	req := approval.Request{Tool: config.ToolShell, Shell: c.Command, Mutating: true,
		Action: "run " + what + ": " + c.Command, Detail: "in " + filepath.Join(env.WS.Root, filepath.FromSlash(dir))}
	if err := rules.MarkRepositoryCommand(ctx, env.WS.Root, &req); err != nil {
		return "", err
	}
	if req.Origin == nil {
		req.Origin = &approval.Origin{Sources: []string{origin}}
	}
	d, err := env.Approve(ctx, req, Event{Command: c.Command})
	if err != nil {
		return "", err
	}
	// sh -c, so that what was approved is what runs
	cmd, err := sandbox.Command(ctx, sandbox.Spec{Root: env.WS.Root, Dir: filepath.Join(env.WS.Root, filepath.FromSlash(dir)),
		Argv: []string{"sh", "-c", c.Command}, Confined: d.Sandboxed, Writable: env.WS.Writable, Network: env.WS.Network, Exe: env.WS.SandboxExe})
	if err != nil {
		return "", toolErrorf("could not run %s: %v", c.Command, err)
	}
	out := sandbox.Tail{Max: maxCommandOutput}
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 2 * time.Second
	err = cmd.Run()
	if cerr := ctx.Err(); cerr != nil {
		return "", cerr
	}
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		return "", toolErrorf("could not run %s: %v", c.Command, err)
	}
	where := ""
	if d.Sandboxed {
		where = " (confined to the repository)"
	}
	text := out.String()
	if out.Cut() {
		text = "... (earlier output cut)\n" + text
	}
	return fmt.Sprintf("exit status %d%s\n%s", code, where, text), nil
}
