package toolchain

import (
	"github.com/oss-dev/oss-dev/internal/diag"

	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// maxFileSize bounds what is read of one configuration file.
const maxFileSize = 1 << 20

// Detect reads what the repository in fsys asks of the machine. It never
// fails: a file it cannot read as expected becomes a warning naming the
// file and line, and the rest is still read.
func Detect(fsys fs.FS) Requirements {
	d := &detector{fsys: fsys, byTool: map[string]*Requirement{}}
	d.goFiles()
	d.nodeFiles()
	d.pythonFiles()
	d.rustFiles()
	d.javaFiles()
	d.rubyFiles()
	d.gemspecs()
	d.dotnetFiles()
	d.phpFiles()
	d.elixirFiles()
	d.swiftFiles()
	d.haskellFiles()
	d.dartFiles()
	d.nativeFiles()
	d.toolVersions()
	d.miseConfig()
	d.devcontainer()
	d.ciSetups()
	d.systemTools()
	return d.finish()
}

type detector struct {
	fsys     fs.FS
	byTool   map[string]*Requirement
	warnings diag.List
}

// read returns a small file's content; a missing file is silently absent,
// an unreadable or oversized one is a warning.
func (d *detector) read(name string) ([]byte, bool) {
	fi, err := fs.Stat(d.fsys, name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			d.warn(CodeUnreadable, name, 0, "cannot read: "+err.Error())
		}
		return nil, false
	}
	if fi.IsDir() {
		return nil, false
	}
	if fi.Size() > maxFileSize {
		d.warn(CodeUnreadable, name, 0, fmt.Sprintf("skipped: %d bytes is larger than the %d this check reads", fi.Size(), maxFileSize))
		return nil, false
	}
	data, err := fs.ReadFile(d.fsys, name)
	if err != nil {
		d.warn(CodeUnreadable, name, 0, "cannot read: "+err.Error())
		return nil, false
	}
	return data, true
}

func (d *detector) exists(name string) bool {
	_, err := fs.Stat(d.fsys, name)
	return err == nil
}

func (d *detector) warn(code diag.Code, p string, line int, msg string) {
	d.warnings = append(d.warnings, diag.NewWarning(code, msg).At(p, line))
}

// add records a constraint. A range that cannot be parsed becomes a
// warning at its evidence, and the tool is still required to be there.
func (d *detector) add(tool string, required bool, c Constraint) {
	if c.Range != "" {
		if _, err := ParseToolRange(tool, c.Dialect, c.Range); err != nil {
			loc := Location{}
			if len(c.Evidence) > 0 {
				loc = c.Evidence[0]
			}
			d.warn(CodeNotChecked, loc.Path, loc.Line, fmt.Sprintf("%s for %s: %v; only its presence is checked", c.Source, tool, err))
			c.Range, c.Dialect, c.Role = "", "", Uses
		}
	}
	r := d.byTool[tool]
	if r == nil {
		r = &Requirement{Tool: tool}
		d.byTool[tool] = r
	}
	r.Required = r.Required || required
	for _, old := range r.Constraints {
		if old.Source == c.Source && old.Range == c.Range && sameLocs(old.Evidence, c.Evidence) {
			return
		}
	}
	if c.Role == Uses {
		// one "uses" is enough once a version is asked
		for _, old := range r.Constraints {
			if old.Role == Uses && old.Source == c.Source {
				return
			}
		}
	}
	r.Constraints = append(r.Constraints, c)
}

func sameLocs(a, b []Location) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func at(p string, line int) []Location { return []Location{{Path: p, Line: line}} }

// uses records that the build needs the tool, with no version asked.
func (d *detector) uses(tool string, required bool, why string, loc Location) {
	d.add(tool, required, Constraint{Role: Uses, Source: why, Evidence: []Location{loc}})
}

// toolOrder is the order tools are reported in.
func toolOrder(t string) int {
	order := []string{"go", "node", "npm", "yarn", "pnpm", "bun", "deno", "python", "poetry", "pdm", "pipenv", "uv",
		"rust", "cargo", "java", "maven", "gradle", "ruby", "bundler", "dotnet", "php", "composer", "elixir", "erlang", "swift", "ghc", "cabal", "stack", "dart", "flutter", "cc", "c++", "autoconf", "make", "cmake", "protoc", "buf", "just", "bazel", "ninja", "docker"}
	for i, o := range order {
		if o == t {
			return i
		}
	}
	return len(order)
}

