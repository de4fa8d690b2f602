package toolchain

import (
	"fmt"
	"strings"
)

// Dialect is the language a version range is written in.
type Dialect string

// The dialects.
const (
	// Semver is npm's range syntax (>=, ^, ~, x-ranges, ||, hyphen ranges),
	// also used by setup-node and setup-go inputs and Poetry (commas AND).
	Semver Dialect = "semver"
	// PEP440 is Python's specifier syntax (>=3.9,<4, ~=3.10, ==3.11.*).
	PEP440 Dialect = "pep440"
	// GoDirective is go.mod's go line: the minimum Go version.
	GoDirective Dialect = "go"
	// GoToolchain is go.mod's toolchain line (go1.22.3): the toolchain the
	// go command switches to when the local one is older.
	GoToolchain Dialect = "go-toolchain"
	// Java is a Java version: a major (1.8 is 8) meaning "at least", or a
	// Maven version range ([17,), [1.8,12), [11]).
	Java Dialect = "java"
	// Minimum is a single version meaning "at least this one" (Cargo's
	// rust-version).
	Minimum Dialect = "minimum"
	// Gem is a RubyGems requirement (~> 3.2, >= 3.0, = 3.2.2).
	Gem Dialect = "gem"
	// DotnetSDK is global.json's SDK version and rollForward policy,
	// written "8.0.100 latestFeature" (no policy is the dotnet command's
	// default, patch): the SDKs the dotnet command agrees to run. Its upper
	// bound is firm: the dotnet command refuses a newer SDK.
	DotnetSDK Dialect = "dotnet-sdk"
	// Composer is a Composer constraint (^7.2.5 || ^8.0, >=8.1, ~8.2,
	// 8.1.*): npm's grammar, but ~ is the pessimistic operator and a
	// single | also separates alternatives.
	Composer Dialect = "composer"
	// ElixirReq is an Elixir version requirement (~> 1.15, >= 1.14.0 and
	// < 2.0.0, ~> 1.15 or ~> 1.16): RubyGems' operators, with "and" and "or".
	ElixirReq Dialect = "elixir"
	// Exact is a version file's single version (.nvmrc's 20, .python-version's
	// 3.12.1): any version with that prefix matches.
	Exact Dialect = "exact"
)

// op is a comparison.
type op int

// orderOp is the comparison each dialect spells >=, >, <= or <.
func orderOp(o string) op {
	switch o {
	case ">=":
		return opGE
	case ">":
		return opGT
	case "<=":
		return opLE
	}
	return opLT
}

const (
	opGE op = iota
	opGT
	opLE
	opLT
	opEQ     // equal to every written number, missing ones as 0
	opPrefix // has the version as a prefix (20 matches 20.11.1)
	opNotPrefix
)

type comparator struct {
	op op
	v  Version
}

func (c comparator) match(v Version) bool {
	switch c.op {
	case opGE:
		return v.Compare(c.v) >= 0
	case opGT:
		return v.Compare(c.v) > 0
	case opLE:
		return v.Compare(c.v) <= 0
	case opLT:
		return v.Compare(c.v) < 0
	case opEQ:
		return v.Compare(c.v) == 0
	case opPrefix:
		return v.HasPrefix(c.v)
	case opNotPrefix:
		return !v.HasPrefix(c.v)
	}
	return false
}

// Range is a parsed version requirement: any of its sets, each a list of
// comparators that must all hold. No sets means any version.
type Range struct {
	Dialect Dialect
	Raw     string
	// Alias is set for a named version (lts/*, stable, latest, nightly,
	// system) that this package does not resolve; it accepts any version.
	Alias string
	// partAlias is the first named version of a list that also names
	// versions ("1.75 || stable"): it lets any version through, but no
	// version is vouched for by it.
	partAlias string
	sets      [][]comparator
}

// Any reports whether the range accepts every version.
func (r Range) Any() bool { return len(r.sets) == 0 }

