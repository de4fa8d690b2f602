// Package doctor is the `oss-dev doctor` command.
package doctor

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/errcode"
	svc "github.com/oss-dev/oss-dev/internal/service/doctor"
)

// Options are the doctor command's inputs.
type Options struct {
	f       *cmdutil.Factory
	Offline bool
	Timeout time.Duration
}

// NewCmdDoctor builds `oss-dev doctor`.
func NewCmdDoctor(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{f: f}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check this machine and OSS-Dev's configuration",
		Long: `Check git, the GitHub CLI and token, every config layer, the state and cache
folders, the configured language model, the enabled plugins and telemetry; inside a git
repository, also the toolchains and versions it asks for (see 'oss-dev setup').
Each check is ok, warn or fail, with a one-line fix. The exit status is 1 when
any check fails.

With --json the report is {"checks": [{"group", "name", "status", "message",
"fix"}], "ok", "failed", "warned"}.`,
		Example: `  $ oss-dev doctor
  $ oss-dev doctor --offline
  $ oss-dev doctor --json --jq '.checks[] | select(.status != "ok")'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Offline, "offline", false, "Do not probe the language model's endpoint")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 3*time.Second, "Bound for each probe")
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	f := opts.f
	so := svc.Options{WorkDir: f.WorkDir, Timeout: opts.Timeout, Dirs: f.Dirs, LoadConfig: f.LoadConfig, Plugins: f.Plugins}
	if !opts.Offline {
		so.Probe = probe
	}
	if f.Telemetry != nil {
		// A config error here is reported by the config check.
		so.Telemetry, _ = f.Telemetry()
	}
	f.IO.StartProgress("checking")
	report := svc.Run(ctx, so)
	f.IO.StopProgress()
	if f.Output.WantsJSON() {
		if err := f.Output.Export(f.IO.Out, report); err != nil {
			return err
		}
	} else {
		render(f, report)
	}
	if !report.OK {
		return errcode.Newf(errcode.ChecksFailed, "apply the fixes above, then run 'oss-dev doctor' again",
			"%d of %d checks failed", report.Failed, len(report.Checks))
	}
	return nil
}

func render(f *cmdutil.Factory, r svc.Report) {
	cs := f.IO.ColorScheme()
	group := ""
	for _, c := range r.Checks {
		if c.Group != group {
			if group != "" {
				fmt.Fprintln(f.IO.Out)
			}
			group = c.Group
			fmt.Fprintln(f.IO.Out, cs.Bold(group))
		}
		icon := map[svc.Status]string{svc.OK: cs.SuccessIcon(), svc.Warn: cs.WarningIcon(), svc.Fail: cs.FailureIcon()}[c.Status]
		if !cs.Enabled() {
			icon = string(c.Status)
		}
		fmt.Fprintf(f.IO.Out, "  %s %s: %s\n", icon, c.Name, c.Message)
		if c.Fix != "" && c.Status != svc.OK {
			fmt.Fprintf(f.IO.Out, "      %s %s\n", cs.Gray("fix:"), c.Fix)
		}
	}
	fmt.Fprintf(f.IO.Out, "\n%d checks: %d failed, %s\n", len(r.Checks), r.Failed, cmdutil.Plural(r.Warned, "warning"))
}

// probe reports whether an HTTP endpoint answers at all; any status counts.
func probe(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