// finish drops "uses" next to versioned asks, marks conflicts and sorts.
func (d *detector) finish() Requirements {
	out := Requirements{Tools: []Requirement{}, Warnings: d.warnings}
	for _, r := range d.byTool {
		versioned := false
		for _, c := range r.Constraints {
			versioned = versioned || c.Role != Uses
		}
		if versioned {
			kept := r.Constraints[:0]
			for _, c := range r.Constraints {
				if c.Role != Uses {
					kept = append(kept, c)
				}
			}
			r.Constraints = kept
		}
		r.CI = ciVersions(r.Tool, r.Constraints)
		r.Conflict = conflict(*r)
		out.Tools = append(out.Tools, *r)
	}
	sort.Slice(out.Tools, func(i, j int) bool {
		a, b := out.Tools[i].Tool, out.Tools[j].Tool
		if toolOrder(a) != toolOrder(b) {
			return toolOrder(a) < toolOrder(b)
		}
		return a < b
	})
	if out.Warnings == nil {
		out.Warnings = diag.List{}
	}
	return out
}

// conflict describes sources that disagree: version files or CI naming
// different versions, or one of them outside a manifest's range.
func conflict(r Requirement) string {
	var named []Constraint
	var ranges []Range
	for _, c := range r.Constraints {
		if c.Range == "" {
			continue
		}
		pr, err := c.Parse(r.Tool)
		if err != nil || pr.Alias != "" {
			continue
		}
		switch c.Role {
		case Pins, Tested:
			named = append(named, c)
		case Requires:
			ranges = append(ranges, pr)
		}
	}
	differ := pinsDiffer(r.Tool, named)
	for _, c := range named {
		for _, part := range strings.Split(c.Range, " || ") {
			if !concreteVersion(part) {
				continue // 3.x, "latest", 3.14t, 3.15-dev say nothing against a range
			}
			one := c
			one.Range = strings.TrimSpace(part)
			top := prefixTop(r.Tool, one.Range)
			for _, v := range askedVersions(r.Tool, one) {
				for _, rg := range ranges {
					// python 3 names every 3.x: it contradicts >=3.10
					// only when none of them is inside
					if !rg.Contains(v) && !rg.Contains(top) {
						differ = true
					}
				}
			}
		}
	}
	if !differ {
		return ""
	}
	var parts []string
	for _, c := range r.Declared() {
		parts = append(parts, c.Describe())
	}
	if ci := ciVersions(r.Tool, r.Constraints); ci != nil {
		parts = append(parts, "CI tests "+ci.Summary+" ("+whereText(ci.Evidence)+")")
	}
	return "sources differ: " + strings.Join(parts, "; ")
}

// prefixTop is about the highest version a named version stands for at
// the precision it is written: 3 stands for 3.x up to 3.999999999, 3.9
// for 3.9.x, 3.9.1 for itself.
func prefixTop(tool, s string) Version {
	v, ok := ParseVersion(s)
	if tool == "java" {
		v, ok = javaVersion(s)
	}
	if !ok || v.Pre != "" {
		return v
	}
	for i := v.N; i < 3; i++ {
		v.Parts[i] = maxPart - 1
	}
	v.N = max(v.N, 3)
	return v
}

// pinsDiffer reports whether two pins name different versions, or a pin
// names one CI tests none of. CI jobs that test different versions are a
// matrix, not a conflict, and a pin needs to agree with one of them only.
func pinsDiffer(tool string, named []Constraint) bool {
	var pins, tested []Constraint
	for _, c := range named {
		if c.Role == Pins {
			pins = append(pins, c)
			continue
		}
		for _, v := range strings.Split(c.Range, "||") {
			one := c
			one.Range = strings.TrimSpace(v)
			tested = append(tested, one)
		}
	}
	for i, p := range pins {
		for _, q := range pins[i+1:] {
			if !agree(tool, p, q) {
				return true
			}
		}
		matched := len(tested) == 0
		for _, t := range tested {
			matched = matched || agree(tool, p, t)
		}
		if !matched {
			return true
		}
	}
	return false
}

