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
	if o.loaded != nil && o.loadErr == nil && !t.Enabled {
		if file := projectAsksTelemetry(o.loaded); file != "" {
			return []Check{c.set(Warn, "off; the project's config asks for it, which has no effect",
				"remove telemetry from "+file+"; turn it on yourself with oss-dev config set --user telemetry.enabled true")}
		}
	}
	if t.Enabled {
		return []Check{c.set(OK, "on: each command's name, duration, exit status and error code go to "+t.Path+" (nothing is sent)",
			"")}
	}
	return []Check{c.set(OK, "off: nothing is recorded (it would go to "+t.Path+")", "")}
}

// projectAsksTelemetry returns the project config that turns telemetry on,
// in force or ignored (one that is not the user's own sets nothing but
// deny rules and stricter policies), or "".
func projectAsksTelemetry(l *config.Loaded) string {
	if o := l.Origins["telemetry.enabled"]; o.Layer == config.LayerProject && l.Config.Telemetry.Enabled {
		return o.File
	}
	for _, ig := range l.IgnoredFor("telemetry.enabled") {
		if on, _ := ig.Value.(bool); on && ig.Origin.Layer == config.LayerProject {
			return ig.Origin.File
		}
	}
	return ""
}
