package setup

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/intelligence/toolchain"
	"github.com/oss-dev/oss-dev/internal/safefile"
	"github.com/oss-dev/oss-dev/internal/sandbox"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/service/rules"
)

// Step is one preparation command with its evidence.
type Step = toolchain.Step

// Plan analyses the repository at root and orders the commands that
// install its dependencies for development: CI's setup commands first,
// then the contributing guide's, then each stack's convention.
func Plan(ctx context.Context, root, goos string) ([]Step, error) {
	rep, err := repo.Analyze(ctx, repo.Options{Root: root})
	if err != nil {
		return nil, err
	}
	return PlanFromReport(root, rep, goos)
}

// PlanFromReport orders the commands from an analysis already made.
func PlanFromReport(root string, rep *repo.Report, goos string) ([]Step, error) {
	dir, err := safefile.OpenRoot(root)
	if err != nil {
		return nil, errcode.Wrap(errcode.InvalidInput, err, "cannot open the repository folder "+root, "pass an existing, readable folder")
	}
	defer dir.Close()
	if goos == "" {
		goos = (&Prober{}).goos()
	}
	steps := toolchain.Plan(dir.FS(safefile.ConfigMax), rep, toolchain.PlanOptions{GOOS: goos})
	if steps == nil {
		steps = []Step{}
	}
	return steps, nil
}

// Approver decides whether a change may be made; *approval.Manager is one.
type Approver interface {
	Request(ctx context.Context, req approval.Request) (approval.Decision, error)
}

// The outcomes of a step.
const (
	StepDone     = "done"
	StepFailed   = "failed"
	StepSkipped  = "skipped"
	StepRejected = "rejected"
)

// StepResult is what happened to one step.
type StepResult struct {
	Step     Step   `json:"step"`
	Outcome  string `json:"outcome"`
	ExitCode int    `json:"exit_code,omitempty"`
	// Tail is the end of the output of a failed step.
	Tail   string `json:"tail,omitempty"`
	Reason string `json:"reason,omitempty"`
	// fix is the approval manager's fix for a rejected step.
	fix string
}

// tailLines is how much of a failed step's output is shown.
const tailLines = 30

// Runner runs preparation steps, each after approval.
type Runner struct {
	Root     string
	Approver Approver
	// Confirmer asks a person; a step that installs outside the project
	// runs only when a person said yes, here or at the approval prompt.
	// Nil means no one can be asked, and such steps are skipped.
	Confirmer contract.Confirmer
	// Env is the environment the steps run in (nil: the process's).
	Env []string
	// Progress is told before each step (1-based) and after it.
	Progress func(i, n int, st Step, res *StepResult)
	// Workflow names the workflow the steps belong to, for the audit log.
	Workflow string
	// Sandbox is the configuration's sandbox section; nil means the
	// defaults.
	Sandbox *config.SandboxConfig
	// Tool and Purpose name the steps to the approval manager and the
	// person asked; empty means setup's own: preparing the repository.
	Tool    config.Tool
	Purpose string
}

// Run runs the steps in order and stops at the first that fails or is
// rejected; the error says which and why, with the output's tail.
func (r *Runner) Run(ctx context.Context, steps []Step) ([]StepResult, error) {
	results := make([]StepResult, 0, len(steps))
	for i, st := range steps {
		if r.Progress != nil {
			r.Progress(i+1, len(steps), st, nil)
		}
		res := r.runStep(ctx, st)
		results = append(results, res)
		if r.Progress != nil {
			r.Progress(i+1, len(steps), st, &res)
		}
		switch res.Outcome {
		case StepFailed:
			return results, errcode.Newf(errcode.ChecksFailed, "fix what the output above says, then run 'oss-dev setup' again",
				"%s failed with status %d:\n%s", st.Command, res.ExitCode, res.Tail)
		case StepRejected:
			fix := res.fix
			if fix == "" {
				fix = "run it yourself if you trust it, then run 'oss-dev setup' again"
			}
			return results, errcode.Newf(errcode.ApprovalRejected, fix, "%s was not run: %s", st.Command, res.Reason)
		}
		if ctx.Err() != nil {
			return results, errcode.Wrap(errcode.Canceled, ctx.Err(), "the preparation was interrupted", "run 'oss-dev setup' again")
		}
	}
	return results, nil
}

func (r *Runner) runStep(ctx context.Context, st Step) StepResult {
	res := StepResult{Step: st}
	tool, purpose := r.Tool, r.Purpose
	if tool == "" {
		tool, purpose = config.ToolSetup, "prepare the repository"
	}
	req := approval.Request{Workflow: r.Workflow, Tool: tool, Action: purpose + ": " + st.Command, Mutating: true,
		Detail: detail(r.Root, st)}
	if len(st.Args) > 0 {
		req.Command = st.Args
	} else {
		req.Shell = st.Command
	}
	// A step runs in the repository over its files (install scripts,
	// setup.py, build scripts): it is the repository's code.
	if err := rules.MarkRepositoryCommand(ctx, r.Root, &req); err != nil {
		res.Outcome, res.Reason = StepRejected, err.Error()
		return res
	}
	if req.Origin == nil {
		req.Origin = rules.OriginAt(r.Root, st.Evidence, nil)
	}
	if r.Approver == nil {
		res.Outcome, res.Reason = StepRejected, "no approval manager is configured"
		return res
	}
	d, err := r.Approver.Request(ctx, req)
	if err != nil {
		res.Outcome, res.Reason = StepRejected, err.Error()
		var e *errcode.Error
		if errors.As(err, &e) {
			res.Reason, res.fix = e.Message, e.Fix
		}
		if d.DecidedBy == approval.ByPerson {
			res.Outcome = StepSkipped // declined at the prompt: go on with the rest
		}
		return res
	}
	if st.Global && d.DecidedBy != approval.ByPerson {
		if ok, why := r.confirmGlobal(ctx, st); !ok {
			res.Outcome, res.Reason = StepSkipped, why
			return res
		}
	}
	return r.execute(ctx, st, res, d.Sandboxed)
}