// concreteVersion reports whether a named version is digits and dots
// (with an optional leading v), the only kind a range can contradict.
func concreteVersion(s string) bool {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// agree reports whether two named versions say the same: equal once
// spelled alike, or single versions one of which is a prefix of the other
// (20 and 20.11.1).
func agree(tool string, a, b Constraint) bool {
	if normalizeAsk(a.Range) == normalizeAsk(b.Range) {
		return true
	}
	if strings.Contains(a.Range, "||") || strings.Contains(b.Range, "||") {
		return false
	}
	va, vb := askedVersions(tool, a), askedVersions(tool, b)
	if len(va) != 1 || len(vb) != 1 {
		return false
	}
	ra, err1 := ParseToolRange(tool, Exact, strings.TrimSuffix(normalizeAsk(a.Range), ".x"))
	rb, err2 := ParseToolRange(tool, Exact, strings.TrimSuffix(normalizeAsk(b.Range), ".x"))
	return err1 == nil && err2 == nil && (ra.Contains(vb[0]) || rb.Contains(va[0]))
}

// normalizeAsk spells a version the same way across sources: v20 and 20,
// "3.9 || 3.10" in any order.
func normalizeAsk(s string) string {
	parts := strings.Split(s, "||")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		p = strings.TrimPrefix(p, "v")
		p = strings.TrimSuffix(strings.TrimSuffix(p, ".x"), ".*")
		parts[i] = p
	}
	sort.Strings(parts)
	return strings.Join(parts, "|")
}

// askedVersions lists the lowest version each named value stands for.
func askedVersions(tool string, c Constraint) []Version {
	var out []Version
	for _, p := range strings.Split(c.Range, "||") {
		r, err := ParseToolRange(tool, c.Dialect, strings.TrimSpace(p))
		if err != nil || r.Alias != "" {
			continue
		}
		if lo, ok, _, _ := r.bounds(); ok {
			out = append(out, lo)
		}
	}
	return out
}

// firstValueLine returns the first line that is neither blank nor a
// comment, with its number.
func firstValueLine(data []byte) (string, int) {
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if j := strings.Index(l, " #"); j >= 0 {
			l = strings.TrimSpace(l[:j])
		}
		return l, i + 1
	}
	return "", 0
}

// --- Go ---

func (d *detector) goFiles() {
	for _, name := range []string{"go.mod", "go.work"} {
		data, ok := d.read(name)
		if !ok {
			continue
		}
		found := false
		for i, l := range strings.Split(string(data), "\n") {
			if j := strings.Index(l, "//"); j >= 0 {
				l = l[:j]
			}
			f := strings.Fields(l)
			if len(f) != 2 {
				continue
			}
			switch f[0] {
			case "go":
				found = true
				d.add("go", true, Constraint{Range: f[1], Dialect: GoDirective, Role: Requires, Source: name + " go line", Evidence: at(name, i+1)})
			case "toolchain":
				if f[1] != "default" {
					d.add("go", true, Constraint{Range: f[1], Dialect: GoToolchain, Role: Prefers, Source: name + " toolchain line", Evidence: at(name, i+1)})
				}
			}
		}
		if !found {
			d.uses("go", true, name, Location{Path: name, Line: 1})
		}
	}
}

// --- Node ---

