package toolchain

import (
	"github.com/oss-dev/oss-dev/internal/diag"

	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
)

// Location is the evidence of a finding: a file relative to the
// repository root and a 1-based line (0 for the whole file).
type Location = repo.Location

// Role says how a source asks for a version, which decides how a version
// that does not match is judged.
type Role string

// The roles.
const (
	// Requires is a manifest's range or minimum (go.mod's go line,
	// engines, requires-python, the Java release): outside it fails.
	Requires Role = "requires"
	// Prefers is go.mod's toolchain line: older is a warning, since the
	// go command switches to it by itself when it can download it.
	Prefers Role = "prefers"
	// Pins is a version file or a version manager's setting (.nvmrc,
	// .python-version, .tool-versions, devcontainer): an older minor or a
	// newer major is a warning, an older major fails.
	Pins Role = "pins"
	// Tested is a CI setup step: the versions CI runs. Judged like Pins
	// against the whole set.
	Tested Role = "tested"
	// Uses is a tool the build calls with no version asked.
	Uses Role = "uses"
)

// Constraint is one source's ask for one tool.
type Constraint struct {
	// Range is the version as written ("" for Uses); a CI matrix is its
	// values joined with " || ".
	Range   string  `json:"range,omitempty"`
	Dialect Dialect `json:"dialect,omitempty"`
	Role    Role    `json:"role"`
	// Source says what asks, in words: "go.mod go line", ".nvmrc",
	// "actions/setup-python python-version (matrix)".
	Source   string     `json:"source"`
	Evidence []Location `json:"evidence"`
}

// Requirement is everything a repository asks of one tool.
type Requirement struct {
	// Tool is the canonical name: go, node, npm, yarn, pnpm, python, rust,
	// cargo, java, maven, gradle, ruby, bundler, make, cmake, protoc, docker ...
	Tool string `json:"tool"`
	// Required is true when the tool must be there to build and test (a
	// manifest or CI needs it); a tool only some scripts call is optional.
	Required    bool         `json:"required"`
	Constraints []Constraint `json:"constraints"`
	// CI merges the versions CI's setup steps install; nil when none.
	CI *CIVersions `json:"ci,omitempty"`
	// Conflict describes sources that ask for different versions.
	Conflict string `json:"conflict,omitempty"`
}

// The codes of the warnings detection gives: each names a file (and a
// line) that could not be read as expected; the rest of the detection goes on.
const (
	// CodeUnreadable: the file was not read.
	CodeUnreadable diag.Code = "FILE_UNREADABLE"
	// CodeMalformed: the file is not what its name says (JSON, YAML, a version list).
	CodeMalformed diag.Code = "FILE_MALFORMED"
	// CodeNotChecked: a version the file asks for cannot be checked.
	CodeNotChecked diag.Code = "VERSION_NOT_CHECKED"
)

// Requirements is what a repository asks of the machine.
//
// JSON shape: {"tools": [{"tool", "required", "constraints": [{"range",
// "dialect", "role", "source", "evidence": [{"path", "line"}]}],
// "ci": {"versions", "summary", "evidence"}, "conflict"}], "warnings":
// [diagnostic]} (see diag.Diagnostic); "ci" is left out when no CI setup
// step names a version.
type Requirements struct {
	Tools    []Requirement `json:"tools"`
	Warnings diag.List     `json:"warnings"`
}

// Tool returns the requirement for a tool, with ok false when none.
func (r Requirements) Tool(name string) (Requirement, bool) {
	for _, t := range r.Tools {
		if t.Tool == name {
			return t, true
		}
	}
	return Requirement{}, false
}

// Status is a check's outcome.
type Status string

// Statuses, best first.
const (
	OK   Status = "ok"
	Warn Status = "warn"
	Fail Status = "fail"
)

// Worse returns the worse of two statuses.
func Worse(a, b Status) Status {
	if statusRank(b) > statusRank(a) {
		return b
	}
	return a
}

func statusRank(s Status) int {
	switch s {
	case Fail:
		return 2
	case Warn:
		return 1
	}
	return 0
}

