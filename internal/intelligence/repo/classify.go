package repo

import (
	"path"
	"strings"
)

// classifyName maps a target, script or session name to a kind.
func classifyName(name string) string {
	n := strings.ToLower(name)
	head := n
	if i := strings.IndexAny(n, ":-_./"); i > 0 {
		head = n[:i]
	}
	switch {
	case strings.Contains(n, "hook") || n == "husky":
		return KindHooks
	case isDocsWord(n) || head == "docs" || head == "doc":
		return KindDocs
	case head == "release" || head == "publish" || head == "deploy" || n == "upload":
		return KindRelease
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

// background says whether the command is started in the background
// ("node tests/server.js &").
func background(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, "&") && !strings.HasSuffix(s, "&&")
}

// testRunner says whether a word of the command is a test runner whose
// name does not say "test".
func testRunner(tool string) bool {
	for _, w := range strings.Fields(tool) {
		switch path.Base(w) {
		case "phpunit", "pest", "paratest", "codecept", "mocha", "ava", "karma", "bats", "prove", "minitest", "busted":
			return true
		}
	}
	return false
}

// describesTargets says whether a target only lists or explains the
// others ("make help"), whatever its recipe greps: it builds nothing.
func describesTargets(name string) bool {
	switch strings.ToLower(name) {
	case "help", "usage", "list", "targets", "show-help", "print-targets":
		return true
	}
	return false
}

// printsOnly says whether a recipe line only prints text: "echo 'make
// [target]'" is no build.
func printsOnly(line string) bool {
	word, _, _ := strings.Cut(line, " ")
	switch word {
	case "echo", "printf", "$(info", "$(warning", ":", "true":
		return true
	}
	return false
}

// classifyCommand maps a shell command to a kind by the tool it runs and
// what it asks of it. Docs, lock-file, hook, release and tool-install
// commands are told apart first, so that "make -C docs linkcheck" is no
// test and "cargo update --precise" no build.
func classifyCommand(s string) string {
	l := strings.ToLower(s)
	tool := toolWords(l)
	subject := subjectWords(tool)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(tool, w) {
				return true
			}
		}
		return false
	}
	switch {
	case background(s):
		// a server started for the tests to talk to is none of the
		// kinds: running it alone tests nothing and never ends
		return ""
	case setsUpHooks(subject):
		return KindHooks
	case maintainsLock(subject):
		return KindMaintenance
	case installs(l):
		return installKind(l, tool)
	case releases(subject):
		return KindRelease
	case buildsDocs(subject):
		return KindDocs
	case strings.Contains(l, " --only-dependencies") || strings.Contains(l, " --dependencies-only"):
		return KindSetup // cabal build --dependencies-only builds none of the project
	case len(subject) == 1 && generatesFiles(subject[0]):
		// a script that writes fixtures or code, wherever it lives:
		// python tests/fixtures/generate.py tests nothing
		return ""
	case program(l) == "sbt" && sbtKind(tool) != "":
		return sbtKind(tool)
	case verbKind(subject) == KindTest && strings.Contains(l, " --no-run"):
		return KindBuild // compiles the tests, runs none
	case verbKind(subject) != "":
		return verbKind(subject)
	case makeWithoutTarget(s):
		return KindBuild
	case len(makeTargets(s)) > 0:
		// make runs whatever its targets are: "make defect-detector"
		// builds nothing, "make testacc" tests.
		return targetsKind(makeTargets(s))
	case strings.Contains(l, "--noemit"):
		// tsc --noEmit type-checks; the flag is the whole signal
		return KindLint
	case testRunner(tool):
		// before the formatters: prove --formatter TAP::Formatter tests
		return KindTest
	case has("fmt", "format", "prettier", "black ", "isort", "gofumpt", "goimports", "spotless"):
		return KindFormat
	case has("lint", "validate", "go vet", "clippy", "ruff", "flake8", "mypy", "staticcheck", "checkstyle", "shellcheck", "rubocop", "pre-commit", "typecheck", "type-check", "--noemit",
		"psalm", "phpstan", "phpcs", "php-cs-fixer", "biome"):
		return KindLint
	case has("cargo check"):
		// compiles without running anything: a build, never the tests
		return KindBuild
	case len(subject) == 1 && subject[0] == "rake":
		// rake's default task is the test suite in a gem's Rakefile
		return KindTest
	case len(subject) == 1 && (subject[0] == "mvn" || subject[0] == "./mvnw"):
		// the pom's defaultGoal, which builds and verifies
		return KindTest
	case has("test", "tox", "nox", "rspec", "jest", "vitest", "mvn verify", "mvn -b verify", "check", "alltests"):
		return KindTest
	case buildWord(tool) || makeWord(tool) || has("compile", "mvn package", "mvn -b package", "configure", "autogen", "autoreconf"):
		return KindBuild
	case has("install", "npm ci", "mod download", "bundle", "setup", "bootstrap", "uv sync", "poetry", "deps", "restore", "fetch"):
		return KindSetup
	}
	return ""
}