func (d *detector) nodeFiles() {
	for _, name := range []string{".nvmrc", ".node-version"} {
		if data, ok := d.read(name); ok {
			if v, line := firstValueLine(data); v != "" {
				d.add("node", true, Constraint{Range: v, Dialect: Exact, Role: Pins, Source: name, Evidence: at(name, line)})
			}
		}
	}
	data, ok := d.read("package.json")
	if !ok {
		return
	}
	d.uses("node", true, "package.json", Location{Path: "package.json", Line: 1})
	pm := ""
	ls := newLines(data)
	fields, err := objectFields(data, 0, ls)
	if err != nil {
		d.warn(CodeMalformed, "package.json", errLine(err), "not valid JSON ("+errText(err)+"); only what comes before that point was read")
	}
	for _, f := range fields {
		switch f.Key {
		case "engines":
			eng, err := objectFields(data, f.start, ls)
			if err != nil {
				d.warn(CodeMalformed, "package.json", f.Line, "engines is not an object of version ranges")
				continue
			}
			for _, e := range eng {
				tool := e.Key
				if tool != "node" && tool != "npm" && tool != "yarn" && tool != "pnpm" && tool != "bun" {
					continue
				}
				s, ok := e.stringValue()
				if !ok {
					d.warn(CodeMalformed, "package.json", e.Line, "engines."+tool+" is not a string")
					continue
				}
				d.add(tool, tool == "node", Constraint{Range: s, Dialect: Semver, Role: Requires, Source: "package.json engines." + tool, Evidence: at("package.json", e.Line)})
			}
		case "packageManager":
			s, ok := f.stringValue()
			name, ver, cut := strings.Cut(s, "@")
			if !ok || !cut || name == "" {
				d.warn(CodeMalformed, "package.json", f.Line, fmt.Sprintf("packageManager %s is not NAME@VERSION", f.Raw))
				continue
			}
			ver, _, _ = strings.Cut(ver, "+") // the hash corepack checks
			pm = name
			d.add(name, true, Constraint{Range: ver, Dialect: Exact, Role: Pins, Source: "package.json packageManager", Evidence: at("package.json", f.Line)})
		}
	}
	lock := map[string]string{"package-lock.json": "npm", "npm-shrinkwrap.json": "npm", "yarn.lock": "yarn", "pnpm-lock.yaml": "pnpm", "bun.lockb": "bun", "bun.lock": "bun"}
	found := false
	for _, f := range []string{"pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb", "package-lock.json", "npm-shrinkwrap.json"} {
		if d.exists(f) {
			found = true
			d.uses(lock[f], true, f, Location{Path: f})
		}
	}
	if !found && pm == "" {
		d.uses("npm", true, "package.json", Location{Path: "package.json", Line: 1})
	}
}

// errLine reads the line a "line N: ..." error names.
func errLine(err error) int {
	var n int
	if _, e := fmt.Sscanf(err.Error(), "line %d:", &n); e == nil {
		return n
	}
	return 0
}

// errText drops the "line N: " prefix the location already says.
func errText(err error) string {
	s := err.Error()
	if _, rest, ok := strings.Cut(s, ": "); ok && strings.HasPrefix(s, "line ") {
		return rest
	}
	return s
}

// --- Python ---

func (d *detector) pythonFiles() {
	if data, ok := d.read(".python-version"); ok {
		for i, l := range strings.Split(string(data), "\n") {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "#") || l == "system" {
				continue
			}
			if strings.HasPrefix(l, "pypy") || strings.HasPrefix(l, "graalpy") || strings.Contains(l, "conda") {
				d.warn(CodeNotChecked, ".python-version", i+1, l+" is not CPython; it is not checked")
				continue
			}
			d.add("python", true, Constraint{Range: l, Dialect: Exact, Role: Pins, Source: ".python-version", Evidence: at(".python-version", i+1)})
		}
	}
	if data, ok := d.read("pyproject.toml"); ok {
		d.uses("python", true, "pyproject.toml", Location{Path: "pyproject.toml", Line: 1})
		for _, kv := range tomlKeys(data) {
			switch {
			case kv.section == "project" && kv.key == "requires-python":
				d.add("python", true, Constraint{Range: kv.value, Dialect: PEP440, Role: Requires, Source: "pyproject.toml requires-python", Evidence: at("pyproject.toml", kv.line)})
			case kv.section == "tool.poetry.dependencies" && kv.key == "python":
				d.add("python", true, Constraint{Range: kv.value, Dialect: Semver, Role: Requires, Source: "pyproject.toml Poetry python", Evidence: at("pyproject.toml", kv.line)})
			}
		}
		for _, s := range tomlSections(data) {
			switch {
			case s.name == "tool.poetry":
				d.uses("poetry", true, "pyproject.toml [tool.poetry]", Location{Path: "pyproject.toml", Line: s.line})
			case s.name == "tool.pdm":
				d.uses("pdm", true, "pyproject.toml [tool.pdm]", Location{Path: "pyproject.toml", Line: s.line})
			}
		}
	}
	if data, ok := d.read("setup.cfg"); ok {
		for _, kv := range tomlKeys(data) {
			if kv.section == "options" && kv.key == "python_requires" {
				d.add("python", true, Constraint{Range: kv.value, Dialect: PEP440, Role: Requires, Source: "setup.cfg python_requires", Evidence: at("setup.cfg", kv.line)})
			}
		}
	}
	if data, ok := d.read("setup.py"); ok {
		d.uses("python", true, "setup.py", Location{Path: "setup.py", Line: 1})
		if v, line := pyKeywordString(data, "python_requires"); line > 0 {
			d.add("python", true, Constraint{Range: v, Dialect: PEP440, Role: Requires, Source: "setup.py python_requires", Evidence: at("setup.py", line)})
		}
	}
	if data, ok := d.read("Pipfile"); ok {
		d.uses("pipenv", true, "Pipfile", Location{Path: "Pipfile", Line: 1})
		for _, kv := range tomlKeys(data) {
			if kv.section == "requires" && (kv.key == "python_version" || kv.key == "python_full_version") {
				d.add("python", true, Constraint{Range: kv.value, Dialect: Exact, Role: Pins, Source: "Pipfile " + kv.key, Evidence: at("Pipfile", kv.line)})
			}
		}
	}
	for _, f := range []string{"requirements.txt", "requirements-dev.txt", "requirements_dev.txt"} {
		if d.exists(f) {
			d.uses("python", true, f, Location{Path: f})
		}
	}
	if d.exists("uv.lock") {
		d.uses("uv", true, "uv.lock", Location{Path: "uv.lock"})
	}
	if d.exists("poetry.lock") {
		d.uses("poetry", true, "poetry.lock", Location{Path: "poetry.lock"})
	}
}

