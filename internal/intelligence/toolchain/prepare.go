package toolchain

import (
	"io/fs"
	"path"
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"gopkg.in/yaml.v3"
)

// Where a preparation step comes from, in the order they run.
const (
	FromCI           = "ci"
	FromContributing = "contributing"
	FromConvention   = "convention"
)

// Step is one command that installs the repository's dependencies for
// development.
type Step struct {
	// Command is the line as shown and approved.
	Command string `json:"command"`
	// Args is the argument list to run; empty when the line needs a shell
	// (pipes, variables, globs), and then it runs with sh -c.
	Args []string `json:"args,omitempty"`
	// Dir is where it runs, relative to the root ("" is the root).
	Dir string   `json:"dir"`
	Env []string `json:"env,omitempty"`
	// Source is ci, contributing or convention.
	Source   string     `json:"source"`
	Evidence []Location `json:"evidence"`
	// Global is true when the step installs outside the project (a global
	// npm package, pip outside a virtual environment, go install, sudo):
	// it runs only when a person confirms it explicitly.
	Global bool `json:"global"`
	// Note says why a step was changed or marked global.
	Note string `json:"note,omitempty"`
}

// PlanOptions tune the plan.
type PlanOptions struct {
	// GOOS picks the virtual environment's layout (Scripts\ on Windows).
	GOOS string
}

// Plan orders the commands that prepare the repository in fsys for
// development: the setup commands CI runs first (from the repository
// analysis, rep may be nil), then CONTRIBUTING's, then each stack's
// convention for the stacks neither covers. pip goes into a virtual
// environment in .venv; what would install outside the project is
// marked Global.
func Plan(fsys fs.FS, rep *repo.Report, o PlanOptions) []Step {
	p := &planner{fsys: fsys, o: o, rep: rep}
	if rep != nil {
		for _, c := range rep.Commands {
			if c.Kind == repo.KindSetup && c.CI {
				p.add(c.Command, c.Dir, FromCI, c.Sources)
			}
		}
	}
	p.contributing(rep)
	p.conventions()
	return p.steps
}

type planner struct {
	fsys  fs.FS
	o     PlanOptions
	rep   *repo.Report // nil when there was no analysis
	steps []Step
	venv  bool // a step creating a virtual environment is planned
	// venvDir is that environment's folder (.venv unless a guide names another).
	venvDir string
}

func (p *planner) exists(name string) bool {
	_, err := fs.Stat(p.fsys, name)
	return err == nil
}