// verbKind classifies the commands of tools whose subcommand says what
// they do, whatever the rest of the line names ("cargo build --bin
// test-mem" builds; "make -C tests" builds in tests).
func verbKind(subject []string) string {
	if len(subject) == 0 {
		return ""
	}
	verb := ""
	if len(subject) > 1 {
		verb = subject[1]
	}
	switch subject[0] {
	case "cargo":
		switch verb {
		case "build", "check":
			return KindBuild
		case "test", "nextest":
			return KindTest
		case "clippy":
			return KindLint
		case "fmt":
			return KindFormat
		}
	case "go":
		switch verb {
		case "build":
			return KindBuild
		case "test":
			return KindTest
		case "vet":
			return KindLint
		}
	case "./gradlew", "gradle", "gradlew", "gradlew.bat":
		if gradleRunsTests(subject[1:]) {
			return KindTest // ./gradlew testDemoDebug :lint:test, whatever the module's name
		}
		if task := strings.ToLower(verb[strings.LastIndexByte(verb, ':')+1:]); task == "testclasses" || strings.HasPrefix(task, "compile") {
			return KindBuild // compiles the tests, runs none
		}
	case "poetry":
		if verb == "check" {
			return KindLint // validates pyproject.toml and the lock file
		}
	case "dart", "flutter":
		switch verb {
		case "test":
			return KindTest
		case "analyze":
			return KindLint
		case "format":
			return KindFormat
		case "build", "compile":
			return KindBuild
		}
	case "dune":
		switch verb {
		case "build":
			return KindBuild
		case "runtest", "test":
			return KindTest
		case "fmt":
			return KindFormat
		}
	}
	return ""
}

// makeWithoutTarget: a make line that names no target runs the default
// one, which builds ("make -C bld V=1 -C tests").
func makeWithoutTarget(l string) bool {
	return makeTargets(l) != nil && len(makeTargets(l)) == 0
}

// makeTargets are the targets a make command names: nil when l is no make
// command, empty when it names none (the default goal).
func makeTargets(l string) []string {
	f := strings.Fields(l)
	if len(f) == 0 || (f[0] != "make" && f[0] != "gmake") {
		return nil
	}
	targets := []string{}
	for i := 1; i < len(f); i++ {
		switch w := f[i]; {
		case w == "-C" || w == "-f" || w == "-o" || w == "-I" || w == "-W" || w == "--directory" || w == "--file":
			i++
		case strings.HasPrefix(w, "-") || strings.Contains(w, "="):
		case w == "|" || w == "&&" || w == ";" || w == "||":
			return targets
		default:
			targets = append(targets, w)
		}
	}
	return targets
}

// targetsKind classifies the targets of one make command by their names,
// a test among them first; failing that, by the words they are made of.
func targetsKind(targets []string) string {
	kind := ""
	for _, t := range targets {
		switch k := classifyName(t); {
		case k == KindTest:
			return k
		case kind == "":
			kind = k
		}
	}
	if kind == "" {
		kind = classifyCommand(strings.Join(targets, " "))
	}
	return kind
}

