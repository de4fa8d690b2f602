package arch

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// moduleGraph reads the imports of every non-test Go file of the module.
func moduleGraph(t *testing.T) map[string][]string {
	t.Helper()
	root := sharedtest.ModuleRoot(t)
	graph := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, Module+"/") {
				graph[rel] = append(graph[rel], strings.TrimPrefix(p, Module+"/"))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the module: %v", err)
	}
	return graph
}

func TestModuleRespectsLayers(t *testing.T) {
	graph := moduleGraph(t)
	if len(graph) == 0 {
		t.Fatal("found no in-module imports; is the module root right?")
	}
	vs := Check(graph)
	sort.Slice(vs, func(i, j int) bool { return vs[i].String() < vs[j].String() })
	for _, v := range vs {
		t.Errorf("forbidden import: %s", v)
	}
}

func TestEveryInternalPackageHasALayer(t *testing.T) {
	for pkg := range moduleGraph(t) {
		if strings.HasPrefix(pkg, "internal/") && pkg != "internal/arch" && layerOf(pkg) == "" {
			t.Errorf("package %s belongs to no layer; place it under one of the blueprint's layers", pkg)
		}
	}
}

func TestCheckCatchesForbiddenEdges(t *testing.T) {
	graph := map[string][]string{
		"internal/cli/issues":        {"internal/service/discovery", "internal/provider/github"},
		"internal/core/workflow":     {"internal/core/contract", "internal/cli/root"},
		"internal/core/approval":     {"internal/provider/git"},
		"internal/provider/github":   {"internal/config", "internal/core/state"},
		"internal/provider/git":      {"internal/service/setup"},
		"internal/intelligence/repo": {"internal/provider/git", "internal/service/discovery"},
		"internal/plugin/registry":   {"internal/core/contract", "internal/core/workflow"},
		"internal/model":             {"internal/config"},
		"internal/service/mentoring": {"internal/core/workflow", "internal/intelligence/issue", "internal/cli/root"},
		"cmd/oss-dev":                {"internal/provider/github", "internal/cli/root"},
	}
	want := map[string]bool{
		"internal/cli/issues -> internal/provider/github":          true,
		"internal/core/workflow -> internal/cli/root":              true,
		"internal/core/approval -> internal/provider/git":          true,
		"internal/provider/github -> internal/core/state":          true,
		"internal/provider/git -> internal/service/setup":          true,
		"internal/intelligence/repo -> internal/service/discovery": true,
		"internal/plugin/registry -> internal/core/workflow":       true,
		"internal/model -> internal/config":                        true,
		"internal/service/mentoring -> internal/cli/root":          true,
	}
	got := map[string]bool{}
	for _, v := range Check(graph) {
		got[v.From+" -> "+v.To] = true
	}
	for edge := range want {
		if !got[edge] {
			t.Errorf("Check missed the forbidden edge %s", edge)
		}
	}
	for edge := range got {
		if !want[edge] {
			t.Errorf("Check flagged an allowed edge %s", edge)
		}
	}
}

func TestViolationNamesTheEdge(t *testing.T) {
	v := Violation{From: "internal/cli/x", To: "internal/provider/y", FromLayer: "cli", ToLayer: "provider"}
	if s := v.String(); !strings.Contains(s, "internal/cli/x") || !strings.Contains(s, "internal/provider/y") {
		t.Fatalf("violation text %q does not name both ends", s)
	}
}