// pyKeywordString finds NAME="value" or NAME='value' in Python source.
func pyKeywordString(data []byte, name string) (string, int) {
	for i, l := range strings.Split(string(data), "\n") {
		j := strings.Index(l, name)
		if j < 0 {
			continue
		}
		rest := strings.TrimSpace(l[j+len(name):])
		rest, ok := strings.CutPrefix(rest, "=")
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		if len(rest) < 2 || (rest[0] != '"' && rest[0] != '\'') {
			continue
		}
		end := strings.IndexByte(rest[1:], rest[0])
		if end < 0 {
			continue
		}
		return rest[1 : 1+end], i + 1
	}
	return "", 0
}

// --- Rust ---

func (d *detector) rustFiles() {
	for _, name := range []string{"rust-toolchain.toml", "rust-toolchain"} {
		if data, ok := d.read(name); ok {
			d.rustToolchainFile(name, data)
		}
	}
	d.nestedRustToolchains()
	if data, ok := d.read("Cargo.toml"); ok {
		d.uses("rust", true, "Cargo.toml", Location{Path: "Cargo.toml", Line: 1})
		d.uses("cargo", true, "Cargo.toml", Location{Path: "Cargo.toml", Line: 1})
		for _, kv := range tomlKeys(data) {
			if (kv.section == "package" || kv.section == "workspace.package") && kv.key == "rust-version" {
				d.add("rust", true, Constraint{Range: kv.value, Dialect: Minimum, Role: Requires, Source: "Cargo.toml rust-version", Evidence: at("Cargo.toml", kv.line)})
			}
		}
	}
}

// rustToolchainFile reads a rust-toolchain file in either of its forms: a
// TOML [toolchain] table or a bare channel.
func (d *detector) rustToolchainFile(name string, data []byte) {
	if strings.HasSuffix(name, ".toml") || strings.Contains(string(data), "[toolchain]") {
		d.rustToolchainTOML(name, data)
	} else if v, line := firstValueLine(data); v != "" {
		d.add("rust", true, Constraint{Range: rustChannel(v), Dialect: Exact, Role: Pins, Source: name, Evidence: at(name, line)})
	}
}

func (d *detector) rustToolchainTOML(name string, data []byte) {
	for _, kv := range tomlKeys(data) {
		if kv.section == "toolchain" && kv.key == "channel" {
			d.add("rust", true, Constraint{Range: rustChannel(kv.value), Dialect: Exact, Role: Pins, Source: name + " channel", Evidence: at(name, kv.line)})
		}
	}
}

