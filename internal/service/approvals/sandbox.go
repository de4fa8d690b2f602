package approvals

import (
	"fmt"
	"path/filepath"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/sandbox"
)

// PinPath is where "always" answers for the repositories' own commands
// are kept: the user's state folder stateDir, which no repository can write.
func PinPath(stateDir string) string { return filepath.Join(stateDir, "pins.json") }

// Sandbox says whether the repository's commands run confined here, and
// what the sandbox does not do that the configuration asked for.
func Sandbox(c *config.Config) approval.Sandbox {
	st := sandbox.Probe()
	if !st.Available {
		return approval.Sandbox{Note: st.Reason}
	}
	s := approval.Sandbox{Available: true}
	if !c.Sandbox.Network && !st.NetworkRestrictable {
		s.Note = fmt.Sprintf("sandbox.network = false is not enforced: this kernel's Landlock ABI %d cannot restrict TCP (4 is needed)", st.ABI)
	}
	return s
}
