package explain

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/explain/explaintest"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func analyze(t *testing.T, dir, path, symbol string) *Report {
	t.Helper()
	rep, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: path, Symbol: symbol, WorkDir: dir})
	if err != nil {
		t.Fatalf("Analyze(%s, %q): %v", path, symbol, err)
	}
	return rep
}

func names(syms []Symbol) []string {
	var out []string
	for _, s := range syms {
		out = append(out, s.QualifiedName())
	}
	return out
}

func authorsOf(h History) []string {
	var out []string
	for _, c := range h.Changes {
		out = append(out, c.Author)
	}
	return out
}

func testFile(tests []TestFile, path string) (TestFile, bool) {
	for _, tf := range tests {
		if tf.Path == path {
			return tf, true
		}
	}
	return TestFile{}, false
}

func TestGoFile(t *testing.T) {
	dir := explaintest.BuildRepo(t, "gomod.txtar")
	rep := analyze(t, dir, "geom/geom.go", "")
	if rep.Kind != KindFile || rep.Language != "Go" || !rep.Git || rep.Path != "geom/geom.go" {
		t.Fatalf("header = %s %s git=%v %s", rep.Kind, rep.Language, rep.Git, rep.Path)
	}
	if want := []string{"Pi", "Shape", "Circle", "Circle.Area", "Total", "unused"}; !slices.Equal(names(rep.Outline), want) {
		t.Errorf("outline = %v, want %v", names(rep.Outline), want)
	}
	area := rep.Outline[3]
	if area.Kind != "method" || area.Signature != "func (c Circle) Area() float64" || area.Line != 22 || area.EndLine != 24 || area.Doc != "Area returns the area of the circle." {
		t.Errorf("Circle.Area = %+v", area)
	}
	if rep.Package == nil || rep.Package.ImportPath != "example.com/shapes/geom" || rep.Package.Doc != "Package geom measures plane shapes." {
		t.Errorf("package = %+v", rep.Package)
	}
	if len(rep.Imports) != 1 || rep.Imports[0].Path != "math" {
		t.Errorf("imports = %+v", rep.Imports)
	}
	if rep.References.Files != 1 || rep.References.Shown[0].Path != "main.go" {
		t.Errorf("references = %+v", rep.References)
	}
	named, ok := testFile(rep.Tests, "geom/geom_test.go")
	if !ok || named.Reason != ReasonName || !slices.Equal(named.Functions, []string{"TestCircleArea", "TestNothing"}) {
		t.Errorf("named test = %+v (tests %+v)", named, rep.Tests)
	}
	other, ok := testFile(rep.Tests, "geom/total_test.go")
	if !ok || other.Reason != ReasonPackage || !slices.Equal(other.Functions, []string{"TestTotal"}) {
		t.Errorf("package test = %+v", other)
	}
	if got := authorsOf(rep.History); !slices.Equal(got, []string{"Brian Kernighan", "Ada Lovelace"}) {
		t.Errorf("history authors = %v", got)
	}
}

func TestGoSymbolHistoryFollowsItsLines(t *testing.T) {
	dir := explaintest.BuildRepo(t, "gomod.txtar")
	for _, c := range []struct {
		symbol, name, parent string
		authors              []string
		source               string
	}{
		{"Circle.Area", "Area", "Circle", []string{"Ada Lovelace"}, "return Pi * c.R * c.R"},
		{"Total", "Total", "", []string{"Brian Kernighan", "Ada Lovelace"}, "var sum float64"},
	} {
		rep := analyze(t, dir, "geom/geom.go", c.symbol)
		if rep.Kind != KindSymbol || rep.Symbol.Name != c.name || rep.Symbol.Parent != c.parent {
			t.Errorf("%s: symbol = %+v", c.symbol, rep.Symbol)
			continue
		}
		if !strings.Contains(rep.Source, c.source) || !strings.HasPrefix(rep.Source, "// ") {
			t.Errorf("%s: source does not start with its doc or lacks %q:\n%s", c.symbol, c.source, rep.Source)
		}
		if !strings.HasPrefix(rep.History.Scope, "lines ") {
			t.Errorf("%s: history scope = %q", c.symbol, rep.History.Scope)
		}
		if got := authorsOf(rep.History); !slices.Equal(got, c.authors) {
			t.Errorf("%s: history authors = %v, want %v", c.symbol, got, c.authors)
		}
	}
}