// makeWord says whether make runs somewhere in the command ("cd src &&
// make"), not a word that contains it ("make-pr").
func makeWord(tool string) bool {
	for _, w := range strings.Fields(tool) {
		if w == "make" || w == "gmake" || strings.HasSuffix(w, "/make") {
			return true
		}
	}
	return false
}

// buildWord says whether a word of the command is "build" itself, or a
// build script or script name ("build:prod", "build-all.sh"): not a word
// that merely starts so ("build_info").
func buildWord(tool string) bool {
	for _, w := range strings.Fields(tool) {
		w = strings.Trim(w, `"'`)
		if w == "build" || strings.HasPrefix(w, "build:") || strings.HasPrefix(w, "build-") || strings.HasPrefix(w, "build.") {
			return true
		}
		// a Gradle task of a subproject: okcurl:nativeBuild, :app:assemble
		if task := w[strings.LastIndexByte(w, ':')+1:]; strings.Contains(w, ":") && (strings.HasSuffix(task, "build") || task == "assemble") {
			return true
		}
	}
	return false
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

// subjectWords drops what only launches the tool (VAR=1, sudo, python -m,
// npx, bundle exec, npm run, uv run) and keeps the first two words that
// say what runs, scripts by their base name without extension.
func subjectWords(tool string) []string {
	f := strings.Fields(tool)
	for len(f) > 0 {
		switch {
		case strings.Contains(f[0], "=") || f[0] == "sudo" || f[0] == "python" || f[0] == "python3" || f[0] == "py" ||
			f[0] == "npx" || f[0] == "bunx" || f[0] == "pnpx" || f[0] == "env" || f[0] == "time" || f[0] == "xvfb-run":
			f = f[1:]
			continue
		case len(f) > 1 && (f[1] == "exec" || f[1] == "run" || f[1] == "dlx" || f[1] == "x") &&
			(f[0] == "bundle" || f[0] == "uv" || f[0] == "poetry" || f[0] == "pdm" || f[0] == "hatch" || f[0] == "pipenv" ||
				f[0] == "npm" || f[0] == "yarn" || f[0] == "pnpm" || f[0] == "bun" || f[0] == "uvx" || f[0] == "opam"):
			f = f[2:]
			continue
		}
		break
	}
	if len(f) > 2 {
		f = f[:2]
	}
	for i, w := range f {
		if strings.Contains(w, "/") && !strings.HasPrefix(w, "docs/") {
			w = path.Base(w)
			f[i] = strings.TrimSuffix(w, path.Ext(w))
		}
	}
	return f
}

// isDocsWord: a word that names documentation, its tools or a link check.
func isDocsWord(w string) bool {
	switch w {
	case "docs", "doc", "documentation", "html", "linkcheck", "mkdocs", "sphinx-build", "sphinx", "doxygen", "javadoc",
		"dokka", "rdoc", "yard", "typedoc", "jsdoc", "mdbook", "rustdoc", "lychee", "markdown-link-check", "linkinator",
		"htmlproofer", "vitepress", "docusaurus", "antora", "pdoc", "asciidoctor", "apidoc", "javadoc:javadoc", "javadoc:jar",
		"linkchecker", "muffet", "zensical":
		return true
	}
	return strings.HasPrefix(w, "docs/") || strings.HasPrefix(w, "docs:") || strings.HasPrefix(w, "docs-") ||
		strings.HasSuffix(w, "-docs") || strings.HasSuffix(w, ":docs") || strings.HasSuffix(w, "_docs") ||
		strings.HasPrefix(w, "dokka") || strings.HasPrefix(w, "mkdocs") || strings.HasPrefix(w, "sphinx") ||
		strings.Contains(w, "/docs/") || strings.HasPrefix(w, "doc/") || strings.HasSuffix(w, "linkcheck")
}

func buildsDocs(subject []string) bool {
	for _, w := range subject {
		if isDocsWord(w) {
			return true
		}
	}
	return false
}

// setsUpHooks: pre-commit install, husky, lefthook install, a hooks script.
func setsUpHooks(subject []string) bool {
	if len(subject) == 0 {
		return false
	}
	if len(subject) > 1 && (subject[0] == "pre-commit" || subject[0] == "prek" || subject[0] == "lefthook") && subject[1] == "install" {
		return true
	}
	for _, w := range subject {
		if w == "husky" || w == "simple-git-hooks" || strings.Contains(w, "hook") {
			return true
		}
	}
	return false
}

// maintainsLock: commands that rewrite a lock file instead of building.
func maintainsLock(subject []string) bool {
	if len(subject) < 2 {
		return false
	}
	tool, verb := subject[0], subject[1]
	switch tool {
	case "cargo":
		return verb == "update" || verb == "generate-lockfile"
	case "npm", "pnpm", "bun":
		return verb == "update" || verb == "upgrade" || verb == "audit"
	case "yarn":
		return verb == "upgrade" || verb == "up"
	case "bundle", "poetry", "pdm", "composer":
		return verb == "update" || verb == "lock"
	case "uv":
		return verb == "lock"
	}
	if (tool == "pip" || tool == "pip3") && verb == "lock" {
		return true
	}
	return tool == "pip-compile"
}

// hasToken reports whether w, split at - _ : and /, holds one of tokens.
func hasToken(w string, tokens ...string) bool {
	for _, t := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '_' || r == ':' || r == '/' }) {
		for _, x := range tokens {
			if t == x {
				return true
			}
		}
	}
	return false
}

