package toolchain

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestCIVersions: the versions of every CI job merge into one sorted list
// and a short phrase; the declared range stays apart.
func TestCIVersions(t *testing.T) {
	ci := func(r string, line int) Constraint {
		return Constraint{Range: r, Role: Tested, Source: "setup step", Evidence: []Location{{Path: ".github/workflows/ci.yml", Line: line}}}
	}
	fromFile := func(r string) Constraint {
		return Constraint{Range: r, Dialect: PEP440, Role: Tested, Source: "actions/setup-python python-version-file", Evidence: []Location{{Path: ".github/workflows/ci.yml", Line: 2}}}
	}
	declared := Constraint{Range: ">=3.10", Dialect: PEP440, Role: Requires, Source: "pyproject.toml requires-python", Evidence: []Location{{Path: "pyproject.toml", Line: 3}}}
	cases := []struct {
		name     string
		tool     string
		cs       []Constraint
		versions []string
		summary  string
	}{
		{"matrices of several workflows", "python", []Constraint{declared, ci("3.15", 4), ci("3.10 || 3.11 || 3.12 || 3.13 || 3.14 || 3.15", 9),
			ci("3.12 || 3.13", 20), ci("3.10 || 3.11 || 3.12.10 || 3.13 || 3.14 || 3.15-dev", 30)},
			[]string{"3.10", "3.11", "3.12", "3.12.10", "3.13", "3.14", "3.15", "3.15-dev"}, "3.10 to 3.15, and 3.15-dev"},
		{"gaps are listed", "java", []Constraint{ci("1.8 || 11 || 17 || 21 || 25 || 26 || 27-ea", 5)},
			[]string{"8", "11", "17", "21", "25", "26", "27-ea"}, "8, 11, 17, 21, 25, 26, and 27-ea"},
		{"channels after versions", "rust", []Constraint{ci("1.96.0 || stable || beta || nightly-x86_64-gnu", 5), ci("stable", 8), ci("nightly-2025-10-18", 9)},
			[]string{"1.96.0", "stable", "beta", "nightly"}, "1.96.0, and stable, beta, nightly"},
		{"aliases alone", "node", []Constraint{ci("lts/*", 5), ci("18 || 19 || 20", 7), ci("16 || 17", 8)},
			[]string{"16", "17", "18", "19", "20", "lts/*"}, "16 to 20, and lts/*"},
		{"a range read from a file is not repeated", "python", []Constraint{declared, fromFile(">=3.10"), ci("3.13 || 3.12", 9)},
			[]string{"3.12", "3.13"}, "3.12, 3.13"},
		{"a range read from a file, alone", "python", []Constraint{declared, fromFile(">=3.10")}, []string{">=3.10"}, ">=3.10"},
		{"a channel both pinned and tested", "rust", []Constraint{{Range: "nightly", Role: Pins}, ci("stable || nightly", 4)},
			[]string{"stable", "nightly"}, "stable, nightly"},
		{"a range CI alone names is kept", "go", []Constraint{ci("^1.22", 4)}, []string{"^1.22"}, "^1.22"},
	}
	for _, c := range cases {
		got := ciVersions(c.tool, c.cs)
		if got == nil {
			t.Errorf("%s: no CI versions", c.name)
			continue
		}
		if !reflect.DeepEqual(got.Versions, c.versions) || got.Summary != c.summary {
			t.Errorf("%s: versions %q, summary %q; want %q, %q", c.name, got.Versions, got.Summary, c.versions, c.summary)
		}
	}
	if got := ciVersions("python", []Constraint{declared}); got != nil {
		t.Errorf("no CI step: got %+v, want nil", got)
	}
}

// TestCIVersionsEvidence: a matrix's location comes before single
// versions', each location once.
func TestCIVersionsEvidence(t *testing.T) {
	at := func(line int) []Location { return []Location{{Path: "ci.yml", Line: line}} }
	got := ciVersions("python", []Constraint{
		{Range: "3.12", Role: Tested, Evidence: at(3)},
		{Range: "3.10 || 3.11", Role: Tested, Evidence: at(9)},
		{Range: "3.12", Role: Tested, Evidence: at(3)},
	})
	want := []Location{{Path: "ci.yml", Line: 9}, {Path: "ci.yml", Line: 3}}
	if !reflect.DeepEqual(got.Evidence, want) {
		t.Errorf("evidence %v, want %v", got.Evidence, want)
	}
}

// TestActionPinnedByCommit: dtolnay/rust-toolchain@<commit> pins the
// action; the commit is no Rust version.
func TestActionPinnedByCommit(t *testing.T) {
	reqs := Detect(mapFS(map[string]string{".github/workflows/ci.yml": `jobs:
  t:
    runs-on: ubuntu-latest
    steps:
      - uses: dtolnay/rust-toolchain@881ba7bf39a41cda34ac9e123fb41b44ed08232f # nightly
      - uses: dtolnay/rust-toolchain@1.75
`}))
	r, _ := reqs.Tool("rust")
	var ranges []string
	for _, c := range r.Constraints {
		ranges = append(ranges, c.Range)
	}
	if strings.Contains(strings.Join(ranges, " "), "881ba7") || !slices.Contains(ranges, "1.75") {
		t.Errorf("rust ranges %q; want 1.75 and no commit", ranges)
	}
}
