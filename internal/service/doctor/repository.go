package doctor

import (
	"context"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/service/setup"
)

// checkRepository adds, inside a repository, one check per toolchain or
// tool it asks for (setup's checks), and one warning per file that could
// not be read as expected. Outside a repository it adds nothing.
func checkRepository(ctx context.Context, o Options) []Check {
	root := config.FindRepoRoot(o.WorkDir)
	if root == "" {
		return nil
	}
	c := &setup.Checker{Prober: setup.Prober{Env: o.Env, Timeout: o.Timeout}}
	r, err := c.Check(ctx, root)
	if err != nil {
		return []Check{{Group: "repository", Name: "requirements", Status: Warn, Message: "not checked: " + err.Error(), Fix: "check that " + root + " is readable"}}
	}
	var out []Check
	for _, t := range r.Tools {
		msg := t.Message + " (wants " + t.Wanted + evidenceText(t.Evidence) + ")"
		if t.Conflict != "" {
			msg += "; " + t.Conflict
		}
		out = append(out, Check{Group: "repository", Name: t.Tool, Status: Status(t.Status), Message: msg, Fix: t.Fix})
	}
	// What the detection could not read is a note, as 'setup --check' shows
	// it: the repository's files are not the contributor's to fix.
	for _, w := range r.Warnings {
		out = append(out, Check{Group: "repository", Name: "requirements", Status: OK, Message: "note: " + w.String()})
	}
	return out
}

func evidenceText(ls []setup.Location) string {
	if len(ls) == 0 {
		return ""
	}
	var parts []string
	for i, l := range ls {
		if i == 2 {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, l.String())
	}
	return "; " + strings.Join(parts, ", ")
}
