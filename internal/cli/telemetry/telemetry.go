// Package telemetry is the `oss-dev telemetry` command group.
package telemetry

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	svc "github.com/oss-dev/oss-dev/internal/service/telemetry"
)

// NewCmdTelemetry builds `oss-dev telemetry`.
func NewCmdTelemetry(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "telemetry <command>",
		Short: "Show or clear the local record of commands run",
		Long: `Telemetry is off unless you turn it on in your own config
(oss-dev config set --user telemetry.enabled true) or with
OSS_DEV_TELEMETRY__ENABLED=true; a repository's config cannot turn it on.
When on, each command adds one line to a file in your state folder: the
command's name, how long it took, its exit status and its error code. No
arguments, paths or text are kept, and nothing is sent anywhere.`,
		Example: `  $ oss-dev telemetry show
  $ oss-dev telemetry clear`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newCmdShow(f), newCmdClear(f))
	return cmd
}

// ShowResult is the JSON of `telemetry show`.
type ShowResult struct {
	Enabled bool         `json:"enabled"`
	Path    string       `json:"path"`
	Records []svc.Record `json:"records"`
}

func newCmdShow(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show whether telemetry is on, where it is kept, and what it holds",
		Long: `Show whether telemetry is on, the file it is kept in, and its records,
oldest first.
With --json: {"enabled", "path", "records": [{"command", "duration_ms", "exit_status", "error_code"}]}.`,
		Example: `  $ oss-dev telemetry show
  $ oss-dev telemetry show --jq '.records | length'`,
		Args: cmdutil.NoArgs,
		RunE: func(*cobra.Command, []string) error { return showRun(f) },
	}
}

func showRun(f *cmdutil.Factory) error {
	log, err := f.Telemetry()
	if err != nil {
		return err
	}
	records, err := log.Read()
	if err != nil {
		return err
	}
	if f.Output.WantsJSON() {
		return f.Output.Export(f.IO.Out, ShowResult{Enabled: log.Enabled, Path: log.Path, Records: append([]svc.Record{}, records...)})
	}
	state := "off"
	if log.Enabled {
		state = "on"
	}
	fmt.Fprintf(f.IO.Out, "Telemetry is %s; it is kept in %s and never sent anywhere.\n", state, log.Path)
	if len(records) == 0 {
		fmt.Fprintln(f.IO.Out, "No commands recorded.")
		return nil
	}
	fmt.Fprintln(f.IO.Out)
	t := cmdutil.NewTable(f.IO, "COMMAND", "DURATION", "EXIT", "ERROR")
	for _, r := range records {
		t.AddRow(r.Command, strconv.FormatInt(r.DurationMS, 10)+" ms", strconv.Itoa(r.ExitStatus), r.ErrorCode)
	}
	return t.Render()
}

// ClearResult is the JSON of `telemetry clear`.
type ClearResult struct {
	Path    string `json:"path"`
	Removed int    `json:"removed"`
}

func newCmdClear(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "clear",
		Short: "Delete the telemetry record",
		Long: `Delete the telemetry file. Whether telemetry is on does not change.
With --json: {"path", "removed"}, removed being the number of records deleted.`,
		Example: `  $ oss-dev telemetry clear`,
		Args:    cmdutil.NoArgs,
		RunE:    func(*cobra.Command, []string) error { return clearRun(f) },
	}
}

func clearRun(f *cmdutil.Factory) error {
	log, err := f.Telemetry()
	if err != nil {
		return err
	}
	n, err := log.Clear()
	if err != nil {
		return err
	}
	if f.Output.WantsJSON() {
		return f.Output.Export(f.IO.Out, ClearResult{Path: log.Path, Removed: n})
	}
	fmt.Fprintf(f.IO.Out, "Removed %s from %s.\n", cmdutil.Plural(n, "record"), log.Path)
	return nil
}
