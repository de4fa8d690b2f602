package explain

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/explain/explaintest"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// symbolAt explains one symbol and checks its qualified name, kind and
// line range.
func symbolAt(t *testing.T, dir, file, name, wantQualified, wantKind string, start, end int) *Report {
	t.Helper()
	rep := analyze(t, dir, file, name)
	s := rep.Symbol
	if s.QualifiedName() != wantQualified || s.Kind != wantKind || s.Line != start || s.EndLine != end {
		t.Errorf("%s %s = %s (%s) lines %d-%d; want %s (%s) lines %d-%d",
			file, name, s.QualifiedName(), s.Kind, s.Line, s.EndLine, wantQualified, wantKind, start, end)
	}
	return rep
}

func TestRustImplBlocksAndModuleDocs(t *testing.T) {
	sharedtest.RequireTool(t, "ctags")
	dir := explaintest.BuildRepo(t, "langs.txtar")
	rep := analyze(t, dir, "src/router.rs", "")
	if rep.Doc != "Routes requests to handlers.\n\nThe router is generic over its state." {
		t.Errorf("module doc = %q; want the //! lines, not the licence", rep.Doc)
	}
	route := symbolAt(t, dir, "src/router.rs", "Router.route", "Router.route", "method", 20, 26)
	if route.Symbol.Signature != "pub fn route(&self, path: &str) -> Self" {
		t.Errorf("signature = %q; want the whole multi-line signature", route.Symbol.Signature)
	}
	if route.Symbol.Doc != "Adds a route." {
		t.Errorf("route doc = %q", route.Symbol.Doc)
	}
	symbolAt(t, dir, "src/router.rs", "route", "Router.route", "method", 20, 26)
	symbolAt(t, dir, "src/router.rs", "Router.fmt", "Router.fmt", "method", 30, 32)
	// The struct, not one of its impl blocks.
	symbolAt(t, dir, "src/router.rs", "Router", "Router", "struct", 11, 13)
	for _, s := range rep.Outline {
		if s.Name == "copy" {
			t.Errorf("a local variable in the outline: %+v", s)
		}
	}
}

func TestNestedAndCompanionClasses(t *testing.T) {
	sharedtest.RequireTool(t, "ctags")
	dir := explaintest.BuildRepo(t, "langs.txtar")
	kt := analyze(t, dir, "src/Client.kt", "")
	want := []string{"Client", "Client.Builder", "Client.Builder.build", "Client.Companion", "Client.Companion.create", "Client.close",
		"Pool", "Pool.limit", "Pool.Entry", "Pool.Entry.touch"}
	if got := names(kt.Outline); !slices.Equal(got, want) {
		t.Errorf("kotlin outline = %v, want %v (no package, no imports, no locals)", got, want)
	}
	symbolAt(t, dir, "src/Client.kt", "Client.Builder.build", "Client.Builder.build", "method", 7, 10)
	symbolAt(t, dir, "src/Client.kt", "Builder.build", "Client.Builder.build", "method", 7, 10)
	symbolAt(t, dir, "src/Client.kt", "Client.create", "Client.Companion.create", "method", 14, 14)
	// A class whose header spans lines still holds its members.
	symbolAt(t, dir, "src/Client.kt", "Entry.touch", "Pool.Entry.touch", "method", 27, 28)

	symbolAt(t, dir, "src/Gson.java", "Gson.Builder.create", "Gson.Builder.create", "method", 14, 16)
	// A method and a private field share the name: the method is meant.
	symbolAt(t, dir, "src/Gson.java", "size", "Gson.size", "method", 9, 11)
}

func TestAmbiguousNameListsItsCandidates(t *testing.T) {
	sharedtest.RequireTool(t, "ctags")
	dir := explaintest.BuildRepo(t, "langs.txtar")
	_, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: "src", Symbol: "close", WorkDir: dir})
	if !errcode.HasCode(err, errcode.InvalidInput) {
		t.Fatalf("err = %v, want INVALID_INPUT", err)
	}
	for _, want := range []string{"Client.close (method, src/Client.kt:17)", "Gson.close (method, src/Gson.java:19)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not list %q", err.Error(), want)
		}
	}
	if fix := fixOf(err); !strings.Contains(fix, "oss-dev explain src Client.close") {
		t.Errorf("fix %q does not say how to name one", fix)
	}
	if rep := analyze(t, dir, "src", "Gson.close"); rep.Symbol.File != "src/Gson.java" {
		t.Errorf("Gson.close = %+v", rep.Symbol)
	}
}

func TestPythonModuleDocstringNotLicence(t *testing.T) {
	sharedtest.RequireTool(t, "ctags")
	dir := explaintest.BuildRepo(t, "langs.txtar")
	rep := analyze(t, dir, "src/shapes.py", "")
	if rep.Doc != "Shapes and their areas.\n\nEvery shape has an area method." {
		t.Errorf("module doc = %q", rep.Doc)
	}
	if got := names(rep.Outline); !slices.Equal(got, []string{"area"}) {
		t.Errorf("outline = %v; want area alone (no import, no local)", got)
	}
}
