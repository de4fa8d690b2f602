package discovery

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/oss-dev/oss-dev/internal/intelligence/health"
	"github.com/oss-dev/oss-dev/internal/model"
)

// RepoFilter is what `discover repos` asks for.
type RepoFilter struct {
	Languages []string `json:"languages,omitempty"`
	Topic     string   `json:"topic,omitempty"`
	MinStars  int      `json:"min_stars,omitempty"`
	// GoodFirst keeps repositories with open good-first issues.
	GoodFirst bool `json:"good_first"`
	Limit     int  `json:"limit"`
}

// Profile is the user's skills, from config and their GitHub activity.
type Profile struct {
	Languages []string `json:"languages"`
	Interests []string `json:"interests"`
}

// Fit is how a repository matches the profile.
type Fit struct {
	Score   float64  `json:"score"`
	Matched []string `json:"matched"`
	Detail  string   `json:"detail"`
}

// RepoResult is one ranked repository.
type RepoResult struct {
	Rank            int          `json:"rank"`
	Repo            string       `json:"repo"`
	URL             string       `json:"url"`
	Description     string       `json:"description,omitempty"`
	Language        string       `json:"language,omitempty"`
	Topics          []string     `json:"topics"`
	Stars           int          `json:"stars"`
	GoodFirstIssues int          `json:"good_first_issues"`
	Score           float64      `json:"score"`
	Components      []Component  `json:"components"`
	Health          HealthReport `json:"health"`
	Fit             Fit          `json:"fit"`
}

// RepoReport is the stable result of `discover repos`.
type RepoReport struct {
	Queries []string        `json:"queries"`
	Profile Profile         `json:"profile"`
	Results []RepoResult    `json:"results"`
	Fetch   model.FetchInfo `json:"fetch"`
	Notes   []string        `json:"notes,omitempty"`
}

// RepoQueries builds the GitHub searches for f: one per language.
func RepoQueries(f RepoFilter) []string {
	base := []string{"archived:false", "fork:false"}
	if f.Topic != "" {
		base = append(base, qualifier("topic", f.Topic))
	}
	if f.MinStars > 0 {
		base = append(base, fmt.Sprintf("stars:>=%d", f.MinStars))
	}
	if f.GoodFirst {
		base = append(base, "good-first-issues:>0")
	}
	langs := nonEmpty(f.Languages)
	if len(langs) == 0 {
		return []string{strings.Join(base, " ")}
	}
	var out []string
	for _, l := range langs {
		out = append(out, strings.Join(append(append([]string(nil), base...), qualifier("language", l)), " "))
	}
	return out
}

// DiscoverRepos searches repositories and ranks them by health and fit to
// p. With no --lang, the profile's languages (up to three) are searched.
func (s *Service) DiscoverRepos(ctx context.Context, f RepoFilter, p Profile) (RepoReport, error) {
	now := s.now()
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rep := RepoReport{Profile: p, Results: []RepoResult{}}
	if len(nonEmpty(f.Languages)) == 0 && len(nonEmpty(p.Languages)) > 0 {
		f.Languages = nonEmpty(p.Languages)[:min(3, len(nonEmpty(p.Languages)))]
		rep.Notes = append(rep.Notes, "no --lang given: searched your profile languages "+strings.Join(f.Languages, ", "))
	}
	rep.Queries = RepoQueries(f)
	seen := map[string]bool{}
	per := min(max(2*f.Limit/len(rep.Queries), 10), 50)
	for i, q := range rep.Queries {
		got, err := s.Source.DiscoverRepos(ctx, model.DiscoverQuery{Query: q, Limit: per, Since: now.AddDate(0, 0, -90), Activity: true})
		if err != nil {
			return rep, err
		}
		mergeFetch(&rep.Fetch, got.Fetch, i == 0)
		for _, r := range got.Repos {
			if k := strings.ToLower(r.FullName); !seen[k] {
				seen[k] = true
				rep.Results = append(rep.Results, rankRepo(r, health.Assess(r, now), p))
			}
		}
	}
	sortRanked(rep.Results, func(r RepoResult) float64 { return r.Score }, func(r RepoResult) int64 { return int64(r.Stars) },
		func(r RepoResult) string { return r.Repo })
	if len(rep.Results) > f.Limit {
		rep.Results = rep.Results[:f.Limit]
	}
	for i := range rep.Results {
		rep.Results[i].Rank = i + 1
	}
	return rep, nil
}

func rankRepo(r model.RepoSignals, h health.Report, p Profile) RepoResult {
	fit := FitOf(r, p)
	res := RepoResult{Repo: r.FullName, URL: r.URL, Description: r.Description, Language: r.Language, Topics: r.Topics,
		Stars: r.Stars, GoodFirstIssues: r.GoodFirstIssues, Health: h, Fit: fit}
	if res.Topics == nil {
		res.Topics = []string{}
	}
	res.Components = []Component{
		component("health", float64(h.Score), WeightRepoHealth, fmt.Sprintf("health %d", h.Score)),
		component("fit", fit.Score, WeightRepoFit, fit.Detail),
	}
	res.Score = sum(res.Components)
	return res
}

// FitOf scores how a repository matches the profile (see the package comment).
func FitOf(r model.RepoSignals, p Profile) Fit {
	langs, interests := nonEmpty(p.Languages), nonEmpty(p.Interests)
	if len(langs) == 0 && len(interests) == 0 {
		return Fit{Score: 50, Matched: []string{}, Detail: "no profile.languages or profile.interests set (counted as 50)"}
	}
	f := Fit{Matched: []string{}}
	var parts []string
	for _, l := range langs {
		if strings.EqualFold(l, r.Language) {
			f.Score += 60
			f.Matched = append(f.Matched, "language "+r.Language)
			parts = append(parts, "written in "+r.Language)
			break
		}
	}
	words := map[string]bool{}
	for _, t := range r.Topics {
		words[strings.ToLower(t)] = true
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(r.FullName+" "+r.Description), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '-'
	}) {
		words[w] = true
	}
	for _, in := range interests {
		if words[strings.ToLower(in)] {
			f.Score += 40
			f.Matched = append(f.Matched, "interest "+in)
			parts = append(parts, "matches your interest "+in)
			break
		}
	}
	if len(parts) == 0 {
		f.Detail = "matches neither your languages nor your interests"
	} else {
		f.Detail = strings.Join(parts, ", ")
	}
	return f
}
