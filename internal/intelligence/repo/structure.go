package repo

import (
	"path"
	"sort"
	"strconv"
	"strings"
)

// structure describes the top-level layout, the entry points and where the
// tests live.
func structure(t *tree) Structure {
	return Structure{TopLevel: topLevel(t), EntryPoints: entryPoints(t), Tests: testGroups(t)}
}

// roleByName gives the role a folder's name announces.
func roleByName(name string) string {
	n := strings.ToLower(name)
	switch n {
	case "src", "lib", "pkg", "internal", "cmd", "app", "apps", "packages", "crates", "source", "core", "server", "client", "api", "modules",
		"backend", "frontend", "web", "ui", "services", "service", "plugins", "components":
		return RoleSource
	case "test", "tests", "spec", "specs", "__tests__", "e2e", "testdata", "testing", "integration", "test_data", "fuzz", "fuzzing":
		return RoleTests
	case "doc", "docs", "documentation", "man", "website", "site", "book", "design", "rfcs",
		// changelog fragments, one file per change, gathered at release
		".changes", ".changeset", "changelog.d", "changes", "news":
		return RoleDocs
	case "example", "examples", "samples", "sample", "demo", "demos", "_examples", "tutorial", "tutorials":
		return RoleExamples
	case "scripts", "script", "hack", "bin", "contrib":
		return RoleScripts
	case "tools", "tool", "build", "buildscripts", "cmake", "make", "mk", "m4", ".devcontainer", ".vscode", ".idea", "gradle", ".mvn",
		".husky", "nix", ".cargo", "buildsrc", "build-logic":
		return RoleTooling
	case ".github", ".gitlab", ".circleci", "ci", ".ci", ".buildkite", ".azure-pipelines", ".travis":
		return RoleCI
	case "vendor", "third_party", "third-party", "thirdparty", "external", "extern", "deps", "node_modules":
		return RoleVendored
	case "generated", "gen", "autogen", "zz_generated":
		return RoleGenerated
	case "assets", "static", "public", "images", "img", "media", "resources", "fonts", "icons", "logo", "artwork":
		return RoleAssets
	case "config", "configs", "conf", "etc", "deploy", "deployment", "helm", "charts", "k8s", "manifests":
		return RoleConfig
	}
	// bench, benches (Cargo's folder), benchmark, benchmarks, benchsuite,
	// profiling: code that measures the project, which its tests do not run
	if strings.HasPrefix(n, "bench") || n == "profiling" || n == "perf" || n == "performance" {
		return RoleBenchmarks
	}
	return ""
}

// namedForTests reports whether a folder's name has a word that says
// tests: test-utils, tests-build, okhttp-hpacktests, integration-testing.
func namedForTests(name string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if w == "test" || w == "testing" || strings.HasSuffix(w, "tests") {
			return true
		}
	}
	return false
}

// moduleManifests are the build files that make a folder a module of its
// own: a library or program with its sources and tests.
var moduleManifests = []string{"Cargo.toml", "package.json", "pom.xml", "build.gradle", "build.gradle.kts", "go.mod", "pyproject.toml",
	"setup.py", "CMakeLists.txt", "meson.build", "composer.json"}

// moduleManifest returns the build file at the top of dir, or "".
func moduleManifest(t *tree, dir string) string {
	for _, m := range moduleManifests {
		if t.has(dir + "/" + m) {
			return m
		}
	}
	return ""
}

