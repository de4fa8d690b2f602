package repo

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/model"
)

// communityDirs are where GitHub looks for community files.
var communityDirs = [...]string{"", ".github", "docs"}

// contribution gathers the community files, sign-off and agreement
// requirements and the commit convention, beside the license found apart.
func contribution(t *tree, commits []model.Commit, license License) Contribution {
	c := Contribution{IssueTemplates: []Location{}, PRTemplates: []Location{}}
	c.Contributing = t.communityFile("contributing")
	c.CodeOfConduct = t.communityFile("code_of_conduct", "code-of-conduct")
	c.Security = t.communityFile("security")
	c.CodeOwners = t.communityFile("codeowners")
	for p := range t.index {
		if strings.Count(p, "/") > 2 {
			continue // deeper than .github/ISSUE_TEMPLATE/x: cheaper to tell before lowering
		}
		lower := strings.ToLower(p)
		switch {
		case strings.HasPrefix(lower, ".github/issue_template/") && !strings.HasSuffix(lower, "/config.yml"),
			isCommunityAt(lower, "issue_template"):
			c.IssueTemplates = append(c.IssueTemplates, Location{Path: p})
		case strings.HasPrefix(lower, ".github/pull_request_template/"),
			isCommunityAt(lower, "pull_request_template"):
			c.PRTemplates = append(c.PRTemplates, Location{Path: p})
		}
	}
	sortLocs(c.IssueTemplates)
	sortLocs(c.PRTemplates)
	var guide []byte
	if c.Contributing != nil {
		guide = t.readAny(c.Contributing.Path)
	}
	c.DCO = dcoRequirement(t, guide, c.Contributing, commits)
	c.CLA = claRequirement(t, guide, c.Contributing)
	c.CommitConvention = commitConvention(commits)
	c.License = license
	return c
}

// communityFile finds NAME, NAME.md, NAME.rst, ... in any case at the root,
// in .github or in docs.
func (t *tree) communityFile(names ...string) *Location {
	var best string
	for p := range t.index {
		if strings.Count(p, "/") > 1 {
			continue // not in a community folder: cheaper to tell before lowering
		}
		lower := strings.ToLower(p)
		for _, n := range names {
			if isCommunityAt(lower, n) && (best == "" || rankCommunity(p) < rankCommunity(best) || (rankCommunity(p) == rankCommunity(best) && p < best)) {
				best = p
			}
		}
	}
	if best == "" {
		return nil
	}
	return &Location{Path: best}
}

func rankCommunity(p string) int { return strings.Count(p, "/")*10 + len(p)/100 }

// isCommunityAt: lower is dir/name[.ext] for one of the community dirs.
func isCommunityAt(lower, name string) bool {
	d, base := dirOf(lower), path.Base(lower)
	stem := strings.TrimSuffix(base, path.Ext(base))
	if stem != name && base != name {
		return false
	}
	for _, cd := range communityDirs {
		if d == cd {
			return true
		}
	}
	return false
}

// readAny returns a file's content: kept by the scan, or read now.
func (t *tree) readAny(p string) []byte {
	if b, ok := t.read(p); ok {
		return b
	}
	return nil
}

func sortLocs(ls []Location) { sort.Slice(ls, func(i, j int) bool { return ls[i].Path < ls[j].Path }) }

const (
	dcoPattern = `(?i)(developer certificate of origin|\bDCO\b|signed-off-by|git commit -s\b|--signoff)`
	claPattern = `(?i)(contributor license agreement|\bCLA\b|cla-assistant|cla\.developers\.google\.com|easycla)`
)

// dcoRequirement: a DCO app configuration, the guide naming the DCO, or a
// majority of recent commits signed off.
func dcoRequirement(t *tree, guide []byte, guideLoc *Location, commits []model.Commit) Requirement {
	r := Requirement{Evidence: []Location{}}
	if t.has(".github/dco.yml") {
		r.Required = true
		r.Evidence = append(r.Evidence, Location{Path: ".github/dco.yml"})
	}
	if n := matchLine(guide, dcoPattern); n > 0 {
		r.Required = true
		r.Evidence = append(r.Evidence, Location{Path: guideLoc.Path, Line: n})
	}
	signed := 0
	for _, c := range commits {
		if strings.Contains(c.Body, "Signed-off-by:") {
			signed++
		}
	}
	if len(commits) > 0 {
		r.SignedOffShare = round2(float64(signed) / float64(len(commits)))
		if r.SignedOffShare >= 0.8 && len(commits) >= 5 {
			r.Required = true
		}
	}
	return r
}

