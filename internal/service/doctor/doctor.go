// Package doctor checks the contributor's machine and OSS-Dev's own
// settings, each check with a status and a one-line fix.
package doctor

import (
	"context"
	"sync"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/sandbox"
	"github.com/oss-dev/oss-dev/internal/service/telemetry"
)

// Status is a check's outcome.
type Status string

// Statuses, from best to worst.
const (
	OK   Status = "ok"
	Warn Status = "warn"
	Fail Status = "fail"
)

// Check is one diagnosis.
type Check struct {
	Group   string `json:"group"`
	Name    string `json:"name"`
	Status  Status `json:"status"`
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
}

// Report is every check, in a stable order.
type Report struct {
	Checks []Check `json:"checks"`
	OK     bool    `json:"ok"`
	Failed int     `json:"failed"`
	Warned int     `json:"warned"`
}

// Options are what the checks need to know about this run.
type Options struct {
	WorkDir string
	// Env is the environment (nil means the process's).
	Env []string
	// Dirs are oss-dev's own folders, as the composition root resolved them.
	Dirs config.Dirs
	// LoadConfig returns the configuration in force in dir; nil reports
	// the configuration as not loaded.
	LoadConfig func(dir string) (*config.Loaded, error)
	// LookPath finds programs; nil means exec.LookPath.
	LookPath func(string) (string, error)
	// Timeout bounds each probe (a program's --version, a network probe).
	Timeout time.Duration
	// Probe reaches the LLM's endpoint; nil skips reachability.
	Probe func(ctx context.Context, url string) error
	// Telemetry is the local telemetry log as the composition root
	// resolved it; nil reports telemetry as not checked.
	Telemetry *telemetry.Log
	// SandboxProbe says what the kernel can confine; nil means sandbox.Probe.
	SandboxProbe func() sandbox.Status
	// Plugins is the composition root's plugin catalog; nil discovers the
	// plugins from this run's configuration, without built-ins.
	Plugins func() (*plugin.Catalog, error)
	// GOOS is the system the sandbox check speaks of; "" means this one.
	GOOS string

	// loaded and loadErr are the configuration, read once by Run for every check.
	loaded  *config.Loaded
	loadErr error
}

type checker func(ctx context.Context, o Options) []Check

// Run runs every check concurrently and returns them in a stable order.
func Run(ctx context.Context, o Options) Report {
	o = withDefaults(o)
	checkers := []checker{checkGit, checkGh, checkCtags, checkToken, checkConfig, checkFolders, checkLLM, checkPlugins, checkTelemetry, checkRepository, checkSandbox}
	results := make([][]Check, len(checkers))
	var wg sync.WaitGroup
	for i, c := range checkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c(ctx, o)
		}()
	}
	wg.Wait()
	var r Report
	for _, cs := range results {
		r.Checks = append(r.Checks, cs...)
	}
	for _, c := range r.Checks {
		switch c.Status {
		case Fail:
			r.Failed++
		case Warn:
			r.Warned++
		}
	}
	r.OK = r.Failed == 0
	return r
}
