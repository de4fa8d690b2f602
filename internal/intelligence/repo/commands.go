package repo

import (
	"path"
	"sort"
	"strings"
)

// maxPerKind bounds the commands reported for each kind.
const maxPerKind = 10

// Source priorities: lower ranks first among commands CI does not run.
const (
	prioTask      = 1 // a Makefile or justfile target the project wrote
	prioScript    = 2 // a package.json/composer script, a tox env, a nox session
	prioEcosystem = 3 // the ecosystem's own default (go test ./..., cargo test)
	// prioInferred is a target whose name says nothing of its kind, known
	// only from what its recipe runs ("protobuf: go run ./compile"): a
	// guess, after the ecosystem's default.
	prioInferred = 4
)

// candidate is a command found somewhere, before ranking.
type candidate struct {
	kind, command, dir string
	src                Location
	prio               int
	order              int
	recipe             []string // what a target runs, to recognise it in CI
	ciSources          []Location
	unresolved         string // the CI expression the command still holds
	aside              bool   // run by a docs, release or auxiliary job only
	matrixed           bool   // run by a job with several matrix combinations
	otherOS            bool   // run by CI on Windows or macOS only
	cell               cell   // the matrix step that gave a CI-only command
	variants           []string
	// frontEnd: a JavaScript package manager's command in a project
	// whose root holds another ecosystem's manifest too (Phoenix's npm
	// test beside mix.exs): the assets' or tooling's, not the project's.
	frontEnd bool
}

// cell names one command of a matrix step: the same cell under other
// combinations gives that command's variants (cargo test --target X).
type cell struct {
	at   Location
	slot int
	set  bool
}

// commands collects the candidates of every source, marks those CI runs,
// adds what CI runs that no file names, and ranks each kind.
func commands(t *tree) []Command {
	var cands []*candidate
	add := func(kind, command, dir string, src Location, prio int, recipe []string) {
		if kind == "" || command == "" {
			return
		}
		cands = append(cands, &candidate{kind: kind, command: command, dir: dir, src: src, prio: prio, order: len(cands), recipe: recipe})
	}
	taskCommands(t, add)
	ecosystemCommands(t, add)
	autotoolsCommands(t, add)
	dotnetCommands(t, add)
	haskellCommands(t, add)
	steps := ciSteps(t)
	attachCI(&cands, steps, add)
	markFrontEnd(t, cands)
	markMissingDirs(t, cands)
	return rank(cands)
}

// otherManifests are the root manifests of ecosystems besides JavaScript's.
var otherManifests = []string{"mix.exs", "pyproject.toml", "setup.py", "Gemfile", "go.mod", "Cargo.toml", "pom.xml",
	"build.gradle", "build.gradle.kts", "composer.json", "CMakeLists.txt", "configure.ac", "Package.swift", "rebar.config"}

func markFrontEnd(t *tree, cands []*candidate) {
	if _, ok := t.firstOf(otherManifests...); !ok {
		return
	}
	for _, c := range cands {
		switch f := strings.Fields(c.command); {
		case len(f) == 0:
		case f[0] == "npm" || f[0] == "yarn" || f[0] == "pnpm" || f[0] == "bun" || f[0] == "npx":
			c.frontEnd = true
		}
	}
}

// markMissingDirs marks the CI commands that run in a folder the
// repository does not have (a project CI clones beside it, as tokio's CI
// clones hyper): only CI can run them.
func markMissingDirs(t *tree, cands []*candidate) {
	var dirs map[string]bool
	for _, c := range cands {
		if c.dir == "" || c.unresolved != "" || len(c.ciSources) == 0 {
			continue
		}
		if dirs == nil {
			dirs = t.dirs()
		}
		if !dirs[c.dir] {
			c.unresolved = "the folder " + c.dir + "/, which CI makes"
		}
	}
}

type addFunc func(kind, command, dir string, src Location, prio int, recipe []string)

// taskCommands: Makefile and justfile targets at the root or in a
// manifest's folder.
func taskCommands(t *tree, add addFunc) {
	for _, p := range t.signal(func(b string) bool {
		return b == "Makefile" || b == "GNUmakefile" || b == "makefile" || b == "justfile" || b == "Justfile" || b == ".justfile"
	}) {
		if isExampleOrTestPath(p) || strings.Count(p, "/") > 1 {
			continue
		}
		data, _ := t.read(p)
		base := path.Base(p)
		tool, targets := "make", []target(nil)
		if strings.EqualFold(base, "justfile") || base == ".justfile" {
			tool, targets = "just", parseJustRecipes(data)
		} else {
			targets = parseMakeTargets(data)
		}
		for _, tg := range targets {
			prio := prioTask
			if classifyName(tg.Name) == "" {
				prio = prioInferred
			}
			add(targetKind(tg), tool+" "+tg.Name, dirOf(p), Location{Path: p, Line: tg.Line}, prio, tg.Recipe)
		}
	}
}

// targetKind classifies a target by its name, or else by what its recipe
// runs: a "ci" target whose recipe runs pytest is a test command.
func targetKind(tg target) string {
	if k := classifyName(tg.Name); k != "" || describesTargets(tg.Name) {
		return k
	}
	kind := ""
	for _, line := range tg.Recipe {
		line = strings.TrimLeft(line, "@-+ \t")
		if printsOnly(line) {
			continue
		}
		k := classifyCommand(line)
		if k == KindTest {
			return k
		}
		// "composer install" then "psalm": the install prepares what
		// the target is for
		if kind == "" || kind == KindSetup && k != "" {
			kind = k
		}
	}
	return kind
}