// rustChannel keeps a version and names channels: 1.75.0-x86_64-... is
// 1.75.0, nightly-2024-01-01 is nightly.
func rustChannel(s string) string {
	for _, ch := range []string{"stable", "beta", "nightly"} {
		if strings.HasPrefix(s, ch) {
			return ch
		}
	}
	if i := strings.IndexByte(s, '-'); i > 0 {
		return s[:i]
	}
	return s
}

// --- Java ---

func (d *detector) javaFiles() {
	if data, ok := d.read(".java-version"); ok {
		if v, line := firstValueLine(data); v != "" {
			d.add("java", true, Constraint{Range: v, Dialect: Exact, Role: Pins, Source: ".java-version", Evidence: at(".java-version", line)})
		}
	}
	if data, ok := d.read("pom.xml"); ok {
		d.uses("java", true, "pom.xml", Location{Path: "pom.xml", Line: 1})
		if !d.exists("mvnw") {
			d.uses("maven", true, "pom.xml", Location{Path: "pom.xml", Line: 1})
		}
		d.pom(data)
	}
	for _, name := range []string{"build.gradle", "build.gradle.kts"} {
		data, ok := d.read(name)
		if !ok {
			continue
		}
		d.uses("java", true, name, Location{Path: name, Line: 1})
		if !d.exists("gradlew") {
			d.uses("gradle", true, name, Location{Path: name, Line: 1})
		}
		d.gradle(name, data)
	}
}

// pom reads the compiler release, source and target (from properties or
// the compiler plugin) and the enforcer's requireJavaVersion.
func (d *detector) pom(data []byte) {
	ls := strings.Split(string(data), "\n")
	props := map[string]string{}
	for _, l := range ls {
		if name, val, ok := xmlElement(l); ok {
			props[name] = val
		}
	}
	inEnforcer := false
	for i, l := range ls {
		if strings.Contains(l, "<requireJavaVersion>") {
			inEnforcer = true
		}
		if strings.Contains(l, "</requireJavaVersion>") {
			inEnforcer = false
		}
		name, val, ok := xmlElement(l)
		if !ok {
			continue
		}
		src := ""
		role := Requires
		switch {
		case inEnforcer && name == "version":
			src = "pom.xml requireJavaVersion"
		case name == "maven.compiler.release" || name == "maven.compiler.source" || name == "maven.compiler.target" || name == "java.version" || name == "release":
			src = "pom.xml " + name
		default:
			continue
		}
		if strings.HasPrefix(val, "${") {
			key := strings.TrimSuffix(strings.TrimPrefix(val, "${"), "}")
			resolved, ok := props[key]
			if !ok || strings.Contains(resolved, "${") {
				d.warn(CodeNotChecked, "pom.xml", i+1, src+" is "+val+", a property this check cannot resolve; not checked")
				continue
			}
			val = resolved
		}
		d.add("java", true, Constraint{Range: val, Dialect: Java, Role: role, Source: src, Evidence: at("pom.xml", i+1)})
	}
}

// xmlElement reads <name>value</name> on one line.
func xmlElement(l string) (string, string, bool) {
	l = strings.TrimSpace(l)
	if !strings.HasPrefix(l, "<") {
		return "", "", false
	}
	end := strings.IndexByte(l, '>')
	if end < 2 {
		return "", "", false
	}
	name := l[1:end]
	if strings.ContainsAny(name, " /!?") {
		return "", "", false
	}
	rest := l[end+1:]
	closing := "</" + name + ">"
	j := strings.Index(rest, closing)
	if j < 0 {
		return "", "", false
	}
	return name, strings.TrimSpace(rest[:j]), true
}

