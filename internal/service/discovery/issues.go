package discovery

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/intelligence/health"
	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
	"github.com/oss-dev/oss-dev/internal/model"
)

// IssueFilter is what `discover issues` asks for.
type IssueFilter struct {
	GoodFirst  bool     `json:"good_first"`
	HelpWanted bool     `json:"help_wanted"`
	Languages  []string `json:"languages,omitempty"`
	Labels     []string `json:"labels,omitempty"`
	// AnyLabels are alternatives: an issue needs one of them (label:a,b).
	AnyLabels []string `json:"any_labels,omitempty"`
	Topic     string   `json:"topic,omitempty"`
	Org       string   `json:"org,omitempty"`
	// UpdatedWithin keeps issues updated this recently; zero means any.
	UpdatedWithin time.Duration `json:"updated_within,omitempty"`
	// InactiveDays makes a repository without a push for this long
	// inactive; zero means DefaultInactiveDays.
	InactiveDays int `json:"inactive_days"`
	// ClaimDays is how long a claim comment lasts without activity from
	// its author (discovery.claim_days); zero means issue.DefaultClaimDays.
	ClaimDays int `json:"claim_days"`
	// IncludeClaimed keeps issues that are claimed, assigned or taken by
	// an open pull request, ranked after the free ones, instead of leaving
	// them out.
	IncludeClaimed bool `json:"include_claimed"`
	Limit          int  `json:"limit"`
	// NoActivity skips reading repositories' recent activity (one or two
	// requests fewer; health is then scored on the other signals).
	NoActivity bool `json:"-"`
	// Candidates overrides how many issues each search reads (0: three
	// times Limit, 30 to 100).
	Candidates int `json:"-"`
	// Enrich and MaxRepos bound the tokenless REST path (see model.DiscoverQuery).
	Enrich   int `json:"-"`
	MaxRepos int `json:"-"`
}

// The exclusion rules (see the package comment).
const (
	RuleLocked         = "locked"
	RuleArchived       = "archived"
	RuleInactive       = "inactive"
	RuleIssuesDisabled = "issues_disabled"
	RuleAssigned       = "assigned"
	RuleOpenPR         = "open_pull_request"
	RuleClaimed        = "claimed"
)

// Rules lists the exclusion rules in the order they are checked.
func Rules() []string {
	return []string{RuleLocked, RuleArchived, RuleInactive, RuleIssuesDisabled, RuleAssigned, RuleOpenPR, RuleClaimed}
}

// IssueResult is one ranked issue.
type IssueResult struct {
	Rank      int       `json:"rank"`
	Repo      string    `json:"repo"`
	Number    int       `json:"number"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Labels    []string  `json:"labels"`
	Type      string    `json:"type"`
	UpdatedAt time.Time `json:"updated_at"`
	Comments  int       `json:"comments"`
	Score     float64   `json:"score"`
	// Components are the weighted parts of Score.
	Components  []Component  `json:"components"`
	Suitability Suitability  `json:"suitability"`
	Health      HealthReport `json:"health"`
	// Claim says whether the issue is free, claimed in a comment (by whom,
	// since when, on which words), lapsed, assigned or taken by an open
	// pull request.
	Claim Claim `json:"claim"`
	// Checked is false when claims and linked pull requests could not be
	// read for this issue (the tokenless path reads them for the first few).
	Checked bool `json:"checked"`
}

// Exclusion is an issue left out, and why.
type Exclusion struct {
	Repo   string `json:"repo"`
	Number int    `json:"number"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
}

// IssueReport is the stable result of `discover issues`.
type IssueReport struct {
	// Queries are the GitHub searches sent, one per language.
	Queries []string      `json:"queries"`
	Results []IssueResult `json:"results"`
	// Candidates is how many issues the searches returned.
	Candidates int `json:"candidates"`
	// Rules are the exclusion rules applied, in order.
	Rules []string `json:"rules"`
	// ExcludedByRule counts the exclusions per rule.
	ExcludedByRule map[string]int  `json:"excluded_by_rule"`
	Excluded       []Exclusion     `json:"excluded"`
	Fetch          model.FetchInfo `json:"fetch"`
}