// ecosystemCommands: package.json scripts and each ecosystem's defaults.
func ecosystemCommands(t *tree, add addFunc) {
	rootHas := map[string]bool{}
	for _, p := range t.signal(func(b string) bool {
		return manifestKind(b) != "" || b == "CMakeLists.txt" || b == "tox.ini" || b == "noxfile.py"
	}) {
		if isExampleOrTestPath(p) {
			continue
		}
		d, base := dirOf(p), path.Base(p)
		kind := manifestKind(base)
		if kind == "" {
			kind = base
		}
		if d == "" {
			rootHas[kind] = true
		} else if rootHas[kind] {
			continue // the root's manifest speaks for the project
		}
		data, _ := t.read(p)
		switch base {
		case "package.json":
			npmCommands(t, p, data, add)
		case "composer.json":
			composerCommands(p, data, add)
		case "go.mod":
			goCommands(t, p, data, add)
		case "Cargo.toml":
			cargoCommands(p, data, add)
		case "pyproject.toml", "setup.cfg", "tox.ini", "noxfile.py":
			pythonCommands(t, p, data, add)
		case "pom.xml":
			mavenCommands(t, p, data, add)
		case "build.gradle", "build.gradle.kts":
			gradleCommands(t, p, data, add)
		case "CMakeLists.txt":
			cmakeCommands(p, data, add)
		case "Gemfile":
			rubyCommands(t, p, data, add)
		}
	}
}

func npmCommands(t *tree, p string, data []byte, add addFunc) {
	pkg, ok := parsePackageJSON(data)
	if !ok {
		return
	}
	d := dirOf(p)
	tool, lock := nodeTool(t, d)
	setup := map[string]string{"npm": "npm install", "yarn": "yarn install", "pnpm": "pnpm install", "bun": "bun install"}[tool]
	if tool == "npm" && lock != "" {
		setup = "npm ci"
	}
	src := Location{Path: p, Line: 1}
	if lock != "" {
		src = Location{Path: lock}
	}
	add(KindSetup, setup, d, src, prioEcosystem, nil)
	for _, s := range pkg.Scripts {
		add(scriptKind(s.Key, s.Value), scriptCommand(tool, s.Key), d, Location{Path: p, Line: s.Line}, prioScript, []string{s.Value})
	}
}

// nodeTool picks the package manager by the lock file in dir or, for a
// workspace member, at the root.
func nodeTool(t *tree, dir string) (tool, lock string) {
	for _, d := range []string{dir, ""} {
		for _, l := range []struct{ file, tool string }{
			{"pnpm-lock.yaml", "pnpm"}, {"yarn.lock", "yarn"}, {"bun.lockb", "bun"}, {"bun.lock", "bun"}, {"package-lock.json", "npm"},
		} {
			if t.has(join(d, l.file)) {
				return l.tool, join(d, l.file)
			}
		}
	}
	return "npm", ""
}

// scriptCommand is how a person runs a package.json script.
func scriptCommand(tool, name string) string {
	switch tool {
	case "npm":
		if name == "test" || name == "start" {
			return "npm " + name
		}
		return "npm run " + name
	case "bun":
		return "bun run " + name
	}
	return tool + " " + name
}

func composerCommands(p string, data []byte, add addFunc) {
	d := dirOf(p)
	add(KindSetup, "composer install", d, Location{Path: p, Line: 1}, prioEcosystem, nil)
	if pkg, ok := parsePackageJSON(data); ok {
		for _, s := range pkg.Scripts {
			add(classifyName(s.Key), "composer run "+s.Key, d, Location{Path: p, Line: s.Line}, prioScript, []string{s.Value})
		}
	}
}

func goCommands(t *tree, p string, data []byte, add addFunc) {
	d := dirOf(p)
	src := Location{Path: p, Line: max(1, lineOfPrefix(data, "module"))}
	add(KindSetup, "go mod download", d, src, prioEcosystem, nil)
	add(KindBuild, "go build ./...", d, src, prioEcosystem, nil)
	add(KindTest, "go test ./...", d, src, prioEcosystem, nil)
	add(KindLint, "go vet ./...", d, src, prioEcosystem, nil)
	add(KindFormat, "gofmt -l .", d, src, prioEcosystem, nil)
	if cfg, ok := t.firstOf(join(d, ".golangci.yml"), join(d, ".golangci.yaml"), join(d, ".golangci.toml"), ".golangci.yml", ".golangci.yaml"); ok {
		add(KindLint, "golangci-lint run", d, Location{Path: cfg}, prioTask, nil)
	}
}

func cargoCommands(p string, data []byte, add addFunc) {
	d := dirOf(p)
	n := lineOfPrefix(data, "[package]")
	if n == 0 {
		n = lineOfPrefix(data, "[workspace]")
	}
	src := Location{Path: p, Line: max(1, n)}
	add(KindSetup, "cargo fetch", d, src, prioEcosystem, nil)
	add(KindBuild, "cargo build", d, src, prioEcosystem, nil)
	add(KindTest, "cargo test", d, src, prioEcosystem, nil)
	add(KindLint, "cargo clippy", d, src, prioEcosystem, nil)
	add(KindFormat, "cargo fmt --check", d, src, prioEcosystem, nil)
}