// gradle reads sourceCompatibility, targetCompatibility, a toolchain's
// languageVersion and Kotlin's jvmToolchain.
func (d *detector) gradle(name string, data []byte) {
	for i, l := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(l)
		if strings.HasPrefix(s, "//") {
			continue
		}
		for _, key := range []string{"sourceCompatibility", "targetCompatibility"} {
			if rest, ok := strings.CutPrefix(s, key); ok {
				rest = strings.TrimSpace(rest)
				rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(rest, "="), ".set("))
				v := gradleJavaValue(rest)
				if v == "" {
					d.warn(CodeNotChecked, name, i+1, key+" "+rest+" is not a Java version this check reads; not checked")
					continue
				}
				d.add("java", true, Constraint{Range: v, Dialect: Java, Role: Requires, Source: name + " " + key, Evidence: at(name, i+1)})
			}
		}
		for _, marker := range []string{"JavaLanguageVersion.of(", "jvmToolchain("} {
			j := strings.Index(s, marker)
			if j < 0 || (marker == "JavaLanguageVersion.of(" && !strings.Contains(s, "languageVersion")) {
				continue
			}
			rest := s[j+len(marker):]
			k := strings.IndexByte(rest, ')')
			if k < 0 {
				continue
			}
			v := strings.Trim(strings.TrimSpace(rest[:k]), `"'`)
			d.add("java", true, Constraint{Range: v, Dialect: Exact, Role: Pins, Source: name + " Java toolchain", Evidence: at(name, i+1)})
		}
	}
}

// gradleJavaValue reads JavaVersion.VERSION_17, VERSION_1_8, '17', "1.8", 17.
func gradleJavaValue(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ")")
	s = strings.Trim(s, `"' `)
	if v, ok := strings.CutPrefix(s, "JavaVersion.VERSION_"); ok {
		return strings.ReplaceAll(v, "_", ".")
	}
	if _, ok := javaVersion(s); ok {
		return s
	}
	return ""
}

// --- Ruby ---

func (d *detector) rubyFiles() {
	if data, ok := d.read(".ruby-version"); ok {
		if v, line := firstValueLine(data); v != "" {
			d.add("ruby", true, Constraint{Range: v, Dialect: Exact, Role: Pins, Source: ".ruby-version", Evidence: at(".ruby-version", line)})
		}
	}
	data, ok := d.read("Gemfile")
	if !ok {
		return
	}
	d.uses("ruby", true, "Gemfile", Location{Path: "Gemfile", Line: 1})
	d.uses("bundler", true, "Gemfile", Location{Path: "Gemfile", Line: 1})
	for i, l := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(l)
		rest, ok := strings.CutPrefix(s, "ruby ")
		if !ok {
			rest, ok = strings.CutPrefix(s, "ruby(")
			rest = strings.TrimSuffix(rest, ")")
		}
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		if strings.HasPrefix(rest, "file:") || strings.Contains(rest, ".ruby-version") {
			continue // the version file, read above
		}
		var reqs []string
		for _, part := range strings.Split(rest, ",") {
			part = strings.TrimSpace(part)
			if len(part) >= 2 && (part[0] == '"' || part[0] == '\'') {
				reqs = append(reqs, strings.Trim(part, `"'`))
			}
		}
		if len(reqs) > 0 {
			d.add("ruby", true, Constraint{Range: strings.Join(reqs, ", "), Dialect: Gem, Role: Requires, Source: "Gemfile ruby", Evidence: at("Gemfile", i+1)})
		}
	}
}

// --- version managers ---

func (d *detector) toolVersions() {
	data, ok := d.read(".tool-versions")
	if !ok {
		return
	}
	for i, l := range strings.Split(string(data), "\n") {
		if j := strings.IndexByte(l, '#'); j >= 0 {
			l = l[:j]
		}
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			d.warn(CodeMalformed, ".tool-versions", i+1, "no version after "+f[0])
			continue
		}
		tool, known := managerToolName(f[0])
		if !known {
			d.warn(CodeNotChecked, ".tool-versions", i+1, "unknown tool "+f[0]+"; it is not checked")
			continue
		}
		v := f[1]
		if strings.HasPrefix(v, "ref:") || strings.HasPrefix(v, "path:") || v == "system" {
			continue
		}
		d.add(tool, true, Constraint{Range: spellVersion(tool, v), Dialect: Exact, Role: Pins, Source: ".tool-versions", Evidence: at(".tool-versions", i+1)})
	}
}

