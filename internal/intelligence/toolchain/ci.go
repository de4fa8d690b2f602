package toolchain

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
)

// setupAction says which input of a setup action names which tool's
// version, and which input names a file holding it.
type setupAction struct {
	tool, input, fileInput string
}

// setupActionsFor lists what a setup action installs: one tool, or several
// (setup-beam installs Erlang/OTP and Elixir).
func setupActionsFor(uses string) []setupAction {
	if uses == "erlef/setup-beam" {
		return []setupAction{{"erlang", "otp-version", "version-file"}, {"elixir", "elixir-version", "version-file"}}
	}
	if uses == "haskell-actions/setup" || uses == "haskell/actions/setup" {
		return []setupAction{{"ghc", "ghc-version", ""}, {"cabal", "cabal-version", ""}}
	}
	if a, ok := setupActionFor(uses); ok {
		return []setupAction{a}
	}
	return nil
}

func setupActionFor(uses string) (setupAction, bool) {
	switch uses {
	case "actions/setup-go":
		return setupAction{"go", "go-version", "go-version-file"}, true
	case "actions/setup-node":
		return setupAction{"node", "node-version", "node-version-file"}, true
	case "actions/setup-python":
		return setupAction{"python", "python-version", "python-version-file"}, true
	case "actions/setup-java":
		return setupAction{"java", "java-version", "java-version-file"}, true
	case "ruby/setup-ruby":
		return setupAction{"ruby", "ruby-version", ""}, true
	case "dtolnay/rust-toolchain", "actions-rs/toolchain":
		return setupAction{"rust", "toolchain", ""}, true
	case "pnpm/action-setup":
		return setupAction{"pnpm", "version", ""}, true
	case "oven-sh/setup-bun":
		return setupAction{"bun", "bun-version", ""}, true
	case "denoland/setup-deno":
		return setupAction{"deno", "deno-version", ""}, true
	case "dart-lang/setup-dart":
		return setupAction{"dart", "sdk", ""}, true
	case "subosito/flutter-action":
		return setupAction{"flutter", "flutter-version", "flutter-version-file"}, true
	case "swift-actions/setup-swift", "SwiftyLab/setup-swift":
		return setupAction{"swift", "swift-version", ""}, true
	case "shivammathur/setup-php":
		return setupAction{"php", "php-version", "php-version-file"}, true
	case "actions/setup-dotnet":
		return setupAction{"dotnet", "dotnet-version", "global-json-file"}, true
	}
	return setupAction{}, false
}

// workflowFiles lists the GitHub workflow files, sorted.
func (d *detector) workflowFiles() []string {
	entries, err := fs.ReadDir(d.fsys, ".github/workflows")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
			out = append(out, ".github/workflows/"+n)
		}
	}
	sort.Strings(out)
	return out
}

// ciSetups reads the setup actions of every workflow.
func (d *detector) ciSetups() {
	for _, file := range d.workflowFiles() {
		data, ok := d.read(file)
		if !ok {
			continue
		}
		steps, err := repo.WorkflowActions(data)
		if err != nil {
			d.warn(CodeMalformed, file, errLine(err), "not valid YAML, so its setup steps were not read: "+errText(err))
			continue
		}
		for _, s := range steps {
			for _, a := range setupActionsFor(s.Uses) {
				d.ciSetup(file, s, a)
			}
		}
	}
}

// ciValue is one version a setup step installs, with its line.
type ciValue struct {
	value string
	line  int
}

func (d *detector) ciSetup(file string, s repo.ActionStep, a setupAction) {
	source := s.Uses + " " + a.input
	in, ok := s.Input(a.input)
	if !ok && s.Uses == "dtolnay/rust-toolchain" && s.Ref != "" && s.Ref != "master" && !strings.HasPrefix(s.Ref, "v") && !commitID(s.Ref) {
		// dtolnay/rust-toolchain@1.75 names the toolchain in its ref
		in, ok = repo.ActionInput{Name: "ref", Value: s.Ref, Line: s.Line}, true
		source = s.Uses + "@" + s.Ref
	}
	var vals []ciValue
	switch {
	case ok && in.MatrixKey != "":
		if len(in.Matrix) == 0 {
			d.warn(CodeNotChecked, file, in.Line, fmt.Sprintf("%s comes from matrix.%s, which is not a list this check can expand", a.input, in.MatrixKey))
			break
		}
		source += " (matrix)"
		for _, m := range in.Matrix {
			vals = append(vals, ciValue{m.Value, m.Line})
		}
	case ok && strings.Contains(in.Value, "${{"):
		d.warn(CodeNotChecked, file, in.Line, a.input+" is an expression ("+strings.TrimSpace(in.Value)+"); its version is not checked")
	case ok:
		for _, v := range strings.Split(in.Value, "\n") {
			if v = strings.TrimSpace(v); v != "" {
				vals = append(vals, ciValue{v, in.Line})
			}
		}
	case a.fileInput != "":
		if f, has := s.Input(a.fileInput); has {
			if v, dialect, loc := d.versionFromFile(a.tool, f.Value); v != "" {
				d.add(a.tool, true, Constraint{Range: v, Dialect: dialect, Role: Tested, Source: s.Uses + " " + a.fileInput,
					Evidence: []Location{{Path: file, Line: f.Line}, loc}})
				return
			}
		}
	}
	if a.tool == "ruby" && len(vals) == 1 && (vals[0].value == ".ruby-version" || vals[0].value == "default" || vals[0].value == ".tool-versions") {
		vals = nil // setup-ruby reads the version file, already read
	}
	vals = d.usableValues(file, a.tool, vals)
	if len(vals) == 0 {
		d.uses(a.tool, true, s.Uses, Location{Path: file, Line: s.Line})
		return
	}
	dialect := ciDialect(a.tool)
	var parts []string
	var locs []Location
	for _, v := range vals {
		parts = append(parts, v.value)
		loc := Location{Path: file, Line: v.line}
		if len(locs) == 0 || locs[len(locs)-1] != loc {
			locs = append(locs, loc)
		}
	}
	d.add(a.tool, true, Constraint{Range: strings.Join(parts, " || "), Dialect: dialect, Role: Tested, Source: source, Evidence: locs})
}