func TestGoSymbolTestsAndReferences(t *testing.T) {
	dir := explaintest.BuildRepo(t, "gomod.txtar")
	rep := analyze(t, dir, "geom/geom.go", "Total")
	if len(rep.Tests) != 1 || rep.Tests[0].Path != "geom/total_test.go" || !slices.Equal(rep.Tests[0].Functions, []string{"TestTotal"}) {
		t.Errorf("tests = %+v", rep.Tests)
	}
	refs := rep.References
	if refs.Total != 2 || refs.Files != 2 {
		t.Errorf("references = %+v", refs)
	}
	for _, f := range refs.Shown {
		if f.Path == "geom/geom.go" {
			t.Errorf("the symbol's own file is listed among its references")
		}
	}
}

func TestGoFolderIsItsExportedAPI(t *testing.T) {
	dir := explaintest.BuildRepo(t, "gomod.txtar")
	rep := analyze(t, dir, "geom", "")
	if rep.Kind != KindFolder || rep.Package == nil || rep.Package.Doc != "Package geom measures plane shapes." {
		t.Fatalf("report = %s %+v", rep.Kind, rep.Package)
	}
	want := []string{"Pi", "Total", "Circle", "Circle.Area", "Shape", "Square", "Square.Area"}
	if got := names(rep.Outline); !slices.Equal(got, want) {
		t.Errorf("outline = %v, want %v", got, want)
	}
	if len(rep.Tests) != 2 {
		t.Errorf("tests = %+v", rep.Tests)
	}
	if rep.History.Scope != "folder" || len(rep.History.Changes) != 2 {
		t.Errorf("history = %+v", rep.History)
	}
	// Unexported names are not in the outline but can still be explained.
	if sym := analyze(t, dir, "geom", "unused"); sym.Symbol.File != "geom/geom.go" {
		t.Errorf("unused found in %s", sym.Symbol.File)
	}
}

func TestPythonAndTypeScript(t *testing.T) {
	sharedtest.RequireTool(t, "ctags")
	dir := explaintest.BuildRepo(t, "pyts.txtar")

	py := analyze(t, dir, "pkg/shapes.py", "")
	if want := []string{"Circle", "Circle.__init__", "Circle.area", "total"}; !slices.Equal(names(py.Outline), want) {
		t.Errorf("python outline = %v, want %v", names(py.Outline), want)
	}
	if py.Outline[0].Doc != "A circle of radius r." || py.Outline[2].Doc != "Return the area." || py.Outline[3].Doc != "Sum the areas; an empty list sums to 0." {
		t.Errorf("python docs = %q, %q, %q", py.Outline[0].Doc, py.Outline[2].Doc, py.Outline[3].Doc)
	}
	if len(py.Imports) != 2 || py.Imports[1].Path != "typing" || !slices.Equal(py.Imports[1].Names, []string{"List", "Optional"}) {
		t.Errorf("python imports = %+v", py.Imports)
	}
	tf, ok := testFile(py.Tests, "tests/test_shapes.py")
	if !ok || tf.Reason != ReasonName || !slices.Equal(tf.Functions, []string{"test_area", "test_total"}) {
		t.Errorf("python tests = %+v", py.Tests)
	}

	sym := analyze(t, dir, "pkg/shapes.py", "total")
	if len(sym.Tests) != 1 || !slices.Equal(sym.Tests[0].Functions, []string{"test_total"}) {
		t.Errorf("tests of total = %+v", sym.Tests)
	}
	if got := authorsOf(sym.History); !slices.Equal(got, []string{"Brian Kernighan", "Ada Lovelace"}) {
		t.Errorf("history of total = %v", got)
	}
	if area := analyze(t, dir, "pkg/shapes.py", "Circle.area"); area.Symbol.Line != 13 || area.Symbol.EndLine != 15 {
		t.Errorf("Circle.area = %+v", area.Symbol)
	}

	ts := analyze(t, dir, "web/format.ts", "formatArea")
	if ts.Symbol.Doc != "Formats an area for display, rounded to hundredths." || ts.Symbol.EndLine != 7 {
		t.Errorf("formatArea = %+v", ts.Symbol)
	}
	if len(ts.Tests) != 1 || ts.Tests[0].Path != "web/format.test.ts" || !slices.Equal(ts.Tests[0].Functions, []string{"formats areas"}) {
		t.Errorf("tests of formatArea = %+v", ts.Tests)
	}
	tsFile := analyze(t, dir, "web/format.ts", "")
	if len(tsFile.Imports) != 2 || tsFile.Imports[0].Path != "./math" || tsFile.Imports[1].Alias != "path" {
		t.Errorf("ts imports = %+v", tsFile.Imports)
	}
	if tsFile.References.Query == "" || tsFile.References.Files != 1 {
		t.Errorf("ts references = %+v", tsFile.References)
	}
}