// Contains reports whether v satisfies the range.
func (r Range) Contains(v Version) bool {
	if len(r.sets) == 0 {
		return true
	}
	for _, set := range r.sets {
		ok := true
		for _, c := range set {
			if !c.match(v) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// bounds returns the lowest version the range names as a lower bound or
// prefix, and the highest major it lets through; has is false on a side
// the range leaves open.
func (r Range) bounds() (lo Version, hasLo bool, hiMajor int, hasHi bool) {
	for _, set := range r.sets {
		for _, c := range set {
			switch c.op {
			case opGE, opGT, opEQ, opPrefix:
				if !hasLo || c.v.Compare(lo) < 0 {
					lo, hasLo = c.v, true
				}
			}
			m := c.v.Major()
			switch c.op {
			case opLT:
				if c.v.Parts[1] == 0 && c.v.Parts[2] == 0 && c.v.Parts[3] == 0 && c.v.Pre == "" {
					m-- // <4 lets 3.x through, not 4
				}
			case opLE, opEQ, opPrefix:
			default:
				continue
			}
			if !hasHi || m > hiMajor {
				hiMajor, hasHi = m, true
			}
		}
	}
	return
}

// ParseRange parses s in dialect d.
func ParseRange(d Dialect, s string) (Range, error) {
	raw := strings.TrimSpace(s)
	r := Range{Dialect: d, Raw: raw}
	if len(raw) > 256 {
		return r, fmt.Errorf("the version range is too long (%d characters)", len(raw))
	}
	if raw == "" {
		return r, fmt.Errorf("the version is empty")
	}
	if alias := aliasOf(raw); alias != "" {
		r.Alias = alias
		return r, nil
	}
	if name, ok := strings.CutPrefix(strings.ToLower(raw), "lts/"); ok && (d == Semver || d == Exact) {
		n, _ := ltsCodename(name)
		r.sets = [][]comparator{{{opPrefix, Version{Parts: [4]int{n}, N: 1}}}}
		return r, nil
	}
	var err error
	switch d {
	case Semver:
		r.sets, err = parseSemver(raw)
	case PEP440:
		r.sets, err = parsePEP440(raw)
	case GoDirective, Minimum:
		r.sets, err = parseGoMin(raw, false)
	case GoToolchain:
		r.sets, err = parseGoMin(raw, true)
	case Java:
		r.sets, err = parseJava(raw)
	case Gem:
		r.sets, err = parseGem(raw)
	case Exact:
		r.sets, err = parseExact(raw)
	case DotnetSDK:
		r.sets, err = parseRollForward(raw)
	case Composer:
		r.sets, err = parseComposer(raw)
	case ElixirReq:
		r.sets, err = parseElixirReq(raw)
	default:
		err = fmt.Errorf("unknown dialect %q", d)
	}
	if err != nil {
		return r, fmt.Errorf("cannot read the version range %q: %w", raw, err)
	}
	return r, nil
}

// aliasOf recognises named versions: they name a moving target, so any
// installed version is taken as meeting them. Node's lts/CODENAME is not
// an alias: it names one major.
func aliasOf(s string) string {
	l := strings.ToLower(s)
	switch l {
	case "latest", "stable", "lts/*", "node", "system", "nightly", "beta", "current", "oldstable", "lts", "latest-stable", "default":
		return l
	}
	if name, ok := strings.CutPrefix(l, "lts/"); ok {
		if _, known := ltsCodename(name); known {
			return ""
		}
		return l
	}
	if strings.HasPrefix(l, "nightly-") || strings.HasPrefix(l, "beta-") {
		return l
	}
	return ""
}

// ltsCodenames are Node.js LTS lines by codename, as nvm and setup-node
// accept them (lts/iron is 20).
var ltsCodenames = map[string]int{
	"argon": 4, "boron": 6, "carbon": 8, "dubnium": 10, "erbium": 12, "fermium": 14,
	"gallium": 16, "hydrogen": 18, "iron": 20, "jod": 22, "krypton": 24,
}

func ltsCodename(name string) (int, bool) {
	n, ok := ltsCodenames[strings.ToLower(name)]
	return n, ok
}

// parseExact reads a version file's content: 20, v20.11.0, 3.12.1,
// ruby-3.2.2, lts/iron. Any version with that prefix matches.
func parseExact(s string) ([][]comparator, error) {
	v, ok := ParseVersion(stripToolPrefix(s))
	if !ok {
		return nil, fmt.Errorf("not a version")
	}
	return [][]comparator{{{opPrefix, v}}}, nil
}

// stripToolPrefix drops a leading tool name: ruby-3.2.2, python-3.12,
// go1.22, node-v20.
func stripToolPrefix(s string) string {
	for _, p := range []string{"ruby-", "python-", "node-", "nodejs-", "go", "jruby-"} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == 'v') {
			return rest
		}
	}
	return s
}

// partial is a version as written in a range: numbers up to where an x,
// X or * (or the end) stops it.
type partial struct {
	v Version // the numbers written, N of them
}

// parsePartial reads 1, 1.2, 1.2.3, 1.x, 1.2.*, *, v1.2.3-beta.1.
func parsePartial(s string) (partial, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "v"), "=")
	if s == "" {
		return partial{}, fmt.Errorf("a version is missing")
	}
	fields := strings.SplitN(s, ".", 3)
	var p partial
	for i, f := range fields {
		if f == "x" || f == "X" || f == "*" {
			return p, nil
		}
		if i == len(fields)-1 {
			// the last number may carry a pre-release or build
			v, ok := ParseVersion(strings.Join(fields[:i+1], "."))
			if !ok || v.N != i+1 {
				return p, fmt.Errorf("%q is not a version", s)
			}
			p.v = v
			return p, nil
		}
		if !isDigits(f) || len(f) > 9 {
			return p, fmt.Errorf("%q is not a version", s)
		}
		var n int
		fmt.Sscan(f, &n)
		p.v.Parts[i] = n
		p.v.N = i + 1
	}
	return p, nil
}

