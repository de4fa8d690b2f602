package toolchain

import (
	"strings"
	"testing"
)

func TestConflicts(t *testing.T) {
	at := func(p string, line int) []Location { return []Location{{Path: p, Line: line}} }
	req := Constraint{Range: ">=3.10", Dialect: PEP440, Role: Requires, Source: "pyproject.toml requires-python", Evidence: at("pyproject.toml", 17)}
	ci := func(r string, line int) Constraint {
		return Constraint{Range: r, Dialect: Semver, Role: Tested, Source: "actions/setup-python", Evidence: at(".github/workflows/ci.yml", line)}
	}
	pin := func(r string) Constraint {
		return Constraint{Range: r, Dialect: Exact, Role: Pins, Source: ".python-version", Evidence: at(".python-version", 1)}
	}
	cases := []struct {
		name string
		cs   []Constraint
		want string // "" for no conflict, else a fragment of the text
	}{
		{"CI jobs with different matrices", []Constraint{req, ci("3.x", 20), ci("3.10 || 3.11 || 3.15-dev", 15), ci("3.10", 54)}, ""},
		{"a pin inside CI's versions", []Constraint{req, ci("3.12", 5), pin("3.12")}, ""},
		{"a pin among a matrix's versions", []Constraint{req, ci("3.10 || 3.11 || 3.12", 5), ci("3.11", 9), pin("3.12")}, ""},
		{"a major pin CI tests within", []Constraint{req, ci("3.10 || 3.11", 5), pin("3")}, ""},
		{"two pins that differ", []Constraint{req, ci("3.12", 5), pin("3.12"), pin("3.11")}, ".python-version says 3.11"},
		{"a pin CI does not test", []Constraint{req, ci("3.10 || 3.11", 5), pin("3.12")}, "CI tests 3.10, 3.11 (.github/workflows/ci.yml:5)"},
		{"CI below the required range", []Constraint{req, ci("3.9 || 3.10", 5)}, "asks >=3.10"},
		{"CI folded into one phrase", []Constraint{req, ci("3.8", 5), ci("3.9", 9)}, "CI tests 3.8, 3.9 (.github/workflows/ci.yml:5 and 1 more)"},
	}
	for _, c := range cases {
		got := conflict(Requirement{Tool: "python", Constraints: c.cs})
		switch {
		case c.want == "" && got != "":
			t.Errorf("%s: conflict %q, want none", c.name, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("%s: conflict %q, want it to contain %q", c.name, got, c.want)
		}
	}
}
