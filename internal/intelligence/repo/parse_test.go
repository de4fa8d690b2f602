package repo

import (
	"reflect"
	"strings"
	"testing"
)

func TestWildmatch(t *testing.T) {
	tests := []struct {
		pat, path string
		want      bool
	}{
		{"*.go", "main.go", true},
		{"*.go", "a/main.go", false}, // '*' stops at '/'
		{"a/*.go", "a/b/main.go", false},
		{"a/**", "a/b/c.go", true},
		{"a/**", "a", false},
		{"**/x.go", "x.go", true},
		{"**/x.go", "a/b/x.go", true},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "ab", false},
		{"a**b", "a/b", false}, // not a whole segment: like '*'
		{"a**b", "axxb", true},
		{"?.c", "a.c", true},
		{"?.c", "/.c", false},
		{"[abc].c", "b.c", true},
		{"[!abc].c", "b.c", false},
		{"[a-c].c", "c.c", true},
		{"[[:digit:]].c", "7.c", true},
		{`\*.c`, "*.c", true},
		{`\*.c`, "a.c", false},
		{"[", "[", true},
		{"", "", true},
	}
	for _, tt := range tests {
		if got := compilePattern(tt.pat).match(tt.path); got != tt.want {
			t.Errorf("match(%q, %q) = %v, want %v", tt.pat, tt.path, got, tt.want)
		}
	}
}

func TestGitattributesLookup(t *testing.T) {
	var a Attributes
	a.parse(".gitattributes", []byte("# c\n*.min.js linguist-vendored\n/docs/** linguist-documentation\nlib linguist-vendored\n[attr]foo bar\n*.x -linguist-generated linguist-language=Go\n\"with space.txt\" linguist-detectable\n*.y linguist-vendored\n*.y !linguist-vendored\nbuild/ linguist-generated\n"))
	a.parse("sub/.gitattributes", []byte("*.x linguist-generated\ndeep/*.js linguist-vendored=false\n"))
	tests := []struct {
		path, attr string
		val, ok    bool
		line       int
	}{
		{"a/b/app.min.js", "linguist-vendored", true, true, 2},
		{"docs/x/y.md", "linguist-documentation", true, true, 3},
		{"sub/docs/y.md", "linguist-documentation", false, false, 0}, // anchored to the root
		{"lib/a.c", "linguist-vendored", false, false, 0},            // a folder pattern does not apply inside
		{"lib", "linguist-vendored", true, true, 4},
		{"q.x", "linguist-generated", false, true, 6},
		{"sub/q.x", "linguist-generated", true, true, 1}, // the deeper file wins
		{"with space.txt", "linguist-detectable", true, true, 7},
		{"z.y", "linguist-vendored", false, false, 0}, // ! makes it unspecified again
		{"build/out.js", "linguist-generated", false, false, 0},
		{"sub/deep/a.js", "linguist-vendored", false, true, 2},
		{"deep/a.js", "linguist-vendored", false, false, 0},
	}
	for _, tt := range tests {
		m := a.Lookup(tt.path)
		val, ok, src := boolAttr(m, tt.attr)
		if val != tt.val || ok != tt.ok || src.Line != tt.line {
			t.Errorf("%s %s = %v,%v line %d; want %v,%v line %d", tt.path, tt.attr, val, ok, src.Line, tt.val, tt.ok, tt.line)
		}
	}
	if st := a.Lookup("q.x")["linguist-language"]; st.value != "Go" {
		t.Errorf("linguist-language = %q, want Go", st.value)
	}
}

func TestCountLines(t *testing.T) {
	tests := []struct {
		lang, src string
		want      LineCounts
	}{
		{"Go", "package a\n\n// c\n/* a\nb */\nx := 1 // c\n/* c */ y := 2\n", LineCounts{Code: 3, Comment: 3, Blank: 1}},
		{"Python", "\"\"\"Doc.\n\nMore.\n\"\"\"\n# c\nx = 1  # c\ns = \"\"\"not a comment\"\"\"\n", LineCounts{Code: 2, Comment: 5}},
		{"Lua", "--[[ block\nstill ]]\n-- line\nprint(1)\n", LineCounts{Code: 1, Comment: 3}},
		{"Shell", "#!/bin/sh\n\necho hi # c\n", LineCounts{Code: 1, Comment: 1, Blank: 1}},
		{"HTML", "<!-- a\nb -->\n<p>x</p>\n", LineCounts{Code: 1, Comment: 2}},
		{"Unknown", "a\n\n#b\n", LineCounts{Code: 2, Blank: 1}},
		{"C", "int a; /* open\n\nclose */ int b;\n", LineCounts{Code: 2, Comment: 1}},
	}
	for _, tt := range tests {
		syn, known := commentSyntaxFor(tt.lang)
		if got := countLines([]byte(tt.src), syn, known); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.lang, got, tt.want)
		}
	}
}

