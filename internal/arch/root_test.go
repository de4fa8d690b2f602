package arch

import (
	"go/ast"
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

// rootOnly lists the calls only the composition root, cmd/oss-dev, may
// make: building a provider (opening or cloning a repository with git),
// loading the configuration, resolving the folders. Everything else receives what they return.
var rootOnly = map[string][]string{
	Module + "/internal/provider/git": {"New", "Clone"},
	Module + "/internal/config":       {"Load", "ResolveDirs"},
	"os":                              {"UserCacheDir", "UserConfigDir"},
}

// call is one call of a function rootOnly lists, and where it is.
type call struct {
	pos  token.Position
	name string
}

// rootOnlyCalls returns the calls of rootOnly functions in src, a Go
// file's text.
func rootOnlyCalls(fset *token.FileSet, path string, src any) ([]call, error) {
	f, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		return nil, err
	}
	local := map[string]string{} // the file's name for an import -> its path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		local[name] = p
	}
	var out []call
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || pkg.Obj != nil { // a local variable, not an import
			return true
		}
		for _, fn := range rootOnly[local[pkg.Name]] {
			if sel.Sel.Name == fn {
				out = append(out, call{fset.Position(sel.Pos()), local[pkg.Name] + "." + fn})
			}
		}
		return true
	})
	return out, nil
}

// TestOnlyTheRootBuildsProviders fails, naming file:line, when a package
// other than cmd/oss-dev builds the git provider, loads the configuration
// or resolves the folders itself. Tests and the test helpers (packages
// named ...test) wire their own, as the root does.
func TestOnlyTheRootBuildsProviders(t *testing.T) {
	root := sharedtest.ModuleRoot(t)
	fset := token.NewFileSet()
	var found []string
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor" || rel == "cmd/oss-dev" || strings.HasSuffix(name, "test")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files++
		calls, err := rootOnlyCalls(fset, path, nil)
		if err != nil {
			return err
		}
		for _, c := range calls {
			found = append(found, rel+":"+strconv.Itoa(c.pos.Line)+": "+c.name)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the module: %v", err)
	}
	if files == 0 {
		t.Fatal("found no Go files; is the module root right?")
	}
	sort.Strings(found)
	for _, f := range found {
		t.Errorf("%s is for cmd/oss-dev alone: take it from a constructor instead", f)
	}
}

func TestRootOnlyCallsAreFound(t *testing.T) {
	src := `package x

import (
	"os"
	cfg "github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

func f() {
	_, _ = git.New(".")
	_, _ = cfg.Load(cfg.LoadOptions{})
	_, _ = os.UserCacheDir()
	_ = cfg.ResolveDirs(nil)
	var os struct{ UserCacheDir func() }
	os.UserCacheDir()
	_ = cfg.FindRepoRoot(".")
}
`
	calls, err := rootOnlyCalls(token.NewFileSet(), "x.go", src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range calls {
		got = append(got, strconv.Itoa(c.pos.Line)+" "+c.name)
	}
	want := []string{
		"10 " + Module + "/internal/provider/git.New",
		"11 " + Module + "/internal/config.Load",
		"12 os.UserCacheDir",
		"13 " + Module + "/internal/config.ResolveDirs",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