// low is the smallest version a partial covers.
func (p partial) low() Version {
	v := p.v
	v.N = 3
	return v
}

// parseSemver reads npm's range grammar.
func parseSemver(s string) ([][]comparator, error) {
	var sets [][]comparator
	for _, alt := range strings.Split(s, "||") {
		alt = strings.TrimSpace(strings.ReplaceAll(alt, ",", " "))
		if alt == "" {
			return nil, fmt.Errorf("an empty alternative around ||")
		}
		set, err := semverSet(alt)
		if err != nil {
			return nil, err
		}
		if set == nil {
			return nil, nil // one alternative is "any": the whole range is
		}
		sets = append(sets, set)
	}
	return sets, nil
}

// semverSet reads one alternative: a hyphen range or space-separated
// comparators. A nil result with no error means any version.
func semverSet(s string) ([]comparator, error) {
	if a, b, ok := strings.Cut(s, " - "); ok {
		lo, err := parsePartial(a)
		if err != nil {
			return nil, err
		}
		hi, err := parsePartial(b)
		if err != nil {
			return nil, err
		}
		out := []comparator{}
		if lo.v.N > 0 {
			out = append(out, comparator{opGE, lo.low()})
		}
		switch {
		case hi.v.N == 0:
		case hi.v.N >= 3:
			out = append(out, comparator{opLE, hi.v})
		default:
			out = append(out, comparator{opLT, bump(hi.v, hi.v.N)})
		}
		return emptyToNil(out), nil
	}
	var out []comparator
	for _, tok := range joinOperators(strings.Fields(s)) {
		cs, err := semverComparator(tok)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return emptyToNil(out), nil
}

func emptyToNil(cs []comparator) []comparator {
	if len(cs) == 0 {
		return nil
	}
	return cs
}

// joinOperators joins ">= 1.2" written with a space into ">=1.2".
func joinOperators(fields []string) []string {
	var out []string
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.Trim(f, "<>=~^!") == "" && i+1 < len(fields) {
			f += fields[i+1]
			i++
		}
		out = append(out, f)
	}
	return out
}