func pythonCommands(t *tree, p string, data []byte, add addFunc) {
	d := dirOf(p)
	switch path.Base(p) {
	case "tox.ini":
		src := Location{Path: p, Line: max(1, lineOf(data, "envlist"))}
		add(KindTest, "tox", d, src, prioScript, nil)
		for _, s := range iniSections(data) {
			if env, ok := strings.CutPrefix(s.Key, "testenv:"); ok && !strings.ContainsAny(env, "{},") {
				add(classifyName(env), "tox -e "+env, d, Location{Path: p, Line: s.Line}, prioScript, nil)
			}
		}
		if n := lineOfPrefix(data, "[flake8]"); n > 0 {
			add(KindLint, "flake8", d, Location{Path: p, Line: n}, prioEcosystem, nil)
		}
	case "noxfile.py":
		for _, s := range noxSessions(data) {
			add(classifyName(s.Key), "nox -s "+s.Key, d, Location{Path: p, Line: s.Line}, prioScript, nil)
		}
	case "setup.cfg":
		if n := lineOfPrefix(data, "[tool:pytest]"); n > 0 {
			add(KindTest, "pytest", d, Location{Path: p, Line: n}, prioEcosystem, nil)
		}
		if n := lineOfPrefix(data, "[flake8]"); n > 0 {
			add(KindLint, "flake8", d, Location{Path: p, Line: n}, prioEcosystem, nil)
		}
	case "pyproject.toml":
		pm := pythonManager(t, d, "pyproject.toml")
		setup := map[string]string{"poetry": "poetry install", "pdm": "pdm install", "uv": "uv sync", "hatch": "pip install -e ."}[pm.Name]
		if setup == "" {
			setup = "pip install -e ."
		}
		if t.has(join(d, "uv.lock")) {
			setup, pm.Evidence = "uv sync", Location{Path: join(d, "uv.lock")}
		}
		add(KindSetup, setup, d, pm.Evidence, prioEcosystem, nil)
		for _, s := range []struct{ section, kind, cmd string }{
			{"[tool.pytest.ini_options]", KindTest, "pytest"},
			{"[tool.ruff", KindLint, "ruff check ."},
			{"[tool.ruff.format]", KindFormat, "ruff format ."},
			{"[tool.mypy]", KindLint, "mypy ."},
			{"[tool.pylint", KindLint, "pylint"},
			{"[tool.black]", KindFormat, "black ."},
			{"[tool.isort]", KindFormat, "isort ."},
			{"[build-system]", KindBuild, "python -m build"},
		} {
			if n := lineOf(data, "\n"+s.section); n > 0 {
				add(s.kind, s.cmd, d, Location{Path: p, Line: n + 1}, prioEcosystem, nil)
			} else if strings.HasPrefix(string(data), s.section) {
				add(s.kind, s.cmd, d, Location{Path: p, Line: 1}, prioEcosystem, nil)
			}
		}
	}
}

// iniSections lists "[name]" headers with their lines.
func iniSections(data []byte) []jsonEntry {
	var out []jsonEntry
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			out = append(out, jsonEntry{Key: strings.TrimSpace(l[1 : len(l)-1]), Line: i + 1})
		}
	}
	return out
}

// noxSessions lists the functions decorated with @nox.session.
func noxSessions(data []byte) []jsonEntry {
	var out []jsonEntry
	pending := false
	for i, l := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(s, "@nox.session"):
			pending = true
			if j := strings.Index(s, "name="); j >= 0 {
				name := strings.Trim(strings.SplitN(s[j+5:], ",", 2)[0], `"') `)
				out = append(out, jsonEntry{Key: name, Line: i + 1})
				pending = false
			}
		case pending && strings.HasPrefix(s, "def "):
			name, _, _ := strings.Cut(strings.TrimPrefix(s, "def "), "(")
			out = append(out, jsonEntry{Key: strings.TrimSpace(name), Line: i + 1})
			pending = false
		}
	}
	return out
}

func mavenCommands(t *tree, p string, data []byte, add addFunc) {
	d := dirOf(p)
	mvn := "mvn"
	if t.has(join(d, "mvnw")) {
		mvn = "./mvnw"
	}
	src := Location{Path: p, Line: max(1, lineOf(data, "<project"))}
	add(KindSetup, mvn+" -B dependency:go-offline", d, src, prioEcosystem, nil)
	add(KindBuild, mvn+" -B package", d, src, prioEcosystem, nil)
	add(KindTest, mvn+" -B verify", d, src, prioEcosystem, nil)
	if n := lineOf(data, "maven-checkstyle-plugin"); n > 0 {
		add(KindLint, mvn+" checkstyle:check", d, Location{Path: p, Line: n}, prioEcosystem, nil)
	}
	if n := lineOf(data, "spotless-maven-plugin"); n > 0 {
		add(KindFormat, mvn+" spotless:apply", d, Location{Path: p, Line: n}, prioEcosystem, nil)
	}
}

func gradleCommands(t *tree, p string, data []byte, add addFunc) {
	d := dirOf(p)
	g := "gradle"
	if t.has(join(d, "gradlew")) {
		g = "./gradlew"
	}
	src := Location{Path: p, Line: 1}
	add(KindBuild, g+" build", d, src, prioEcosystem, nil)
	if n := multiplatformLine(t, d, data); n > 0 {
		// a multiplatform build has no test task of its own; allTests runs
		// every target's tests
		add(KindTest, g+" allTests", d, Location{Path: p, Line: n}, prioEcosystem, nil)
	}
	add(KindTest, g+" test", d, src, prioEcosystem, nil)
	add(KindLint, g+" check", d, src, prioEcosystem, nil)
	if n := lineOf(data, "spotless"); n > 0 {
		add(KindFormat, g+" spotlessApply", d, Location{Path: p, Line: n}, prioEcosystem, nil)
	}
}

// multiplatformLine finds the Kotlin multiplatform plugin in the build
// file, or else in a convention plugin under buildSrc or build-logic.
func multiplatformLine(t *tree, d string, data []byte) int {
	for _, marker := range []string{`kotlin("multiplatform")`, "kotlin-multiplatform", "org.jetbrains.kotlin.multiplatform", "kotlinMultiplatform"} {
		if n := lineOf(data, marker); n > 0 {
			return n
		}
	}
	for _, p := range t.signal(func(b string) bool { return strings.HasSuffix(b, ".gradle.kts") || strings.HasSuffix(b, ".gradle") }) {
		if dirOf(p) == d {
			continue
		}
		if other, _ := t.read(p); lineOf(other, `kotlin("multiplatform")`) > 0 || lineOf(other, "kotlinMultiplatform") > 0 {
			return 1
		}
	}
	return 0
}