// releases: publishing, uploading, deploying or cutting a release.
func releases(subject []string) bool {
	if len(subject) > 0 {
		switch subject[0] {
		case "ctest", "cmake", "dotnet", "msbuild", "meson", "xcodebuild":
			return false // "-C Release" names a configuration
		}
	}
	for i, w := range subject {
		switch {
		case w == "publish" || w == "upload" || w == "deploy" || w == "goreleaser" || w == "semantic-release" || w == "twine" ||
			w == "release" || w == "changeset" && i+1 < len(subject) && subject[i+1] == "publish":
			return true
		case strings.HasPrefix(w, "publish") || strings.HasPrefix(w, "release:") || strings.HasPrefix(w, "release-") ||
			strings.HasPrefix(w, "deploy"):
			return true
		case i > 0 && hasToken(w, "release", "publish", "deploy"):
			// a session or target named for it: nox -s prepare-release
			return true
		case w == "push" && i > 0 && (subject[0] == "docker" || subject[0] == "gem"):
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
		case (tool == "gem" || tool == "bundle" || tool == "poetry" || tool == "pipx" || tool == "composer" || tool == "cargo" || tool == "go" || tool == "cabal" || tool == "stack" ||
			tool == "opam" || tool == "luarocks") && verb == "install":
			return true
		case tool == "cpanm" || (tool == "dart" || tool == "flutter") && verb == "pub" && i+2 < len(f) && f[i+2] == "get":
			return true
		case tool == "go" && verb == "mod" && i+2 < len(f) && f[i+2] == "download", tool == "cargo" && verb == "fetch", tool == "uv" && verb == "sync",
			tool == "mix" && verb == "deps.get", tool == "dotnet" && verb == "restore", tool == "composer" && verb == "bin":
			return true
		case tool == "rustup" && (verb == "component" || verb == "target" || verb == "toolchain" || verb == "install"):
			return true
		}
	}
	return false
}

// installKind tells the project's own dependencies (setup) from a docs
// requirement (docs) and from a tool the machine gets (install).
func installKind(l, tool string) string {
	for _, w := range strings.Fields(tool) {
		if isDocsWord(w) || strings.Contains(w, "docs") {
			return KindDocs
		}
	}
	if installsProject(l, tool) {
		return KindSetup
	}
	return KindInstall
}