// topLevel gives every top-level folder a role: by its name when the name
// says it, else by what most of its files are.
func topLevel(t *tree) []Folder {
	type agg struct {
		files, vendored, generated, docs, tests, source int
		bytes                                           int64
		kinds                                           map[string]int
	}
	byDir := map[string]*agg{}
	for i := range t.files {
		f := &t.files[i]
		if f.skipped {
			continue
		}
		top, _, ok := strings.Cut(f.path, "/")
		if !ok {
			continue
		}
		a := byDir[top]
		if a == nil {
			a = &agg{}
			byDir[top] = a
		}
		a.files++
		a.bytes += f.size
		switch {
		case f.vendored:
			a.vendored++
		case f.generated:
			a.generated++
		case f.test != "":
			a.tests++
		case f.documentation || f.lang == "Markdown" || f.lang == "reStructuredText" || f.lang == "AsciiDoc":
			a.docs++
		case f.inStats:
			a.source++
		}
	}
	out := make([]Folder, 0, len(byDir))
	for name, a := range byDir {
		fo := Folder{Path: name + "/", Files: a.files, Bytes: a.bytes}
		fo.Role, fo.Reason = folderRole(t, name, a.files, a.vendored, a.generated, a.tests, a.docs, a.source)
		out = append(out, fo)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// folderRole decides a top-level folder's role from its name, then from
// its files: the counts of all, vendored, generated, test, documentation
// and source files.
func folderRole(t *tree, name string, files, vendored, generated, tests, docs, source int) (string, string) {
	if r := roleByName(name); r != "" {
		return r, "name"
	}
	role, reason := roleByContent(files, []struct {
		n    int
		role string
		what string
	}{
		{vendored, RoleVendored, "vendored"},
		{generated, RoleGenerated, "generated"},
		{tests, RoleTests, "test"},
		{docs, RoleDocs, "documentation"},
		// Source and its tests together make a source folder.
		{source + tests*btoi(source >= tests), RoleSource, "source and test"},
	})
	// A library for writing tests (kotlinx-coroutines-test, a testing
	// support module) is mostly source beside its own tests; a folder
	// otherwise named for tests holds tests and their fixtures.
	if namedForTests(name) && !(tests > 0 && source >= 2*tests) {
		return RoleTests, "name"
	}
	// A module with its own build file is source, however many test
	// files and fixtures sit beside its code.
	if (role == RoleTests || role == RoleOther) && source > 0 {
		if m := moduleManifest(t, name); m != "" {
			return RoleSource, "a module with its own " + m
		}
	}
	return role, reason
}

// roleByContent picks the kind most of a folder's files are, when it is at
// least half of them.
func roleByContent(total int, counts []struct {
	n    int
	role string
	what string
}) (string, string) {
	best := -1
	for i, c := range counts {
		if best < 0 || c.n > counts[best].n {
			best = i
		}
	}
	if best >= 0 && total > 0 && 2*counts[best].n >= total {
		c := counts[best]
		return c.role, itoaPct(c.n, total) + " " + c.what + " files"
	}
	return RoleOther, "no kind of file dominates"
}

func itoaPct(n, total int) string {
	return strconv.Itoa(100*n/total) + "%"
}

// entryPoints lists programs: Go main packages, package.json bin entries,
// Python console scripts, Cargo binaries, Java main classes, __main__.py.
func entryPoints(t *tree) []EntryPoint {
	out := []EntryPoint{}
	seenDir := map[string]int{}
	for i := range t.files {
		f := &t.files[i]
		if f.skipped || f.vendored || f.generated || f.mainLine == 0 || isExampleOrTestPath(f.path) {
			continue
		}
		d := dirOf(f.path)
		switch {
		case strings.HasSuffix(f.path, ".go"):
			name := path.Base(d)
			if d == "" {
				name = "."
			}
			ep := EntryPoint{Kind: "go-main", Name: name, Path: d + "/", Evidence: Location{Path: f.path, Line: f.mainLine}}
			if j, ok := seenDir[d]; ok {
				// main.go is the file a reader opens first.
				if path.Base(f.path) == "main.go" {
					out[j] = ep
				}
				continue
			}
			seenDir[d] = len(out)
			out = append(out, ep)
		case strings.HasSuffix(f.path, ".java"):
			out = append(out, EntryPoint{Kind: "java-main", Name: strings.TrimSuffix(path.Base(f.path), ".java"), Path: f.path, Evidence: Location{Path: f.path, Line: f.mainLine}})
		}
	}
	for p := range t.index {
		switch base := path.Base(p); {
		case base == "__main__.py" && !isExampleOrTestPath(p) && !t.files[t.index[p]].vendored:
			out = append(out, EntryPoint{Kind: "python-main", Name: path.Base(dirOf(p)), Path: p, Evidence: Location{Path: p}})
		case base == "main.rs" && strings.HasSuffix(dirOf(p), "src") && strings.Count(p, "/") <= 3 && !t.files[t.index[p]].vendored:
			out = append(out, EntryPoint{Kind: "cargo-bin", Name: crateName(t, dirOf(dirOf(p))), Path: p, Evidence: Location{Path: p}})
		case strings.HasPrefix(p, "src/bin/") && strings.HasSuffix(base, ".rs"):
			if name, ok := cargoBinName(p); ok {
				out = append(out, EntryPoint{Kind: "cargo-bin", Name: name, Path: p, Evidence: Location{Path: p}})
			}
		}
	}
	for _, p := range t.signal(func(b string) bool { return b == "package.json" || b == "pyproject.toml" || b == "setup.cfg" }) {
		if isExampleOrTestPath(p) {
			continue
		}
		data, _ := t.read(p)
		switch path.Base(p) {
		case "package.json":
			if pkg, ok := parsePackageJSON(data); ok {
				for _, b := range pkg.Bin {
					out = append(out, EntryPoint{Kind: "npm-bin", Name: b.Key, Path: join(dirOf(p), strings.TrimPrefix(b.Value, "./")), Evidence: Location{Path: p, Line: b.Line}})
				}
			}
		default:
			for _, s := range consoleScripts(data) {
				out = append(out, EntryPoint{Kind: "console-script", Name: s.Key, Path: s.Value, Evidence: Location{Path: p, Line: s.Line}})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Path < out[j].Path
	})
	return out
}

// cargoBinName names the binary Cargo builds from p under src/bin/ by its
// target auto-discovery: src/bin/NAME.rs and src/bin/NAME/main.rs are
// binaries; the other files of src/bin/NAME/ are that binary's modules.
func cargoBinName(p string) (string, bool) {
	rest := strings.TrimPrefix(p, "src/bin/")
	dir, file, nested := strings.Cut(rest, "/")
	switch {
	case !nested:
		return strings.TrimSuffix(rest, ".rs"), true
	case file == "main.rs":
		return dir, true
	}
	return "", false
}

// consoleScripts reads "name = module:func" entries under
// [project.scripts], [tool.poetry.scripts] or setup.cfg's console_scripts.
func consoleScripts(data []byte) []jsonEntry {
	var out []jsonEntry
	in := false
	for i, l := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(l)
		if strings.HasPrefix(s, "[") {
			in = s == "[project.scripts]" || s == "[tool.poetry.scripts]"
			continue
		}
		if s == "console_scripts =" || s == "console_scripts=" {
			in = true
			continue
		}
		if !in || s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		if k == "" || !strings.Contains(v, ":") {
			continue
		}
		out = append(out, jsonEntry{Key: k, Value: v, Line: i + 1})
	}
	return out
}

// testEcosystem tells which ecosystem's convention makes rel a test file.
func testEcosystem(rel string) string {
	base := path.Base(rel)
	dir := "/" + dirOf(rel) + "/"
	inTestDir := strings.Contains(dir, "/test/") || strings.Contains(dir, "/tests/") || strings.Contains(dir, "/__tests__/") || strings.Contains(dir, "/spec/")
	switch ext := path.Ext(base); ext {
	case ".go":
		if strings.HasSuffix(base, "_test.go") {
			return "go"
		}
	case ".py":
		if strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") || base == "conftest.py" || (inTestDir && base != "__init__.py") {
			return "python"
		}
	case ".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".vue":
		// test/ is the folder ava, mocha and node --test read by default.
		if strings.Contains(base, ".test.") || strings.Contains(base, ".spec.") || strings.Contains(dir, "/__tests__/") ||
			strings.HasPrefix(dir, "/test/") || strings.HasPrefix(dir, "/tests/") {
			return "javascript"
		}
	case ".java", ".kt", ".scala", ".groovy":
		if strings.Contains(dir, "/src/test/") || strings.HasSuffix(strings.TrimSuffix(base, ext), "Test") || strings.HasSuffix(strings.TrimSuffix(base, ext), "Tests") {
			return "jvm"
		}
	case ".rs":
		if strings.HasPrefix(dir, "/tests/") || strings.Contains(dir, "/tests/") {
			return "rust"
		}
	case ".rb":
		if strings.HasSuffix(base, "_spec.rb") || strings.HasSuffix(base, "_test.rb") || strings.HasPrefix(base, "test_") {
			return "ruby"
		}
	case ".php":
		if strings.HasSuffix(base, "Test.php") {
			return "php"
		}
	case ".cs":
		if strings.HasSuffix(base, "Tests.cs") || strings.HasSuffix(base, "Test.cs") {
			return "dotnet"
		}
	case ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp":
		stem := strings.TrimSuffix(base, ext)
		if strings.HasSuffix(stem, "_test") || strings.HasSuffix(stem, "_unittest") || strings.HasPrefix(stem, "test_") || inTestDir {
			return "c/c++"
		}
	case ".swift":
		if strings.HasSuffix(base, "Tests.swift") || strings.Contains(dir, "/Tests/") {
			return "swift"
		}
	case ".exs":
		if strings.HasSuffix(base, "_test.exs") {
			return "elixir"
		}
	}
	return ""
}

// testPatterns documents each ecosystem's rule, for the report.
func testPattern(eco string) string {
	switch eco {
	case "go":
		return "*_test.go"
	case "python":
		return "test_*.py, *_test.py, conftest.py, tests/**/*.py"
	case "javascript":
		return "*.test.*, *.spec.*, __tests__/, test(s)/**"
	case "jvm":
		return "src/test/**, *Test.java, *Tests.java"
	case "rust":
		return "tests/**/*.rs"
	case "ruby":
		return "*_spec.rb, *_test.rb, test_*.rb"
	case "php":
		return "*Test.php"
	case "dotnet":
		return "*Tests.cs, *Test.cs"
	case "c/c++":
		return "*_test.c*, *_unittest.c*, test_*.c*, test(s)/**"
	case "swift":
		return "*Tests.swift, Tests/"
	case "elixir":
		return "*_test.exs"
	}
	return ""
}

// testGroups counts test files per ecosystem with their busiest folders.
func testGroups(t *tree) []TestGroup {
	type agg struct {
		files int
		dirs  map[string]int
	}
	by := map[string]*agg{}
	for i := range t.files {
		f := &t.files[i]
		if f.skipped || f.vendored || f.test == "" {
			continue
		}
		a := by[f.test]
		if a == nil {
			a = &agg{dirs: map[string]int{}}
			by[f.test] = a
		}
		a.files++
		a.dirs[testDirKey(f.path)]++
	}
	out := []TestGroup{}
	for eco, a := range by {
		g := TestGroup{Ecosystem: eco, Pattern: testPattern(eco), Files: a.files, Dirs: []DirStat{}}
		for d, n := range a.dirs {
			g.Dirs = append(g.Dirs, DirStat{Path: d, Files: n})
		}
		sort.Slice(g.Dirs, func(i, j int) bool {
			if g.Dirs[i].Files != g.Dirs[j].Files {
				return g.Dirs[i].Files > g.Dirs[j].Files
			}
			return g.Dirs[i].Path < g.Dirs[j].Path
		})
		if len(g.Dirs) > 5 {
			g.Dirs = g.Dirs[:5]
		}
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Files != out[j].Files {
			return out[i].Files > out[j].Files
		}
		return out[i].Ecosystem < out[j].Ecosystem
	})
	return out
}

// testDirKey groups a test file under its top two folders, so the report
// says "pkg/api/" rather than one line per leaf folder.
func testDirKey(p string) string {
	d := dirOf(p)
	if d == "" {
		return "./"
	}
	parts := strings.SplitN(d, "/", 3)
	if len(parts) > 2 {
		parts = parts[:2]
	}
	return strings.Join(parts, "/") + "/"
}

// crateName reads the package name from the Cargo.toml in dir, falling
// back to the folder's name.
func crateName(t *tree, dir string) string {
	data, _ := t.read(join(dir, "Cargo.toml"))
	for _, l := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(l, "=")
		if ok && strings.TrimSpace(k) == "name" {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	if dir == "" {
		return "."
	}
	return path.Base(dir)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