// IssueQueries builds the GitHub searches for f: one per language (or one
// with no language).
func IssueQueries(f IssueFilter, now time.Time) []string {
	base := []string{"is:issue", "is:open", "archived:false", "no:assignee"}
	if f.GoodFirst {
		base = append(base, qualifier("label", "good first issue"))
	}
	if f.HelpWanted {
		base = append(base, qualifier("label", "help wanted"))
	}
	for _, l := range f.Labels {
		if strings.TrimSpace(l) != "" {
			base = append(base, qualifier("label", l))
		}
	}
	if len(f.AnyLabels) > 0 {
		base = append(base, "label:"+strings.Join(f.AnyLabels, ","))
	}
	if f.Topic != "" {
		base = append(base, qualifier("topic", f.Topic))
	}
	if f.Org != "" {
		base = append(base, qualifier("org", f.Org))
	}
	if f.UpdatedWithin > 0 {
		base = append(base, "updated:>="+now.Add(-f.UpdatedWithin).UTC().Format("2006-01-02"))
	}
	langs := nonEmpty(f.Languages)
	if len(langs) == 0 {
		return []string{strings.Join(base, " ")}
	}
	out := make([]string, 0, len(langs))
	for _, l := range langs {
		out = append(out, strings.Join(append(append([]string(nil), base...), qualifier("language", l)), " "))
	}
	return out
}

func nonEmpty(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	return out
}

// candidates is how many issues to read per search: exclusions drop
// many, so three times the limit, at least 30, at most maxCandidates.
func candidates(limit, searches int) int {
	per := 3 * limit / max(1, searches)
	return min(max(per, 30), maxCandidates)
}

// DiscoverIssues searches, excludes and ranks issues for f.
func (s *Service) DiscoverIssues(ctx context.Context, f IssueFilter) (IssueReport, error) {
	now := s.now()
	if f.Limit <= 0 {
		f.Limit = 20
	}
	if f.InactiveDays <= 0 {
		f.InactiveDays = DefaultInactiveDays
	}
	rep := IssueReport{Queries: IssueQueries(f, now), Results: []IssueResult{}, Rules: Rules(),
		ExcludedByRule: map[string]int{}, Excluded: []Exclusion{}}
	var found []model.DiscoveredIssue
	repos := map[string]model.RepoSignals{}
	seen := map[string]bool{}
	for i, q := range rep.Queries {
		limit := candidates(f.Limit, len(rep.Queries))
		if f.Candidates > 0 {
			limit = f.Candidates
		}
		got, err := s.Source.DiscoverIssues(ctx, model.DiscoverQuery{Query: q, Limit: limit,
			Since: now.Add(-90 * 24 * time.Hour), Activity: !f.NoActivity, Enrich: f.Enrich, MaxRepos: f.MaxRepos})
		if err != nil {
			return rep, err
		}
		mergeFetch(&rep.Fetch, got.Fetch, i == 0)
		for k, r := range got.Repos {
			repos[k] = r
		}
		for _, di := range got.Issues {
			key := fmt.Sprintf("%s#%d", strings.ToLower(di.Issue.Repo), di.Issue.Number)
			if !seen[key] {
				seen[key] = true
				found = append(found, di)
			}
		}
	}
	rep.Candidates = len(found)
	healthOf := map[string]*health.Report{}
	for _, di := range found {
		key := strings.ToLower(di.Issue.Repo)
		sig, known := repos[key]
		c := issue.DetectClaim(di.Issue, di.Comments, now, claimWindow(f.ClaimDays))
		rule, why := excludeRepo(di, sig, known, f.InactiveDays, now)
		if rule == "" && !f.IncludeClaimed {
			rule, why = takenRule(di.Issue, c)
		}
		if rule != "" {
			rep.ExcludedByRule[rule]++
			rep.Excluded = append(rep.Excluded, Exclusion{Repo: di.Issue.Repo, Number: di.Issue.Number, Title: di.Issue.Title,
				URL: di.Issue.URL, Rule: rule, Reason: why})
			continue
		}
		if known && healthOf[key] == nil {
			h := health.Assess(sig, now)
			healthOf[key] = &h
		}
		res, err := rankIssue(di, healthOf[key], now)
		if err != nil {
			return rep, err
		}
		res.Claim = c
		rep.Results = append(rep.Results, res)
	}
	sortRanked(rep.Results, func(r IssueResult) float64 { return r.Score },
		func(r IssueResult) int64 { return r.UpdatedAt.Unix() }, func(r IssueResult) string { return fmt.Sprintf("%s#%08d", r.Repo, r.Number) })
	// Free issues first, then those whose claim lapsed, then (with
	// IncludeClaimed) the taken ones; each group keeps its ranking.
	sort.SliceStable(rep.Results, func(i, j int) bool { return claimGroup(rep.Results[i].Claim) < claimGroup(rep.Results[j].Claim) })
	if len(rep.Results) > f.Limit {
		rep.Results = rep.Results[:f.Limit]
	}
	for i := range rep.Results {
		rep.Results[i].Rank = i + 1
	}
	return rep, nil
}