func cmakeCommands(p string, data []byte, add addFunc) {
	d := dirOf(p)
	src := Location{Path: p, Line: max(1, lineOf(data, "project("))}
	add(KindSetup, "cmake -S . -B build", d, src, prioEcosystem, nil)
	add(KindBuild, "cmake --build build", d, src, prioEcosystem, nil)
	n := lineOf(data, "enable_testing(")
	if n == 0 {
		n = lineOf(data, "add_test(")
	}
	if n > 0 {
		add(KindTest, "ctest --test-dir build", d, Location{Path: p, Line: n}, prioEcosystem, nil)
	}
}

// autotoolsCommands: a root configure.ac is built by generating the
// configure script (autogen.sh or autoreconf), running it, then make, and
// tested with make check.
func autotoolsCommands(t *tree, add addFunc) {
	ac, ok := t.firstOf("configure.ac", "configure.in")
	if !ok {
		return
	}
	src := Location{Path: ac}
	if t.has("autogen.sh") {
		add(KindSetup, "./autogen.sh", "", Location{Path: "autogen.sh"}, prioEcosystem, nil)
	} else if !t.has("configure") {
		add(KindSetup, "autoreconf -fi", "", src, prioEcosystem, nil)
	}
	add(KindSetup, "./configure", "", src, prioEcosystem, nil)
	add(KindBuild, "make", "", src, prioEcosystem, nil)
	add(KindTest, "make check", "", src, prioEcosystem, nil)
}

// dotnetCommands: the shallowest solution (up to two folders down) is
// restored, built and tested by the dotnet CLI, named unless it is the
// root's only one; without one, the project files are, the tests' own
// for the tests.
func dotnetCommands(t *tree, add addFunc) {
	var slns, projects []string
	for i := range t.files {
		f := &t.files[i]
		if f.skipped || f.vendored || strings.Count(f.path, "/") > 2 {
			continue
		}
		switch ext := path.Ext(f.path); ext {
		case ".sln", ".slnx":
			slns = append(slns, f.path)
		case ".csproj", ".fsproj", ".vbproj":
			projects = append(projects, f.path)
		}
	}
	byDepth := func(s []string) {
		sort.Slice(s, func(i, j int) bool {
			di, dj := strings.Count(s[i], "/"), strings.Count(s[j], "/")
			return di < dj || di == dj && s[i] < s[j]
		})
	}
	byDepth(slns)
	byDepth(projects)
	switch {
	case len(slns) == 1 && !strings.Contains(slns[0], "/"),
		len(slns) > 1 && !strings.Contains(slns[0], "/") && strings.Contains(slns[1], "/"):
		dotnetAdd(add, "", "", slns[0])
	case len(slns) > 0:
		dotnetAdd(add, " "+slns[0], " "+slns[0], slns[0])
	case len(projects) > 0:
		main, tests := pickProject(projects, false), pickProject(projects, true)
		dotnetAdd(add, " "+main, " "+tests, main)
	}
}

// pickProject chooses among project files the library's own (tests
// false) or its tests' (tests true): names that say test, fuzz, bench or
// sample are the ones aside, and a fuzz or bench project is never the
// tests.
func pickProject(projects []string, tests bool) string {
	for _, p := range projects {
		n := strings.ToLower(path.Base(p))
		aside := strings.Contains(n, "fuzz") || strings.Contains(n, "bench") || strings.Contains(n, "sample") || strings.Contains(n, "example")
		isTest := strings.Contains(n, "test")
		if !aside && isTest == tests {
			return p
		}
	}
	return projects[0]
}

// haskellCommands: cabal-install builds and tests every package of a
// cabal.project or a root .cabal file; Stack those of a stack.yaml when
// no cabal.project says the project builds with cabal.
func haskellCommands(t *tree, add addFunc) {
	cabalFile := ""
	for i := range t.files {
		if p := t.files[i].path; !strings.Contains(p, "/") && strings.HasSuffix(p, ".cabal") {
			cabalFile = p
			break
		}
	}
	switch {
	case t.has("cabal.project"):
		cabalAdd(add, Location{Path: "cabal.project", Line: 1}, " all")
	case t.has("stack.yaml"):
		src := Location{Path: "stack.yaml", Line: 1}
		add(KindSetup, "stack build --only-dependencies", "", src, prioEcosystem, nil)
		add(KindBuild, "stack build", "", src, prioEcosystem, nil)
		add(KindTest, "stack test", "", src, prioEcosystem, nil)
	case cabalFile != "":
		cabalAdd(add, Location{Path: cabalFile, Line: 1}, "")
	}
}

func cabalAdd(add addFunc, src Location, target string) {
	add(KindSetup, "cabal build --only-dependencies"+target, "", src, prioEcosystem, nil)
	add(KindBuild, "cabal build"+target, "", src, prioEcosystem, nil)
	add(KindTest, "cabal test"+target, "", src, prioEcosystem, nil)
}

func dotnetAdd(add addFunc, arg, testArg, file string) {
	src := Location{Path: file}
	add(KindSetup, "dotnet restore"+arg, "", src, prioEcosystem, nil)
	add(KindBuild, "dotnet build"+arg, "", src, prioEcosystem, nil)
	add(KindTest, "dotnet test"+testArg, "", src, prioEcosystem, nil)
	add(KindFormat, "dotnet format"+arg+" --verify-no-changes", "", src, prioEcosystem, nil)
}

func rubyCommands(t *tree, p string, data []byte, add addFunc) {
	d := dirOf(p)
	add(KindSetup, "bundle install", d, Location{Path: p, Line: 1}, prioEcosystem, nil)
	if n := dependencyLine(data, "Gemfile", "rspec"); n > 0 || t.has(join(d, ".rspec")) {
		add(KindTest, "bundle exec rspec", d, Location{Path: p, Line: max(1, n)}, prioEcosystem, nil)
	} else if t.has(join(d, "Rakefile")) {
		add(KindTest, "bundle exec rake test", d, Location{Path: join(d, "Rakefile")}, prioEcosystem, nil)
	}
	if n := dependencyLine(data, "Gemfile", "rubocop"); n > 0 {
		add(KindLint, "bundle exec rubocop", d, Location{Path: p, Line: n}, prioEcosystem, nil)
	}
}

