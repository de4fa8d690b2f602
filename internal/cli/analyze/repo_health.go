package analyze

// The repository health section of `analyze repo` for remote GitHub
// repositories. It is read through the discovery service (one GraphQL
// request with a token, four REST requests without) and is optional: when
// it cannot be read the analysis is shown with a warning instead.

import (
	"github.com/oss-dev/oss-dev/internal/diag"

	"context"
	"fmt"
	"io"
	"strings"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/discovery"
)

// HealthFunc reads the health of a remote repository.
type HealthFunc func(ctx context.Context, owner, repo string) (*discovery.HealthReport, error)

// remoteHealth builds the HealthFunc from the factory's discovery
// service; nil when the build has none.
func remoteHealth(f *cmdutil.Factory) HealthFunc {
	if f.Discovery == nil {
		return nil
	}
	return func(ctx context.Context, owner, repo string) (*discovery.HealthReport, error) {
		d, err := f.Discovery()
		if err != nil {
			return nil, err
		}
		h, _, err := d.RepoHealth(ctx, owner, repo)
		if err != nil {
			return nil, err
		}
		return &h, nil
	}
}

// reportWithHealth is the JSON of `analyze repo` with the health section
// added under "health"; every key of the report stays where it was.
type reportWithHealth struct {
	*analysis.RepoReport
	Health *discovery.HealthReport `json:"health,omitempty"`
	// Requirements: the toolchains the repository asks for (--json only).
	Requirements *analysis.Requirements `json:"requirements,omitempty"`
}

// codeNoHealth: the repository's health could not be read from GitHub.
const codeNoHealth diag.Code = "HEALTH_UNAVAILABLE"

// healthFor reads the health of a remote GitHub target, or returns nil
// and a warning when it cannot.
func healthFor(ctx context.Context, get HealthFunc, t analysis.RepoTarget) (*discovery.HealthReport, *diag.Diagnostic) {
	if get == nil || !t.Remote() || !strings.EqualFold(t.Host, model.DefaultHost) || t.Owner == "" {
		return nil, nil
	}
	h, err := get(ctx, t.Owner, t.Name)
	if err != nil {
		w := diag.NewWarning(codeNoHealth, "repository health could not be read: "+strings.SplitN(err.Error(), "\n", 2)[0])
		return nil, &w
	}
	return h, nil
}

// printHealth writes the health section.
func printHealth(w io.Writer, h *discovery.HealthReport) {
	fmt.Fprintf(w, "\nHealth: %d/100\n", h.Score)
	for _, s := range h.Signals {
		points := "not measured"
		if s.Measured {
			points = fmt.Sprintf("%g/%d", s.Points, s.Max)
		}
		fmt.Fprintf(w, "  %-16s %-36s %s\n", s.Name, s.Value, points)
	}
	for _, n := range h.Notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
}