// Verdict is how a found version meets one constraint.
type Verdict struct {
	Status Status `json:"status"`
	Reason string `json:"reason"`
}

// Parse parses the constraint's range for tool.
func (c Constraint) Parse(tool string) (Range, error) {
	return ParseToolRange(tool, c.Dialect, c.Range)
}

// ParseToolRange parses s in dialect d, reading versions the way tool
// spells them (Java's 1.8 is 8).
func ParseToolRange(tool string, d Dialect, s string) (Range, error) {
	if d == Exact && strings.Contains(s, "||") {
		return parseExactList(tool, s)
	}
	if tool == "java" && d == Exact {
		s = strings.TrimSuffix(strings.TrimSpace(s), "-ea") // an early-access build of that release
		r, err := ParseRange(Java, "["+strings.TrimSpace(s)+"]")
		if err == nil {
			r.Dialect, r.Raw = Exact, strings.TrimSpace(s)
			return r, nil
		}
		if alias := aliasOf(s); alias != "" {
			return Range{Dialect: d, Raw: s, Alias: alias}, nil
		}
		return r, fmt.Errorf("cannot read the version %q: not a Java version", strings.TrimSpace(s))
	}
	return ParseRange(d, s)
}

// parseExactList reads a CI matrix's versions joined with ||: a version
// matches when it matches one of them. Named versions in the list
// (stable, nightly) are kept apart: they let any version through without
// vouching for it.
func parseExactList(tool, s string) (Range, error) {
	out := Range{Dialect: Exact, Raw: strings.TrimSpace(s)}
	var firstErr error
	for _, part := range strings.Split(s, "||") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		r, err := ParseToolRange(tool, Exact, part)
		switch {
		case err != nil:
			if firstErr == nil {
				firstErr = err
			}
		case r.Alias != "":
			if out.partAlias == "" {
				out.partAlias = r.Alias
			}
		default:
			out.sets = append(out.sets, r.sets...)
		}
	}
	if len(out.sets) == 0 {
		if out.partAlias != "" {
			out.Alias, out.partAlias = out.partAlias, ""
			return out, nil
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("cannot read the version %q", out.Raw)
		}
		return out, firstErr
	}
	return out, nil
}

// Vouches reports whether the constraint names v itself: a manifest range
// that admits it or a CI version that tests it. A named version (stable)
// vouches for nothing.
func (c Constraint) Vouches(tool string, v Version) bool {
	if c.Role != Requires && c.Role != Tested || c.Range == "" {
		return false
	}
	r, err := c.Parse(tool)
	return err == nil && r.Alias == "" && !r.Any() && r.Contains(v)
}

// firm reports whether no version outside the constraint can work, whatever
// other sources admit: the dotnet command refuses an SDK global.json does
// not accept.
func (c Constraint) firm() bool { return c.Dialect == DotnetSDK }

// Check judges version v of tool against the constraint.
func (c Constraint) Check(tool string, v Version) Verdict {
	if c.Role == Uses || c.Range == "" {
		return Verdict{OK, "found"}
	}
	r, err := c.Parse(tool)
	if err != nil {
		return Verdict{Warn, err.Error()}
	}
	if r.Alias != "" {
		return Verdict{OK, fmt.Sprintf("%s asks for %s, which any installed version is taken to meet", c.Source, r.Alias)}
	}
	in := r.Contains(v)
	if !in && r.partAlias != "" {
		return Verdict{OK, fmt.Sprintf("%s also asks for %s, which any installed version is taken to meet", c.Source, r.partAlias)}
	}
	lo, hasLo, hi, hasHi := r.bounds()
	below := hasLo && v.Compare(lo) < 0
	newerMajor := hasHi && v.Major() > hi && !c.firm()
	what := c.describe()
	switch c.Role {
	case Requires:
		switch {
		case in:
			return Verdict{OK, fmt.Sprintf("%s meets %s", v, what)}
		case newerMajor && !below:
			return Verdict{Warn, fmt.Sprintf("%s is a newer major than %s allows: untested", v, what)}
		}
		return Verdict{Fail, fmt.Sprintf("%s does not meet %s", v, what)}
	case Prefers:
		if in {
			return Verdict{OK, fmt.Sprintf("%s meets %s", v, what)}
		}
		return Verdict{Warn, fmt.Sprintf("%s is older than %s: the go command downloads that toolchain when it can (GOTOOLCHAIN=local keeps yours)", v, what)}
	}
	// Pins and Tested: judged by where v falls.
	switch {
	case in:
		return Verdict{OK, fmt.Sprintf("%s matches %s", v, what)}
	case below && v.Major() == lo.Major():
		return Verdict{Warn, fmt.Sprintf("%s is an older minor than %s", v, what)}
	case below:
		return Verdict{Fail, fmt.Sprintf("%s is an older major than %s", v, what)}
	case newerMajor:
		return Verdict{Warn, fmt.Sprintf("%s is a newer major than %s: untested", v, what)}
	}
	return Verdict{OK, fmt.Sprintf("%s is close to %s (same major)", v, what)}
}