// semverComparator desugars one token as npm does.
func semverComparator(tok string) ([]comparator, error) {
	var o string
	for _, cand := range []string{">=", "<=", ">", "<", "=", "~>", "~", "^"} {
		if strings.HasPrefix(tok, cand) {
			o = cand
			break
		}
	}
	p, err := parsePartial(tok[len(o):])
	if err != nil {
		return nil, err
	}
	v, n := p.v, p.v.N
	switch o {
	case "", "=":
		if n == 0 {
			return nil, nil
		}
		if n >= 3 {
			return []comparator{{opEQ, v}}, nil
		}
		return []comparator{{opGE, p.low()}, {opLT, bump(v, n)}}, nil
	case ">=":
		return []comparator{{opGE, p.low()}}, nil
	case ">":
		switch {
		case n == 0:
			return []comparator{{opLT, Version{N: 3}}}, nil // nothing is above every version
		case n >= 3:
			return []comparator{{opGT, v}}, nil
		}
		return []comparator{{opGE, bump(v, n)}}, nil
	case "<":
		if n == 0 {
			return []comparator{{opLT, Version{N: 3}}}, nil
		}
		return []comparator{{opLT, p.low()}}, nil
	case "<=":
		switch {
		case n == 0:
			return nil, nil
		case n >= 3:
			return []comparator{{opLE, v}}, nil
		}
		return []comparator{{opLT, bump(v, n)}}, nil
	case "~", "~>":
		switch n {
		case 0:
			return nil, nil
		case 1:
			return []comparator{{opGE, p.low()}, {opLT, bump(v, 1)}}, nil
		}
		return []comparator{{opGE, p.low()}, {opLT, bump(v, 2)}}, nil
	case "^":
		switch {
		case n == 0:
			return nil, nil
		case v.Parts[0] != 0 || n == 1:
			return []comparator{{opGE, p.low()}, {opLT, bump(v, 1)}}, nil
		case v.Parts[1] != 0 || n == 2:
			return []comparator{{opGE, p.low()}, {opLT, bump(v, 2)}}, nil
		}
		return []comparator{{opGE, p.low()}, {opLT, bump(v, 3)}}, nil
	}
	return nil, fmt.Errorf("unknown operator in %q", tok)
}

// parsePEP440 reads comma-separated specifiers.
func parsePEP440(s string) ([][]comparator, error) {
	var out []comparator
	for _, spec := range strings.Split(s, ",") {
		spec = strings.TrimSpace(spec)
		if spec == "" {
			return nil, fmt.Errorf("an empty specifier between commas")
		}
		var o string
		for _, cand := range []string{"===", "~=", "==", "!=", ">=", "<=", ">", "<"} {
			if strings.HasPrefix(spec, cand) {
				o = cand
				break
			}
		}
		if o == "" {
			return nil, fmt.Errorf("%q has no operator (>=, ==, ~= ...)", spec)
		}
		body := strings.TrimSpace(spec[len(o):])
		wild := false
		if o == "==" || o == "!=" {
			if b, ok := strings.CutSuffix(body, ".*"); ok {
				body, wild = b, true
			}
		}
		if o == "===" {
			v, ok := ParseVersion(body)
			if !ok {
				return nil, fmt.Errorf("%q is not a version", body)
			}
			out = append(out, comparator{opEQ, v})
			continue
		}
		v, ok := pep440Version(body)
		if !ok {
			return nil, fmt.Errorf("%q is not a version", body)
		}
		switch o {
		case "==":
			if wild {
				out = append(out, comparator{opPrefix, v})
			} else {
				out = append(out, comparator{opEQ, v})
			}
		case "!=":
			if wild {
				out = append(out, comparator{opNotPrefix, v})
			} else {
				out = append(out, comparator{opNotPrefix, withN(v, 4)})
			}
		case ">=", ">", "<=", "<":
			out = append(out, comparator{orderOp(o), v})
		case "~=":
			if v.N < 2 {
				return nil, fmt.Errorf("~= needs at least two numbers (~=3.10), not %q", body)
			}
			prefix := Version{Parts: v.Parts, N: v.N - 1}
			for i := prefix.N; i < len(prefix.Parts); i++ {
				prefix.Parts[i] = 0
			}
			out = append(out, comparator{opGE, v}, comparator{opPrefix, prefix})
		}
	}
	return [][]comparator{out}, nil
}

// pep440Version reads a PEP 440 version: an optional 0! epoch, the
// release numbers, and a pre, post or dev suffix; a local +label is dropped.
func pep440Version(s string) (Version, bool) {
	if e, rest, ok := strings.Cut(s, "!"); ok {
		if e != "0" {
			return Version{}, false // other epochs order after every plain version; none of the toolchains use them
		}
		s = rest
	}
	s = strings.ToLower(s)
	if i := strings.Index(s, ".post"); i >= 0 {
		s = s[:i] // a post-release sorts with its release for our purpose
	}
	return ParseVersion(s)
}

// withN marks v as written with all four numbers, so a padded equality
// (!=3.11 excludes only 3.11.0) compares exactly.
func withN(v Version, n int) Version {
	v.N = n
	return v
}