// ciSteps gathers the shell steps of every CI configuration, workflows in
// name order.
func ciSteps(t *tree) []locatedStep {
	var out []locatedStep
	// Not t.signal: linguist counts .github/ as vendored, but its workflows
	// are the project's own.
	for _, p := range t.kept() {
		data, _ := t.read(p)
		var steps []ciStep
		switch {
		case strings.HasPrefix(p, ".github/workflows/"):
			steps = parseGitHubWorkflow(data)
		case p == ".gitlab-ci.yml", p == ".circleci/config.yml", p == ".travis.yml", p == "azure-pipelines.yml",
			p == ".cirrus.yml", p == "appveyor.yml", p == ".appveyor.yml", p == "bitbucket-pipelines.yml":
			steps = parseCIScripts(data)
		case p == "Jenkinsfile":
			steps = parseJenkinsfile(data)
		default:
			continue
		}
		fileContext := ""
		if strings.HasPrefix(p, ".github/workflows/") {
			fileContext = purposeOf(strings.TrimSuffix(strings.TrimSuffix(path.Base(p), ".yml"), ".yaml"))
		}
		for _, s := range steps {
			if s.Context == "" {
				s.Context = fileContext
			}
			out = append(out, locatedStep{ciStep: s, file: p})
		}
	}
	return out
}

type locatedStep struct {
	ciStep
	file string
}

// parseJenkinsfile reads sh 'cmd' and sh "cmd" steps.
func parseJenkinsfile(data []byte) []ciStep {
	var out []ciStep
	for i, l := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(l)
		if !strings.HasPrefix(s, "sh ") && !strings.HasPrefix(s, "sh(") {
			continue
		}
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "sh"), "("))
		if len(s) < 2 || (s[0] != '\'' && s[0] != '"') {
			continue
		}
		q := s[0]
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			continue
		}
		out = append(out, splitShell(s[1:1+end], i+1, "")...)
	}
	return out
}

// attachCI marks the candidates CI runs and adds the CI commands no
// candidate accounts for. A candidate stands for a CI line only when the
// line runs exactly it: CI's longer line is kept whole as a command of its
// own, and the candidate stays as an alternative.
func attachCI(cands *[]*candidate, steps []locatedStep, add addFunc) {
	for _, s := range steps {
		s.Command = dropOutputPipe(s.Command)
		norm := normalizeCommand(s.Command)
		if skipCICommand(norm) {
			continue
		}
		if norm == "make" || norm == "just" {
			norm = defaultTarget(*cands, norm, s.Dir)
		}
		kind := stepKind(s.ciStep, norm)
		loc := Location{Path: s.file, Line: s.Line}
		matched := false
		for _, c := range *cands {
			if s.Unresolved == "" && c.dir == s.Dir && sameKindFamily(c.kind, kind) && runsCommand(norm, normalizeCommand(c.command)) {
				c.ciSources = appendLoc(c.ciSources, loc)
				c.otherOS = c.otherOS && s.OtherOS
				matched = true
			}
		}
		if matched || kind == "" || !(isProjectTool(norm) || isAsideKind(kind)) {
			continue
		}
		add(kind, s.Command, s.Dir, loc, 0, nil)
		c := (*cands)[len(*cands)-1]
		c.ciSources = []Location{loc}
		c.unresolved = s.Unresolved
		c.aside = s.Context != "" || auxWorkflow(s.file)
		c.otherOS = s.OtherOS
		if s.Matrixed {
			c.cell = cell{at: loc, slot: s.Slot, set: true}
		}
	}
	for _, c := range *cands {
		c.matrixed = false
		for _, s := range steps {
			if s.Matrixed && appendLocHas(c.ciSources, Location{Path: s.file, Line: s.Line}) {
				c.matrixed = true
				break
			}
		}
	}
}

// stepKind classifies a CI line; a docs or release job makes its build,
// test and setup lines docs or release lines.
func stepKind(s ciStep, norm string) string {
	kind := classifyCommand(norm)
	if s.Context != "" && kind != "" && kind != KindLint && kind != KindFormat {
		return s.Context
	}
	return kind
}

// isAsideKind: the kinds that are never the project's setup, build, test,
// lint or format.
func isAsideKind(k string) bool {
	switch k {
	case KindDocs, KindMaintenance, KindHooks, KindRelease, KindInstall:
		return true
	}
	return false
}

// sameKindFamily: a CI line of an aside kind (docs, release) stands only
// for a candidate of that kind; the project's own kinds mix freely (a
// "ci" target runs the tests).
func sameKindFamily(cand, step string) bool {
	if isAsideKind(step) || isAsideKind(cand) {
		return cand == step
	}
	return true
}

// auxWorkflow: a workflow that runs beside the main CI (fuzzing,
// benchmarks, nightly or scheduled runs, security scans, coverage). Its
// commands rank after those of the main CI.
func auxWorkflow(file string) bool {
	if !strings.HasPrefix(file, ".github/workflows/") {
		return false
	}
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(file), ".yml"), ".yaml")
	for _, w := range strings.FieldsFunc(strings.ToLower(base), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		switch w {
		case "fuzz", "fuzzing", "bench", "benchmark", "benchmarks", "nightly", "scheduled", "cron", "codeql", "scorecard",
			"scorecards", "security", "audit", "sanitizers", "sanitizer", "miri", "valgrind", "coverage", "cov", "codecov",
			"stale", "labeler", "loom", "semver", "msrv", "minimal", "canary", "perf", "performance", "external", "downstream",
			"integration", "e2e", "compat", "interop", "ecosystem", "distcheck", "dist":
			return true
		}
	}
	return false
}

