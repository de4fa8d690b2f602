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
)

// candidate is a command found somewhere, before ranking.
type candidate struct {
	kind, command, dir string
	src                Location
	prio               int
	order              int
	recipe             []string // what a target runs, to recognise it in CI
	ciSources          []Location
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
	steps := ciSteps(t)
	attachCI(&cands, steps, add)
	return rank(cands)
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
			add(targetKind(tg), tool+" "+tg.Name, dirOf(p), Location{Path: p, Line: tg.Line}, prioTask, tg.Recipe)
		}
	}
}

// targetKind classifies a target by its name, or else by what its recipe
// runs: a "ci" target whose recipe runs pytest is a test command.
func targetKind(tg target) string {
	if k := classifyName(tg.Name); k != "" {
		return k
	}
	kind := ""
	for _, line := range tg.Recipe {
		k := classifyCommand(strings.TrimLeft(line, "@-+ \t"))
		if k == KindTest {
			return k
		}
		if kind == "" {
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
		add(classifyName(s.Key), scriptCommand(tool, s.Key), d, Location{Path: p, Line: s.Line}, prioScript, []string{s.Value})
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
	add(KindTest, g+" test", d, src, prioEcosystem, nil)
	add(KindLint, g+" check", d, src, prioEcosystem, nil)
	if n := lineOf(data, "spotless"); n > 0 {
		add(KindFormat, g+" spotlessApply", d, Location{Path: p, Line: n}, prioEcosystem, nil)
	}
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
		for _, s := range steps {
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
// candidate accounts for.
func attachCI(cands *[]*candidate, steps []locatedStep, add addFunc) {
	for _, s := range steps {
		norm := normalizeCommand(s.Command)
		if skipCICommand(norm) {
			continue
		}
		if norm == "make" || norm == "just" {
			norm = defaultTarget(*cands, norm, s.Dir)
		}
		loc := Location{Path: s.file, Line: s.Line}
		matched := false
		for _, c := range *cands {
			if c.dir == s.Dir && runsCommand(norm, normalizeCommand(c.command)) {
				c.ciSources = appendLoc(c.ciSources, loc)
				matched = true
			}
		}
		if matched {
			continue
		}
		kind := classifyCommand(norm)
		if kind == "" || !isProjectTool(norm) {
			continue
		}
		add(kind, s.Command, s.Dir, loc, 0, nil)
		c := (*cands)[len(*cands)-1]
		c.ciSources = []Location{loc}
	}
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

func appendLoc(ls []Location, l Location) []Location {
	for _, x := range ls {
		if x == l {
			return ls
		}
	}
	return append(ls, l)
}

// runsCommand: the CI line starts with the command as whole words, after
// optional environment assignments.
func runsCommand(line, cmd string) bool {
	f := strings.Fields(line)
	for len(f) > 0 && strings.Contains(f[0], "=") && !strings.HasPrefix(f[0], "-") {
		f = f[1:]
	}
	cf := strings.Fields(cmd)
	if len(cf) == 0 || len(f) < len(cf) {
		return false
	}
	if (cf[0] == "make" || cf[0] == "just") && len(cf) == 1 && len(f) > 1 {
		return false // "make ci" runs the target ci, not the default one
	}
	for i := range cf {
		if f[i] != cf[i] {
			return false
		}
	}
	return true
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
	case "echo", "export", "set", "if", "fi", "then", "else", "elif", "done", "for", "while", "do", "mkdir", "rm", "cp", "mv",
		"cat", "ls", "curl", "wget", "git", "source", ".", "[", "[[", "test", "exit", "sudo", "apt-get", "apt", "brew",
		"choco", "chmod", "tar", "unzip", "docker", "printf", "sleep", "touch", "ln", "env", "}", "{", "case", "esac", "shopt", "trap", "cd", "pushd", "popd":
		return true
	}
	return strings.HasPrefix(f[0], "$") || strings.HasPrefix(f[0], "#")
}

// classifyName maps a target, script or session name to a kind.
func classifyName(name string) string {
	n := strings.ToLower(name)
	head := n
	if i := strings.IndexAny(n, ":-_./"); i > 0 {
		head = n[:i]
	}
	switch {
	case head == "fmt" || head == "format" || head == "prettier" || strings.HasSuffix(n, "fmt") || strings.Contains(n, "format"):
		return KindFormat
	case head == "lint" || head == "vet" || head == "staticcheck" || head == "typecheck" || head == "clippy" || head == "golangci" ||
		n == "type-check" || n == "check-types" || n == "types" || n == "mypy" || n == "ruff" || n == "flake8" || n == "pylint" || n == "eslint" || strings.HasSuffix(n, "lint"):
		return KindLint
	case head == "test" || head == "tests" || n == "check" || n == "unit" || n == "unittest" || n == "integration" || n == "e2e" ||
		n == "coverage" || n == "cover" || strings.HasSuffix(n, "test") || strings.HasSuffix(n, "tests") || n == "pytest" || n == "py":
		return KindTest
	case head == "build" || n == "all" || n == "compile" || n == "bin" || n == "binaries" || n == "dist":
		return KindBuild
	case head == "setup" || n == "deps" || n == "dependencies" || n == "bootstrap" || n == "install-deps" || n == "tools" || n == "init" || n == "venv" || n == "dev-setup":
		return KindSetup
	}
	return ""
}

// classifyCommand maps a shell command to a kind by the tool it runs.
func classifyCommand(s string) string {
	l := strings.ToLower(s)
	tool := toolWords(l)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(tool, w) {
				return true
			}
		}
		return false
	}
	switch {
	case installs(l):
		// installing a linter or a build tool prepares the machine
		return KindSetup
	case strings.Contains(l, "--noemit"):
		// tsc --noEmit type-checks; the flag is the whole signal
		return KindLint
	case has("fmt", "format", "prettier", "black ", "isort", "gofumpt", "goimports", "spotless"):
		return KindFormat
	case has("lint", "validate", "go vet", "clippy", "ruff", "flake8", "mypy", "staticcheck", "checkstyle", "shellcheck", "rubocop", "pre-commit", "typecheck", "type-check", "--noemit"):
		return KindLint
	case has("test", "tox", "nox", "rspec", "jest", "vitest", "mvn verify", "mvn -b verify", "check"):
		return KindTest
	case has(" build", "build ", "compile", "mvn package", "mvn -b package", "go install", "make"):
		return KindBuild
	case has("install", "npm ci", "mod download", "bundle", "setup", "bootstrap", "uv sync", "poetry", "deps", "restore", "fetch"):
		return KindSetup
	}
	return ""
}

// toolWords is the first stage of a pipeline without its flags: the words
// that name the tool and what it does. Flags and later stages say nothing
// of the kind ("cargo metadata --format-version 1 | jq ..." is no
// formatter, "cargo doc --no-deps" installs nothing).
func toolWords(l string) string {
	if i := strings.Index(l, " | "); i >= 0 {
		l = l[:i]
	}
	f := strings.Fields(l)
	kept := f[:0]
	for _, w := range f {
		if !strings.HasPrefix(w, "-") {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ") + " "
}

// mainWorkflow is the CI file that runs the first test command CI runs:
// its setup and build steps are the ones that prepare for the tests.
func mainWorkflow(cands []*candidate) string {
	var first *Location
	for _, c := range cands {
		if c.kind != KindTest {
			continue
		}
		for i := range c.ciSources {
			if first == nil || lessLoc(c.ciSources[i], *first) {
				first = &c.ciSources[i]
			}
		}
	}
	if first == nil {
		return ""
	}
	return first.Path
}

func runsIn(c *candidate, file string) bool {
	for _, l := range c.ciSources {
		if file != "" && l.Path == file {
			return true
		}
	}
	return false
}

// installs reports whether a command installs or removes packages.
func installs(l string) bool {
	f := strings.Fields(l)
	for i := 0; i+1 < len(f); i++ {
		tool, verb := path.Base(f[i]), f[i+1]
		switch {
		case (tool == "pip" || tool == "pip3" || tool == "uv" && verb == "pip") && i+2 < len(f) && f[i+2] == "install":
			return true
		case (tool == "pip" || tool == "pip3") && (verb == "install" || verb == "uninstall"):
			return true
		case (tool == "npm" || tool == "yarn" || tool == "pnpm" || tool == "bun") && (verb == "install" || verb == "i" || verb == "ci" || verb == "add"):
			return true
		case (tool == "gem" || tool == "bundle" || tool == "poetry" || tool == "pipx" || tool == "composer") && verb == "install":
			return true
		case tool == "go" && verb == "mod" && i+2 < len(f) && f[i+2] == "download", tool == "cargo" && verb == "fetch", tool == "uv" && verb == "sync":
			return true
		}
	}
	return false
}

// rank orders each kind: CI-run commands first in CI order, then the rest
// by source priority, then by where they were found.
func rank(cands []*candidate) []Command {
	kinds := []string{KindSetup, KindBuild, KindTest, KindLint, KindFormat}
	out := []Command{}
	main := mainWorkflow(cands)
	for _, k := range kinds {
		var group []*candidate
		seen := map[string]*candidate{}
		for _, c := range cands {
			if c.kind != k {
				continue
			}
			key := c.dir + "\x00" + normalizeCommand(c.command)
			if prev, ok := seen[key]; ok {
				for _, l := range c.ciSources {
					prev.ciSources = appendLoc(prev.ciSources, l)
				}
				continue
			}
			seen[key] = c
			group = append(group, c)
		}
		sort.SliceStable(group, func(i, j int) bool {
			a, b := group[i], group[j]
			ac, bc := len(a.ciSources) > 0, len(b.ciSources) > 0
			if ac != bc {
				return ac
			}
			if ac {
				// the workflow that runs the tests first, then the
				// project's own tasks, then CI order
				if am, bm := runsIn(a, main), runsIn(b, main); am != bm {
					return am
				}
				if (a.prio != 0) != (b.prio != 0) {
					return a.prio != 0
				}
				return lessLoc(a.ciSources[0], b.ciSources[0])
			}
			if a.prio != b.prio {
				return a.prio < b.prio
			}
			if (a.dir == "") != (b.dir == "") {
				return a.dir == ""
			}
			return a.order < b.order
		})
		if len(group) > maxPerKind {
			group = group[:maxPerKind]
		}
		for _, c := range group {
			srcs := []Location{}
			if c.prio != 0 {
				srcs = append(srcs, c.src)
			}
			srcs = append(srcs, c.ciSources...)
			out = append(out, Command{Kind: k, Command: c.command, Dir: c.dir, CI: len(c.ciSources) > 0, Sources: srcs})
		}
	}
	return out
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
		"tsc", "eslint", "prettier", "jest", "vitest", "sbt", "lein", "stack", "cabal", "zig", "deno.exe":
		return true
	case "go":
		return len(f) > 1 && f[1] != "install" && f[1] != "env" && f[1] != "version"
	}
	// A script of the repository: ./hack/test, scripts/lint.sh.
	return strings.HasPrefix(f[0], "./") || strings.HasPrefix(f[0], "scripts/") || strings.HasPrefix(f[0], "hack/")
}
