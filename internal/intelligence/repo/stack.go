package repo

import (
	"encoding/json"
	"path"
	"sort"
	"strings"
)

// managerRule finds a package manager by a file name.
type managerRule struct {
	file, name, ecosystem string
}

// managerRules: lock files first, so a directory with package.json and
// yarn.lock reports yarn, not npm.
var managerRules = []managerRule{
	{"go.mod", "go modules", "go"},
	{"pnpm-lock.yaml", "pnpm", "npm"},
	{"yarn.lock", "yarn", "npm"},
	{"bun.lockb", "bun", "npm"},
	{"bun.lock", "bun", "npm"},
	{"package-lock.json", "npm", "npm"},
	{"uv.lock", "uv", "python"},
	{"poetry.lock", "poetry", "python"},
	{"pdm.lock", "pdm", "python"},
	{"Pipfile", "pipenv", "python"},
	{"Cargo.toml", "cargo", "rust"},
	{"pom.xml", "maven", "java"},
	{"build.gradle", "gradle", "java"},
	{"build.gradle.kts", "gradle", "java"},
	{"Gemfile", "bundler", "ruby"},
	{"composer.json", "composer", "php"},
	{"mix.exs", "mix", "elixir"},
	{"pubspec.yaml", "pub", "dart"},
	{"CMakeLists.txt", "cmake", "c/c++"},
}

// dotnetManifest is the first solution, else project file, among a
// folder's file names; "" when there is none.
func dotnetManifest(names map[string]bool) string {
	var slns, projects []string
	for n := range names {
		switch path.Ext(n) {
		case ".sln", ".slnx":
			slns = append(slns, n)
		case ".csproj", ".fsproj", ".vbproj":
			projects = append(projects, n)
		}
	}
	sort.Strings(slns)
	sort.Strings(projects)
	if len(slns) > 0 {
		return slns[0]
	}
	if len(projects) > 0 {
		return projects[0]
	}
	return ""
}