func TestParseMakeTargets(t *testing.T) {
	src := ".PHONY: all test\nVAR := x\nOTHER = a:b\nall: build\n\ntest: all ## run tests\n\t@go test \\\n\t  ./...\n\t-rm -f x\n%.o: %.c\n\tcc $<\n$(BIN): main.go\n\tgo build\ninclude other.mk\ndefine RECIPE\nfake: x\nendef\nlint fmt:\n\tgolangci-lint run\ncheck: ; go vet ./...\n$(warning \"could not find golangci-lint in $(PATH), run: curl -sfL https://x | sh\")\n" +
		"fmtargs.h: gen.py\n\tpython gen.py > $@\nMakefile.dep:\n\tcc -MM *.c\nbin/tool: main.go\n\tgo build -o $@\n.PHONY : test.unit\ntest.unit:\n\tgo test ./unit\n"
	got := parseMakeTargets([]byte(src))
	var names []string
	for _, tg := range got {
		names = append(names, tg.Name+"@"+jsonInt(tg.Line))
	}
	want := []string{"all@4", "test@6", "lint@18", "fmt@18", "check@20", "test.unit@29"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("targets = %v, want %v", names, want)
	}
	if r := got[1].Recipe; !reflect.DeepEqual(r, []string{"go test  ./...", "rm -f x"}) {
		t.Errorf("test recipe = %q", r)
	}
	if got[4].Recipe[0] != "go vet ./..." {
		t.Errorf("inline recipe = %q", got[4].Recipe)
	}
}

func TestParseJustRecipes(t *testing.T) {
	src := "set shell := [\"bash\"]\nversion := \"1\"\n# build it\n@build target='x':\n    go build\n[private]\nhelper:\n  echo hi\nalias b := build\ntest: build\n    go test ./...\n"
	var names []string
	for _, r := range parseJustRecipes([]byte(src)) {
		names = append(names, r.Name+"@"+jsonInt(r.Line))
	}
	want := []string{"build@4", "helper@7", "test@10"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("recipes = %v, want %v", names, want)
	}
}

func TestParsePackageJSON(t *testing.T) {
	src := `{
  "name": "x",
  "config": {"a": [1, {"b": 2}]},
  "scripts": {
    "build": "tsc",
    "nested": {"no": "x"},
    "test": "jest"
  },
  "bin": "./cli.js"
}`
	p, ok := parsePackageJSON([]byte(src))
	if !ok {
		t.Fatal("not parsed")
	}
	if len(p.Scripts) != 2 || p.Scripts[0] != (jsonEntry{"build", "tsc", 5}) || p.Scripts[1] != (jsonEntry{"test", "jest", 7}) {
		t.Errorf("scripts = %+v", p.Scripts)
	}
	if len(p.Bin) != 1 || p.Bin[0].Key != "x" || p.Bin[0].Value != "./cli.js" || p.Bin[0].Line != 9 {
		t.Errorf("bin = %+v", p.Bin)
	}
	if _, ok := parsePackageJSON([]byte(`[1]`)); ok {
		t.Error("an array parsed as package.json")
	}
}

func TestParseGitHubWorkflow(t *testing.T) {
	src := "on: push\njobs:\n  a:\n    defaults:\n      run:\n        working-directory: web\n    steps:\n      - run: npm ci\n      - run: |\n          npm run build \\\n            --prod\n          # note\n          cd sub && make test\n      - uses: golangci/golangci-lint-action@v6\n        working-directory: api\n  b:\n    steps:\n      - run: go test ./...\n"
	got := parseGitHubWorkflow([]byte(src))
	want := []ciStep{
		{Command: "npm ci", Dir: "web", Line: 8},
		{Command: "npm run build --prod", Dir: "web", Line: 10},
		{Command: "make test", Dir: "web/sub", Line: 13},
		{Command: "golangci-lint run", Dir: "api", Line: 14},
		{Command: "go test ./...", Line: 18},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("steps = %+v\nwant %+v", got, want)
	}
}

func TestParseCIScripts(t *testing.T) {
	src := "stages: [test]\nunit:\n  before_script:\n    - pip install -e .\n  script:\n    - pytest -q\njobs:\n  x:\n    steps:\n      - run:\n          command: make lint\n"
	got := parseCIScripts([]byte(src))
	var cmds []string
	for _, s := range got {
		cmds = append(cmds, s.Command+"@"+jsonInt(s.Line))
	}
	want := []string{"pip install -e .@4", "pytest -q@6", "make lint@11"}
	if !reflect.DeepEqual(cmds, want) {
		t.Errorf("steps = %v, want %v", cmds, want)
	}
}

