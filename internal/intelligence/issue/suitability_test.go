package issue

import (
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

func TestSuitabilityOrdering(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	recent := now.Add(-5 * 24 * time.Hour)
	feature := readMarkdownIssue(t, "testdata/issues/feature-checklist.md")
	bug := readMarkdownIssue(t, "testdata/issues/bug-form.md")

	ideal := feature
	ideal.Labels = []model.Label{{Name: "good first issue"}, {Name: "help wanted"}}
	ideal.CreatedAt = recent

	plainBug := bug
	plainBug.CreatedAt = recent

	vague := model.Issue{Title: "Make it better", Body: "It is not great.", CreatedAt: recent}

	debate := feature
	debate.Title = "RFC: redesign the export pipeline (breaking change)"
	debate.Labels = []model.Label{{Name: "needs discussion"}}
	debate.CreatedAt = now.Add(-500 * 24 * time.Hour)
	debate.Comments = 40

	taken := ideal
	taken.Assignees = []string{"someone"}

	score := func(iss model.Issue) Suitability {
		req := ExtractRequirements(iss, nil)
		return ScoreSuitability(iss, nil, req, TypeFeature, DetectClaim(iss, nil, now, ClaimWindow), now)
	}
	order := []struct {
		name string
		iss  model.Issue
	}{{"ideal", ideal}, {"plain bug", plainBug}, {"taken", taken}, {"vague", vague}, {"debate", debate}}
	var prev Suitability
	for i, o := range order {
		s := score(o.iss)
		t.Logf("%-10s %3d %v", o.name, s.Score, s.Reasons)
		if s.Score < 0 || s.Score > 100 {
			t.Errorf("%s: score %d out of range", o.name, s.Score)
		}
		if i > 0 && s.Score >= prev.Score {
			t.Errorf("%s scored %d, not below %s's %d", o.name, s.Score, order[i-1].name, prev.Score)
		}
		prev = s
	}
	wantReason(t, score(ideal), "good first issue", "acceptance criteria", "names the files")
	wantReason(t, score(plainBug), "reproduction steps", "expected and actual")
	wantReason(t, score(vague), "vague")
	wantReason(t, score(debate), "open design question", "breaking change", "long discussion", "days ago")
	wantReason(t, score(taken), "already taken")
}

func wantReason(t *testing.T, s Suitability, parts ...string) {
	t.Helper()
	for _, p := range parts {
		found := false
		for _, r := range s.Reasons {
			found = found || strings.Contains(r.Reason, p)
		}
		if !found {
			t.Errorf("no reason mentions %q in %+v", p, s.Reasons)
		}
	}
}