// parseGoMin reads go.mod's 1.22, 1.22.3, 1.21rc1, or the toolchain's
// go1.22.3 (with its go prefix): at least that version.
func parseGoMin(s string, toolchain bool) ([][]comparator, error) {
	if toolchain {
		rest, ok := strings.CutPrefix(s, "go")
		if !ok {
			return nil, fmt.Errorf("a toolchain is written go1.N.M")
		}
		s = rest
		if i := strings.IndexByte(s, '-'); i >= 0 {
			s = s[:i] // go1.22.3-custom suffixes
		}
	}
	v, ok := ParseVersion(s)
	if !ok || v.N < 1 {
		return nil, fmt.Errorf("not a Go version")
	}
	if v.N < 3 && v.Pre == "" {
		v.N = 3
	}
	return [][]comparator{{{opGE, v}}}, nil
}

// parseJava reads a Java major (at least that one) or a Maven range.
func parseJava(s string) ([][]comparator, error) {
	if !strings.ContainsAny(s, "[]()") {
		v, ok := javaVersion(strings.TrimPrefix(strings.TrimSpace(s), "JavaVersion.VERSION_"))
		if !ok {
			return nil, fmt.Errorf("not a Java version")
		}
		return [][]comparator{{{opGE, v}}}, nil
	}
	var sets [][]comparator
	rest := strings.TrimSpace(s)
	for rest != "" {
		if rest[0] != '[' && rest[0] != '(' {
			return nil, fmt.Errorf("a Maven range starts with [ or (")
		}
		end := strings.IndexAny(rest, "])")
		if end < 0 {
			return nil, fmt.Errorf("a Maven range is not closed")
		}
		set, err := javaInterval(rest[0], rest[1:end], rest[end])
		if err != nil {
			return nil, err
		}
		sets = append(sets, set)
		rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest[end+1:]), ","))
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("an empty Maven range")
	}
	return sets, nil
}

func javaInterval(open byte, body string, closing byte) ([]comparator, error) {
	a, b, two := strings.Cut(body, ",")
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if !two {
		if open != '[' || closing != ']' {
			return nil, fmt.Errorf("a single version is written [V]")
		}
		v, ok := javaVersion(a)
		if !ok {
			return nil, fmt.Errorf("%q is not a Java version", a)
		}
		return []comparator{{opPrefix, v}}, nil
	}
	var out []comparator
	if a != "" {
		v, ok := javaVersion(a)
		if !ok {
			return nil, fmt.Errorf("%q is not a Java version", a)
		}
		o := opGE
		if open == '(' {
			o = opGT
		}
		out = append(out, comparator{o, v})
	}
	if b != "" {
		v, ok := javaVersion(b)
		if !ok {
			return nil, fmt.Errorf("%q is not a Java version", b)
		}
		switch {
		case closing == ')':
			out = append(out, comparator{opLT, v})
		case v.N < 3:
			// ,11] means up to every 11.x, as people write Java majors
			out = append(out, comparator{opLT, bump(v, v.N)})
		default:
			out = append(out, comparator{opLE, v})
		}
	}
	if len(out) == 0 {
		out = append(out, comparator{opGE, Version{N: 1}})
	}
	return out, nil
}

// parseGem reads RubyGems requirements: "~> 3.2", ">= 3.0, < 4", "3.2.2".
func parseGem(s string) ([][]comparator, error) {
	var out []comparator
	for _, part := range strings.Split(s, ",") {
		cs, err := gemComparator(strings.Trim(strings.TrimSpace(part), `"'`))
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return [][]comparator{out}, nil
}

// gemComparator reads one requirement: an operator and a version.
func gemComparator(part string) ([]comparator, error) {
	var o string
	for _, cand := range []string{"~>", ">=", "<=", "!=", ">", "<", "="} {
		if strings.HasPrefix(part, cand) {
			o = cand
			break
		}
	}
	v, ok := ParseVersion(strings.TrimSpace(part[len(o):]))
	if !ok {
		return nil, fmt.Errorf("%q is not a version", part)
	}
	switch o {
	case "!=":
		return []comparator{{opNotPrefix, withN(v, 4)}}, nil
	case ">=", ">", "<=", "<":
		return []comparator{{orderOp(o), v}}, nil
	case "~>":
		prefix := v
		if v.N > 1 {
			prefix = Version{Parts: v.Parts, N: v.N - 1}
			for i := prefix.N; i < len(prefix.Parts); i++ {
				prefix.Parts[i] = 0
			}
		}
		return []comparator{{opGE, v}, {opPrefix, prefix}}, nil
	}
	return []comparator{{opEQ, v}}, nil
}