// venvBin is where the virtual environment keeps its programs.
func (p *planner) venvBin(prog string) string {
	dir := p.venvDir
	if dir == "" {
		dir = ".venv"
	}
	if p.o.GOOS == "windows" {
		return dir + `\Scripts\` + prog
	}
	return dir + "/bin/" + prog
}

// add plans a command line, one step per command of it.
func (p *planner) add(line, dir, source string, evidence []Location) {
	for _, cmd := range repo.SplitCommands(line) {
		words, plain := shellWords(cmd)
		if len(words) == 0 {
			continue
		}
		if isVenvCreation(words) && !p.venv {
			p.venv = true
			args := words[1:]
			if words[0] != "virtualenv" {
				args = words[3:]
			}
			if len(args) > 0 && !strings.HasPrefix(args[len(args)-1], "-") {
				p.venvDir = args[len(args)-1]
			}
		}
		st := Step{Command: cmd, Dir: dir, Source: source, Evidence: evidence}
		if p.usesPip(words) && !p.managedPython() && !hasWord(words, "--user") {
			if !p.venv && !p.exists(".venv") {
				p.addVenv(evidence)
			}
			words = intoVenv(words, p.venvBin)
			st.Command, st.Note = joinWords(words), "pip runs inside the project's virtual environment (.venv), not on the system's Python"
		}
		if plain {
			st.Args = words
		}
		if why := globalInstall(words); why != "" {
			st.Global, st.Note = true, why
		}
		p.push(st)
	}
}

func (p *planner) push(st Step) {
	for _, old := range p.steps {
		if old.Dir == st.Dir && strings.Join(strings.Fields(old.Command), " ") == strings.Join(strings.Fields(st.Command), " ") {
			return
		}
	}
	p.steps = append(p.steps, st)
}

func (p *planner) addVenv(evidence []Location) {
	p.venv = true
	py := "python3"
	if p.o.GOOS == "windows" {
		py = "python"
	}
	p.push(Step{Command: py + " -m venv .venv", Args: []string{py, "-m", "venv", ".venv"}, Source: FromConvention, Evidence: evidence,
		Note: "a virtual environment in the project folder, so nothing is installed into the system's Python"})
}

// managedPython: Poetry, uv, PDM and Pipenv make their own environments.
func (p *planner) managedPython() bool {
	return p.exists("uv.lock") || p.exists("poetry.lock") || p.exists("pdm.lock") || p.exists("Pipfile")
}

func (p *planner) usesPip(words []string) bool {
	w := words
	if len(w) >= 3 && isPython(w[0]) && w[1] == "-m" && w[2] == "pip" {
		return true
	}
	return len(w) > 0 && (w[0] == "pip" || w[0] == "pip3")
}

func isPython(w string) bool {
	return w == "python" || w == "python3" || strings.HasPrefix(w, "python3.")
}

func isVenvCreation(w []string) bool {
	return len(w) >= 3 && isPython(w[0]) && w[1] == "-m" && (w[2] == "venv" || w[2] == "virtualenv") || len(w) > 0 && w[0] == "virtualenv"
}

// intoVenv runs pip with the virtual environment's programs.
func intoVenv(w []string, bin func(string) string) []string {
	out := append([]string(nil), w...)
	if isPython(out[0]) {
		out[0] = bin("python")
	} else {
		out[0] = bin("pip")
	}
	return out
}

// globalInstall says why a command installs outside the project, or "".
func globalInstall(w []string) string {
	if len(w) == 0 {
		return ""
	}
	switch {
	case w[0] == "sudo" || w[0] == "doas":
		return w[0] + " runs as another user; OSS-Dev never runs it, run it yourself if you trust it"
	case (w[0] == "npm" || w[0] == "pnpm") && (hasWord(w, "-g") || hasWord(w, "--global")):
		return "installs a package globally"
	case w[0] == "yarn" && len(w) > 1 && w[1] == "global":
		return "installs a package globally"
	case w[0] == "go" && len(w) > 1 && w[1] == "install":
		return "installs a program into your Go bin folder"
	case w[0] == "cargo" && len(w) > 1 && w[1] == "install":
		return "installs a program into your Cargo bin folder"
	case w[0] == "gem" && len(w) > 1 && w[1] == "install":
		return "installs a gem for your Ruby"
	case strings.HasSuffix(w[0], "pip") || strings.HasSuffix(w[0], "pip3") || len(w) > 2 && w[1] == "-m" && w[2] == "pip":
		if hasWord(w, "--user") {
			return "installs into your user site-packages"
		}
		if !strings.Contains(w[0], "/bin/") && !strings.Contains(w[0], `\Scripts\`) {
			return "installs into the Python that is on PATH, outside a virtual environment"
		}
	case w[0] == "pipx" || w[0] == "brew" || w[0] == "apt-get" || w[0] == "apt" || w[0] == "dnf" || w[0] == "yum" || w[0] == "choco" || w[0] == "winget" || w[0] == "corepack":
		return w[0] + " installs for the whole machine or user"
	case w[0] == "rustup":
		return "changes your Rust toolchains"
	}
	return ""
}

func hasWord(w []string, s string) bool {
	for _, x := range w {
		if x == s {
			return true
		}
	}
	return false
}

// covers reports whether a planned step already installs the stack's
// dependencies.
func (p *planner) covers(stack string) bool {
	for _, st := range p.steps {
		w, _ := shellWords(st.Command)
		if len(w) == 0 {
			continue
		}
		prog := path.Base(strings.ReplaceAll(w[0], `\`, "/"))
		switch stack {
		case "go":
			if prog == "go" && len(w) > 2 && w[1] == "mod" && w[2] == "download" {
				return true
			}
		case "node":
			if (prog == "npm" || prog == "yarn" || prog == "pnpm" || prog == "bun") && !hasWord(w, "-g") && !hasWord(w, "--global") &&
				(len(w) == 1 || w[1] == "ci" || w[1] == "install" || w[1] == "i") {
				return true
			}
		case "python":
			if prog == "pip" || prog == "pip3" || prog == "poetry" || prog == "uv" || prog == "pdm" || prog == "pipenv" ||
				(len(w) > 2 && w[1] == "-m" && w[2] == "pip") {
				return true
			}
		case "rust":
			if prog == "cargo" && len(w) > 1 && (w[1] == "fetch" || w[1] == "build") {
				return true
			}
		case "java":
			if prog == "mvn" || prog == "mvnw" || prog == "gradle" || prog == "gradlew" {
				return true
			}
		case "ruby":
			if prog == "bundle" || prog == "bundler" {
				return true
			}
		case "php":
			if prog == "composer" && len(w) > 1 && w[1] == "install" {
				return true
			}
		case "elixir":
			if prog == "mix" && len(w) > 1 && w[1] == "deps.get" {
				return true
			}
		case "dotnet":
			if prog == "dotnet" && len(w) > 1 && w[1] == "restore" {
				return true
			}
		case "dart":
			if (prog == "dart" || prog == "flutter") && len(w) > 2 && w[1] == "pub" && w[2] == "get" {
				return true
			}
		}
	}
	return false
}

// conventions adds each stack's own way for the stacks nothing covers.
func (p *planner) conventions() {
	if p.exists("go.mod") && !p.covers("go") {
		p.add("go mod download", "", FromConvention, []Location{{Path: "go.mod"}})
	}
	if p.exists("package.json") && !p.covers("node") {
		cmd, ev := p.nodeInstall()
		p.add(cmd, "", FromConvention, []Location{{Path: ev}})
	}
	if !p.covers("python") {
		p.python()
	}
	if p.exists("Cargo.toml") && !p.covers("rust") {
		p.add("cargo fetch", "", FromConvention, []Location{{Path: "Cargo.toml"}})
	}
	if !p.covers("java") {
		switch {
		case p.exists("pom.xml"):
			mvn := "mvn"
			if p.exists("mvnw") {
				mvn = "./mvnw"
			}
			p.add(mvn+" -q dependency:resolve", "", FromConvention, []Location{{Path: "pom.xml"}})
		case p.exists("build.gradle") || p.exists("build.gradle.kts"):
			g, ev := "gradle", "build.gradle"
			if p.exists("gradlew") {
				g = "./gradlew"
			}
			if p.exists("build.gradle.kts") {
				ev = "build.gradle.kts"
			}
			p.add(g+" dependencies", "", FromConvention, []Location{{Path: ev}})
		}
	}
	if p.exists("Gemfile") && !p.covers("ruby") {
		st := Step{Command: "bundle install", Args: []string{"bundle", "install"}, Source: FromConvention, Evidence: []Location{{Path: "Gemfile"}}}
		if !p.exists(".bundle/config") {
			st.Env = []string{"BUNDLE_PATH=vendor/bundle"}
			st.Note = "gems go into vendor/bundle in the project, not into the system's Ruby"
		}
		p.push(st)
	}
	p.otherConventions()
}

// otherConventions: Composer, Mix, pub and NuGet install what the lock,
// the pubspec or the solution names, into the project.
func (p *planner) otherConventions() {
	if p.exists("composer.json") && !p.covers("php") {
		p.add("composer install", "", FromConvention, []Location{{Path: "composer.json"}})
	}
	if p.exists("mix.exs") && !p.covers("elixir") {
		p.add("mix deps.get", "", FromConvention, []Location{{Path: "mix.exs"}})
	}
	if p.exists("pubspec.yaml") && !p.covers("dart") {
		p.add(p.pubTool()+" pub get", "", FromConvention, []Location{{Path: "pubspec.yaml"}})
	}
	if p.rep == nil || p.covers("dotnet") {
		return
	}
	for _, m := range p.rep.PackageManagers {
		if m.Ecosystem == "dotnet" {
			// named: a folder with two solutions leaves dotnet unsure
			p.add("dotnet restore "+path.Base(m.Evidence.Path), m.Dir, FromConvention, []Location{m.Evidence})
			return
		}
	}
}

// nodeInstall is the lockfile's package manager with a frozen lockfile.
func (p *planner) nodeInstall() (string, string) {
	switch {
	case p.exists("pnpm-lock.yaml"):
		return "pnpm install --frozen-lockfile", "pnpm-lock.yaml"
	case p.exists("yarn.lock"):
		if p.exists(".yarnrc.yml") {
			return "yarn install --immutable", "yarn.lock" // Yarn 2 and later
		}
		return "yarn install --frozen-lockfile", "yarn.lock"
	case p.exists("bun.lockb"):
		return "bun install --frozen-lockfile", "bun.lockb"
	case p.exists("bun.lock"):
		return "bun install --frozen-lockfile", "bun.lock"
	case p.exists("package-lock.json"):
		return "npm ci", "package-lock.json"
	case p.exists("npm-shrinkwrap.json"):
		return "npm ci", "npm-shrinkwrap.json"
	}
	return "npm install", "package.json"
}

// python plans the project's own tool, else a virtual environment and
// pip with the dev extra or the dev requirements.
func (p *planner) python() {
	ev := func(f string) []Location { return []Location{{Path: f}} }
	switch {
	case p.exists("uv.lock"):
		p.add("uv sync", "", FromConvention, ev("uv.lock"))
		return
	case p.exists("poetry.lock"):
		p.add("poetry install", "", FromConvention, ev("poetry.lock"))
		return
	case p.exists("pdm.lock"):
		p.add("pdm install", "", FromConvention, ev("pdm.lock"))
		return
	case p.exists("Pipfile"):
		p.add("pipenv install --dev", "", FromConvention, ev("Pipfile"))
		return
	}
	var install string
	var from string
	project := ""
	for _, f := range []string{"pyproject.toml", "setup.py", "setup.cfg"} {
		if p.exists(f) {
			project = f
			break
		}
	}
	for _, f := range []string{"requirements-dev.txt", "requirements_dev.txt", "dev-requirements.txt", "requirements/dev.txt"} {
		if p.exists(f) {
			install, from = "pip install -r "+f, f
			break
		}
	}
	if install == "" && project != "" {
		if p.hasDevExtra(project) {
			install, from = "pip install -e '.[dev]'", project
		} else {
			install, from = "pip install -e .", project
		}
	}
	if install == "" && p.exists("requirements.txt") {
		install, from = "pip install -r requirements.txt", "requirements.txt"
	}
	if install == "" {
		return
	}
	p.add(install, "", FromConvention, ev(from))
}

// hasDevExtra reports a "dev" optional-dependency group or extra.
func (p *planner) hasDevExtra(file string) bool {
	data, err := fs.ReadFile(p.fsys, file)
	if err != nil || len(data) > maxFileSize {
		return false
	}
	if file == "setup.py" {
		return strings.Contains(string(data), `"dev"`) && strings.Contains(string(data), "extras_require")
	}
	for _, kv := range tomlKeys(data) {
		if (kv.section == "project.optional-dependencies" || kv.section == "options.extras_require") && kv.key == "dev" {
			return true
		}
	}
	return false
}

// shellWords splits a command into words with quotes removed; plain is
// false when the line uses what only a shell does (pipes, redirections,
// variables, globs, substitutions).
func shellWords(s string) ([]string, bool) {
	var words []string
	var cur strings.Builder
	inWord, plain := false, true
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case quote == '"':
			switch c {
			case '"':
				quote = 0
			case '$', '`':
				plain = false
				cur.WriteByte(c)
			case '\\':
				if i+1 < len(s) {
					i++
					cur.WriteByte(s[i])
				}
			default:
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == '\\':
			if i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			} else {
				plain = false
			}
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			if strings.IndexByte("|&;<>()$`*?[]{}~!#\n", c) >= 0 {
				plain = false
			}
			cur.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 {
		plain = false
	}
	if inWord {
		words = append(words, cur.String())
	}
	// VAR=value before the command needs a shell too.
	if len(words) > 0 && strings.Contains(words[0], "=") {
		plain = false
	}
	return words, plain
}

// joinWords quotes words that need it for a shell.
func joinWords(w []string) string {
	out := make([]string, len(w))
	for i, s := range w {
		if s == "" || strings.ContainsAny(s, " \t\n'\"|&;<>()$`*?[]{}~!#\\") {
			out[i] = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		} else {
			out[i] = s
		}
	}
	return strings.Join(out, " ")
}

// pubTool is flutter for a Flutter package, whose pub get needs Flutter's
// SDK, else dart.
func (p *planner) pubTool() string {
	if fi, err := fs.Stat(p.fsys, "pubspec.yaml"); err != nil || fi.Size() > maxFileSize {
		return "dart"
	}
	data, err := fs.ReadFile(p.fsys, "pubspec.yaml")
	var doc yaml.Node
	if err != nil || yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || !dependsOnFlutter(doc.Content[0]) {
		return "dart"
	}
	return "flutter"
}