// defaultTarget is what a bare make or just runs: the first target of the
// Makefile or justfile in dir, or the bare command when none is known.
func defaultTarget(cands []*candidate, tool, dir string) string {
	var first *candidate
	for _, c := range cands {
		if c.dir == dir && c.prio == prioTask && strings.HasPrefix(c.command, tool+" ") &&
			(first == nil || lessLoc(c.src, first.src)) {
			first = c
		}
	}
	if first == nil {
		return tool
	}
	return normalizeCommand(first.command)
}

func appendLocHas(ls []Location, l Location) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

func appendLoc(ls []Location, l Location) []Location {
	for _, x := range ls {
		if x == l {
			return ls
		}
	}
	return append(ls, l)
}

// runsCommand: the CI line runs exactly the command, after optional
// environment assignments.
func runsCommand(line, cmd string) bool {
	f := strings.Fields(line)
	for len(f) > 0 && strings.Contains(f[0], "=") && !strings.HasPrefix(f[0], "-") {
		f = f[1:]
	}
	return strings.Join(f, " ") == strings.Join(strings.Fields(cmd), " ")
}

// normalizeCommand collapses spaces and spells package-manager scripts one
// way, so "npm run test" and "npm test" compare equal.
func normalizeCommand(s string) string {
	f := strings.Fields(s)
	if len(f) >= 3 && (f[0] == "npm" || f[0] == "yarn" || f[0] == "pnpm") && (f[1] == "run" || f[1] == "run-script") {
		if f[0] != "npm" || f[2] == "test" || f[2] == "start" {
			f = append([]string{f[0]}, f[2:]...)
		} else {
			f[1] = "run"
		}
	}
	if len(f) >= 1 && (f[0] == "make" || f[0] == "gmake") {
		f = normalizeMake(f)
	}
	return strings.Join(f, " ")
}

// skipCICommand drops lines that prepare the machine rather than the
// project: echo, environment plumbing, system package installs.
func skipCICommand(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return true
	}
	switch f[0] {
	case "find", "xargs", "grep", "sed", "awk", "tee", "cut", "sort", "head", "tail", "jq", "true", "false", "exec", "eval",
		"read", "local", "return", "unset", "shift", "wait", "ulimit", "umask", "hash", "type", "which", "command", "pwd",
		"file", "du", "df", "stat", "readlink", "realpath", "dirname", "basename", "date", "uname", "id", "whoami", "gh":
		return true
	case "echo", "export", "set", "if", "fi", "then", "else", "elif", "done", "for", "while", "do", "mkdir", "rm", "cp", "mv",
		"cat", "ls", "curl", "wget", "git", "source", ".", "[", "[[", "test", "exit", "sudo", "apt-get", "apt", "brew",
		"choco", "chmod", "tar", "unzip", "docker", "printf", "sleep", "touch", "ln", "env", "}", "{", "case", "esac", "shopt", "trap", "cd", "pushd", "popd":
		return true
	}
	return strings.HasPrefix(f[0], "$") || strings.HasPrefix(f[0], "#")
}

// mainWorkflow is the CI file that runs the broadest test command CI
// runs, preferring a job run over a matrix of versions and a workflow
// named as the main CI: its setup and build steps are the ones that
// prepare for the tests.
func mainWorkflow(cands []*candidate) string {
	var best *candidate
	var first Location
	for _, c := range cands {
		if c.kind != KindTest || len(c.ciSources) == 0 || c.unresolved != "" {
			continue
		}
		loc := c.ciSources[0]
		for _, l := range c.ciSources[1:] {
			if lessLoc(l, loc) {
				loc = l
			}
		}
		if best == nil || mainBefore(c, loc, best, first) {
			best, first = c, loc
		}
	}
	return first.Path
}

func mainBefore(a *candidate, aLoc Location, b *candidate, bLoc Location) bool {
	if an, bn := a.narrowness(), b.narrowness(); an != bn {
		return an < bn
	}
	if a.matrixed != b.matrixed {
		return a.matrixed
	}
	if am, bm := mainishWorkflow(aLoc.Path), mainishWorkflow(bLoc.Path); am != bm {
		return am
	}
	return lessLoc(aLoc, bLoc)
}

// mainishWorkflow: a workflow named as a project's main CI is.
func mainishWorkflow(file string) bool {
	base := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(path.Base(file), ".yml"), ".yaml"))
	switch base {
	case "ci", "test", "tests", "testing", "build", "main", "check", "checks", "unit", "unit-tests", "unittests", "pr", "push",
		"pull_request", "pull-request", "build-and-test", "build_and_test", "test-and-build", "tests-and-build":
		return true
	}
	return false
}

func runsIn(c *candidate, file string) bool {
	for _, l := range c.ciSources {
		if file != "" && l.Path == file {
			return true
		}
	}
	return false
}

// rank orders each kind: CI-run commands first, those of the workflow
// that runs the tests and that cover the whole project before the rest,
// then the commands CI does not run by source priority, and last the
// commands that hold an expression only CI can resolve.
func rank(cands []*candidate) []Command {
	out := []Command{}
	main := mainWorkflow(cands)
	for _, k := range Kinds {
		group := dedupe(cands, k)
		sort.SliceStable(group, func(i, j int) bool { return ranksBefore(group[i], group[j], main) })
		group = collapseVariants(group)
		if len(group) > maxPerKind {
			group = group[:maxPerKind]
		}
		for _, c := range group {
			srcs := []Location{}
			if c.prio != 0 {
				srcs = append(srcs, c.src)
			}
			srcs = append(srcs, c.ciSources...)
			out = append(out, Command{Kind: k, Command: c.command, Dir: c.dir, CI: len(c.ciSources) > 0, Sources: srcs, Unresolved: c.unresolved,
				Runs: c.recipe, Variants: c.variants})
		}
	}
	return out
}

