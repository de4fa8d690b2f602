// Package health scores how healthy and welcoming a repository is, 0 to
// 100, from signals anyone can see on GitHub. Each signal is reported with
// its value and the points it earned, so a user can see why a project
// scores as it does.
//
// # What is measured, and the weights
//
// The metrics follow CHAOSS (chaoss.community, the Linux Foundation's
// community health metrics) and the OpenSSF Scorecard checks:
//
//	signal               max  reference                                  points
//	commit_activity       20  CHAOSS Code Changes; Scorecard Maintained  >=30 commits in the window: 20, >=10: 15, >=3: 10, >=1: 5, none: 0
//	last_push             10  CHAOSS Activity Dates and Times            <=30 days: 10, <=90: 6, <=365: 2, older: 0
//	first_response        20  CHAOSS Time to First Response              median <=2 days: 20, <=7: 14, <=30: 6, slower: 0
//	newcomer_merges       15  CHAOSS Change Request Acceptance Ratio      share of newcomers' closed pull requests merged x 15
//	contributing          10  CHAOSS Documentation Discoverability       CONTRIBUTING present: 10
//	ci                    10  Scorecard CI-Tests                          a workflow under .github/workflows: 10
//	license               10  Scorecard License; CHAOSS License Coverage a license GitHub recognises: 10
//	code_of_conduct        5  CHAOSS Code of Conduct                      a code of conduct GitHub recognises: 5
//
// The weights sum to 100. A signal that could not be measured (no token
// for the activity signals, too few recent pull requests by newcomers) is
// shown as such and left out of both sides of the score, which is
// 100 x points / (sum of the measured signals' maxima). An archived
// repository scores 0: it accepts no contributions.
//
// Maintainers are authors whose association is OWNER, MEMBER or
// COLLABORATOR. Newcomers are authors whose association is
// FIRST_TIME_CONTRIBUTOR, FIRST_TIMER or CONTRIBUTOR (GitHub turns a
// first-timer into a CONTRIBUTOR once a pull request is merged, so both
// sides of the ratio are counted).
package health

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

// Signal is one measured fact and its part of the score.
type Signal struct {
	// Name is a stable identifier (commit_activity, first_response, ...).
	Name string `json:"name"`
	// Label says what was measured, for people.
	Label string `json:"label"`
	// Value is the measurement, for people ("12 commits", "1.5 days").
	Value string `json:"value"`
	// Measured is false when the signal could not be read; it then
	// counts neither for nor against the score.
	Measured bool    `json:"measured"`
	Points   float64 `json:"points"`
	Max      int     `json:"max"`
	// Reference names the CHAOSS metric or Scorecard check it follows.
	Reference string `json:"reference"`
}

// Report is a repository's health.
type Report struct {
	Repo string `json:"repo"`
	// Score is 0 to 100.
	Score   int      `json:"score"`
	Signals []Signal `json:"signals"`
	Notes   []string `json:"notes,omitempty"`
}

// Weights of the signals (see the package comment).
const (
	wCommits        = 20
	wPush           = 10
	wFirstResponse  = 20
	wNewcomerMerges = 15
	wContributing   = 10
	wCI             = 10
	wLicense        = 10
	wCodeOfConduct  = 5
)

// MinNewcomerPRs is how many closed newcomer pull requests the merge share
// needs before it says anything.
const MinNewcomerPRs = 3

// Assess scores a repository's signals as of now.
func Assess(s model.RepoSignals, now time.Time) Report {
	r := Report{Repo: s.FullName}
	r.Signals = []Signal{
		commitSignal(s),
		pushSignal(s, now),
		firstResponseSignal(s, now),
		newcomerSignal(s),
		presence("contributing", "CONTRIBUTING guide", s.HasContributing, wContributing, "CHAOSS Documentation Discoverability"),
		ciSignal(s),
		named("license", "License", s.License, wLicense, "OpenSSF Scorecard License; CHAOSS License Coverage"),
		named("code_of_conduct", "Code of conduct", s.CodeOfConduct, wCodeOfConduct, "CHAOSS Code of Conduct"),
	}
	var got, most float64
	for _, sg := range r.Signals {
		if sg.Measured {
			got += sg.Points
			most += float64(sg.Max)
		}
	}
	if most > 0 {
		r.Score = int(math.Round(100 * got / most))
	}
	if most < 100 {
		r.Notes = append(r.Notes, fmt.Sprintf("scored on the %d of 100 points that could be measured", int(most)))
	}
	if s.Archived {
		r.Score = 0
		r.Notes = append(r.Notes, "archived: the repository is read-only and accepts no contributions")
	}
	return r
}

func commitSignal(s model.RepoSignals) Signal {
	sg := Signal{Name: "commit_activity", Label: "Commits on the default branch", Max: wCommits,
		Reference: "CHAOSS Code Changes; OpenSSF Scorecard Maintained", Value: "not measured"}
	if s.RecentCommits == nil {
		return sg
	}
	n := *s.RecentCommits
	sg.Measured = true
	sg.Value = fmt.Sprintf("%d since %s", n, s.CommitsSince.Format("2006-01-02"))
	switch {
	case n >= 30:
		sg.Points = 20
	case n >= 10:
		sg.Points = 15
	case n >= 3:
		sg.Points = 10
	case n >= 1:
		sg.Points = 5
	}
	return sg
}

func pushSignal(s model.RepoSignals, now time.Time) Signal {
	sg := Signal{Name: "last_push", Label: "Last push", Max: wPush, Reference: "CHAOSS Activity Dates and Times", Value: "not measured"}
	if s.PushedAt.IsZero() {
		return sg
	}
	d := now.Sub(s.PushedAt)
	sg.Measured, sg.Value = true, daysText(d)+" ago"
	switch {
	case d <= 30*day:
		sg.Points = 10
	case d <= 90*day:
		sg.Points = 6
	case d <= 365*day:
		sg.Points = 2
	}
	return sg
}