// installsProject: the install reads the project's manifest, lock or
// requirements (npm ci, pip install -e ., pip install -r requirements.txt,
// bundle install) rather than naming the packages to install.
func installsProject(l, tool string) bool {
	f := strings.Fields(l)
	for i, w := range f {
		if (w == "-r" || w == "--requirement" || w == "-e" || w == "--editable" || w == "-c") && i+1 < len(f) {
			return true
		}
		if w == "--group" && i+1 < len(f) {
			g := f[i+1]
			return g == "dev" || g == "test" || g == "tests" || g == "testing"
		}
		switch {
		case w == "--only-dependencies" || w == "--dependencies-only" || strings.HasPrefix(w, "--only-dependencies="):
			return true // cabal's and Stack's: the project's dependencies, not a program
		case w == "--deps-only" || w == "--installdeps" || w == "pub" && i+1 < len(f) && f[i+1] == "get":
			return true // opam's, cpanm's, and the Dart manifest's
		}
		if w == "." || strings.HasPrefix(w, ".[") || strings.HasPrefix(w, "'.[") || strings.HasPrefix(w, `".[`) {
			return true
		}
	}
	t := strings.Fields(tool)
	for len(t) > 0 && (t[0] == "sudo" || t[0] == "python" || t[0] == "python3" || strings.Contains(t[0], "=")) {
		t = t[1:]
	}
	if len(t) < 2 {
		return false
	}
	switch path.Base(t[0]) {
	case "npm", "yarn", "pnpm", "bun", "bundle", "composer", "poetry":
		// without package names: what the manifest asks for
		return len(t) == 2 && !strings.Contains(l, " -g") && !strings.Contains(l, "--global")
	case "go", "uv", "cargo":
		return t[1] == "mod" || t[1] == "sync" || t[1] == "fetch"
	case "mix", "dotnet":
		return t[1] == "deps.get" || t[1] == "restore"
	}
	return false
}

// gradleRunsTests says whether one of the Gradle tasks runs tests: its
// last segment (":lint:test" names the lint module's tests) is test,
// check or a test task (testDebug, allTests, connectedAndroidTest).
func gradleRunsTests(tasks []string) bool {
	for _, w := range tasks {
		task := strings.ToLower(w[strings.LastIndexByte(w, ':')+1:])
		if task == "check" || task != "testclasses" && (strings.HasPrefix(task, "test") || strings.HasSuffix(task, "test") || strings.HasSuffix(task, "tests")) {
			return true
		}
	}
	return false
}

// sbtKind classifies an sbt line by its tasks, quoted commands and
// cross-build prefixes aside ("sbt 'project catsJS' '++ 2.12' test"):
// a formatter's check formats, a test task tests, another check
// (githubWorkflowCheck, headerCheck) lints.
func sbtKind(tool string) string {
	kind, testConfig := "", false
	for _, w := range strings.Fields(tool)[1:] {
		task := strings.ToLower(strings.TrimLeft(strings.Trim(w, `"'`), "+"))
		testConfig = testConfig || strings.HasPrefix(task, "test/")
		task = task[strings.LastIndexAny(task, "/:")+1:]
		switch {
		case strings.Contains(task, "fmt") || strings.Contains(task, "format"):
			return KindFormat
		case task == "test" || task == "testonly" || task == "testquick" || task == "validate" || strings.HasSuffix(task, "test") || strings.HasSuffix(task, "tests"):
			kind = KindTest
		case kind == "" && strings.HasSuffix(task, "check"):
			kind = KindLint
		}
	}
	if kind == "" && testConfig {
		return KindBuild // Test/nativeLink builds the tests, runs none
	}
	return kind
}

// generatesFiles says whether a script's name says it writes files:
// generate, gen_fixtures, regen, update-snapshots.
func generatesFiles(name string) bool {
	for _, p := range []string{"generate", "gen_", "gen-", "regen", "update"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return name == "gen"
}