// Exclude applies the exclusion rules to one issue and returns the first
// rule that leaves it out with the reason, or "" when it stays. known says
// whether the repository's signals were read.
func Exclude(di model.DiscoveredIssue, repo model.RepoSignals, known bool, inactiveDays int, now time.Time) (rule, reason string) {
	if rule, reason := excludeRepo(di, repo, known, inactiveDays, now); rule != "" {
		return rule, reason
	}
	return takenRule(di.Issue, issue.DetectClaim(di.Issue, di.Comments, now, issue.ClaimWindow))
}

// excludeRepo applies the rules about the issue's conversation and its
// repository.
func excludeRepo(di model.DiscoveredIssue, repo model.RepoSignals, known bool, inactiveDays int, now time.Time) (rule, reason string) {
	is := di.Issue
	if is.Locked {
		return RuleLocked, "the conversation is locked"
	}
	if known && repo.Archived {
		return RuleArchived, repo.FullName + " is archived"
	}
	if known && !repo.PushedAt.IsZero() && now.Sub(repo.PushedAt) > time.Duration(inactiveDays)*24*time.Hour {
		return RuleInactive, fmt.Sprintf("no push to %s for %d days (more than %d)", repo.FullName, int(now.Sub(repo.PushedAt).Hours()/24), inactiveDays)
	}
	if known && !repo.HasIssues && repo.FullName != "" {
		return RuleIssuesDisabled, repo.FullName + " has its issues turned off"
	}
	return "", ""
}

// takenRule applies the rules about someone already having the issue.
func takenRule(is model.Issue, c Claim) (rule, reason string) {
	if len(is.Assignees) > 0 {
		return RuleAssigned, "assigned to @" + strings.Join(is.Assignees, ", @")
	}
	for _, pr := range is.LinkedPRs {
		if strings.EqualFold(pr.State, "open") && !pr.Merged {
			return RuleOpenPR, fmt.Sprintf("pull request %s#%d by @%s is open", pr.Repo, pr.Number, pr.Author)
		}
	}
	if c.Status == issue.StatusClaimed {
		when := ""
		if c.Since != nil {
			when = " on " + c.Since.Format("2006-01-02")
		}
		return RuleClaimed, "claimed by @" + c.By + when
	}
	return "", ""
}

// claimWindow turns discovery.claim_days into a duration.
func claimWindow(days int) time.Duration {
	if days <= 0 {
		return issue.ClaimWindow
	}
	return time.Duration(days) * 24 * time.Hour
}

// claimGroup orders free issues before lapsed claims before taken ones.
func claimGroup(c Claim) int {
	switch {
	case c.Taken:
		return 2
	case c.Status == issue.StatusLapsed:
		return 1
	}
	return 0
}

// rankIssue scores one issue that passed the rules.
func rankIssue(di model.DiscoveredIssue, h *health.Report, now time.Time) (IssueResult, error) {
	a, err := issue.Analyze(di.Issue, di.Comments, now)
	if err != nil {
		return IssueResult{}, err
	}
	is := di.Issue
	res := IssueResult{Repo: is.Repo, Number: is.Number, Title: is.Title, URL: is.URL, Labels: is.LabelNames(),
		Type: string(a.Classification.Type), UpdatedAt: is.UpdatedAt, Comments: is.Comments,
		Suitability: a.Suitability, Checked: di.Checked}
	if res.Labels == nil {
		res.Labels = []string{}
	}
	healthScore, healthDetail := float64(unknownHealth), "not measured (counted as 50)"
	if h != nil {
		res.Health = *h
		healthScore, healthDetail = float64(h.Score), fmt.Sprintf("%s scores %d", is.Repo, h.Score)
	} else {
		res.Health = health.Report{Repo: is.Repo, Signals: []health.Signal{}, Notes: []string{"not measured"}}
	}
	fresh, age := Freshness(is.UpdatedAt, now)
	res.Components = []Component{
		component("suitability", float64(a.Suitability.Score), WeightSuitability, fmt.Sprintf("newcomer suitability %d", a.Suitability.Score)),
		component("health", healthScore, WeightHealth, healthDetail),
		component("freshness", fresh, WeightFreshness, fmt.Sprintf("updated %d days ago", age)),
	}
	res.Score = sum(res.Components)
	return res, nil
}

// Freshness is 100 for an issue updated within freshDays, falling
// linearly to 0 at staleDays; it also returns the age in whole days.
func Freshness(updated, now time.Time) (float64, int) {
	if updated.IsZero() {
		return 0, -1
	}
	age := now.Sub(updated).Hours() / 24
	days := int(age)
	switch {
	case age <= freshDays:
		return 100, days
	case age >= staleDays:
		return 0, days
	}
	return 100 * (staleDays - age) / (staleDays - freshDays), days
}
