package doctor

import (
	"context"
	"fmt"
	"runtime"
	"strings"

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
	cfg, ok := loaded(o)
	if ok && !cfg.Sandbox.Network {
		if !st.NetworkRestrictable {
			return []Check{c.set(Warn, fmt.Sprintf("Landlock ABI %d confines writes, but cannot forbid the network that sandbox.network = false asks to (ABI 4 is needed)", st.ABI),
				"upgrade the kernel to 6.7 or later for network rules")}
		}
		network = "network forbidden"
	}
	var writable []string
	if ok {
		writable = cfg.Sandbox.Writable
	}
	if exposed := sandbox.Exposed(o.Env, writable, o.Dirs.Private()); len(exposed) > 0 {
		return []Check{c.set(Warn, fmt.Sprintf("Landlock ABI %d confines writes, but a repository's commands can read %s: it is inside a folder they may write (the temp folder, a toolchain's cache or sandbox.writable)", st.ABI, strings.Join(exposed, ", ")),
			"keep the home folder out of the temp folder (set TMPDIR elsewhere), and list no folder that holds credentials in sandbox.writable")}
	}
	return []Check{c.set(OK, fmt.Sprintf("Landlock ABI %d: a repository's commands write only to it, temp and the toolchains' caches, and read all but your credentials and oss-dev's own files; %s", st.ABI, network), "")}
}

func goos(o Options) string {
	if o.GOOS != "" {
		return o.GOOS
	}
	return runtime.GOOS
}