func TestScriptKind(t *testing.T) {
	for _, c := range []struct{ name, body, want string }{
		{"check", "turbo lint typecheck format:check && manypkg check", KindFormat},
		{"check", "npm run lint && npm test", KindTest},
		{"check", "biome check .", KindLint},
		{"check", "node scripts/verify.js", KindTest},
		{"test", "vitest run", KindTest},
	} {
		if got := scriptKind(c.name, c.body); got != c.want {
			t.Errorf("scriptKind(%q, %q) = %q, want %q", c.name, c.body, got, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	names := map[string]string{"test": KindTest, "test:unit": KindTest, "lint": KindLint, "golangci-lint": KindLint, "fmt": KindFormat,
		"format:check": KindFormat, "build": KindBuild, "all": KindBuild, "deps": KindSetup, "release": KindRelease, "clean": "", "docs": KindDocs, "install-hooks": KindHooks}
	for n, want := range names {
		if got := classifyName(n); got != want {
			t.Errorf("classifyName(%q) = %q, want %q", n, got, want)
		}
	}
	cmds := map[string]string{"go test -race ./...": KindTest, "cargo fmt --check": KindFormat, "npx eslint .": KindLint,
		"pip install -r requirements.txt": KindSetup, "cmake --build build": KindBuild, "./deploy.sh": KindRelease, "make -C docs linkcheck": KindDocs, "cargo update -p serde --precise 1.0.100": KindMaintenance,
		"pre-commit install": KindHooks, "npx husky install": KindHooks, "cargo check --all-targets": KindBuild, "cargo install cargo-fuzz": KindInstall,
		"pip install mkdocs-material": KindDocs, "python -m pip install -e .[test]": KindSetup, "npm publish --access public": KindRelease,
		"ctest -C Release --output-on-failure": KindTest, "mvn verify javadoc:jar": KindTest, "./gradlew allTests": KindTest,
		"python -m nox -s prepare-release -- 99.9": KindRelease, "python -m nox -s test-3.10 -- tests/unit": KindTest,
		"cargo build --verbose --profile release-lto":                             KindBuild,
		"cargo metadata --no-deps --format-version 1 | jq -r '.packages[0].name'": "", "cargo doc --locked --no-deps": KindDocs,
		"cargo fmt -- --check": KindFormat, "mvn -B verify": KindTest, "npx tsc --noEmit": KindLint, "black .": KindFormat,
		"make": KindBuild, "make -j4 V=1": KindBuild, "make defect-detector": "", "make testacc": KindTest, "make -C bld V=1 test-ci": KindTest,
		"make clean all": KindBuild, "make deps test": KindTest, "make html": KindDocs, "pnpm build": KindBuild, "npm run build:prod": KindBuild,
		"python -m build --sdist": KindBuild, "cd src && make": KindBuild, "uv run ./scripts/translate.py make-pr": "", "node tests/server.js &": "", "./vendor/bin/http_test_server &> /dev/null &": "",
		"./vendor/bin/phpunit": KindTest, "vendor/bin/psalm.phar --no-cache": KindLint, "mix deps.get --only test": KindSetup, "dotnet restore": KindSetup,
		"npx mocha test/": KindTest, "cargo test --no-run --lib --features full": KindBuild, "./gradlew okcurl:nativeBuild": KindBuild, "./gradlew :app:assemble": KindBuild, "make test && make lint": KindTest, `uv run python -c 'from core import build_info; print(build_info)'`: "",
		"prove --merge --formatter TAP::Formatter::GitHubActions -l t": KindTest, "cpanm -n --installdeps .": KindSetup, "cpanm -n Perl::Tidy": KindInstall,
		"busted --coverage": KindTest, "luarocks install busted": KindInstall, "dart pub get": KindSetup, "dart test --platform vm": KindTest,
		"dart analyze --fatal-infos": KindLint, "flutter test --coverage": KindTest, "opam install --deps-only -t .": KindSetup,
		"opam exec -- dune runtest": KindTest, "opam exec -- dune fmt": KindFormat, "opam exec -- dune build -p a": KindBuild, "poetry check --lock": KindLint,
		"cabal install --installdir=bin pandoc-cli": KindInstall, "cabal build --dependencies-only all": KindSetup,
		"./gradlew testDemoDebug :lint:test": KindTest, "./gradlew :lint:test": KindTest, "./gradlew testClasses": KindBuild,
		"sbt githubWorkflowCheck": KindLint, "sbt 'project catsJS' '++ 2.12' test": KindTest, "sbt scalafmtCheckAll": KindFormat, "sbt +validate": KindTest, "sbt 'project catsNative' Test/nativeLink": KindBuild,
		`poetry run env PYTHONPATH="." python tests/repositories/fixtures/generate.py`: "", "python tests/run.py": KindTest}
	for c, want := range cmds {
		if got := classifyCommand(c); got != want {
			t.Errorf("classifyCommand(%q) = %q, want %q", c, got, want)
		}
	}
	for _, c := range []struct {
		tg   target
		want string
	}{
		{target{Name: "ci", Recipe: []string{"@echo 'make [target]'", "pytest -q"}}, KindTest},
		{target{Name: "help", Recipe: []string{"@grep -E '^[a-z]+:' $(MAKEFILE_LIST) | sort"}}, ""},
		{target{Name: "banner", Recipe: []string{"@echo ' make [target]'", "@printf 'make all'"}}, ""},
		{target{Name: "dist", Recipe: []string{"@echo building"}}, KindBuild},
		{target{Name: "static-analysis", Recipe: []string{"composer install", "vendor/bin/psalm.phar"}}, KindLint},
	} {
		if got := targetKind(c.tg); got != c.want {
			t.Errorf("targetKind(%s: %q) = %q, want %q", c.tg.Name, c.tg.Recipe, got, c.want)
		}
	}
}

func TestCommitConvention(t *testing.T) {
	mk := func(ss ...string) []testCommit { return toCommits(ss) }
	tests := []struct {
		subjects []string
		style    string
	}{
		{[]string{"feat: a", "fix(x): b", "docs: c", "Update readme"}, ConventionConventional},
		{[]string{"net/http: fix", "cmd/go: add", "all: tidy", "runtime: speed up"}, ConventionArea},
		{[]string{"Add a thing", "Fix the bug", "Remove x", "Merge pull request #1"}, ConventionCapitalized},
		{[]string{"added stuff", "wip", "Fixed it", "more"}, ConventionNone},
		{nil, ConventionUnknown},
	}
	for _, tt := range tests {
		got := commitConvention(mk(tt.subjects...))
		if got.Style != tt.style {
			t.Errorf("%v: style %q, want %q", tt.subjects, got.Style, tt.style)
		}
	}
}

func TestIsSignalFile(t *testing.T) {
	for p, want := range map[string]bool{"package.json": true, "a/b/package.json": true, "a/b/c/package.json": false,
		".github/workflows/ci.yml": true, ".github/workflows/x/ci.yml": false, "LICENSE": true, "docs/CONTRIBUTING.md": true,
		"main.go": false, "requirements-dev.txt": true} {
		if got := isSignalFile(p); got != want {
			t.Errorf("isSignalFile(%q) = %v", p, got)
		}
	}
	if !strings.Contains(testPattern("go"), "_test.go") {
		t.Error("go test pattern")
	}
}

func TestCargoBinaries(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"Cargo.toml":             "[package]\nname = \"viewer\"\nversion = \"0.1.0\"\n",
		"src/lib.rs":             "pub fn f() {}\n",
		"src/bin/viewer/main.rs": "mod app;\nfn main() {}\n",
		"src/bin/viewer/app.rs":  "pub fn run() {}\n",
		"src/bin/extra.rs":       "fn main() {}\n",
	}, "Add the crate")
	var got []string
	for _, e := range analyzeRepo(t, dir).Structure.EntryPoints {
		got = append(got, e.Kind+" "+e.Name+" "+e.Path)
	}
	// app.rs is a module of the viewer binary, not a binary of its own.
	want := []string{"cargo-bin extra src/bin/extra.rs", "cargo-bin viewer src/bin/viewer/main.rs"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entry points = %q, want %q", got, want)
	}
}

func TestDropVendored(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		".gitattributes":                    "syntax-tests/** linguist-vendored\nthird_party/kept/** linguist-vendored=false\n",
		"Cargo.toml":                        "[package]\nname = \"a\"\n",
		"syntax-tests/TOML/Cargo.toml":      "[package]\nname = \"fixture\"\n",
		"third_party/lib/package.json":      "{}\n",
		"third_party/kept/requirements.txt": "six\n",
	}, "Add files")
	// The list holds .gitattributes as git ls-files prints it; linguist
	// counts it vendored, and the dependency scan has no use for it.
	paths := []string{".gitattributes", "Cargo.toml", "syntax-tests/TOML/Cargo.toml", "third_party/lib/package.json", "third_party/kept/requirements.txt"}
	got := DropVendored(dir, paths)
	want := []string{"Cargo.toml", "third_party/kept/requirements.txt"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DropVendored = %q, want %q", got, want)
	}
}

func TestTestEcosystemJavaScript(t *testing.T) {
	for p, want := range map[string]string{
		"test/agent.ts":        "javascript", // ava, as in sindresorhus/got
		"tests/unit.mjs":       "javascript",
		"src/app.test.ts":      "javascript",
		"src/__tests__/a.js":   "javascript",
		"source/agent.ts":      "",
		"docs/test/example.js": "",
	} {
		if got := testEcosystem(p); got != want {
			t.Errorf("testEcosystem(%q) = %q, want %q", p, got, want)
		}
	}
}