// ciDialect is how a setup action reads its version input: most as npm
// ranges; Java, Rust, Swift and the BEAM ones as versions (OTP's 25.3.2.21 has
// four numbers).
func ciDialect(tool string) Dialect {
	switch tool {
	case "java", "rust", "erlang", "elixir", "swift", "ghc", "cabal", "dart", "flutter":
		return Exact
	}
	return Semver
}

// usableValues drops other implementations (PyPy) and values that are not
// versions, warning for the latter.
func (d *detector) usableValues(file, tool string, vals []ciValue) []ciValue {
	var out []ciValue
	seen := map[string]bool{}
	for _, v := range vals {
		v.value = spellVersion(tool, v.value)
		l := strings.ToLower(v.value)
		if tool == "python" && (strings.HasPrefix(l, "pypy") || strings.HasPrefix(l, "graalpy")) {
			continue
		}
		if (tool == "dart" || tool == "flutter") && (l == "stable" || l == "beta" || l == "dev" || l == "main" || l == "master" || l == "any" || l == "latest") {
			continue // a release channel: whatever is newest on it
		}
		if seen[v.value] {
			continue
		}
		if _, err := ParseToolRange(tool, ciDialect(tool), v.value); err != nil {
			d.warn(CodeNotChecked, file, v.line, fmt.Sprintf("CI version %q for %s: %v; not checked", v.value, tool, err))
			continue
		}
		seen[v.value] = true
		out = append(out, v)
	}
	return out
}

// versionFromFile reads the version a *-version-file input points at, in
// the dialect the file writes it: pyproject.toml's requires-python and
// package.json's engines.node are ranges, as the setup actions read them.
func (d *detector) versionFromFile(tool, name string) (string, Dialect, Location) {
	name = path.Clean(strings.TrimPrefix(strings.TrimSpace(name), "./"))
	data, ok := d.read(name)
	if !ok {
		return "", Exact, Location{}
	}
	switch path.Base(name) {
	case "go.mod", "go.work":
		for i, l := range strings.Split(string(data), "\n") {
			if f := strings.Fields(l); len(f) == 2 && f[0] == "go" {
				return f[1], Exact, Location{Path: name, Line: i + 1}
			}
		}
	case ".tool-versions":
		for i, l := range strings.Split(string(data), "\n") {
			f := strings.Fields(l)
			if len(f) >= 2 {
				if t, ok := managerToolName(f[0]); ok && t == tool {
					return spellVersion(tool, f[1]), Exact, Location{Path: name, Line: i + 1}
				}
			}
		}
	case "pyproject.toml":
		for _, kv := range tomlKeys(data) {
			if kv.section == "project" && kv.key == "requires-python" {
				return kv.value, PEP440, Location{Path: name, Line: kv.line}
			}
		}
	case "package.json":
		return engineRange(data, tool, name)
	case "global.json":
		if ask, loc, _ := globalJSONAsk(name, data); ask != "" {
			return ask, DotnetSDK, loc
		}
	case ".sdkmanrc":
		for i, l := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(l), tool+"="); ok {
				// 17.0.2-tem: the version, then the vendor
				v, _, _ = strings.Cut(v, "-")
				return v, Exact, Location{Path: name, Line: i + 1}
			}
		}
	default:
		v, line := firstValueLine(data)
		return v, Exact, Location{Path: name, Line: line}
	}
	return "", Exact, Location{}
}

