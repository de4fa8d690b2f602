package docs

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/service/setup"
)

// The outcomes of a verification.
const (
	Verified = "verified"
	Failed   = "failed"
	NotRun   = "not_run"
)

// Verification is what happened when --verify ran a command.
type Verification struct {
	Outcome string `json:"outcome"`
	// Seconds is how long it ran, to a tenth of a second.
	Seconds  float64 `json:"seconds"`
	ExitCode int     `json:"exit_code,omitempty"`
	// Reason says why it failed or did not run.
	Reason string `json:"reason,omitempty"`
	// Tail is the end of a failed command's output, cleaned and redacted.
	Tail string `json:"tail,omitempty"`
}

// Verified reports whether the command ran and passed.
func (v *Verification) Verified() bool { return v.Outcome == Verified }

// Duration is the time it took, for people.
func (v *Verification) Duration() string { return fmt.Sprintf("%.1f s", v.Seconds) }

// Label names the outcome for people.
func (v *Verification) Label() string {
	if v.Outcome == Failed {
		return "Failed"
	}
	return "Not run"
}

// tailShown is how many lines of a failed command's output are kept.
const tailShown = 15

// Verifier runs the guide's first setup, build and test commands, each
// after the approval manager approves it and confined where the decision
// says so: the setup service's runner does both.
type Verifier struct {
	Root     string
	Approver setup.Approver
	// Confirmer asks a person; nil when no one can be asked.
	Confirmer contract.Confirmer
	// Env is the environment the commands see (nil: the process's).
	Env []string
	// Redact masks the secrets the process knows in the output kept.
	Redact func(string) string
	// Progress is told before each command runs.
	Progress func(c Command)
	// Sandbox is the configuration's sandbox section; nil means the defaults.
	Sandbox *config.SandboxConfig
}

// Verify marks the first command of each of setup, build and test with
// its outcome. One that fails does not stop the others.
func (v *Verifier) Verify(ctx context.Context, g *Guide) {
	for _, kind := range []string{repo.KindSetup, repo.KindBuild, repo.KindTest} {
		c := g.First(kind)
		if c == nil {
			continue
		}
		if ctx.Err() != nil {
			c.Verification = &Verification{Outcome: NotRun, Reason: "interrupted"}
			continue
		}
		if v.Progress != nil {
			v.Progress(*c)
		}
		c.Verification = v.run(ctx, *c)
	}
}

func (v *Verifier) run(ctx context.Context, c Command) *Verification {
	r := &setup.Runner{Root: v.Root, Approver: v.Approver, Confirmer: v.Confirmer, Env: v.Env, Sandbox: v.Sandbox,
		Tool: config.ToolShell, Purpose: "verify the repository's " + c.Kind + " command for START_HERE.md"}
	st := setup.Step{Command: c.Command, Dir: c.Dir, Source: "the repository's " + c.Kind + " command", Evidence: c.Sources}
	start := time.Now()
	results, _ := r.Run(ctx, []setup.Step{st})
	secs := float64(time.Since(start).Round(100*time.Millisecond)) / float64(time.Second)
	if len(results) == 0 {
		return &Verification{Outcome: NotRun, Reason: "it was not started"}
	}
	res := results[0]
	switch res.Outcome {
	case setup.StepDone:
		return &Verification{Outcome: Verified, Seconds: secs}
	case setup.StepFailed:
		return &Verification{Outcome: Failed, Seconds: secs, ExitCode: res.ExitCode,
			Reason: fmt.Sprintf("it exited with status %d", res.ExitCode), Tail: v.tail(res.Tail)}
	}
	return &Verification{Outcome: NotRun, Reason: v.redact(res.Reason)}
}

// tail keeps the last lines of the output, without control characters
// or known secrets.
func (v *Verifier) tail(out string) string {
	lines := strings.Split(strings.TrimRight(clean(out, true), "\n"), "\n")
	if len(lines) > tailShown {
		lines = lines[len(lines)-tailShown:]
	}
	return v.redact(strings.Join(lines, "\n"))
}

func (v *Verifier) redact(s string) string {
	if v.Redact == nil {
		return s
	}
	return v.Redact(s)
}