func TestWithoutCtagsTheRestStillComesOut(t *testing.T) {
	dir := explaintest.BuildRepo(t, "pyts.txtar")
	explaintest.WithoutCtags(t)
	rep := analyze(t, dir, "pkg/shapes.py", "")
	if len(rep.Outline) != 0 || !slices.Contains(rep.Notes, CtagsMissingNote) {
		t.Errorf("outline = %v, notes = %v", names(rep.Outline), rep.Notes)
	}
	if len(rep.Imports) != 2 || len(rep.Tests) != 1 || len(rep.History.Changes) != 2 {
		t.Errorf("imports %d, tests %d, history %d", len(rep.Imports), len(rep.Tests), len(rep.History.Changes))
	}
	// Go needs no ctags.
	if g := analyze(t, explaintest.BuildRepo(t, "gomod.txtar"), "geom/geom.go", ""); len(g.Outline) == 0 || len(g.Notes) != 0 {
		t.Errorf("go outline without ctags: %v, notes %v", names(g.Outline), g.Notes)
	}
	// A symbol of a file that cannot be outlined is not found, with a reason.
	_, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: "pkg/shapes.py", Symbol: "total", WorkDir: dir})
	if !errcode.HasCode(err, errcode.NotFound) {
		t.Errorf("symbol without ctags: %v", err)
	}
}

func TestOutsideGit(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "calc.go")
	if err := os.WriteFile(file, []byte("package calc\n\n// Add adds.\nfunc Add(a, b int) int { return a + b }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	rep := analyze(t, dir, "calc.go", "Add")
	if rep.Git || rep.References.Skipped == "" || rep.History.Skipped == "" {
		t.Errorf("git %v, references %+v, history %+v", rep.Git, rep.References, rep.History)
	}
	if rep.Symbol.Doc != "Add adds." || len(rep.Notes) == 0 || !strings.Contains(rep.Notes[0], "not inside a git repository") {
		t.Errorf("symbol %+v, notes %v", rep.Symbol, rep.Notes)
	}
}

func TestErrors(t *testing.T) {
	dir := explaintest.BuildRepo(t, "gomod.txtar")
	for _, c := range []struct {
		path, symbol, fix string
	}{
		{"geom/geom.og", "", "geom.go"},
		{"nowhere/x.go", "", "check the path"},
		{"geom/geom.go", "Totl", "Total"},
		{"geom/geom.go", "Circle.Aera", "Circle.Area"},
		{"geom/geom.go:Total", "", "second argument: oss-dev explain geom/geom.go Total"},
		{"geom/geom.go:12", "", "did you mean geom.go"},
	} {
		_, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: c.path, Symbol: c.symbol, WorkDir: dir})
		var e *errcode.Error
		if !errcode.HasCode(err, errcode.NotFound) || !asErr(err, &e) || !strings.Contains(e.Fix, c.fix) {
			t.Errorf("%s %s: %v (fix %q), want NOT_FOUND suggesting %q", c.path, c.symbol, err, fixOf(err), c.fix)
		}
	}
	if _, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: " ", WorkDir: dir}); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Errorf("empty path: %v", err)
	}
}

func asErr(err error, e **errcode.Error) bool {
	v, ok := err.(*errcode.Error)
	*e = v
	return ok
}

func fixOf(err error) string {
	if e, ok := err.(*errcode.Error); ok {
		return e.Fix
	}
	return ""
}

func TestCapsAndLimits(t *testing.T) {
	dir := explaintest.BuildRepo(t, "gomod.txtar")
	rep, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: "geom/geom.go", Symbol: "Total", WorkDir: dir, Refs: 1, History: 1})
	if err != nil {
		t.Fatal(err)
	}
	if shown := len(rep.References.Shown); shown != 1 || rep.References.MoreLines != 1 || rep.References.MoreFiles != 1 {
		t.Errorf("refs = %+v", rep.References)
	}
	if len(rep.History.Changes) != 1 {
		t.Errorf("history = %+v", rep.History)
	}
	none, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: "geom/geom.go", WorkDir: dir, Refs: -1, History: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(none.References.Shown) != 0 || none.References.MoreLines != 1 || len(none.History.Changes) != 0 {
		t.Errorf("refs %+v, history %+v", none.References, none.History)
	}
}

// openGit opens the working tree with the git provider, as cmd/oss-dev does.
func openGit(dir string) (Repo, error) {
	r, err := git.New(dir)
	if err != nil {
		return nil, err
	}
	return r, nil
}