// claRequirement: a CLA bot configuration or the guide asking for one.
func claRequirement(t *tree, guide []byte, guideLoc *Location) Requirement {
	r := Requirement{Evidence: []Location{}}
	for _, f := range []string{".clabot", ".github/cla.yml", "cla.json", ".cla.json"} {
		if t.has(f) {
			r.Required = true
			r.Evidence = append(r.Evidence, Location{Path: f})
		}
	}
	if n := matchLine(guide, claPattern); n > 0 {
		r.Required = true
		r.Evidence = append(r.Evidence, Location{Path: guideLoc.Path, Line: n})
	}
	return r
}

// matchLine returns the 1-based line of the first match of expr, or 0.
func matchLine(data []byte, expr string) int {
	if len(data) == 0 {
		return 0
	}
	loc := regexp.MustCompile(expr).FindIndex(data)
	if loc == nil {
		return 0
	}
	return strings.Count(string(data[:loc[0]]), "\n") + 1
}

const (
	conventionalExpr = `^(feat|fix|docs|doc|style|refactor|perf|test|tests|build|ci|chore|revert|deps|release)(\([^)]*\))?!?: \S`
	areaExpr         = `^[a-z0-9][\w./,{}* -]*: \S`
)

// subjectRules are the compiled convention patterns, built per analysis
// rather than at start-up.
type subjectRules struct{ conventional, area *regexp.Regexp }

// commitConvention finds the style most recent subjects follow. Merge
// commits and reverts are left out; a style is reported when at least half
// of the subjects follow it.
func commitConvention(commits []model.Commit) CommitConvention {
	cc := CommitConvention{Style: ConventionUnknown, Examples: []string{}}
	var subjects []string
	for _, c := range commits {
		s := strings.TrimSpace(c.Subject)
		if s == "" || strings.HasPrefix(s, "Merge ") || strings.HasPrefix(s, "Revert \"") {
			continue
		}
		subjects = append(subjects, s)
	}
	cc.Examined = len(subjects)
	if len(subjects) == 0 {
		return cc
	}
	rules := subjectRules{conventional: regexp.MustCompile(conventionalExpr), area: regexp.MustCompile(areaExpr)}
	counts := map[string]int{}
	examples := map[string][]string{}
	for _, s := range subjects {
		st := rules.style(s)
		counts[st]++
		if len(examples[st]) < 3 {
			examples[st] = append(examples[st], s)
		}
	}
	best := ""
	for _, st := range []string{ConventionConventional, ConventionArea, ConventionCapitalized} {
		if best == "" || counts[st] > counts[best] {
			best = st
		}
	}
	share := float64(counts[best]) / float64(len(subjects))
	if share < 0.5 {
		cc.Style, cc.Share = ConventionNone, round2(share)
		return cc
	}
	cc.Style, cc.Share, cc.Examples = best, round2(share), examples[best]
	return cc
}

// subjectStyle classifies one subject; conventional wins over area since
// "fix: x" matches both.
func (r subjectRules) style(s string) string {
	switch {
	case r.conventional.MatchString(s):
		return ConventionConventional
	case r.area.MatchString(s):
		return ConventionArea
	case isCapitalizedImperative(s):
		return ConventionCapitalized
	}
	return ConventionNone
}

// isCapitalizedImperative: "Add x", not "Added x" or "Adding x".
func isCapitalizedImperative(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	w, _, _ := strings.Cut(s, " ")
	w = strings.ToLower(strings.TrimRight(w, ":,."))
	if len(w) < 2 || strings.HasSuffix(w, "ing") || (strings.HasSuffix(w, "ed") && w != "embed" && w != "speed" && w != "feed" && w != "need" && w != "seed") {
		return false
	}
	return true
}
