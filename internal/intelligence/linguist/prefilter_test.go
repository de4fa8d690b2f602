package linguist

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

// prefiltered are the expressions that run behind a prefilter.
func prefiltered() map[string]string {
	return map[string]string{
		"vendor":        vendorPattern,
		"documentation": alternation(documentationPatterns),
		"generated":     alternation(generatedNamePatterns),
	}
}

// samplePaths are paths that do and do not match: linguist's own examples
// and each required string of each expression put in a path, in both
// cases, at the start, inside and at the end.
func samplePaths(t testing.TB) []string {
	paths := []string{
		"", "a", "main.go", "src/app.js", "vendor/x.go", "Vendor/x.go", "node_modules/a/b.js", "third_party/x.c",
		"Third-Party/x.c", "docs/index.md", "Docs/index.md", "doc/a.md", "README", "README.md", "src/readme.txt",
		"CHANGELOG", "lib/jquery-1.11.1.min.js", "a/b.d.ts", "x.designer.CS", "a/.idea/workspace.xml",
		"vendor/github.com/x/y.go", "Godeps/_workspace/src/a.go", "dependencies/a", "debian/rules", "rebar",
		"cache/x", ".github/workflows/ci.yml", "gradlew", "mvnw.cmd", "a/b/c/d/e/f/g.py", "ÄÖÜ/ß.txt", "İstanbul/x",
		"examples/a.go", "src/examples/a.go", "LICENSE", "sub/LICENCE.md", "terraform/.terraform.lock.hcl",
	}
	for _, expr := range prefiltered() {
		tree, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range required(tree) {
			for _, v := range []string{l, strings.ToUpper(l), strings.ToUpper(l[:1]) + l[1:]} {
				paths = append(paths, v, "a/"+v, v+"/b", "a/"+v+"/b.js", "x"+v+"y", "a/b"+v+".js", v+".min.js", v+"/")
			}
		}
	}
	return paths
}

// TestMatcherAgreesWithRegexp: the prefilter never changes an answer.
func TestMatcherAgreesWithRegexp(t *testing.T) {
	paths := samplePaths(t)
	for name, expr := range prefiltered() {
		m, re := compileMatcher(expr), regexp.MustCompile(expr)
		if len(m.always) > 0 || len(m.alts) < 10 {
			t.Errorf("%s: %d alternatives, %d without a prefilter", name, len(m.alts), len(m.always))
		}
		matched := 0
		for _, p := range paths {
			got, want := m.MatchString(p), re.MatchString(p)
			if got != want {
				t.Errorf("%s: %q: matcher %v, regexp %v", name, p, got, want)
			}
			if want {
				matched++
			}
		}
		if matched == 0 || matched == len(paths) {
			t.Errorf("%s: %d of %d sample paths match: the samples test nothing", name, matched, len(paths))
		}
	}
}

func TestRequired(t *testing.T) {
	cases := []struct {
		expr string
		want []string // nil: no prefilter possible
	}{
		{`[Dd]ocs?/`, []string{"doc"}},
		{`(^|/)vendors?/|node_modules/`, []string{"vendor", "node_modules/"}},
		{`(?i)\.designer\.(cs|vb)$`, []string{".designer."}},
		{`a|b*`, nil},
		{`.*`, nil},
		{`x+y`, []string{"x"}},
		{`(ab){2}c`, []string{"ab"}},
	}
	for _, c := range cases {
		tree, err := syntax.Parse(c.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := required(tree); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %q, want %q", c.expr, got, c.want)
		}
	}
}

// FuzzMatcher: on any path the prefiltered expressions answer as the plain
// ones do.
func FuzzMatcher(f *testing.F) {
	for _, p := range samplePaths(f) {
		f.Add(p)
	}
	type pair struct {
		m  *matcher
		re *regexp.Regexp
	}
	var pairs []pair
	for _, expr := range prefiltered() {
		pairs = append(pairs, pair{compileMatcher(expr), regexp.MustCompile(expr)})
	}
	f.Fuzz(func(t *testing.T, p string) {
		for _, x := range pairs {
			if x.m.MatchString(p) != x.re.MatchString(p) {
				t.Fatalf("%q: %s disagrees", p, x.re)
			}
		}
	})
}

// BenchmarkIsVendor is the vendor test on a path that is not vendored,
// the common case.
func BenchmarkIsVendor(b *testing.B) {
	IsVendor("warm/up")
	for b.Loop() {
		IsVendor("internal/command/views/json/diagnostic_test.go")
	}
}
