package repo

import (
	"bytes"
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

// guidePhrase is a requirement a contributing guide may state: expr
// decides; words let most of the guide be passed over without running it.
type guidePhrase struct {
	expr string
	// words are lower-case ASCII, and every match of expr holds one of
	// them. None holds a k or an s: case folding matches those with K
	// (Kelvin) and ſ (long s), which lowering ASCII leaves as they are.
	words []string
}

var (
	dcoPhrase = guidePhrase{
		expr:  `(?i)(developer certificate of origin|\bDCO\b|signed-off-by|git commit -s\b|--signoff)`,
		words: []string{"developer", "dco", "ed-off-by", "git commit -", "gnoff"},
	}
	claPhrase = guidePhrase{
		expr:  `(?i)(contributor license agreement|\bCLA\b|cla-assistant|cla\.developers\.google\.com|easycla)`,
		words: []string{"contributor", "cla"},
	}
)

// dcoRequirement: a DCO app configuration, the guide naming the DCO, or a
// majority of recent commits signed off.
func dcoRequirement(t *tree, guide []byte, guideLoc *Location, commits []model.Commit) Requirement {
	r := Requirement{Evidence: []Location{}}
	if t.has(".github/dco.yml") {
		r.Required = true
		r.Evidence = append(r.Evidence, Location{Path: ".github/dco.yml"})
	}
	if n := matchLine(guide, dcoPhrase); n > 0 {
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
	if n := matchLine(guide, claPhrase); n > 0 {
		r.Required = true
		r.Evidence = append(r.Evidence, Location{Path: guideLoc.Path, Line: n})
	}
	return r
}

// matchLine returns the 1-based line of the first match of p, or 0. No
// alternative of a phrase matches a newline, so each match lies on one
// line, and only the lines holding one of the phrase's words are given to
// the expression.
func matchLine(data []byte, p guidePhrase) int {
	lower := asciiLower(data)
	var re *regexp.Regexp
	for pos := 0; pos < len(lower); {
		at := indexAny(lower[pos:], p.words)
		if at < 0 {
			return 0
		}
		start := bytes.LastIndexByte(lower[:pos+at], '\n') + 1
		end := lineEnd(lower, pos+at)
		if re == nil {
			re = regexp.MustCompile(p.expr)
		}
		if re.Match(data[start:end]) {
			return bytes.Count(data[:start], []byte{'\n'}) + 1
		}
		pos = end + 1
	}
	return 0
}

// lineEnd is the offset of the newline ending the line at pos, or len(data).
func lineEnd(data []byte, pos int) int {
	if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
		return pos + i
	}
	return len(data)
}

// asciiLower returns a copy of data with ASCII letters lowered; every other
// byte, and so every offset, stays as it is.
func asciiLower(data []byte) []byte {
	out := make([]byte, len(data))
	for i, b := range data {
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		out[i] = b
	}
	return out
}

// indexAny returns the first offset in data where one of words starts, or -1.
func indexAny(data []byte, words []string) int {
	first := -1
	for _, w := range words {
		if i := indexString(data, w); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	return first
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