// collapseVariants folds the commands one matrix step gives under its
// combinations into the first-ranked of them, which keeps the others as
// its variants: one row for tox -e py310, py311, py312.
func collapseVariants(group []*candidate) []*candidate {
	var out []*candidate
	for _, c := range group {
		if head := variantHead(out, c); head != nil {
			head.variants = append(head.variants, c.command)
			for _, l := range c.ciSources {
				head.ciSources = appendLoc(head.ciSources, l)
			}
			continue
		}
		out = append(out, c)
	}
	for _, c := range out {
		preferCommonTarget(c)
	}
	return out
}

// preferCommonTarget puts first the variant built for the most common
// machine when a matrix crosses target triples: bat's release matrix
// opens with aarch64-unknown-linux-musl, which a contributor's cargo
// cannot build without a cross toolchain. The choice is fixed, not the
// running machine's, so that the same tree gives the same guide anywhere.
func preferCommonTarget(c *candidate) {
	best, bestFit := -1, targetFit(c.command)
	for i, v := range c.variants {
		if fit := targetFit(v); fit > bestFit {
			best, bestFit = i, fit
		}
	}
	if best >= 0 {
		c.command, c.variants[best] = c.variants[best], c.command
	}
}

// targetFit ranks a command by the target triples it names: none or
// x86_64-unknown-linux-gnu best, then other x86_64 Linux ones, then
// other Linux ones, then the rest.
func targetFit(cmd string) int {
	fit := 3
	f := strings.Fields(cmd)
	for i, w := range f {
		_, t, ok := strings.Cut(w, "--target=")
		if w == "--target" && i+1 < len(f) {
			t, ok = f[i+1], true
		}
		if !ok || t == "" {
			continue
		}
		switch {
		case t == "x86_64-unknown-linux-gnu":
		case strings.HasPrefix(t, "x86_64-") && strings.Contains(t, "-linux"):
			fit = min(fit, 2)
		case strings.Contains(t, "-linux"):
			fit = min(fit, 1)
		default:
			fit = 0
		}
	}
	return fit
}

// variantHead finds the kept command c is a variant of: from the same
// matrix cell, in the same folder, running the same program, and just as
// runnable outside CI.
func variantHead(kept []*candidate, c *candidate) *candidate {
	if !c.cell.set {
		return nil
	}
	for _, k := range kept {
		if k.cell == c.cell && k.dir == c.dir && (k.unresolved == "") == (c.unresolved == "") && program(k.command) == program(c.command) {
			return k
		}
	}
	return nil
}

// program is the command's first word after VAR=value assignments.
func program(cmd string) string {
	f := strings.Fields(cmd)
	for len(f) > 0 && strings.Contains(f[0], "=") && !strings.HasPrefix(f[0], "-") {
		f = f[1:]
	}
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// dedupe keeps one candidate of kind per folder and command, with the CI
// sources of all.
func dedupe(cands []*candidate, kind string) []*candidate {
	var group []*candidate
	seen := map[string]*candidate{}
	for _, c := range cands {
		if c.kind != kind {
			continue
		}
		key := c.dir + "\x00" + normalizeCommand(c.command)
		if prev, ok := seen[key]; ok {
			for _, l := range c.ciSources {
				prev.ciSources = appendLoc(prev.ciSources, l)
			}
			prev.aside = prev.aside && c.aside
			continue
		}
		seen[key] = c
		group = append(group, c)
	}
	return group
}

func ranksBefore(a, b *candidate, main string) bool {
	if (a.unresolved == "") != (b.unresolved == "") {
		return a.unresolved == ""
	}
	if at, bt := a.tier(), b.tier(); at != bt {
		return at < bt
	}
	if len(a.ciSources) == 0 {
		if a.prio != b.prio {
			return a.prio < b.prio
		}
		if (a.dir == "") != (b.dir == "") {
			return a.dir == ""
		}
		return a.order < b.order
	}
	if a.aside != b.aside {
		return !a.aside
	}
	if a.frontEnd != b.frontEnd {
		return !a.frontEnd
	}
	// the workflow that runs the tests first, then what covers the whole
	// project, then the project's own tasks, then CI order
	if am, bm := runsIn(a, main), runsIn(b, main); am != bm {
		return am
	}
	if an, bn := a.narrowness(), b.narrowness(); an != bn {
		return an < bn
	}
	if a.matrixed != b.matrixed {
		return a.matrixed
	}
	if (a.prio != 0) != (b.prio != 0) {
		return a.prio != 0
	}
	if ac, bc := namedCheck(a.command), namedCheck(b.command); ac != bc {
		// httpx's CI runs scripts/check (its linters) before scripts/test
		return bc
	}
	return lessLoc(a.ciSources[0], b.ciSources[0])
}

// namedCheck says whether a command runs something named check
// (scripts/check, npm run check): often the linters, where a command
// named test beside it runs the tests.
func namedCheck(cmd string) bool {
	w := subjectWords(toolWords(strings.ToLower(cmd)))
	return len(w) > 0 && w[len(w)-1] == "check"
}

// tier: what CI runs over the whole project first, then the commands
// found in the project's files, then what CI runs over a part of it
// only (one module, a fuzz or cross-target run, an auxiliary job).
func (c *candidate) tier() int {
	switch {
	case len(c.ciSources) == 0:
		return 1
	case c.aside || narrowArgs(c.command) > 0:
		return 2
	}
	return 0
}

// narrowness counts the signs that a command covers a part of the project
// only: a subfolder, one package or module, a fuzz, bench, end-to-end or
// cross-target run, an auxiliary job.
func (c *candidate) narrowness() int {
	n := narrowArgs(c.command)
	if c.dir != "" {
		n++
	}
	if c.aside {
		n += 2
	}
	if c.otherOS {
		n++
	}
	return n
}

func narrowArgs(cmd string) int {
	f := strings.Fields(cmd)
	for len(f) > 0 && strings.Contains(f[0], "=") && !strings.HasPrefix(f[0], "-") {
		f = f[1:]
	}
	if len(f) == 0 {
		return 0
	}
	n, subTasks, wholeTasks := 0, 0, 0
	for _, w := range f[1:] {
		lw := strings.ToLower(w)
		switch {
		case lw == "--manifest-path" || lw == "-p" || lw == "--package" || lw == "--doc" || lw == "--test" || lw == "--bench" ||
			lw == "--example" || lw == "--target" || lw == "-pl" || lw == "--projects" || lw == "-x" || lw == "--exclude-task":
			n++
		case strings.HasPrefix(lw, "+nightly"):
			n++
		case strings.Contains(lw, "fuzz") || strings.Contains(lw, "bench") || strings.Contains(lw, "e2e") ||
			strings.Contains(lw, "integration") || strings.Contains(lw, "native") || strings.Contains(lw, "android") ||
			strings.Contains(lw, "sgx") || strings.Contains(lw, "wasm") || strings.Contains(lw, "miri") || strings.Contains(lw, "loom") ||
			strings.Contains(lw, "valgrind") || strings.Contains(lw, "sanitiz") || strings.Contains(lw, "mingw") || strings.Contains(lw, "msvc") ||
			strings.Contains(lw, "win32") || strings.Contains(lw, "win64"):
			n++
		case (f[0] == "./gradlew" || f[0] == "gradle") && strings.Contains(strings.TrimPrefix(w, ":"), ":"):
			subTasks++
		case (f[0] == "./gradlew" || f[0] == "gradle") && !strings.HasPrefix(w, "-"):
			wholeTasks++
		case f[0] == "sbt" && (lw == "'project" || lw == `"project` || lw == "project"):
			n++ // one subproject's tasks
		}
	}
	if subTasks > 0 && wholeTasks == 0 {
		n++ // subprojects' tasks only: testDemoDebug :lint:test covers the whole
	}
	switch {
	case f[0] == "go" && len(f) > 1 && f[1] == "test" && !strings.Contains(cmd, "..."):
		n++ // named packages, not the module
	case f[0] == "cargo" && len(f) > 1 && (f[1] == "hack" || f[1] == "miri" || f[1] == "careful" || f[1] == "llvm-cov" || f[1] == "tarpaulin" ||
		f[1] == "run" || f[1] == "nextest"):
		n++ // a cargo plugin the machine may not have, or a program run
	}
	return n
}

func lessLoc(a, b Location) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Line < b.Line
}