// confirmGlobal asks a person about a step that installs outside the
// project, whatever the policy or rules approved.
func (r *Runner) confirmGlobal(ctx context.Context, st Step) (bool, string) {
	if r.Confirmer == nil {
		return false, "it installs outside the project (" + st.Note + ") and no one can be asked to confirm it; run it yourself if you want it"
	}
	a, err := r.Confirmer.Confirm(ctx, contract.ApprovalPrompt{Workflow: r.Workflow, Tool: config.ToolSetup, Action: "install outside the project: " + st.Command,
		Command: st.Command, Detail: detail(r.Root, st), Reason: st.Note + "; this needs your explicit yes"})
	if err != nil {
		return false, "the confirmation failed: " + err.Error()
	}
	if a != contract.AnswerYes && a != contract.AnswerAlways {
		return false, "declined at the prompt"
	}
	return true, ""
}

func detail(root string, st Step) string {
	var ev []string
	for _, l := range st.Evidence {
		ev = append(ev, l.String())
	}
	s := "in " + filepath.Join(root, filepath.FromSlash(st.Dir)) + "; from " + st.Source
	if len(ev) > 0 {
		s += " (" + strings.Join(ev, ", ") + ")"
	}
	if st.Note != "" {
		s += "; " + st.Note
	}
	return s
}

// execute runs an approved step, confined when the decision says so, and
// keeps the tail of its output.
func (r *Runner) execute(ctx context.Context, st Step, res StepResult, confined bool) StepResult {
	args := st.Args
	if len(args) == 0 {
		args = []string{"sh", "-c", st.Command}
	}
	dir := filepath.Join(r.Root, filepath.FromSlash(st.Dir))
	env := r.Env
	if env == nil {
		env = os.Environ()
	}
	env = append(append([]string(nil), env...), st.Env...)
	if !strings.ContainsAny(args[0], `/\`) {
		// look the program up on the given PATH, not the process's
		if p, err := (&Prober{Env: env}).findProgram(args[0]); err == nil {
			args = append([]string{p}, args[1:]...)
		}
	} else if !filepath.IsAbs(args[0]) {
		args = append([]string{filepath.Join(dir, args[0])}, args[1:]...)
	}
	sb := r.sandboxConfig()
	cmd, err := sandbox.Command(ctx, sandbox.Spec{Root: r.Root, Dir: dir, Argv: args, Env: env, Confined: confined, Writable: sb.Writable, Network: sb.Network})
	if err != nil {
		res.Outcome, res.ExitCode, res.Tail = StepFailed, -1, "could not start it: "+err.Error()
		return res
	}
	out := sandbox.Tail{Max: maxTail}
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	if err == nil {
		res.Outcome = StepDone
		return res
	}
	res.Outcome, res.Tail = StepFailed, lastLines(out.String(), tailLines)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		res.ExitCode = ee.ExitCode()
	} else {
		res.ExitCode = -1
		res.Tail = strings.TrimSpace(res.Tail + "\n" + err.Error())
	}
	return res
}

func (r *Runner) sandboxConfig() config.SandboxConfig {
	if r.Sandbox != nil {
		return *r.Sandbox
	}
	return config.Default().Sandbox
}

// findProgram looks a program up on the environment's PATH only.
func (p *Prober) findProgram(name string) (string, error) {
	for _, dir := range p.path() {
		if f, ok := p.executableIn(dir, name); ok {
			return f, nil
		}
	}
	return "", errors.New(name + " is not on PATH")
}

// maxTail bounds the output kept of a step.
const maxTail = 64 << 10

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Service prepares a repository's toolchains with the configuration that
// applies there.
type Service struct {
	// LoadConfig returns the configuration in force in dir.
	LoadConfig func(dir string) (*config.Loaded, error)
	// StateDir is oss-dev's state folder (audit log, pinned answers).
	StateDir string
}

// NewRunner returns a runner for root that asks the approval manager
// NewManager builds, with the configuration's sandbox.
func (s *Service) NewRunner(root string, env []string, confirmer contract.Confirmer) (*Runner, error) {
	m, sb, err := s.NewManager(root, env, confirmer)
	if err != nil {
		return nil, err
	}
	return &Runner{Root: root, Approver: m, Confirmer: confirmer, Env: env, Sandbox: sb}, nil
}

// NewManager builds the approval manager from the configuration that
// applies in root (the policy, per-tool policies, allow and deny rules,
// the audit log, and the confirmer, nil when no one can be asked), and
// returns it with the configuration's sandbox section.
func (s *Service) NewManager(root string, env []string, confirmer contract.Confirmer) (*approval.Manager, *config.SandboxConfig, error) {
	l, err := s.LoadConfig(root)
	if err != nil {
		return nil, nil, err
	}
	home, _ := os.UserHomeDir()
	m, err := approvals.NewManager(l, approval.Environment{RepoRoot: root, HomeDir: home}, confirmer,
		approvals.AuditLog(&l.Config, env, s.StateDir), s.StateDir)
	if err != nil {
		return nil, nil, err
	}
	return m, &l.Config.Sandbox, nil
}
