package explain

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Limits of the test search.
const (
	maxTestFunctions = 12
	maxTestFiles     = 20
	maxWalkFiles     = 20000
)

// Reasons a test file is listed.
const (
	ReasonName      = "name"
	ReasonPackage   = "package"
	ReasonReference = "reference"
)

// findTests lists the test files that cover the target and, in each, the
// test functions that mention it.
func findTests(ctx context.Context, t *target, u *unit, sym *Symbol, refPaths []string) []TestFile {
	names := targetNames(t, u, sym)
	var out []TestFile
	seen := map[string]bool{}
	add := func(tf TestFile) {
		if !seen[tf.Path] && len(out) < maxTestFiles {
			seen[tf.Path] = true
			out = append(out, tf)
		}
	}
	if u.goDir != "" {
		for _, tf := range goPackageTests(t, u, sym, names) {
			add(tf)
		}
	} else {
		for _, p := range namedTests(ctx, t, u) {
			if tf, ok := otherTest(t.dir, p, ReasonName, names, sym == nil); ok {
				add(tf)
			}
		}
	}
	for _, p := range refPaths {
		if seen[p] || !isTestPath(p) {
			continue
		}
		var tf TestFile
		var ok bool
		if strings.HasSuffix(p, "_test.go") {
			tf, ok = goTestFile(t.dir, p, ReasonReference, names, false)
		} else {
			tf, ok = otherTest(t.dir, p, ReasonReference, names, false)
		}
		if ok {
			add(tf)
		}
	}
	return nonNil(out)
}

// targetNames are the identifiers whose mention ties a test to the target:
// the symbol's name, or the top-level names of the file or folder (and the
// base name other code knows a non-Go file by).
func targetNames(t *target, u *unit, sym *Symbol) map[string]bool {
	names := map[string]bool{}
	if sym != nil {
		names[sym.Name] = true
		return names
	}
	for _, s := range u.all {
		if s.Parent == "" && len(s.Name) > 1 {
			names[s.Name] = true
		}
	}
	if u.goDir == "" {
		if b := baseName(t.rel, t.isDir); b != "" {
			names[b] = true
		}
	}
	return names
}

// goPackageTests reads the _test.go files of the Go package folder.
func goPackageTests(t *target, u *unit, sym *Symbol, names map[string]bool) []TestFile {
	relDir := u.goDir
	entries, err := t.dir.ReadDir(relDir)
	if err != nil {
		return nil
	}
	stem := ""
	if !t.isDir && sym == nil {
		stem = strings.TrimSuffix(path.Base(t.rel), ".go")
	}
	var named, others []TestFile
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		rel := path.Join(relDir, e.Name())
		switch {
		case t.isDir && sym == nil:
			if tf, ok := goTestFile(t.dir, rel, ReasonPackage, nil, true); ok {
				others = append(others, tf)
			}
		case stem != "" && strings.TrimSuffix(e.Name(), "_test.go") == stem:
			if tf, ok := goTestFile(t.dir, rel, ReasonName, nil, true); ok {
				named = append(named, tf)
			}
		default:
			if tf, ok := goTestFile(t.dir, rel, ReasonPackage, names, false); ok {
				others = append(others, tf)
			}
		}
	}
	return append(named, others...)
}

// goTestFile lists the test, benchmark, fuzz and example functions of a Go
// test file that mention one of names (every one when all is set). ok is
// false when none do.
func goTestFile(dir *safefile.Root, rel, reason string, names map[string]bool, all bool) (TestFile, bool) {
	src, err := dir.ReadFile(rel, maxFileBytes)
	if err != nil {
		return TestFile{}, false
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, parser.SkipObjectResolution)
	if f == nil || err != nil && f.Decls == nil {
		return TestFile{}, false
	}
	tf := TestFile{Path: rel, Reason: reason, Functions: []string{}}
	found := 0
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !isGoTestName(fn.Name.Name) || fn.Body == nil {
			continue
		}
		if !all && !mentions(fn.Body, names) {
			continue
		}
		found++
		if len(tf.Functions) < maxTestFunctions {
			tf.Functions = append(tf.Functions, fn.Name.Name)
		} else {
			tf.MoreFunctions++
		}
	}
	// A test file outside the package that mentions the target through a
	// helper still covers it.
	return tf, found > 0 || (all && reason == ReasonName) || reason == ReasonReference
}

