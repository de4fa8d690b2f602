package explain

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

// maxSignature bounds a printed signature or value, so a long composite
// literal does not swamp the outline.
const maxSignature = 120

// goSymbols lists every top-level declaration of f in source order.
func goSymbols(fset *token.FileSet, f *ast.File, file string) []Symbol {
	var out []Symbol
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			out = append(out, funcSymbol(fset, d, file))
		case *ast.GenDecl:
			out = append(out, genSymbols(fset, d, file)...)
		}
	}
	return out
}

func funcSymbol(fset *token.FileSet, d *ast.FuncDecl, file string) Symbol {
	s := Symbol{
		Name:      d.Name.Name,
		Kind:      "func",
		Signature: printNode(fset, &ast.FuncDecl{Recv: d.Recv, Name: d.Name, Type: d.Type}),
		File:      file,
		Line:      fset.Position(d.Pos()).Line,
		EndLine:   fset.Position(d.End()).Line,
		Exported:  d.Name.IsExported(),
	}
	if d.Recv != nil && len(d.Recv.List) > 0 {
		s.Kind = "method"
		s.Parent = receiverType(d.Recv.List[0].Type)
	}
	setDoc(fset, &s, d.Doc)
	return s
}

// receiverType names a receiver's type without pointer or type parameters.
func receiverType(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

func genSymbols(fset *token.FileSet, d *ast.GenDecl, file string) []Symbol {
	grouped := d.Lparen.IsValid()
	var out []Symbol
	for _, spec := range d.Specs {
		switch sp := spec.(type) {
		case *ast.TypeSpec:
			s := Symbol{Name: sp.Name.Name, Kind: "type", Signature: typeSignature(fset, sp), File: file, Exported: sp.Name.IsExported()}
			placeSpec(fset, &s, d, sp, grouped, sp.Doc, sp.Comment)
			out = append(out, s)
		case *ast.ValueSpec:
			kind := "var"
			if d.Tok == token.CONST {
				kind = "const"
			}
			for i, name := range sp.Names {
				if name.Name == "_" {
					continue
				}
				s := Symbol{Name: name.Name, Kind: kind, Signature: valueSignature(fset, kind, sp, i), File: file, Exported: name.IsExported()}
				placeSpec(fset, &s, d, sp, grouped, sp.Doc, sp.Comment)
				out = append(out, s)
			}
		}
	}
	return out
}

// placeSpec sets the lines and doc of a spec: its own in a group, the
// declaration's when it stands alone.
func placeSpec(fset *token.FileSet, s *Symbol, d *ast.GenDecl, sp ast.Spec, grouped bool, specDoc, lineComment *ast.CommentGroup) {
	if grouped {
		s.Line, s.EndLine = fset.Position(sp.Pos()).Line, fset.Position(sp.End()).Line
		if specDoc != nil {
			setDoc(fset, s, specDoc)
		} else if lineComment != nil {
			s.Doc = commentText(lineComment)
		}
		return
	}
	s.Line, s.EndLine = fset.Position(d.Pos()).Line, fset.Position(d.End()).Line
	if d.Doc != nil {
		setDoc(fset, s, d.Doc)
	} else if specDoc != nil {
		setDoc(fset, s, specDoc)
	} else if lineComment != nil {
		s.Doc = commentText(lineComment)
	}
}

func setDoc(fset *token.FileSet, s *Symbol, g *ast.CommentGroup) {
	if g == nil {
		return
	}
	s.Doc = commentText(g)
	s.docLine = fset.Position(g.Pos()).Line
}

func typeSignature(fset *token.FileSet, sp *ast.TypeSpec) string {
	head := "type " + sp.Name.Name
	if sp.TypeParams != nil {
		head += "[" + strings.Join(typeParams(fset, sp.TypeParams), ", ") + "]"
	}
	if sp.Assign.IsValid() {
		head += " ="
	}
	switch t := sp.Type.(type) {
	case *ast.StructType:
		return head + " struct"
	case *ast.InterfaceType:
		return head + " interface"
	default:
		return clipText(head + " " + printNode(fset, t))
	}
}

// typeParams renders type parameters as "Name Constraint".
func typeParams(fset *token.FileSet, fl *ast.FieldList) []string {
	var out []string
	for _, f := range fl.List {
		for _, n := range f.Names {
			out = append(out, n.Name+" "+printNode(fset, f.Type))
		}
	}
	return out
}

func valueSignature(fset *token.FileSet, kind string, sp *ast.ValueSpec, i int) string {
	sig := kind + " " + sp.Names[i].Name
	if sp.Type != nil {
		sig += " " + printNode(fset, sp.Type)
	}
	if i < len(sp.Values) {
		sig += " = " + printNode(fset, sp.Values[i])
	}
	return clipText(sig)
}

func printNode(fset *token.FileSet, n any) string {
	var buf bytes.Buffer
	if err := (&printer.Config{Mode: printer.UseSpaces, Tabwidth: 4}).Fprint(&buf, fset, n); err != nil {
		return ""
	}
	return collapse(buf.String())
}

// collapse joins a multi-line rendering into one line.
// commentText is the trimmed text of a comment group. go/ast's Text panics
// on a /* comment that a file with syntax errors leaves unterminated, so
// such a group has no text here.
func commentText(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	for _, c := range g.List {
		if strings.HasPrefix(c.Text, "/*") && (len(c.Text) < 4 || !strings.HasSuffix(c.Text, "*/")) {
			return ""
		}
	}
	return strings.TrimSpace(g.Text())
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func clipText(s string) string {
	if len(s) <= maxSignature {
		return s
	}
	cut := maxSignature
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// goImports lists the imports of f.
func goImports(fset *token.FileSet, f *ast.File, file string) []Import {
	out := []Import{}
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		imp := Import{Path: p, File: file, Line: fset.Position(is.Pos()).Line}
		if is.Name != nil {
			imp.Alias = is.Name.Name
		}
		out = append(out, imp)
	}
	return out
}

// loadGoFile outlines one Go file.
func loadGoFile(t *target, src []byte) (*unit, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, t.rel, src, parser.ParseComments|parser.SkipObjectResolution)
	u := &unit{language: "Go", source: string(src), files: []string{t.rel}}
	if f == nil {
		u.notes = append(u.notes, "the Go file does not parse: "+firstLine(err.Error()))
		u.outline, u.all, u.imports = []Symbol{}, []Symbol{}, []Import{}
		return u, nil
	}
	if err != nil {
		u.notes = append(u.notes, "the Go file has syntax errors; the outline may be partial: "+firstLine(err.Error()))
	}
	u.all = nonNil(goSymbols(fset, f, t.rel))
	u.outline = u.all
	u.imports = goImports(fset, f, t.rel)
	dir := path.Dir(t.rel)
	u.pkg = &Package{Name: f.Name.Name, ImportPath: goImportPath(t.dir, dir), Files: []string{t.rel}}
	if f.Doc != nil {
		u.pkg.Doc = commentText(f.Doc)
	}
	u.goDir = dir
	return u, nil
}

// loadGoPackage outlines the Go package in dir: its package comment and
// exported API through go/doc; every declaration stays findable by name.
func loadGoPackage(t *target, names []string) *unit {
	fset := token.NewFileSet()
	u := &unit{language: "Go", goDir: t.rel, imports: []Import{}}
	byPkg := map[string][]*ast.File{}
	var order []string
	for _, name := range names {
		rel := path.Join(t.rel, name)
		src, err := t.dir.ReadFile(rel, maxFileBytes)
		if err != nil {
			u.notes = append(u.notes, rel+" was not read: "+err.Error())
			continue
		}
		f, err := parser.ParseFile(fset, rel, src, parser.ParseComments|parser.SkipObjectResolution)
		if f == nil {
			u.notes = append(u.notes, rel+" does not parse: "+firstLine(err.Error()))
			continue
		}
		if isIgnoredBuild(f) {
			continue
		}
		if _, ok := byPkg[f.Name.Name]; !ok {
			order = append(order, f.Name.Name)
		}
		byPkg[f.Name.Name] = append(byPkg[f.Name.Name], f)
	}
	if len(order) == 0 {
		u.outline, u.all = []Symbol{}, []Symbol{}
		return u
	}
	pkgName := order[0]
	for _, n := range order {
		if len(byPkg[n]) > len(byPkg[pkgName]) {
			pkgName = n
		}
	}
	files := byPkg[pkgName]
	importPath := goImportPath(t.dir, t.rel)
	u.pkg = &Package{Name: pkgName, ImportPath: importPath, Files: []string{}}
	seen := map[string]bool{}
	for _, f := range files {
		file := fset.Position(f.Pos()).Filename
		u.pkg.Files = append(u.pkg.Files, file)
		u.files = append(u.files, file)
		u.all = append(u.all, goSymbols(fset, f, file)...)
		for _, imp := range goImports(fset, f, file) {
			if !seen[imp.Path] {
				seen[imp.Path] = true
				u.imports = append(u.imports, imp)
			}
		}
	}
	u.all = nonNil(u.all)
	sortImports(u.imports)
	p, err := doc.NewFromFiles(fset, files, importPath, doc.PreserveAST)
	if err != nil {
		u.notes = append(u.notes, "go/doc could not read the package: "+firstLine(err.Error()))
		u.outline = exportedOnly(u.all)
		return u
	}
	u.pkg.Doc = strings.TrimSpace(p.Doc)
	u.outline = nonNil(docOutline(fset, p))
	if pkgName == "main" {
		// A command has no exported API; its declarations are what it is.
		u.outline = u.all
	}
	return u
}

// docOutline orders the exported API as godoc does: constants, variables,
// functions, then each type with its constants, variables, constructors
// and methods.
func docOutline(fset *token.FileSet, p *doc.Package) []Symbol {
	var out []Symbol
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			out = append(out, exportedOnly(genSymbols(fset, v.Decl, fset.Position(v.Decl.Pos()).Filename))...)
		}
	}
	funcs := func(fs []*doc.Func) {
		for _, f := range fs {
			if f.Decl != nil && f.Decl.Name.IsExported() {
				out = append(out, funcSymbol(fset, f.Decl, fset.Position(f.Decl.Pos()).Filename))
			}
		}
	}
	values(p.Consts)
	values(p.Vars)
	funcs(p.Funcs)
	for _, ty := range p.Types {
		for _, s := range genSymbols(fset, ty.Decl, fset.Position(ty.Decl.Pos()).Filename) {
			if s.Name == ty.Name {
				out = append(out, s)
			}
		}
		values(ty.Consts)
		values(ty.Vars)
		funcs(ty.Funcs)
		funcs(ty.Methods)
	}
	return out
}