func (d *detector) miseConfig() {
	for _, name := range []string{"mise.toml", ".mise.toml", ".config/mise.toml", ".rtx.toml"} {
		data, ok := d.read(name)
		if !ok {
			continue
		}
		for _, kv := range tomlKeys(data) {
			if kv.section != "tools" || strings.Contains(kv.key, ":") {
				continue // backend tools (npm:prettier) are not toolchains
			}
			tool, known := managerToolName(kv.key)
			if !known {
				d.warn(CodeNotChecked, name, kv.line, "unknown tool "+kv.key+"; it is not checked")
				continue
			}
			v := kv.value
			if len(kv.list) > 0 {
				v = kv.list[0]
			}
			if v == "" {
				continue
			}
			d.add(tool, true, Constraint{Range: spellVersion(tool, v), Dialect: Exact, Role: Pins, Source: name, Evidence: at(name, kv.line)})
		}
	}
}

// --- devcontainer ---

func (d *detector) devcontainer() {
	for _, name := range []string{".devcontainer/devcontainer.json", ".devcontainer.json"} {
		data, ok := d.read(name)
		if !ok {
			continue
		}
		clean := stripJSONC(data)
		ls := newLines(clean)
		fields, err := objectFields(clean, 0, ls)
		if err != nil {
			d.warn(CodeMalformed, name, errLine(err), "not valid JSON ("+errText(err)+"); only what comes before that point was read")
		}
		for _, f := range fields {
			switch f.Key {
			case "image":
				if s, ok := f.stringValue(); ok {
					if tool, ver := imageToolchain(s); tool != "" && ver != "" {
						d.add(tool, false, Constraint{Range: ver, Dialect: Exact, Role: Pins, Source: name + " image", Evidence: at(name, f.Line)})
					}
				}
			case "features":
				feats, err := objectFields(clean, f.start, ls)
				if err != nil {
					d.warn(CodeMalformed, name, f.Line, "features is not an object")
					continue
				}
				for _, ft := range feats {
					d.feature(name, ft, clean, ls)
				}
			}
		}
	}
}

// feature reads one devcontainer feature: ghcr.io/devcontainers/features/node:1
// with {"version": "20"}.
func (d *detector) feature(file string, ft jsonField, doc []byte, ls lines) {
	id := ft.Key
	if i := strings.LastIndexByte(id, ':'); i > strings.LastIndexByte(id, '/') {
		id = id[:i]
	}
	base := path.Base(id)
	tool := map[string]string{"go": "go", "node": "node", "python": "python", "java": "java", "ruby": "ruby", "rust": "rust",
		"docker-in-docker": "docker", "docker-outside-of-docker": "docker"}[base]
	if tool == "" {
		return
	}
	if tool == "docker" {
		d.uses("docker", false, file+" feature "+base, Location{Path: file, Line: ft.Line})
		return
	}
	ver, line := "", ft.Line
	if opts, err := objectFields(doc, ft.start, ls); err == nil {
		for _, o := range opts {
			if o.Key == "version" {
				ver, _ = o.stringValue()
				line = o.Line
			}
		}
	}
	if ver == "" || ver == "none" {
		d.uses(tool, false, file+" feature "+base, Location{Path: file, Line: ft.Line})
		return
	}
	d.add(tool, false, Constraint{Range: ver, Dialect: Exact, Role: Pins, Source: file + " feature " + base, Evidence: at(file, line)})
}

// imageToolchain reads the toolchain and version of a container image:
// mcr.microsoft.com/devcontainers/go:1-1.22-bookworm is go 1.22,
// python:3.12-slim is python 3.12.
func imageToolchain(image string) (string, string) {
	name, tag, ok := strings.Cut(path.Base(image), ":")
	if !ok {
		return "", ""
	}
	tool := map[string]string{"go": "go", "golang": "go", "python": "python", "node": "node", "javascript-node": "node",
		"typescript-node": "node", "rust": "rust", "java": "java", "openjdk": "java", "eclipse-temurin": "java", "ruby": "ruby"}[name]
	if tool == "" {
		return "", ""
	}
	var nums []string
	for _, p := range strings.Split(tag, "-") {
		if _, ok := ParseVersion(p); ok && isVersionText(p) {
			nums = append(nums, p)
		}
	}
	if len(nums) == 0 {
		return tool, ""
	}
	// devcontainers tags lead with the image's own major: 1-1.22-bookworm
	return tool, nums[len(nums)-1]
}

func isVersionText(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c == '.') {
			return false
		}
	}
	return s != ""
}
