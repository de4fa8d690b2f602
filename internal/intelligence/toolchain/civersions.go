package toolchain

import (
	"sort"
	"strconv"
	"strings"
)

// CIVersions is what the CI setup steps of every workflow install of one
// tool, merged: the versions a project tests on, apart from the range it
// declares.
type CIVersions struct {
	// Versions holds each value once: releases in version order, then
	// pre-releases and builds (3.15-dev, 25-ea, 3.14t), then channels,
	// aliases and ranges (stable, lts/*, 3.x) in the order CI names them.
	Versions []string `json:"versions"`
	// Summary says the same briefly: "3.10 to 3.14, and 3.15-dev".
	Summary string `json:"summary"`
	// Evidence is where CI names them, the largest matrices first.
	Evidence []Location `json:"evidence"`
}

// Declared lists what the project's own files ask of the tool (manifest
// ranges, version files, a go.mod toolchain line), leaving out what CI
// tests and what asks for no version.
func (r Requirement) Declared() []Constraint {
	var out []Constraint
	for _, c := range r.Constraints {
		if c.Range != "" && c.Role != Tested && c.Role != Uses {
			out = append(out, c)
		}
	}
	return out
}

// ciVersions merges the versions of the Tested constraints; nil when CI
// names none. A setup step that reads a range from a file
// (python-version-file: pyproject.toml) installs the newest version in
// it; the range says nothing the declared one does not, so it is left out
// when CI names versions too.
func ciVersions(tool string, cs []Constraint) *CIVersions {
	var tested []Constraint
	for _, c := range cs {
		if c.Range != "" && c.Role == Tested {
			tested = append(tested, c)
		}
	}
	if len(tested) == 0 {
		return nil
	}
	var values, fileRanges []string
	seen := map[string]bool{}
	for _, c := range tested {
		for _, v := range strings.Split(c.Range, "||") {
			v = ciSpelling(tool, v)
			if v == "" || seen[v] {
				continue
			}
			seen[v] = true
			if _, isVersion := parseCI(tool, v); !isVersion && strings.HasSuffix(c.Source, "-file") {
				fileRanges = append(fileRanges, v)
				continue
			}
			values = append(values, v)
		}
	}
	if len(values) == 0 {
		values = fileRanges
	}
	releases, pre, other := splitVersions(tool, values)
	return &CIVersions{
		Versions: append(append(releases, pre...), other...),
		Summary:  summarize(tool, releases, append(pre, other...)),
		Evidence: testedEvidence(tested),
	}
}

// ciSpelling spells one CI value the way it is compared: trimmed, a leading
// v dropped from a version, Java's 1.8 as 8, a Rust toolchain's target
// triple or date dropped (nightly-2025-01-01 is nightly).
func ciSpelling(tool, v string) string {
	v = strings.TrimSpace(v)
	if concreteVersion(v) {
		v = strings.TrimPrefix(v, "v")
	}
	switch tool {
	case "rust":
		return rustChannel(v)
	case "java":
		if jv, ok := javaVersion(v); ok && concreteVersion(v) {
			return jv.String()
		}
	}
	return v
}

// splitVersions sorts values into releases (digits and dots) in version
// order, pre-releases and builds in version order, and the rest as named.
func splitVersions(tool string, values []string) (releases, pre, other []string) {
	parsed := map[string]Version{}
	for _, v := range values {
		pv, ok := parseCI(tool, v)
		switch {
		case ok && concreteVersion(v):
			releases = append(releases, v)
		case ok:
			pre = append(pre, v)
		default:
			other = append(other, v)
			continue
		}
		parsed[v] = pv
	}
	byVersion := func(s []string) {
		sort.SliceStable(s, func(i, j int) bool { return parsed[s[i]].Compare(parsed[s[j]]) < 0 })
	}
	byVersion(releases)
	byVersion(pre)
	return releases, pre, other
}

func parseCI(tool, v string) (Version, bool) {
	if tool == "java" {
		return javaVersion(v)
	}
	return ParseVersion(v)
}

// summarize says the versions briefly: a patch release folded into its
// listed minor (3.12.10 into 3.12), three or more consecutive releases as
// a span, the rest after "and": "3.10 to 3.14, and 3.15-dev".
func summarize(tool string, releases, rest []string) string {
	var parts []string
	for _, run := range spans(tool, foldPatches(tool, releases)) {
		switch len(run) {
		case 1, 2:
			parts = append(parts, run...)
		default:
			parts = append(parts, run[0]+" to "+run[len(run)-1])
		}
	}
	switch {
	case len(parts) == 0:
		return strings.Join(rest, ", ")
	case len(rest) == 0:
		return strings.Join(parts, ", ")
	}
	return strings.Join(parts, ", ") + ", and " + strings.Join(rest, ", ")
}

// foldPatches drops a release that lies within a shorter release also
// listed: CI's 3.12 already stands for 3.12.10.
func foldPatches(tool string, releases []string) []string {
	var out []string
	for _, v := range releases {
		pv, _ := parseCI(tool, v)
		covered := false
		for _, w := range releases {
			pw, _ := parseCI(tool, w)
			covered = covered || pw.N < pv.N && pv.HasPrefix(pw)
		}
		if !covered {
			out = append(out, v)
		}
	}
	return out
}

// spans groups sorted releases into runs that step by one in their last
// number at the same precision: 3.10, 3.11, 3.12 or 18, 19, 20.
func spans(tool string, releases []string) [][]string {
	var out [][]string
	var prev Version
	for i, v := range releases {
		pv, _ := parseCI(tool, v)
		if i > 0 && follows(prev, pv) {
			out[len(out)-1] = append(out[len(out)-1], v)
		} else {
			out = append(out, []string{v})
		}
		prev = pv
	}
	return out
}

func follows(a, b Version) bool {
	if a.N != b.N || a.N == 0 {
		return false
	}
	for i := 0; i < a.N-1; i++ {
		if a.Parts[i] != b.Parts[i] {
			return false
		}
	}
	return b.Parts[a.N-1] == a.Parts[a.N-1]+1
}

// testedEvidence lists where CI names the versions, the constraints with
// the most values (a matrix) first, each location once.
func testedEvidence(tested []Constraint) []Location {
	order := append([]Constraint(nil), tested...)
	sort.SliceStable(order, func(i, j int) bool {
		return strings.Count(order[i].Range, "||") > strings.Count(order[j].Range, "||")
	})
	out := []Location{}
	seen := map[Location]bool{}
	for _, c := range order {
		for _, l := range c.Evidence {
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	return out
}

// whereText says where in a few words: "a.yml:3" or "a.yml:3 and 4 more".
func whereText(locs []Location) string {
	switch len(locs) {
	case 0:
		return ""
	case 1:
		return locs[0].String()
	}
	return locs[0].String() + " and " + strconv.Itoa(len(locs)-1) + " more"
}
