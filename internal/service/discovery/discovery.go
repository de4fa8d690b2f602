// Package discovery finds open issues a newcomer can really take, and
// healthy projects to join, ranked, with the reasons for every rank.
//
// # Issues
//
// One batched search per language (see the GitHub provider's Discoverer)
// brings each issue with its labels, assignees, last comments, linked pull
// requests and its repository's signals and recent activity. Issues are
// then left out by the rules below, and the rest ranked by
//
//	score = 0.5 x suitability + 0.3 x health + 0.2 x freshness     (each 0..100)
//
// where suitability is the issue classifier's newcomer score
// (intelligence/issue), health the repository's health score
// (intelligence/health; 50 when it could not be read), and freshness 100
// for an issue updated in the last 7 days, falling linearly to 0 at 180
// days. Ties go to the more recently updated issue.
//
// The exclusion rules, in the order they are checked (an issue is
// reported under the first that applies):
//
//	locked             the conversation is locked
//	archived           the repository is archived
//	inactive           the repository had no push in InactiveDays (default 180)
//	issues_disabled    the repository has its issues turned off
//	assigned           someone is assigned
//	open_pull_request  a linked or cross-referencing pull request is open
//	claimed            a comment claims it, was not given up, and its author was
//	                   active within ClaimDays (default 14)
//
// With IncludeClaimed the last three rules leave nothing out: each result
// carries its claim, and free issues rank first, then lapsed claims, then
// taken issues.
//
// The search itself already asks GitHub for open issues, no assignee and
// non-archived repositories; the rules catch what the search index missed
// and everything it cannot express.
//
// # Repositories
//
//	score = 0.6 x health + 0.4 x fit
//
// fit is 60 points when the repository's language is one of
// profile.languages plus 40 when a topic, or a word of its name or
// description, matches one of profile.interests; with an empty profile
// every repository gets a neutral 50.
package discovery

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/health"
	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
	"github.com/oss-dev/oss-dev/internal/model"
)

// The parts of the reports, named here so the CLI reads them without
// depending on the intelligence layer.
type (
	// HealthReport is a repository's health score with its signals.
	HealthReport = health.Report
	// HealthSignal is one signal of a HealthReport.
	HealthSignal = health.Signal
	// Suitability is an issue's newcomer score with its reasons.
	Suitability = issue.Suitability
	// Claim says whether someone already has an issue.
	Claim = issue.Claim
)

// Weights of the issue score and the repository score.
const (
	WeightSuitability = 0.5
	WeightHealth      = 0.3
	WeightFreshness   = 0.2

	WeightRepoHealth = 0.6
	WeightRepoFit    = 0.4

	// DefaultInactiveDays is how long without a push makes a repository inactive.
	DefaultInactiveDays = 180
	// unknownHealth stands for a health score that could not be read.
	unknownHealth = 50
	// freshDays is the age below which an issue is fully fresh; staleDays
	// the age at which freshness reaches zero.
	freshDays = 7
	staleDays = 180
	// maxCandidates bounds the issues read per language.
	maxCandidates = 100
)

// Source is what discovery, `roadmap` and the health report read from
// GitHub: batched searches with each repository's signals, in a bounded
// number of requests, each answer saying how many requests it cost. The
// GitHub provider's Discoverer is one.
type Source interface {
	// DiscoverIssues runs an issue search and returns each issue with its
	// recent comments, linked pull requests and repository signals.
	DiscoverIssues(ctx context.Context, q model.DiscoverQuery) (model.IssueDiscovery, error)
	// DiscoverRepos runs a repository search with the same signals.
	DiscoverRepos(ctx context.Context, q model.DiscoverQuery) (model.RepoDiscovery, error)
	// RepoSignals reads one repository's signals, recent activity included.
	RepoSignals(ctx context.Context, owner, repo string, since time.Time) (model.RepoSignals, model.FetchInfo, error)
	// UserActivity reads the authenticated user's repositories and recent
	// pull requests. Without a token it fails with PROVIDER_AUTH_MISSING.
	UserActivity(ctx context.Context) (model.UserActivity, error)
}

// Service runs discovery over a Source.
type Service struct {
	Source Source
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// New returns a Service reading from src.
func New(src Source) *Service { return &Service{Source: src, Now: time.Now} }

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Component is one part of a ranked result's score.
type Component struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Weight float64 `json:"weight"`
	Points float64 `json:"points"`
	Detail string  `json:"detail,omitempty"`
}

func component(name string, value, weight float64, detail string) Component {
	return Component{Name: name, Value: round1(value), Weight: weight, Points: round1(value * weight), Detail: detail}
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func sum(cs []Component) float64 {
	t := 0.0
	for _, c := range cs {
		t += c.Value * c.Weight
	}
	return round1(t)
}

// ParseWithin reads a duration such as 30d, 2w, 12h or 90m, of at most
// ten years (more than GitHub's history needs, and no overflow).
func ParseWithin(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	bad := errcode.New(errcode.InvalidInput, fmt.Sprintf("%q is not a duration", s), "write it as a number and a unit: 30d, 2w, 12h")
	if len(s) < 2 {
		return 0, bad
	}
	units := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	unit, ok := units[s[len(s)-1]]
	n, err := strconv.Atoi(s[:len(s)-1])
	if !ok || err != nil || n <= 0 || time.Duration(n) > 10*365*24*time.Hour/unit {
		return 0, bad
	}
	return time.Duration(n) * unit, nil
}

// qualifier quotes a search value with spaces or colons.
func qualifier(name, v string) string {
	v = strings.ReplaceAll(strings.TrimSpace(v), `"`, "")
	if strings.ContainsAny(v, " \t:") {
		return name + `:"` + v + `"`
	}
	return name + ":" + v
}

// RepoHealth reads one repository's signals and scores them, for `analyze
// repo` on a remote repository.
func (s *Service) RepoHealth(ctx context.Context, owner, repo string) (HealthReport, model.FetchInfo, error) {
	now := s.now()
	sig, info, err := s.Source.RepoSignals(ctx, owner, repo, now.Add(-90*24*time.Hour))
	if err != nil {
		return HealthReport{}, info, err
	}
	return health.Assess(sig, now), info, nil
}

// mergeFetch adds one answer's fetch information to a total.
func mergeFetch(total *model.FetchInfo, f model.FetchInfo, first bool) {
	if first {
		total.Via, total.Cached = f.Via, f.Cached
	} else {
		total.Cached = total.Cached && f.Cached
	}
	total.Requests += f.Requests
	for _, n := range f.Notes {
		if !containsString(total.Notes, n) {
			total.Notes = append(total.Notes, n)
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sortRanked orders by score, then by the tie-break key (larger first),
// then by name for a stable order.
func sortRanked[T any](items []T, score func(T) float64, tie func(T) int64, name func(T) string) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if score(a) != score(b) {
			return score(a) > score(b)
		}
		if tie(a) != tie(b) {
			return tie(a) > tie(b)
		}
		return name(a) < name(b)
	})
}