// packageManagers finds manifests and lock files at most two folders deep,
// outside vendored code.
func packageManagers(t *tree) []PackageManager {
	out := []PackageManager{}
	seenDir := map[string]bool{} // "dir\x00ecosystem" already has a manager
	var paths []string
	for p := range t.index {
		if strings.Count(p, "/") <= 2 {
			paths = append(paths, p)
		}
	}
	sortPaths(paths)
	byDir := map[string]map[string]bool{}
	for _, p := range paths {
		if t.files[t.index[p]].vendored || isExampleOrTestPath(p) {
			continue
		}
		d := dirOf(p)
		if byDir[d] == nil {
			byDir[d] = map[string]bool{}
		}
		byDir[d][path.Base(p)] = true
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sortPaths(dirs)
	for _, d := range dirs {
		names := byDir[d]
		for _, r := range managerRules {
			if !names[r.file] || seenDir[d+"\x00"+r.name] || (d != "" && seenDir["\x00"+r.ecosystem]) {
				// A member of a workspace the root already manages.
				continue
			}
			key := d + "\x00" + r.ecosystem
			if r.ecosystem == "npm" || r.ecosystem == "python" {
				if seenDir[key] {
					continue
				}
				seenDir[key] = true
			}
			seenDir[d+"\x00"+r.name] = true
			out = append(out, PackageManager{Name: r.name, Ecosystem: r.ecosystem, Dir: d, Evidence: Location{Path: join(d, r.file)}})
		}
		if f := dotnetManifest(names); f != "" && !seenDir["\x00dotnet"] {
			// NuGet restores a solution's or project's packages; the
			// projects below a solution are its members.
			seenDir["\x00dotnet"] = true
			out = append(out, PackageManager{Name: "nuget", Ecosystem: "dotnet", Dir: d, Evidence: Location{Path: join(d, f)}})
		}
		// A package.json with no lock file is npm's; Python without a
		// lock file is pip's.
		if names["package.json"] && !seenDir[d+"\x00npm"] && !seenDir["\x00npm"] {
			seenDir[d+"\x00npm"] = true
			out = append(out, PackageManager{Name: "npm", Ecosystem: "npm", Dir: d, Evidence: Location{Path: join(d, "package.json")}})
		}
		if !seenDir[d+"\x00python"] && !seenDir["\x00python"] {
			for _, f := range []string{"pyproject.toml", "requirements.txt", "setup.py", "setup.cfg"} {
				if names[f] {
					seenDir[d+"\x00python"] = true
					out = append(out, pythonManager(t, d, f))
					break
				}
			}
		}
	}
	return out
}

// pythonManager tells pip from the build backends a pyproject declares.
func pythonManager(t *tree, dir, file string) PackageManager {
	pm := PackageManager{Name: "pip", Ecosystem: "python", Dir: dir, Evidence: Location{Path: join(dir, file)}}
	if file != "pyproject.toml" {
		return pm
	}
	data, _ := t.read(join(dir, file))
	for _, s := range []struct{ section, name string }{
		{"[tool.poetry]", "poetry"}, {"[tool.pdm]", "pdm"}, {"[tool.uv]", "uv"}, {"[tool.hatch", "hatch"},
	} {
		if n := lineOf(data, s.section); n > 0 {
			pm.Name, pm.Evidence.Line = s.name, n
			return pm
		}
	}
	return pm
}

// isExampleOrTestPath is a path under an examples or test-data folder,
// whose manifests describe samples, not the project.
func isExampleOrTestPath(p string) bool {
	for _, seg := range strings.Split(dirOf(p), "/") {
		switch seg {
		case "examples", "example", "samples", "testdata", "fixtures", "test", "tests", "__fixtures__", "docs",
			"integration", "integration-cli", "e2e", "testutil", "testutils":
			return true
		}
	}
	return false
}

// frameworkRule recognises a framework by a dependency name in a manifest.
type frameworkRule struct {
	dep, name, ecosystem string
}

var frameworkRules = map[string][]frameworkRule{
	"package.json": {
		{"next", "Next.js", "npm"}, {"react", "React", "npm"}, {"vue", "Vue", "npm"}, {"nuxt", "Nuxt", "npm"},
		{"svelte", "Svelte", "npm"}, {"@sveltejs/kit", "SvelteKit", "npm"}, {"@angular/core", "Angular", "npm"},
		{"express", "Express", "npm"}, {"@nestjs/core", "NestJS", "npm"}, {"fastify", "Fastify", "npm"},
		{"koa", "Koa", "npm"}, {"electron", "Electron", "npm"}, {"gatsby", "Gatsby", "npm"},
		{"@remix-run/react", "Remix", "npm"}, {"astro", "Astro", "npm"}, {"vite", "Vite", "npm"},
		{"webpack", "webpack", "npm"}, {"jest", "Jest", "npm"}, {"vitest", "Vitest", "npm"}, {"mocha", "Mocha", "npm"},
		{"typescript", "TypeScript", "npm"}, {"eslint", "ESLint", "npm"}, {"prettier", "Prettier", "npm"},
		{"@playwright/test", "Playwright", "npm"}, {"cypress", "Cypress", "npm"}, {"tailwindcss", "Tailwind CSS", "npm"},
	},
	"go.mod": {
		{"github.com/gin-gonic/gin", "gin", "go"}, {"github.com/labstack/echo", "Echo", "go"},
		{"github.com/gofiber/fiber", "Fiber", "go"}, {"github.com/go-chi/chi", "chi", "go"},
		{"github.com/gorilla/mux", "gorilla/mux", "go"}, {"github.com/spf13/cobra", "cobra", "go"},
		{"github.com/urfave/cli", "urfave/cli", "go"}, {"google.golang.org/grpc", "gRPC", "go"},
		{"k8s.io/client-go", "Kubernetes client-go", "go"}, {"github.com/stretchr/testify", "testify", "go"},
		{"github.com/charmbracelet/bubbletea", "Bubble Tea", "go"}, {"gorm.io/gorm", "GORM", "go"},
		{"github.com/onsi/ginkgo", "Ginkgo", "go"}, {"go.uber.org/zap", "zap", "go"},
		{"github.com/prometheus/client_golang", "Prometheus client", "go"}, {"go.opentelemetry.io/otel", "OpenTelemetry", "go"},
	},
	"Cargo.toml": {
		{"tokio", "Tokio", "rust"}, {"actix-web", "Actix Web", "rust"}, {"axum", "axum", "rust"},
		{"rocket", "Rocket", "rust"}, {"warp", "warp", "rust"}, {"serde", "serde", "rust"},
		{"clap", "clap", "rust"}, {"bevy", "Bevy", "rust"}, {"tauri", "Tauri", "rust"},
	},
	"python": {
		{"django", "Django", "python"}, {"flask", "Flask", "python"}, {"fastapi", "FastAPI", "python"},
		{"starlette", "Starlette", "python"}, {"pytest", "pytest", "python"}, {"numpy", "NumPy", "python"},
		{"pandas", "pandas", "python"}, {"torch", "PyTorch", "python"}, {"tensorflow", "TensorFlow", "python"},
		{"scikit-learn", "scikit-learn", "python"}, {"sqlalchemy", "SQLAlchemy", "python"},
		{"celery", "Celery", "python"}, {"pydantic", "Pydantic", "python"}, {"click", "Click", "python"},
		{"typer", "Typer", "python"},
	},
	"Gemfile": {
		{"rails", "Rails", "ruby"}, {"sinatra", "Sinatra", "ruby"}, {"rspec", "RSpec", "ruby"},
		{"jekyll", "Jekyll", "ruby"}, {"hanami", "Hanami", "ruby"},
	},
	"java": {
		{"spring-boot", "Spring Boot", "java"}, {"spring-core", "Spring", "java"}, {"spring-webmvc", "Spring MVC", "java"},
		{"quarkus", "Quarkus", "java"}, {"micronaut", "Micronaut", "java"}, {"junit-jupiter", "JUnit 5", "java"},
		{"junit", "JUnit", "java"}, {"hibernate", "Hibernate", "java"},
	},
	"composer.json": {
		{"laravel/framework", "Laravel", "php"}, {"symfony/framework-bundle", "Symfony", "php"},
		{"phpunit/phpunit", "PHPUnit", "php"}, {"slim/slim", "Slim", "php"},
	},
}

// manifestKind maps a manifest's base name to its rule set.
func manifestKind(base string) string {
	lower := strings.ToLower(base)
	switch {
	case base == "package.json", base == "go.mod", base == "Cargo.toml", base == "Gemfile", base == "composer.json":
		return base
	case base == "pyproject.toml", base == "setup.py", base == "setup.cfg", base == "Pipfile",
		strings.HasPrefix(lower, "requirements") && strings.HasSuffix(lower, ".txt"):
		return "python"
	case base == "pom.xml", base == "build.gradle", base == "build.gradle.kts":
		return "java"
	}
	return ""
}

// frameworks looks for known dependencies in every manifest at most two
// folders deep; each framework is reported once, with its first evidence.
func frameworks(t *tree) []Framework {
	out := []Framework{}
	seen := map[string]bool{}
	for _, p := range t.signal(func(b string) bool { return manifestKind(b) != "" }) {
		if isExampleOrTestPath(p) {
			continue
		}
		kind := manifestKind(path.Base(p))
		data, _ := t.read(p)
		usedLine := map[int]bool{}
		devOnly := npmDevOnly(kind, data)
		for _, r := range frameworkRules[kind] {
			if seen[r.name] || devOnly(r.dep) && runtimeFramework(r.dep) {
				continue
			}
			// One line names one dependency: junit-jupiter is not also junit.
			if n := dependencyLine(data, kind, r.dep); n > 0 && (kind != "java" || !usedLine[n]) {
				seen[r.name], usedLine[n] = true, true
				out = append(out, Framework{Name: r.name, Ecosystem: r.ecosystem, Evidence: Location{Path: p, Line: n}})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Evidence.Path < out[j].Evidence.Path })
	return out
}

// npmDevOnly reports, for a package.json that is published (not private),
// which dependencies appear only among its devDependencies: a library that
// tests against Express does not use Express.
func npmDevOnly(kind string, data []byte) func(string) bool {
	none := func(string) bool { return false }
	if kind != "package.json" {
		return none
	}
	var pkg struct {
		Private bool              `json:"private"`
		Deps    map[string]string `json:"dependencies"`
		Peer    map[string]string `json:"peerDependencies"`
		Dev     map[string]string `json:"devDependencies"`
	}
	if json.Unmarshal(data, &pkg) != nil || pkg.Private {
		return none
	}
	return func(dep string) bool {
		_, dev := pkg.Dev[dep]
		_, run := pkg.Deps[dep]
		_, peer := pkg.Peer[dep]
		return dev && !run && !peer
	}
}

// runtimeFramework is a framework an application runs on, as opposed to a
// tool it is built, tested or linted with.
func runtimeFramework(dep string) bool {
	switch dep {
	case "vite", "webpack", "jest", "vitest", "mocha", "typescript", "eslint", "prettier", "@playwright/test", "cypress", "tailwindcss":
		return false
	}
	return true
}

// dependencyLine finds the line where a manifest names dep as a dependency,
// matching the name as a whole token in the manifest's own syntax.
func dependencyLine(data []byte, kind, dep string) int {
	line := 0
	for _, l := range strings.Split(string(data), "\n") {
		line++
		s := strings.TrimSpace(l)
		if s == "" || s[0] == '#' {
			continue
		}
		var ok bool
		switch kind {
		case "package.json", "composer.json":
			ok = jsonKeyIn(s, dep)
		case "go.mod":
			if strings.HasSuffix(s, "// indirect") {
				continue // a dependency of a dependency says nothing of the project
			}
			f := strings.Fields(strings.TrimPrefix(s, "require "))
			ok = len(f) > 0 && (f[0] == dep || strings.HasPrefix(f[0], dep+"/v"))
		case "Cargo.toml":
			ok = hasTokenPrefix(s, dep, " =.")
		case "Gemfile":
			ok = strings.HasPrefix(s, "gem '"+dep+"'") || strings.HasPrefix(s, `gem "`+dep+`"`)
		case "python":
			ok = pythonRequirement(s, dep)
		case "java":
			ok = strings.Contains(s, "<artifactId>"+dep) || strings.Contains(s, ":"+dep)
		}
		if ok {
			return line
		}
	}
	return 0
}

// hasTokenPrefix: s starts with tok, followed by one of the separators.
func hasTokenPrefix(s, tok, seps string) bool {
	return strings.HasPrefix(s, tok) && len(s) > len(tok) && strings.ContainsRune(seps, rune(s[len(tok)]))
}

// pythonRequirement matches a requirement string naming dep: a
// requirements line, a quoted PEP 508 string, or a poetry table key.
func pythonRequirement(s, dep string) bool {
	s = strings.ToLower(strings.Trim(s, `"', `))
	if !strings.HasPrefix(s, dep) {
		// install_requires=["flask>=2"] and similar inline lists.
		i := strings.Index(s, `"`+dep)
		if i < 0 {
			i = strings.Index(s, `'`+dep)
		}
		if i < 0 {
			return false
		}
		s = s[i+1:]
	}
	if len(s) == len(dep) {
		return true
	}
	return strings.ContainsRune(" =<>!~[;\"',", rune(s[len(dep)]))
}

// jsonKeyIn: the line has "key" followed by a colon, so "react": "^18"
// matches also inside a one-line object.
func jsonKeyIn(s, key string) bool {
	q := `"` + key + `"`
	for {
		i := strings.Index(s, q)
		if i < 0 {
			return false
		}
		s = s[i+len(q):]
		if strings.HasPrefix(strings.TrimLeft(s, " \t"), ":") {
			return true
		}
	}
}
