package doctor

import (
	"context"
	"fmt"
	"runtime"

	"github.com/oss-dev/oss-dev/internal/sandbox"
)

// checkSandbox says whether the repository's commands run confined here.
// Without the sandbox nothing is unsafe, but less runs unasked: under
// on_failure, auto and yolo those commands are asked instead.
func checkSandbox(_ context.Context, o Options) []Check {
	c := Check{Group: "security", Name: "sandbox"}
	probe := o.SandboxProbe
	if probe == nil {
		probe = sandbox.Probe
	}
	st := probe()
	if !st.Available {
		fix := "enable Landlock (Linux 5.13 or later, booted with landlock in lsm=); until then a repository's commands are asked, never run unasked"
		if g := goos(o); g != "linux" {
			fix = "none on " + g + ": a repository's commands are asked under every policy but never, which refuses them"
		}
		return []Check{c.set(Warn, "no sandbox: "+st.Reason, fix)}
	}
	network := "network allowed"
	if cfg, ok := loaded(o); ok && !cfg.Sandbox.Network {
		if !st.NetworkRestrictable {
			return []Check{c.set(Warn, fmt.Sprintf("Landlock ABI %d confines writes, but cannot forbid the network that sandbox.network = false asks to (ABI 4 is needed)", st.ABI),
				"upgrade the kernel to 6.7 or later for network rules")}
		}
		network = "network forbidden"
	}
	return []Check{c.set(OK, fmt.Sprintf("Landlock ABI %d: a repository's commands write only to it, temp and the toolchains' caches; %s", st.ABI, network), "")}
}

func goos(o Options) string {
	if o.GOOS != "" {
		return o.GOOS
	}
	return runtime.GOOS
}