func firstResponseSignal(s model.RepoSignals, now time.Time) Signal {
	sg := Signal{Name: "first_response", Label: "Median time to a maintainer's first response (recent issues and pull requests)",
		Max: wFirstResponse, Reference: "CHAOSS Time to First Response", Value: "not measured"}
	if s.Activity == nil {
		return sg
	}
	med, n, ok := MedianFirstResponse(s.Activity, now)
	if !ok {
		sg.Value = "no recent issues or pull requests from outside the project"
		return sg
	}
	sg.Measured = true
	sg.Value = fmt.Sprintf("%s over %d items", daysText(med), n)
	switch {
	case med <= 2*day:
		sg.Points = 20
	case med <= 7*day:
		sg.Points = 14
	case med <= 30*day:
		sg.Points = 6
	}
	return sg
}

func newcomerSignal(s model.RepoSignals) Signal {
	sg := Signal{Name: "newcomer_merges", Label: "Newcomers' closed pull requests that were merged", Max: wNewcomerMerges,
		Reference: "CHAOSS Change Request Acceptance Ratio", Value: "not measured"}
	if s.Activity == nil {
		return sg
	}
	merged, closed := NewcomerMerges(s.Activity)
	if closed < MinNewcomerPRs {
		sg.Value = fmt.Sprintf("%d closed pull requests by newcomers (fewer than %d)", closed, MinNewcomerPRs)
		return sg
	}
	share := float64(merged) / float64(closed)
	sg.Measured = true
	sg.Value = fmt.Sprintf("%d of %d (%d%%)", merged, closed, int(math.Round(share*100)))
	sg.Points = math.Round(share*wNewcomerMerges*10) / 10
	return sg
}

func presence(name, label string, has *bool, max int, ref string) Signal {
	sg := Signal{Name: name, Label: label, Max: max, Reference: ref, Value: "not measured"}
	if has == nil {
		return sg
	}
	sg.Measured, sg.Value = true, "missing"
	if *has {
		sg.Value, sg.Points = "present", float64(max)
	}
	return sg
}

func ciSignal(s model.RepoSignals) Signal {
	sg := Signal{Name: "ci", Label: "CI workflows (.github/workflows)", Max: wCI, Reference: "OpenSSF Scorecard CI-Tests", Value: "not measured"}
	if s.CIWorkflows == nil {
		return sg
	}
	sg.Measured = true
	sg.Value = fmt.Sprintf("%d workflow files", *s.CIWorkflows)
	if *s.CIWorkflows > 0 {
		sg.Points = wCI
	}
	return sg
}

// named scores a value GitHub recognised (a license, a code of conduct);
// GitHub always answers these, so they are always measured.
func named(name, label, value string, max int, ref string) Signal {
	sg := Signal{Name: name, Label: label, Max: max, Reference: ref, Measured: true, Value: "none"}
	if value != "" && !strings.EqualFold(value, "NOASSERTION") && !strings.EqualFold(value, "other") {
		sg.Value, sg.Points = value, float64(max)
	}
	return sg
}

const day = 24 * time.Hour

func daysText(d time.Duration) string {
	if d < day {
		return fmt.Sprintf("%.1f hours", d.Hours())
	}
	return fmt.Sprintf("%.1f days", d.Hours()/24)
}

// IsMaintainer reports whether an author association speaks for the project.
func IsMaintainer(assoc string) bool {
	switch strings.ToUpper(assoc) {
	case "OWNER", "MEMBER", "COLLABORATOR":
		return true
	}
	return false
}

// IsNewcomer reports whether an author association marks someone new to
// the project (see the package comment).
func IsNewcomer(assoc string) bool {
	switch strings.ToUpper(assoc) {
	case "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "CONTRIBUTOR":
		return true
	}
	return false
}

// MedianFirstResponse is the median time from the opening of an issue or
// pull request by someone outside the project to the first comment or
// review by a maintainer other than its author. An item still waiting
// counts with its age so far, a lower bound, so silence raises the median
// instead of vanishing from it. It reports false when no item qualifies.
func MedianFirstResponse(items []model.ActivityItem, now time.Time) (time.Duration, int, bool) {
	var waits []time.Duration
	for _, it := range items {
		if IsMaintainer(it.AuthorAssociation) || it.CreatedAt.IsZero() {
			continue
		}
		first := time.Time{}
		for _, r := range it.Responses {
			if !IsMaintainer(r.AuthorAssociation) || strings.EqualFold(r.Author, it.Author) || r.At.Before(it.CreatedAt) {
				continue
			}
			if first.IsZero() || r.At.Before(first) {
				first = r.At
			}
		}
		if first.IsZero() {
			if it.State != "open" {
				continue // closed without a maintainer's word: no response time to speak of
			}
			first = now
		}
		waits = append(waits, first.Sub(it.CreatedAt))
	}
	if len(waits) == 0 {
		return 0, 0, false
	}
	return median(waits), len(waits), true
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// NewcomerMerges counts newcomers' closed pull requests and how many of
// them were merged. Each pull request counts once.
func NewcomerMerges(items []model.ActivityItem) (merged, closed int) {
	seen := map[int]bool{}
	for _, it := range items {
		if it.Kind != "pull" || seen[it.Number] || !IsNewcomer(it.AuthorAssociation) {
			continue
		}
		if it.State == "open" {
			continue
		}
		seen[it.Number] = true
		closed++
		if it.Merged {
			merged++
		}
	}
	return merged, closed
}