func exportedOnly(in []Symbol) []Symbol {
	out := []Symbol{}
	for _, s := range in {
		if s.Exported {
			out = append(out, s)
		}
	}
	return out
}

// isIgnoredBuild reports a file excluded from every build (//go:build
// ignore), such as a generator run with go run.
func isIgnoredBuild(f *ast.File) bool {
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "//go:build") && strings.Contains(c.Text, "ignore") {
				return true
			}
		}
	}
	return false
}

// goImportPath is the import path of the package in the folder rel (slash
// path from the root), from the nearest go.mod at or above it inside the
// root; "" when there is none.
func goImportPath(dir *safefile.Root, rel string) string {
	for d := rel; ; d = path.Dir(d) {
		if data, err := dir.ReadFile(path.Join(d, "go.mod"), safefile.ConfigMax); err == nil {
			if mod := modulePath(data); mod != "" {
				sub := strings.TrimPrefix(strings.TrimPrefix(rel, d), "/")
				if d == "." {
					sub = rel
				}
				if sub == "" || sub == "." {
					return mod
				}
				return mod + "/" + sub
			}
		}
		if d == "." || d == "/" {
			return ""
		}
	}
}

// modulePath reads the module line of a go.mod file.
func modulePath(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			rest = strings.TrimSpace(rest)
			if i := strings.Index(rest, "//"); i >= 0 {
				rest = strings.TrimSpace(rest[:i])
			}
			if u, err := strconv.Unquote(rest); err == nil {
				return u
			}
			return rest
		}
	}
	return ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// sortImports orders a package's imports as gofmt groups them: the
// standard library first, then the rest, each alphabetically.
func sortImports(imps []Import) {
	slices.SortStableFunc(imps, func(a, b Import) int {
		if sa, sb := isStdlib(a.Path), isStdlib(b.Path); sa != sb {
			if sa {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Path, b.Path)
	})
}

// isStdlib reports an import path of the standard library: its first
// element has no dot.
func isStdlib(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}
