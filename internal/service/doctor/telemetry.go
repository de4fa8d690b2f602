package doctor

import (
	"context"

	"github.com/oss-dev/oss-dev/internal/config"
)

// checkTelemetry says whether commands are being recorded and where. A
// project config that turns telemetry on is pointed out: it has no effect,
// since only the user's own layers can.
func checkTelemetry(_ context.Context, o Options) []Check {
	c := Check{Group: "telemetry", Name: "telemetry"}
	t := o.Telemetry
	if t == nil {
		return []Check{c.set(Warn, "not checked: the configuration is invalid", "fix the configuration first")}
	}
	if o.loaded != nil && o.loadErr == nil {
		if origin := o.loaded.Origins["telemetry.enabled"]; origin.Layer == config.LayerProject && o.loaded.Config.Telemetry.Enabled && !t.Enabled {
			return []Check{c.set(Warn, "off; the project's config asks for it, which has no effect",
				"remove telemetry from "+origin.File+"; turn it on yourself with oss-dev config set --user telemetry.enabled true")}
		}
	}
	if t.Enabled {
		return []Check{c.set(OK, "on: each command's name, duration, exit status and error code go to "+t.Path+" (nothing is sent)",
			"")}
	}
	return []Check{c.set(OK, "off: nothing is recorded (it would go to "+t.Path+")", "")}
}
