package main

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/service/telemetry"
)

// telemetryLog returns the telemetry file in the state folder and whether
// the user turned recording on. Only the user's own layers count (system,
// user, OSS_DEV_ variables): the project's config is not read for it, so a
// repository cannot turn recording on for whoever opens it.
func telemetryLog(env []string) (*telemetry.Log, error) {
	state := config.ResolveDirs(env).State
	l, err := config.Load(config.LoadOptions{Env: env})
	if err != nil {
		return telemetry.New(state, false), err
	}
	return telemetry.New(state, l.Config.Telemetry.Enabled), nil
}

// recordCommand appends the command's outcome to the telemetry log when
// the user turned it on. It costs one small config read after the command
// has finished; a failure to record is not the command's failure.
func recordCommand(f *cmdutil.Factory, ran *cobra.Command, elapsed time.Duration, status int, err error) {
	log, lerr := f.Telemetry()
	if lerr != nil || !log.Enabled {
		return
	}
	r := telemetry.Record{Command: "oss-dev", DurationMS: elapsed.Milliseconds(), ExitStatus: status}
	if ran != nil {
		r.Command = ran.CommandPath()
	}
	if r.Command == "oss-dev telemetry" || strings.HasPrefix(r.Command, "oss-dev telemetry ") {
		return // reading or clearing the record is not worth a line in it
	}
	if err != nil {
		r.ErrorCode = string(cmdutil.Report(err).Code)
	}
	_ = log.Append(r)
}