// describe says what the constraint asks, with its evidence.
func (c Constraint) describe() string {
	var ask string
	switch c.Role {
	case Tested:
		ask = "the " + strings.ReplaceAll(c.Range, " || ", ", ") + " CI tests"
	case Pins:
		ask = "the " + c.Range + " " + c.Source + " pins"
	case Prefers:
		ask = c.Range + " (" + c.Source + ")"
	default:
		ask = c.Range + " (" + c.Source + ")"
	}
	if len(c.Evidence) > 0 {
		ask += " at " + c.Evidence[0].String()
	}
	return ask
}

// Describe is one line for people: what asks for which version, and where.
func (c Constraint) Describe() string {
	where := ""
	if len(c.Evidence) > 0 {
		where = " (" + c.Evidence[0].String() + ")"
	}
	switch c.Role {
	case Uses:
		return c.Source + where
	case Tested:
		return "CI tests " + strings.ReplaceAll(c.Range, " || ", ", ") + where
	case Pins:
		return c.Source + " says " + c.Range + where
	case Prefers:
		return c.Source + " prefers " + c.Range + where
	}
	return c.Source + " asks " + c.Range + where
}

// Check judges a found version against every constraint of the
// requirement. A version that a manifest range admits or that CI tests is
// ok, or a warning where a pin file or another source asks for another
// one; it never fails. Otherwise the worst verdict wins, so a version
// outside every source fails.
func (r Requirement) Check(v Version) Verdict {
	vouched := false
	for _, c := range r.Constraints {
		vouched = vouched || c.Vouches(r.Tool, v)
	}
	best := Verdict{OK, ""}
	var reasons []string
	for _, c := range r.Constraints {
		vd := c.Check(r.Tool, v)
		if vouched {
			switch {
			case c.Role == Tested:
				continue // another CI job tests this version
			case vd.Status == Fail && !c.firm():
				vd.Status = Warn
			}
		}
		if vd.Status != OK {
			reasons = append(reasons, vd.Reason)
		}
		best.Status = Worse(best.Status, vd.Status)
	}
	if len(reasons) > 0 {
		best.Reason = strings.Join(reasons, "; ")
	}
	return best
}

// Wanted summarises the versions asked, for a one-line report: what the
// project declares, then what CI tests, merged ("CI 3.10 to 3.14").
func (r Requirement) Wanted() string {
	var parts []string
	seen := map[string]bool{}
	for _, c := range r.Declared() {
		if !seen[c.Range] {
			seen[c.Range] = true
			parts = append(parts, c.Range)
		}
	}
	if ci := ciVersions(r.Tool, r.Constraints); ci != nil {
		parts = append(parts, "CI "+ci.Summary)
	}
	if len(parts) == 0 {
		return "any version"
	}
	return strings.Join(parts, "; ")
}

// Evidence lists the first location of every constraint.
func (r Requirement) Evidence() []Location {
	var out []Location
	for _, c := range r.Constraints {
		if len(c.Evidence) > 0 {
			out = append(out, c.Evidence[0])
		}
	}
	return out
}