func isGoTestName(name string) bool {
	for _, p := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			if rest == "" || rest[0] == '_' || !(rest[0] >= 'a' && rest[0] <= 'z') {
				return true
			}
		}
	}
	return false
}

// mentions reports whether n uses one of names as an identifier (a
// selector's name included).
func mentions(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// namedTests finds test files named after the target by the usual
// conventions of each ecosystem (test_x.py, x_test.py, x.test.ts,
// x.spec.js, XTest.java, x_spec.rb, tests/x.rs).
func namedTests(ctx context.Context, t *target, u *unit) []string {
	want := strings.ToLower(baseName(t.rel, t.isDir))
	if want == "" {
		return nil
	}
	var out []string
	for _, p := range candidateFiles(ctx, t) {
		if isTestPath(p) && testStem(p) == want && p != t.rel {
			out = append(out, p)
		}
	}
	return out
}

// candidateFiles lists the repository's tracked files, or outside git the
// files under the root (bounded).
func candidateFiles(ctx context.Context, t *target) []string {
	if t.repo != nil {
		files, err := t.repo.LsFiles(ctx)
		if err == nil {
			return files
		}
	}
	var out []string
	_ = filepath.WalkDir(t.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(out) >= maxWalkFiles {
			return filepath.SkipDir
		}
		if d.IsDir() {
			if p != t.root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if rel, err := filepath.Rel(t.root, p); err == nil {
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

// isTestPath reports whether a path is a test file by name or folder.
func isTestPath(p string) bool {
	base := path.Base(p)
	lang := languageOf(base)
	if lang == "" {
		return false
	}
	lower := strings.ToLower(base)
	stem := strings.TrimSuffix(lower, path.Ext(lower))
	switch {
	case strings.HasPrefix(stem, "test_"), strings.HasSuffix(stem, "_test"), strings.HasSuffix(stem, "_spec"),
		strings.HasSuffix(stem, ".test"), strings.HasSuffix(stem, ".spec"),
		strings.HasSuffix(strings.TrimSuffix(base, path.Ext(base)), "Test"),
		strings.HasSuffix(strings.TrimSuffix(base, path.Ext(base)), "Tests"):
		return true
	}
	for _, seg := range strings.Split(path.Dir(p), "/") {
		switch seg {
		case "test", "tests", "__tests__", "spec", "specs", "testing":
			return true
		}
	}
	return false
}

// testStem is a test file's name with the test markers removed, in lower
// case: test_parser.py, parser_test.go, parser.spec.ts, ParserTest.java
// all give "parser".
func testStem(p string) string {
	base := path.Base(p)
	stem := strings.TrimSuffix(base, path.Ext(base))
	for _, suf := range []string{"Tests", "Test"} {
		if s, ok := strings.CutSuffix(stem, suf); ok && s != "" {
			stem = s
			break
		}
	}
	stem = strings.ToLower(stem)
	stem = strings.TrimPrefix(stem, "test_")
	for _, suf := range []string{"_test", "_spec", ".test", ".spec"} {
		stem = strings.TrimSuffix(stem, suf)
	}
	return stem
}

// testFunc is one test found in a non-Go file, with its line range.
type testFunc struct {
	name       string
	start, end int
}

// otherTest reads a non-Go test file and lists its tests that mention one
// of names (every test when all is set).
func otherTest(dir *safefile.Root, rel, reason string, names map[string]bool, all bool) (TestFile, bool) {
	src, err := dir.ReadFile(rel, maxFileBytes)
	if err != nil {
		return TestFile{}, false
	}
	lines := strings.Split(string(src), "\n")
	tf := TestFile{Path: rel, Reason: reason, Functions: []string{}}
	found := 0
	for _, fn := range testFunctions(languageOf(rel), lines) {
		if !all && !textMentions(lines[fn.start-1:fn.end], names) {
			continue
		}
		found++
		if len(tf.Functions) < maxTestFunctions {
			tf.Functions = append(tf.Functions, fn.name)
		} else {
			tf.MoreFunctions++
		}
	}
	if found == 0 && !(all && reason == ReasonName) {
		// A file that mentions the target but whose tests we cannot tell
		// apart still covers it.
		if reason != ReasonReference || !textMentions(lines, names) {
			return TestFile{}, false
		}
	}
	return tf, true
}

// textMentions reports whether one of names occurs as a word in lines.
func textMentions(lines []string, names map[string]bool) bool {
	for _, l := range lines {
		start := -1
		for i := 0; i <= len(l); i++ {
			word := i < len(l) && isWordByte(l[i])
			if word && start < 0 {
				start = i
			}
			if !word && start >= 0 {
				if names[l[start:i]] {
					return true
				}
				start = -1
			}
		}
	}
	return false
}

// testFunctions finds the tests of a Python, JavaScript/TypeScript,
// Java/Kotlin, Rust or Ruby file with their line ranges.
func testFunctions(lang string, lines []string) []testFunc {
	var out []testFunc
	switch lang {
	case "Python":
		def := regexp.MustCompile(`^\s*(?:async\s+)?def\s+(test\w*)\s*\(`)
		class := regexp.MustCompile(`^(\s*)class\s+(Test\w*)`)
		className, classIndent := "", -1
		for i, l := range lines {
			if m := class.FindStringSubmatch(l); m != nil {
				className, classIndent = m[2], len(m[1])
				continue
			}
			if m := def.FindStringSubmatch(l); m != nil {
				name := m[1]
				if className != "" && indentOf(l) > classIndent {
					name = className + "." + name
				}
				out = append(out, testFunc{name, i + 1, indentEnd(lines, i+1)})
			} else if strings.TrimSpace(l) != "" && indentOf(l) <= classIndent {
				className, classIndent = "", -1
			}
		}
	case "JavaScript", "TypeScript":
		call := regexp.MustCompile("^\\s*(?:it|test)(?:\\.(?:only|skip|concurrent|each\\([^)]*\\)))?\\s*\\(\\s*(['\"`])(.*?)['\"`]")
		for i, l := range lines {
			if m := call.FindStringSubmatch(l); m != nil {
				out = append(out, testFunc{m[2], i + 1, blockEnd(lang, lines, i+1)})
			}
		}
	case "Java", "Kotlin", "Rust":
		marker, fn := "@Test", regexp.MustCompile(`(?:void|fun)\s+(\w+)\s*\(`)
		if lang == "Rust" {
			marker, fn = "#[test]", regexp.MustCompile(`fn\s+(\w+)\s*[<(]`)
		}
		for i := 0; i < len(lines); i++ {
			if !strings.HasPrefix(strings.TrimSpace(lines[i]), marker) {
				continue
			}
			for j := i; j < len(lines) && j < i+6; j++ {
				if m := fn.FindStringSubmatch(lines[j]); m != nil {
					out = append(out, testFunc{m[1], j + 1, blockEnd(lang, lines, j+1)})
					i = j
					break
				}
			}
		}
	case "Ruby":
		def := regexp.MustCompile(`^\s*(?:def\s+(test_\w+)|it\s+['"](.+?)['"])`)
		for i, l := range lines {
			if m := def.FindStringSubmatch(l); m != nil {
				name := m[1] + m[2]
				out = append(out, testFunc{name, i + 1, rubyEnd(lines, i+1)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b testFunc) int { return a.start - b.start })
	return out
}

// rubyEnd finds the "end" that closes the block opened at line, by indentation.
func rubyEnd(lines []string, line int) int {
	base := indentOf(lines[line-1])
	for i := line; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "end" && indentOf(lines[i]) == base {
			return i + 1
		}
	}
	return line
}

// isWordByte is a byte of an identifier in the languages tests are written in.
func isWordByte(b byte) bool {
	return b == '_' || b == '$' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