// normalizeMake drops what does not change which target runs: variable
// assignments and the options -j, -k, -s and -o FILE, so
// "make -j4 -o build V=1 test" is "make test".
func normalizeMake(f []string) []string {
	out := []string{"make"}
	for i := 1; i < len(f); i++ {
		a := f[i]
		switch {
		case a == "-o" || a == "--assume-old" || a == "-W":
			i++ // the option's argument
		case strings.HasPrefix(a, "-j") || a == "-k" || a == "-s" || a == "--no-print-directory" ||
			strings.HasPrefix(a, "-o") || strings.HasPrefix(a, "--jobs"):
		case strings.Contains(a, "=") && !strings.HasPrefix(a, "-"):
		default:
			out = append(out, a)
		}
	}
	return out
}

// isProjectTool: the command starts with a build, test or lint tool or a
// script of the repository, not with shell plumbing or a tool install.
func isProjectTool(s string) bool {
	f := strings.Fields(s)
	for len(f) > 0 && strings.Contains(f[0], "=") && !strings.HasPrefix(f[0], "-") {
		f = f[1:] // VAR=value before the command
	}
	if len(f) == 0 {
		return false
	}
	switch strings.TrimPrefix(f[0], "sudo ") {
	case "make", "gmake", "just", "npm", "npx", "yarn", "pnpm", "bun", "node", "deno", "cargo", "rustup", "cross",
		"python", "python3", "pytest", "tox", "nox", "pip", "pip3", "uv", "poetry", "pdm", "hatch", "ruff", "black", "mypy", "flake8", "pylint", "pre-commit",
		"mvn", "./mvnw", "gradle", "./gradlew", "cmake", "ctest", "ninja", "meson", "bazel", "bazelisk",
		"bundle", "rake", "rspec", "rubocop", "composer", "phpunit", "dotnet", "swift", "mix", "gofmt", "golangci-lint", "staticcheck",
		"tsc", "eslint", "prettier", "jest", "vitest", "sbt", "lein", "stack", "cabal", "zig", "deno.exe",
		"dart", "flutter", "dune", "opam", "prove", "cpanm", "busted", "luarocks", "bb", "clojure", "clj", "rebar3", "gleam":
		return true
	case "go":
		return len(f) > 1 && f[1] != "install" && f[1] != "env" && f[1] != "version"
	}
	// A script of the repository (./hack/test, scripts/lint.sh), or a
	// tool its package manager installed into it (vendor/bin/phpunit,
	// node_modules/.bin/jest, bin/rspec).
	for _, dir := range []string{"./", "scripts/", "hack/", "vendor/bin/", "node_modules/.bin/", "bin/"} {
		if strings.HasPrefix(f[0], dir) {
			return true
		}
	}
	return false
}

// scriptKind classifies a package.json script by its name, but a script
// named check by what it runs when that runs no test: t3's "check" is
// "turbo lint typecheck format:check", a lint.
func scriptKind(name, body string) string {
	kind := classifyName(name)
	if strings.ToLower(name) != "check" {
		return kind
	}
	l := strings.ToLower(body)
	if strings.Contains(l, "test") || testRunner(toolWords(l)) {
		return kind
	}
	if k := classifyCommand(body); k == KindLint || k == KindFormat {
		return k
	}
	return kind
}