// engineRange reads engines.TOOL from a package.json.
func engineRange(data []byte, tool, name string) (string, Dialect, Location) {
	ls := newLines(data)
	fields, _ := objectFields(data, 0, ls)
	for _, f := range fields {
		if f.Key != "engines" {
			continue
		}
		eng, err := objectFields(data, f.start, ls)
		if err != nil {
			break
		}
		for _, e := range eng {
			if s, ok := e.stringValue(); ok && e.Key == tool {
				return s, Semver, Location{Path: name, Line: e.Line}
			}
		}
	}
	return "", Exact, Location{}
}

// systemTools finds make, cmake, protoc, docker and the like in Makefile
// recipes, the repository's scripts and CI run steps.
func (d *detector) systemTools() {
	ciMake := false
	for _, file := range d.ciFiles() {
		data, ok := d.read(file)
		if !ok {
			continue
		}
		steps, _ := repo.CISteps(file, data)
		for _, s := range steps {
			for _, tool := range calledTools(s.Command) {
				if tool == "make" {
					ciMake = true
				}
				d.uses(tool, tool == "make", "a CI run step", Location{Path: file, Line: s.Line})
			}
		}
	}
	for _, name := range []string{"GNUmakefile", "Makefile", "makefile"} {
		data, ok := d.read(name)
		if !ok {
			continue
		}
		d.uses("make", ciMake, name, Location{Path: name})
		for i, l := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(l, "\t") {
				continue
			}
			for _, tool := range calledTools(strings.TrimLeft(strings.TrimSpace(l), "@-+")) {
				if tool != "make" {
					d.uses(tool, false, "a "+name+" recipe", Location{Path: name, Line: i + 1})
				}
			}
		}
		break
	}
	if d.exists("CMakeLists.txt") {
		d.uses("cmake", true, "CMakeLists.txt", Location{Path: "CMakeLists.txt"})
	}
	for _, p := range d.scripts() {
		data, ok := d.read(p)
		if !ok {
			continue
		}
		for i, l := range strings.Split(string(data), "\n") {
			s := strings.TrimSpace(l)
			if s == "" || s[0] == '#' {
				continue
			}
			for _, tool := range calledTools(s) {
				d.uses(tool, false, "a script", Location{Path: p, Line: i + 1})
			}
		}
	}
}

// ciFiles lists the CI configurations the repository analysis reads.
func (d *detector) ciFiles() []string {
	out := d.workflowFiles()
	for _, f := range []string{".gitlab-ci.yml", ".circleci/config.yml", ".travis.yml", "azure-pipelines.yml", ".cirrus.yml",
		"appveyor.yml", ".appveyor.yml", "bitbucket-pipelines.yml", "Jenkinsfile"} {
		if d.exists(f) {
			out = append(out, f)
		}
	}
	return out
}

// maxScripts bounds how many script files are read.
const maxScripts = 40

// scripts lists shell scripts in the usual script folders.
func (d *detector) scripts() []string {
	var out []string
	for _, dir := range []string{"scripts", "script", "hack", "tools", "build"} {
		entries, err := fs.ReadDir(d.fsys, dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !(strings.HasSuffix(n, ".sh") || strings.HasSuffix(n, ".bash") || !strings.Contains(n, ".")) {
				continue
			}
			if info, err := e.Info(); err != nil || !info.Mode().IsRegular() || info.Size() > 256<<10 {
				continue
			}
			out = append(out, dir+"/"+n)
			if len(out) >= maxScripts {
				return out
			}
		}
	}
	return out
}

// calledTools lists the system tools a shell line runs as commands.
func calledTools(line string) []string {
	var out []string
	r := strings.NewReplacer("&&", "\n", "||", "\n", ";", "\n", "|", "\n", "$(", "\n", "`", "\n", "(", "\n")
	for _, piece := range strings.Split(r.Replace(line), "\n") {
		f := strings.Fields(piece)
		for len(f) > 0 && (strings.Contains(f[0], "=") && !strings.HasPrefix(f[0], "-") || f[0] == "sudo" || f[0] == "exec" || f[0] == "time" || f[0] == "env" || f[0] == "then" || f[0] == "do" || f[0] == "else") {
			f = f[1:]
		}
		if len(f) == 0 {
			continue
		}
		tool := systemTool(path.Base(f[0]))
		if tool != "" && !contains(out, tool) {
			out = append(out, tool)
		}
	}
	return out
}

func systemTool(prog string) string {
	switch prog {
	case "make", "gmake":
		return "make"
	case "cmake", "protoc", "buf", "ninja", "just", "docker":
		return prog
	case "docker-compose":
		return "docker"
	case "bazel", "bazelisk":
		return "bazel"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// commitID says whether an action's ref is a commit rather than a branch
// or tag: dtolnay/rust-toolchain@881ba7b… pins the action, it names no
// toolchain.
func commitID(ref string) bool {
	if len(ref) < 7 || len(ref) > 64 {
		return false
	}
	for _, c := range ref {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
