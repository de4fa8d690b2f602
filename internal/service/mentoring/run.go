package mentoring

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/sandbox"
	"github.com/oss-dev/oss-dev/internal/service/rules"
)

// env is what the classifier knows about the repository now.
func (ss *session) env(ctx context.Context, st *workflow.State) approval.Environment {
	e := approval.Environment{RepoRoot: ss.root}
	var rm repoMeta
	if ok := repoField.load(st, &rm); ok {
		e.DefaultBranch = rm.DefaultBranch
	}
	if dirty, err := ss.git.IsDirty(ctx); err == nil {
		e.Dirty = dirty
	}
	return e
}

// approve asks the approval manager; nothing runs or changes without it.
func (ss *session) approve(ctx context.Context, st *workflow.State, req approval.Request) error {
	_, err := ss.decide(ctx, st, req)
	return err
}

// decide is approve that also returns the decision, which says whether
// the command runs in the sandbox.
func (ss *session) decide(ctx context.Context, st *workflow.State, req approval.Request) (approval.Decision, error) {
	req.Workflow = st.WorkflowID
	m, err := ss.appr.manager(ss.env(ctx, st))
	if err != nil {
		return approval.Decision{}, err
	}
	return m.Request(ctx, req)
}

// ranCommand is the captured result of a repository command.
type ranCommand struct {
	Command  string
	ExitCode int
	Output   string
}

// maxOutput bounds what is kept of a command's output (its end).
const maxOutput = 256 << 10

// runRepoCommand runs a command the repository declares (make test, npm
// run lint ...) after approval. A plain command runs as an argument list;
// one that needs a shell (pipes, variables, globs) runs with sh -c, and
// then the whole string is what was approved. It is the repository's
// code: it is submitted as such, and runs in the sandbox where there is one.
func (ss *session) runRepoCommand(ctx context.Context, st *workflow.State, kind string, c CommandInfo) (ranCommand, error) {
	req, args, err := ss.repoRequest(ctx, st, kind, c)
	if err != nil {
		return ranCommand{}, err
	}
	d, err := ss.decide(ctx, st, req)
	if err != nil {
		return ranCommand{}, err
	}
	ss.svc.progress("Running " + c.Command)
	sb := ss.appr.cfg.Config.Sandbox
	cmd, err := sandbox.Command(ctx, sandbox.Spec{Root: ss.root, Dir: filepath.Join(ss.root, filepath.FromSlash(c.Dir)), Argv: args,
		Env: ss.svc.Env, Confined: d.Sandboxed, Writable: sb.Writable, Network: sb.Network})
	if err != nil {
		return ranCommand{}, errcode.Wrap(errcode.WorkflowPhaseFailed, err, "could not run "+c.Command+": "+err.Error(),
			"install what it needs (see the repository's contributing guide); 'oss-dev doctor' says whether this system has the sandbox")
	}
	out := sandbox.Tail{Max: maxOutput}
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	res := ranCommand{Command: c.Command, Output: out.String()}
	if ctx.Err() != nil {
		return res, errcode.Wrap(errcode.Canceled, ctx.Err(), c.Command+" was interrupted", "run 'oss-dev mentor resume' to run it again")
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			res.ExitCode = ee.ExitCode()
			return res, nil
		}
		return res, errcode.Wrap(errcode.WorkflowPhaseFailed, err, "could not run "+c.Command+": "+err.Error(),
			"install what it needs (see the repository's contributing guide), or block the workflow: oss-dev mentor block REASON")
	}
	return res, nil
}

// repoRequest is the approval request for a command of the repository,
// marked as the repository's own the way `config rules check` marks it,
// and the argument list that runs it.
func (ss *session) repoRequest(ctx context.Context, st *workflow.State, kind string, c CommandInfo) (approval.Request, []string, error) {
	args, plain := plainArgs(c.Command, ss.env(ctx, st))
	req := approval.Request{Tool: config.ToolShell, Action: "run the repository's " + kind + " command: " + c.Command, Mutating: true,
		Detail: "in " + filepath.Join(ss.root, c.Dir)}
	if plain {
		req.Command = args
	} else {
		req.Shell = c.Command
		args = []string{"sh", "-c", c.Command}
	}
	if err := rules.MarkRepositoryCommand(ctx, ss.root, &req); err != nil {
		return req, nil, err
	}
	if req.Origin == nil {
		// found by REPO_ANALYSIS, gone from the files since: still theirs
		req.Origin = &approval.Origin{Sources: []string{"the repository's " + kind + " command, no longer found in its files"}}
	}
	return req, args, nil
}

// plainArgs returns the argument list of a command line that is one simple
// command with nothing only a shell can do.
func plainArgs(line string, env approval.Environment) ([]string, bool) {
	if strings.ContainsAny(line, "|&;<>()$`*?[]{}~\\'\"\n") {
		return nil, false
	}
	a := approval.Classify(line, env)
	if len(a.Segments) != 1 {
		return nil, false
	}
	seg := a.Segments[0]
	if seg.Dynamic || len(seg.Wrapped) > 0 || len(seg.Args) == 0 || strings.Contains(seg.Args[0], "=") {
		return nil, false
	}
	return seg.Args, true
}
