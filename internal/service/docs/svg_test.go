package docs_test

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/intelligence/deps"
	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/service/docs"
)

// wellFormed parses the SVG as XML.
func wellFormed(t *testing.T, svg []byte) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(svg)))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
	}
}

func TestLanguageChartHasABarPerLanguage(t *testing.T) {
	var ls []repo.Language
	for i, share := range []float64{60, 20, 8, 4, 3, 2, 1, 1, 0.5, 0.5} {
		ls = append(ls, repo.Language{Name: fmt.Sprintf("Lang%d", i), Share: share})
	}
	svg := docs.LanguageChart(ls)
	wellFormed(t, svg)
	if n := strings.Count(string(svg), "<rect"); n != 9 {
		t.Errorf("%d bars, want 8 languages and one for the 2 others", n)
	}
	if !strings.Contains(string(svg), ">2 others<") || !strings.Contains(string(svg), ">60.0%<") {
		t.Errorf("chart:\n%s", svg)
	}
	widths := regexp.MustCompile(`width="([0-9.]+)" height="18"`).FindAllStringSubmatch(string(svg), -1)
	first, _ := strconv.ParseFloat(widths[0][1], 64)
	second, _ := strconv.ParseFloat(widths[1][1], 64)
	if first != 3*second {
		t.Errorf("bar widths %v and %v are not in the shares' ratio", first, second)
	}
	if empty := docs.LanguageChart(nil); !strings.Contains(string(empty), "No programming or markup language") {
		t.Errorf("empty chart %s", empty)
	}
}

// TestDependencyGraphIsLayered: the project, its direct dependencies,
// then what they pull in, each package once, in the first layer that
// reaches it; edges go only from one layer to the next.
func TestDependencyGraphIsLayered(t *testing.T) {
	pkg := func(name string, direct bool) deps.Package {
		return deps.Package{ID: "npm:" + name + "@1.0.0", Name: name, Version: "1.0.0", Ecosystem: deps.NPM, Scope: deps.Runtime, Direct: direct}
	}
	r := &deps.Result{Packages: []deps.Package{pkg("a", true), pkg("b", true), pkg("c", false), pkg("d", false), pkg("example-only", false)},
		Edges: []deps.Edge{{From: "npm:a@1.0.0", To: "npm:c@1.0.0"}, {From: "npm:b@1.0.0", To: "npm:c@1.0.0"}, {From: "npm:c@1.0.0", To: "npm:d@1.0.0"}, {From: "npm:a@1.0.0", To: "npm:b@1.0.0"}}}
	svg := string(docs.DependencyGraph("proj", r))
	wellFormed(t, []byte(svg))
	x := func(label string) float64 {
		m := regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9.]+">` + regexp.QuoteMeta(label) + `<`).FindStringSubmatch(svg)
		if m == nil {
			t.Fatalf("no node %q in\n%s", label, svg)
		}
		f, _ := strconv.ParseFloat(m[1], 64)
		return f
	}
	if !(x("proj") < x("a 1.0.0") && x("a 1.0.0") == x("b 1.0.0") && x("b 1.0.0") < x("c 1.0.0") && x("c 1.0.0") < x("d 1.0.0")) {
		t.Errorf("layers wrong:\n%s", svg)
	}
	if strings.Contains(svg, "example-only") {
		t.Error("a package no edge reaches was drawn")
	}
	// proj->a, proj->b, a->c, b->c, c->d; a->b stays inside one layer
	if n := strings.Count(svg, "<path"); n != 5 {
		t.Errorf("%d edges, want 5:\n%s", n, svg)
	}
	if again := string(docs.DependencyGraph("proj", r)); again != svg {
		t.Error("two drawings of one graph differ")
	}
	if none := string(docs.DependencyGraph("proj", nil)); !strings.Contains(none, "No dependencies declared") {
		t.Errorf("no graph:\n%s", none)
	}
}

func TestDependencyGraphShowsHowManyItLeftOut(t *testing.T) {
	r := &deps.Result{}
	for i := 0; i < 25; i++ {
		r.Packages = append(r.Packages, deps.Package{ID: fmt.Sprintf("Go:m%02d@v1", i), Name: fmt.Sprintf("m%02d", i), Direct: true, Scope: deps.Runtime})
	}
	svg := string(docs.DependencyGraph("proj", r))
	if n := strings.Count(svg, "<rect"); n != 21 || !strings.Contains(svg, ">and 5 more<") {
		t.Errorf("%d boxes:\n%s", n, svg)
	}
}
