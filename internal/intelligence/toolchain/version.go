// Package toolchain finds the toolchains and tools a repository asks for
// (go.mod, .nvmrc, package.json engines, .python-version, pyproject.toml,
// rust-toolchain, Maven and Gradle settings, global.json and .NET project
// files, composer.json and .php-version, mix.exs, Package.swift and
// .swift-version, .cabal files, cabal.project and stack.yaml,
// pubspec.yaml, .tool-versions, devcontainer, CI setup steps, the system tools its build
// calls), each with the file and line that asks, and decides whether a
// version satisfies what is asked in the dialect it was asked in (npm
// ranges, PEP 440, Go's go and toolchain lines, Java majors, Maven ranges,
// Ruby requirements, global.json's rollForward policies, Composer
// constraints, Elixir requirements). It also orders the commands that
// install a repository's dependencies for development. It reads files
// only; probing the machine and running commands is the setup service's
// work.
package toolchain

import (
	"strconv"
	"strings"
)

// maxPart bounds a version number so that parsing never overflows.
const maxPart = 1 << 30

// Version is a dotted version: up to four numbers, how many were written,
// and a pre-release tag (rc1, beta.2) that sorts before the release.
type Version struct {
	Parts [4]int
	// N is how many numbers were written: 1.22 has 2.
	N   int
	Pre string
}

// ParseVersion reads 1, 1.22, 1.22.3, v20.11.0, 1.22rc1, 3.13.0a1,
// 2.0.0-beta.2 and 1.2.3+build (the build is dropped).
func ParseVersion(s string) (Version, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V")
	if i := strings.IndexByte(s, '+'); i >= 0 {
		s = s[:i]
	}
	var v Version
	i := 0
	for v.N < len(v.Parts) {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i || j-i > 9 {
			return Version{}, false
		}
		n, _ := strconv.Atoi(s[i:j])
		v.Parts[v.N] = n
		v.N++
		i = j
		if i < len(s) && s[i] == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
			continue
		}
		break
	}
	rest := s[i:]
	if rest == "" {
		return v, true
	}
	if rest[0] == '.' {
		return Version{}, false // 3.banana, 1.x: not a pre-release
	}
	rest = strings.TrimLeft(rest, "-_")
	if rest == "" || !validPre(rest) || !(rest[0] >= 'a' && rest[0] <= 'z' || rest[0] >= 'A' && rest[0] <= 'Z') {
		return Version{}, false
	}
	v.Pre = rest
	return v, true
}

func validPre(s string) bool {
	if len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// String renders the version as written (to its precision).
func (v Version) String() string {
	if v.N == 0 {
		return ""
	}
	var b strings.Builder
	for i := 0; i < v.N; i++ {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(v.Parts[i]))
	}
	if v.Pre != "" {
		b.WriteString(v.Pre)
	}
	return b.String()
}

// Major is the first number.
func (v Version) Major() int { return v.Parts[0] }

// Compare orders versions numerically, missing numbers as 0, and a
// pre-release before its release.
func (v Version) Compare(w Version) int {
	for i := range v.Parts {
		if c := cmpInt(v.Parts[i], w.Parts[i]); c != 0 {
			return c
		}
	}
	switch {
	case v.Pre == w.Pre:
		return 0
	case v.Pre == "":
		return 1
	case w.Pre == "":
		return -1
	}
	return comparePre(v.Pre, w.Pre)
}

// comparePre compares pre-release tags piece by piece, numbers as numbers.
func comparePre(a, b string) int {
	ap, bp := splitPre(a), splitPre(b)
	for i := 0; i < len(ap) && i < len(bp); i++ {
		x, xerr := strconv.Atoi(ap[i])
		y, yerr := strconv.Atoi(bp[i])
		switch {
		case xerr == nil && yerr == nil:
			if c := cmpInt(x, y); c != 0 {
				return c
			}
		case xerr == nil:
			return -1
		case yerr == nil:
			return 1
		default:
			if c := strings.Compare(ap[i], bp[i]); c != 0 {
				return c
			}
		}
	}
	return cmpInt(len(ap), len(bp))
}

// splitPre splits rc12.3 into rc, 12, 3.
func splitPre(s string) []string {
	var out []string
	cur := ""
	digit := false
	for _, c := range s {
		if c == '.' || c == '-' || c == '_' {
			if cur != "" {
				out = append(out, cur)
			}
			cur = ""
			continue
		}
		d := c >= '0' && c <= '9'
		if cur != "" && d != digit {
			out = append(out, cur)
			cur = ""
		}
		cur += string(c)
		digit = d
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// HasPrefix reports whether v lies within p to p's precision: 20.11.1 is
// within 20 and within 20.11, not within 20.1.
func (v Version) HasPrefix(p Version) bool {
	for i := 0; i < p.N; i++ {
		if v.Parts[i] != p.Parts[i] {
			return false
		}
	}
	return p.Pre == "" || v.Pre == p.Pre
}

// bump returns the smallest version above every version with prefix p at
// precision n (1.2 bumped at 2 is 1.3.0).
func bump(p Version, n int) Version {
	var out Version
	for i := 0; i < n-1; i++ {
		out.Parts[i] = p.Parts[i]
	}
	out.Parts[n-1] = p.Parts[n-1] + 1
	out.N = 3
	return out
}

// javaVersion reads Java's spellings: 1.8 and 1.8.0_292 are 8, 17.0.9+9
// is 17.0.9, temurin-17.0.9+9 and openjdk-21 are 17.0.9 and 21.
func javaVersion(s string) (Version, bool) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '-'); i >= 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && !isDigits(s[:i]) {
		s = s[i+1:] // a vendor prefix: temurin-17, zulu-11
	}
	s = strings.ReplaceAll(s, "_", ".")
	v, ok := ParseVersion(s)
	if !ok {
		return Version{}, false
	}
	if v.Parts[0] == 1 && v.N >= 2 {
		// 1.8.0.292 is 8.0.292
		v = Version{Parts: [4]int{v.Parts[1], v.Parts[2], v.Parts[3]}, N: max(1, v.N-1), Pre: v.Pre}
	}
	return v, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
