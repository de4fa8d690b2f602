package analysis

import (
	"github.com/oss-dev/oss-dev/internal/diag"

	"github.com/oss-dev/oss-dev/internal/intelligence/toolchain"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Requirements are the toolchains, package managers and system tools a
// repository asks for, each with the file and line that asks; the JSON
// shape is documented on toolchain.Requirements.
type Requirements = toolchain.Requirements

// ToolRequirement is what a repository asks of one tool: the versions its
// files declare, the versions CI tests, and where they disagree.
type ToolRequirement = toolchain.Requirement

// RepoRequirements reads what the analysed tree asks of the machine. It
// probes nothing: `oss-dev setup --check` compares it with this machine.
// A tree that cannot be opened gives no tools and a warning.
func RepoRequirements(rep *RepoReport) *Requirements {
	dir, err := safefile.OpenRoot(rep.Root)
	if err != nil {
		return &Requirements{Tools: []toolchain.Requirement{}, Warnings: diag.List{diag.NewWarning(toolchain.CodeUnreadable, "cannot open: "+err.Error()).At(rep.Root, 0)}}
	}
	defer dir.Close()
	r := toolchain.Detect(dir.FS(safefile.ConfigMax))
	return &r
}
