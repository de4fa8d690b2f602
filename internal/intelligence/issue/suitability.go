package issue

import (
	"fmt"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

// Reason is one contribution to the suitability score.
type Reason struct {
	Points int    `json:"points"`
	Reason string `json:"reason"`
}

// Suitability is how well an issue suits a newcomer, 0 to 100.
type Suitability struct {
	Score   int      `json:"score"`
	Reasons []Reason `json:"reasons"`
}

// The weights of the suitability score. It starts at suitBase and each
// signal adds or removes its points; the result is clamped to 0..100.
const (
	suitBase = 40

	wGoodFirst      = 30 // a "good first issue", "beginner", "easy", "starter" label
	wHelpWanted     = 10 // a "help wanted" label
	wFilesNamed     = 8  // 1 to 5 files named: the change is located
	wManyFiles      = -8 // more than 10 files named: wide change
	wCriteria       = 10 // acceptance criteria (checklist, "should" sentences, a section)
	wRepro          = 8  // numbered reproduction steps
	wExpectedActual = 5  // both expected and actual behaviour stated
	wGuidance       = 6  // a maintainer has commented with guidance
	wVague          = -15
	wLongDiscussion = -10 // more than 15 comments
	wDesignDebate   = -15 // RFC/design/needs-discussion label or wording
	wBreaking       = -15 // "breaking change"
	wManyLinks      = -8  // more than 5 issues or pull requests referenced
	wOld            = -10 // opened more than a year ago
	wAging          = -4  // opened more than six months ago
	wHardType       = -10 // security or performance work
	wTaken          = -50 // already assigned, claimed or with an open pull request
	wClosed         = -40 // the issue is closed
)

var (
	reDesignDebate = lazyRegexp(`(?i)\b(rfc|design doc(ument)?|needs? (design|discussion|decision|consensus)|open question|bikeshed|proposal:|trade-?offs?)\b`)
	reBreaking     = lazyRegexp(`(?i)\bbreaking[ -]change\b`)
)

// labelHas reports whether any label, normalised, contains one of words.
func labelHas(labels []model.Label, words ...string) (string, bool) {
	for _, l := range labels {
		n := strings.ToLower(l.Name)
		n = strings.NewReplacer("-", " ", "_", " ", ":", " ").Replace(n)
		for _, w := range words {
			if strings.Contains(n, w) {
				return l.Name, true
			}
		}
	}
	return "", false
}

// ScoreSuitability weighs an issue for a newcomer with the weights above.
func ScoreSuitability(iss model.Issue, comments []model.Comment, req Requirements, typ Type, claim Claim, now time.Time) Suitability {
	s := Suitability{}
	score := suitBase
	add := func(points int, format string, args ...any) {
		score += points
		s.Reasons = append(s.Reasons, Reason{Points: points, Reason: fmt.Sprintf(format, args...)})
	}
	if l, ok := labelHas(iss.Labels, "good first", "first timers", "first-timers", "beginner", "easy", "starter", "newcomer", "low hanging", "e-easy"); ok {
		add(wGoodFirst, "labelled %q", l)
	}
	if l, ok := labelHas(iss.Labels, "help wanted", "contributions welcome", "up for grabs", "pr welcome", "prs welcome"); ok {
		add(wHelpWanted, "labelled %q", l)
	}
	nFiles := len(req.Files)
	switch {
	case nFiles > 10:
		add(wManyFiles, "%d files named: a wide change", nFiles)
	case nFiles > 0 && nFiles <= 5:
		add(wFilesNamed, "names the files to change (%s)", req.Files[0].Text)
	}
	if n := len(req.AcceptanceCriteria); n > 0 {
		add(wCriteria, "%d acceptance criteria", n)
	}
	if n := len(req.ReproductionSteps); n > 0 {
		add(wRepro, "%d reproduction steps", n)
	}
	if len(req.Expected) > 0 && len(req.Actual) > 0 {
		add(wExpectedActual, "states expected and actual behaviour")
	}
	if len(req.MaintainerGuidance) > 0 {
		add(wGuidance, "a maintainer has commented (%s)", req.MaintainerGuidance[0].Source)
	}
	if isVague(iss, req) {
		add(wVague, "vague: little description and nothing concrete to check against")
	}
	nComments := max(iss.Comments, len(comments))
	if nComments > 15 {
		add(wLongDiscussion, "long discussion (%d comments)", nComments)
	}
	if ev, ok := designDebate(iss, comments); ok {
		add(wDesignDebate, "open design question (%s)", ev)
	}
	if l, ok := labelHas(iss.Labels, "breaking"); ok {
		add(wBreaking, "labelled %q", l)
	} else if reBreaking().MatchString(iss.Title + "\n" + iss.Body) {
		add(wBreaking, "mentions a breaking change")
	}
	if n := countIssueLinks(req); n > 5 {
		add(wManyLinks, "references %d other issues or pull requests", n)
	}
	if !iss.CreatedAt.IsZero() && !now.IsZero() {
		age := now.Sub(iss.CreatedAt)
		switch {
		case age > 365*24*time.Hour:
			add(wOld, "opened %d days ago", int(age.Hours()/24))
		case age > 182*24*time.Hour:
			add(wAging, "opened %d days ago", int(age.Hours()/24))
		}
	}
	if typ == TypeSecurity || typ == TypePerformance {
		add(wHardType, "%s work usually needs deep knowledge of the project", typ)
	}
	if claim.Taken {
		add(wTaken, "already taken (%s by @%s)", claim.Status, claim.By)
	}
	if strings.EqualFold(iss.State, "closed") {
		add(wClosed, "the issue is closed")
	}
	s.Score = min(max(score, 0), 100)
	return s
}

// isVague is a short description with no criteria, steps, files or symbols.
func isVague(iss model.Issue, req Requirements) bool {
	prose := strings.TrimSpace(cleanText(iss.Body, false))
	concrete := len(req.AcceptanceCriteria) + len(req.ReproductionSteps) + len(req.Files) + len(req.Symbols) + len(req.Expected)
	return len(prose) < 200 && concrete == 0
}

func designDebate(iss model.Issue, comments []model.Comment) (string, bool) {
	if l, ok := labelHas(iss.Labels, "rfc", "needs design", "needs discussion", "discussion", "needs decision", "proposal", "design"); ok {
		return "label " + l, true
	}
	if m := reDesignDebate().FindString(iss.Title + "\n" + iss.Body); m != "" {
		return m, true
	}
	for _, c := range comments {
		if isMaintainer(c.AuthorAssociation) {
			if m := reDesignDebate().FindString(c.Body); m != "" {
				return m + ", from a maintainer", true
			}
		}
	}
	return "", false
}

func countIssueLinks(req Requirements) int {
	n := 0
	for _, l := range req.Links {
		if strings.Contains(l.Text, "#") || strings.Contains(l.Text, "/issues/") || strings.Contains(l.Text, "/pull/") {
			n++
		}
	}
	return n
}
