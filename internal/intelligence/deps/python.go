package deps

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"
)

// requirement is one PEP 508 dependency specifier.
type requirement struct {
	name   string
	extras string
	spec   string // version specifier or "@ URL"
	marker string
}

// pep508Name is compiled on first use, not by every process at start-up.
var pep508Name = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$`)
})

// parsePEP508 reads "name[extras] (specifier) ; marker" and "name @ URL ;
// marker" (where PEP 508 asks for a space before the semicolon, since a URL
// may hold one).
func parsePEP508(s string) (requirement, bool) {
	s = strings.TrimSpace(s)
	var r requirement
	sep := ";"
	if strings.Contains(s, "://") {
		sep = " ;"
	}
	if body, marker, ok := strings.Cut(s, sep); ok {
		s, r.marker = strings.TrimSpace(body), strings.TrimSpace(marker)
	}
	m := pep508Name().FindStringSubmatch(s)
	if m == nil {
		return r, false
	}
	r.name, r.extras = m[1], m[2]
	rest := strings.TrimSpace(m[3])
	if strings.HasPrefix(rest, "@") {
		r.spec = rest
		return r, true
	}
	rest = strings.TrimSuffix(strings.TrimPrefix(rest, "("), ")")
	r.spec = strings.ReplaceAll(rest, " ", "")
	if r.spec != "" && !strings.ContainsAny(r.spec[:1], "<>=!~") {
		return r, false
	}
	return r, true
}

// exactPin returns the version a "==1.2.3" specifier pins, if it pins one.
func exactPin(spec string) (string, bool) {
	v, ok := strings.CutPrefix(spec, "===")
	if !ok {
		v, ok = strings.CutPrefix(spec, "==")
	}
	if !ok || v == "" || strings.ContainsAny(v, ",*<>=!~") {
		return "", false
	}
	return v, true
}

// pyPkg builds the package of a parsed requirement found at file:line.
func pyPkg(rel string, line int, section string, scope Scope, r requirement) *pkg {
	p := &pkg{name: r.name, version: r.spec, scope: scope, direct: true, constraint: r.spec,
		ev: ev(rel, line, section, r.spec)}
	if v, ok := exactPin(r.spec); ok {
		p.version, p.resolved = v, true
	}
	if strings.HasPrefix(r.spec, "@") {
		p.version = "" // a URL is no version
	}
	return p
}

// scopeFromName guesses a scope from a file or group name such as
// requirements-dev.txt or the dependency group "test", word by word.
func scopeFromName(name string) Scope {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	var found Scope
	for _, w := range words {
		var s Scope
		switch w {
		case "test", "tests", "testing", "e2e":
			s = Test
		case "build":
			s = Build
		case "doc", "docs", "documentation", "sphinx", "mkdocs":
			s = Docs
		case "dev", "develop", "development", "lint", "linting", "typing", "types", "ci", "style":
			s = Dev
		}
		if s != "" && (found == "" || scopeRank(s) < scopeRank(found)) {
			found = s
		}
	}
	return found
}

// inDocsFolder reports a file under a docs or doc folder, such as
// docs/requirements.txt, which Read the Docs installs to build the site.
func inDocsFolder(rel string) bool {
	for _, part := range strings.Split(path.Dir(rel), "/") {
		if p := strings.ToLower(part); p == "docs" || p == "doc" {
			return true
		}
	}
	return false
}

// parseRequirements reads a pip requirements file. Includes (-r) are
// resolved by runJob, which reads the included files; pip-compile output,
// recognised by its "# via" comments, is a lock file with edges.
func parseRequirements(rel string, data []byte) (*fileResult, error) {
	scope := scopeFromName(path.Base(rel))
	if scope == "" && inDocsFolder(rel) {
		scope = Docs
	}
	if scope == "" {
		scope = Runtime
	}
	fr := newFile(rel, PyPI, KindManifest, "requirements")
	var vias [][]string
	lines := splitLines(data)
	for n := 0; n < len(lines); n++ {
		start := n
		text := lines[n]
		for strings.HasSuffix(strings.TrimRight(text, " \t"), `\`) && n+1 < len(lines) {
			n++
			text = strings.TrimSuffix(strings.TrimRight(text, " \t"), `\`) + " " + lines[n]
		}
		text = stripComment(text)
		if text == "" {
			continue
		}
		if strings.HasPrefix(text, "-") {
			fr.requirementOption(rel, start+1, text, scope)
			for len(vias) < len(fr.pkgs) {
				vias = append(vias, nil)
			}
			continue
		}
		// pip strips --hash and other per-requirement options.
		if i := strings.Index(text, " --"); i >= 0 {
			text = strings.TrimSpace(text[:i])
		}
		r, ok := parsePEP508(text)
		if !ok {
			continue // a path or URL without a name: nothing to report
		}
		fr.add(normName(PyPI, r.name), pyPkg(rel, start+1, path.Base(rel), scope, r))
		via, _ := viaComment(lines, n+1)
		vias = append(vias, via)
	}
	applyVias(fr, vias)
	return fr, nil
}

// viaComment reads the pip-compile "# via" annotation that follows line n
// (0-based index of the next line), one line or a block.
func viaComment(lines []string, next int) ([]string, bool) {
	if next >= len(lines) {
		return nil, false
	}
	t := strings.TrimSpace(lines[next])
	if !strings.HasPrefix(t, "# via") {
		return nil, false
	}
	if rest := strings.TrimSpace(strings.TrimPrefix(t, "# via")); rest != "" {
		return []string{rest}, true
	}
	var out []string
	for i := next + 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(t, "#   ") {
			break
		}
		out = append(out, strings.TrimSpace(strings.TrimPrefix(t, "#")))
	}
	return out, true
}

// applyVias turns pip-compile annotations into edges and direct flags: a
// package is direct when an input file (-r) asks for it.
func applyVias(fr *fileResult, vias [][]string) {
	compiled := false
	for _, v := range vias {
		compiled = compiled || len(v) > 0
	}
	if !compiled {
		return
	}
	fr.manifest.Kind, fr.manifest.Format, fr.manifest.RecordsEdges = KindLockfile, "requirements (pip-compile)", true
	for i, v := range vias {
		fr.pkgs[i].direct = len(v) == 0
		fr.pkgs[i].scope = "" // carried from the direct packages instead
		for _, src := range v {
			if strings.HasPrefix(src, "-r ") || strings.HasPrefix(src, "-c ") {
				fr.pkgs[i].direct = true
				continue
			}
			if from, ok := fr.byKey[normName(PyPI, src)]; ok {
				fr.edge(from, i)
			}
		}
	}
}

// stripComment drops a requirements comment: '#' at the start or after
// white space (a '#' inside a URL fragment stays).
func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			s = s[:i]
			break
		}
	}
	return strings.TrimSpace(s)
}

// requirementOption handles a line starting with '-': includes are recorded
// for runJob; editable installs of VCS URLs with #egg= are packages.
func (fr *fileResult) requirementOption(rel string, line int, text string, scope Scope) {
	opt, arg, _ := strings.Cut(text, " ")
	if o, a, ok := strings.Cut(opt, "="); ok {
		opt, arg = o, a
	}
	arg = strings.TrimSpace(arg)
	switch opt {
	case "-r", "--requirement":
		if arg != "" {
			fr.includes = append(fr.includes, include{path: path.Join(path.Dir(rel), arg), line: line, scope: scope})
		}
	case "-e", "--editable":
		if _, egg, ok := strings.Cut(arg, "#egg="); ok {
			name, _, _ := strings.Cut(egg, "&")
			fr.add(normName(PyPI, name), &pkg{name: name, scope: scope, direct: true, constraint: arg,
				ev: ev(rel, line, path.Base(rel), arg)})
		}
	}
}

// include is a requirements file that another one pulls in with -r.
type include struct {
	path  string
	line  int
	scope Scope
}

// pyprojectDoc is the part of pyproject.toml that declares dependencies.
type pyprojectDoc struct {
	BuildSystem struct {
		Requires []string `toml:"requires"`
	} `toml:"build-system"`
	Project struct {
		Dependencies         []string            `toml:"dependencies"`
		OptionalDependencies map[string][]string `toml:"optional-dependencies"`
	} `toml:"project"`
	DependencyGroups map[string][]any `toml:"dependency-groups"`
	Tool             struct {
		Poetry struct {
			Dependencies    map[string]any `toml:"dependencies"`
			DevDependencies map[string]any `toml:"dev-dependencies"`
			Group           map[string]struct {
				Dependencies map[string]any `toml:"dependencies"`
			} `toml:"group"`
		} `toml:"poetry"`
		UV struct {
			DevDependencies []string `toml:"dev-dependencies"`
		} `toml:"uv"`
	} `toml:"tool"`
}

// parsePyproject reads PEP 621 dependencies and optional dependencies, PEP
// 735 dependency groups, the build requirements, Poetry's dependency
// tables and uv's dev-dependencies.
func parsePyproject(rel string, data []byte) (*fileResult, error) {
	var doc pyprojectDoc
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, tomlError("pyproject.toml", err)
	}
	fr := newFile(rel, PyPI, KindManifest, "pyproject.toml")
	lines := splitLines(data)
	addList := func(header, section string, scope Scope, reqs []string) {
		from := lineOf(lines, 1, header)
		for _, s := range reqs {
			if r, ok := parsePEP508(s); ok {
				fr.add("", pyPkg(rel, lineOf(lines, from, quoted(s)), section, scope, r))
			}
		}
	}
	addList("[build-system]", "build-system.requires", Build, doc.BuildSystem.Requires)
	addList("[project]", "project.dependencies", Runtime, doc.Project.Dependencies)
	for _, g := range sortedKeys(doc.Project.OptionalDependencies) {
		scope := Optional
		if scopeFromName(g) == Docs {
			scope = Docs // an extra for building the documentation
		}
		addList("[project.optional-dependencies]", "project.optional-dependencies."+g, scope, doc.Project.OptionalDependencies[g])
	}
	for _, g := range sortedKeys(doc.DependencyGroups) {
		scope := scopeFromName(g)
		if scope == "" {
			scope = Dev
		}
		addList("[dependency-groups]", "dependency-groups."+g, scope, expandGroup(doc.DependencyGroups, g, map[string]bool{}))
	}
	addList("[tool.uv]", "tool.uv.dev-dependencies", Dev, doc.Tool.UV.DevDependencies)
	poetry := doc.Tool.Poetry
	fr.addPoetryTable(lines, "[tool.poetry.dependencies]", "tool.poetry.dependencies", Runtime, poetry.Dependencies)
	fr.addPoetryTable(lines, "[tool.poetry.dev-dependencies]", "tool.poetry.dev-dependencies", Dev, poetry.DevDependencies)
	for _, g := range sortedKeys(poetry.Group) {
		scope := scopeFromName(g)
		if scope == "" {
			scope = Dev
		}
		fr.addPoetryTable(lines, "[tool.poetry.group."+g+".dependencies]", "tool.poetry.group."+g, scope, poetry.Group[g].Dependencies)
	}
	return fr, nil
}

// quoted is how a TOML array writes a requirement string.
func quoted(s string) string { return `"` + s }

// expandGroup lists a PEP 735 group's requirements, following
// {include-group = "..."} entries once each.
func expandGroup(groups map[string][]any, name string, seen map[string]bool) []string {
	if seen[name] {
		return nil
	}
	seen[name] = true
	var out []string
	for _, item := range groups[name] {
		switch v := item.(type) {
		case string:
			out = append(out, v)
		case map[string]any:
			if inc, ok := v["include-group"].(string); ok {
				out = append(out, expandGroup(groups, inc, seen)...)
			}
		}
	}
	return out
}

// addPoetryTable reads a Poetry dependency table, whose values are a
// constraint string, a table with version/optional/path/git keys, or a list
// of such tables for several markers.
func (fr *fileResult) addPoetryTable(lines []string, header, section string, scope Scope, table map[string]any) {
	from := lineOf(lines, 1, header)
	for _, name := range sortedKeys(table) {
		if strings.EqualFold(name, "python") {
			continue
		}
		spec, optional, local := poetryConstraint(table[name])
		if local {
			continue
		}
		s := scope
		if optional {
			s = Optional
		}
		line := tomlKeyLine(lines, from, name)
		fr.add("", pyPkg(fr.rel, line, section, s, requirement{name: name, spec: spec}))
	}
}

// poetryConstraint reads one Poetry dependency value.
func poetryConstraint(v any) (spec string, optional, local bool) {
	switch t := v.(type) {
	case string:
		return t, false, false
	case map[string]any:
		if _, ok := t["path"]; ok {
			return "", false, true
		}
		spec, _ = t["version"].(string)
		if spec == "" {
			if g, ok := t["git"].(string); ok {
				spec = "@ " + g
			}
		}
		optional, _ = t["optional"].(bool)
		return spec, optional, false
	case []any:
		if len(t) > 0 {
			return poetryConstraint(t[0])
		}
	}
	return "", false, false
}

// tomlKeyLine finds the line at or after from where a table key is set.
func tomlKeyLine(lines []string, from int, key string) int {
	for i := max(from-1, 0); i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		for _, k := range []string{key, `"` + key + `"`} {
			if rest, ok := strings.CutPrefix(t, k); ok {
				if r := strings.TrimSpace(rest); strings.HasPrefix(r, "=") || strings.HasPrefix(r, ".") {
					return i + 1
				}
			}
		}
	}
	return max(from, 1)
}

// tomlError words a TOML decoding error with its line when go-toml gives one.
func tomlError(what string, err error) error {
	if de, ok := err.(*toml.DecodeError); ok {
		line, _ := de.Position()
		return &parseError{line: line, msg: fmt.Sprintf("not a valid %s: line %d: %v", what, line, de)}
	}
	return fmt.Errorf("not a valid %s: %v", what, err)
}

// lockHeaderLines holds the line of each [[package]] header of a TOML lock
// file (poetry.lock, uv.lock, Cargo.lock).
type lockHeaderLines []int

// packageHeaderLines finds the line of each [[package]] header, so the
// n-th package of the decoded list can cite its line.
func packageHeaderLines(lines []string) lockHeaderLines {
	var out lockHeaderLines
	for i, l := range lines {
		if strings.TrimSpace(l) == "[[package]]" {
			out = append(out, i+1)
		}
	}
	return out
}

// at returns the line of the i-th package, or 0 when the file is unusual.
func (h lockHeaderLines) at(i int) int {
	if i < len(h) {
		return h[i]
	}
	return 0
}

// parsePoetryLock reads poetry.lock: every package with its dependencies by
// name; older files also carry a category (main or dev).
func parsePoetryLock(rel string, data []byte) (*fileResult, error) {
	var doc struct {
		Package []struct {
			Name         string         `toml:"name"`
			Version      string         `toml:"version"`
			Category     string         `toml:"category"`
			Optional     bool           `toml:"optional"`
			Dependencies map[string]any `toml:"dependencies"`
		} `toml:"package"`
		Metadata struct {
			LockVersion string `toml:"lock-version"`
		} `toml:"metadata"`
	}
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, tomlError("poetry.lock", err)
	}
	fr := newFile(rel, PyPI, KindLockfile, "poetry.lock "+doc.Metadata.LockVersion)
	fr.manifest.Format = strings.TrimSpace(fr.manifest.Format)
	fr.manifest.RecordsEdges = true
	heads := packageHeaderLines(splitLines(data))
	for i, p := range doc.Package {
		var scope Scope
		switch {
		case p.Category == "dev":
			scope = Dev
		case p.Category == "main" && p.Optional:
			scope = Optional
		case p.Category == "main":
			scope = Runtime
		}
		fr.add(normName(PyPI, p.Name), &pkg{name: p.Name, version: p.Version, scope: scope, resolved: true,
			ev: ev(rel, heads.at(i), "package", "")})
	}
	for i, p := range doc.Package {
		for _, d := range sortedKeys(p.Dependencies) {
			if to, ok := fr.byKey[normName(PyPI, d)]; ok {
				fr.edge(i, to)
			}
		}
	}
	return fr, nil
}

// uvDep is a dependency reference in uv.lock.
type uvDep struct {
	Name    string `toml:"name"`
	Version string `toml:"version"`
}

// parseUVLock reads uv.lock. The workspace's own projects (source editable,
// virtual or workspace) are not packages: their dependencies are the direct
// ones, with scopes from their optional and dev dependency tables.
func parseUVLock(rel string, data []byte) (*fileResult, error) {
	var doc struct {
		Version int `toml:"version"`
		Package []struct {
			Name                 string             `toml:"name"`
			Version              string             `toml:"version"`
			Source               map[string]any     `toml:"source"`
			Dependencies         []uvDep            `toml:"dependencies"`
			OptionalDependencies map[string][]uvDep `toml:"optional-dependencies"`
			DevDependencies      map[string][]uvDep `toml:"dev-dependencies"`
		} `toml:"package"`
	}
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, tomlError("uv.lock", err)
	}
	fr := newFile(rel, PyPI, KindLockfile, fmt.Sprintf("uv.lock v%d", doc.Version))
	fr.manifest.RecordsEdges = true
	heads := packageHeaderLines(splitLines(data))
	idx := make([]int, len(doc.Package))
	byName := map[string]int{}
	for i, p := range doc.Package {
		idx[i] = -1
		if uvLocal(p.Source) {
			continue
		}
		idx[i] = fr.add(normName(PyPI, p.Name)+"@"+p.Version, &pkg{name: p.Name, version: p.Version, resolved: true,
			ev: ev(rel, heads.at(i), "package", "")})
		if _, dup := byName[normName(PyPI, p.Name)]; !dup {
			byName[normName(PyPI, p.Name)] = idx[i]
		}
	}
	find := func(d uvDep) (int, bool) {
		if d.Version != "" {
			i, ok := fr.byKey[normName(PyPI, d.Name)+"@"+d.Version]
			return i, ok
		}
		i, ok := byName[normName(PyPI, d.Name)]
		return i, ok
	}
	for i, p := range doc.Package {
		link := func(list []uvDep, scope Scope) {
			for _, d := range list {
				to, ok := find(d)
				if !ok {
					continue
				}
				if idx[i] < 0 {
					fr.pkgs[to].direct = true
					fr.pkgs[to].scope = strongerScope(fr.pkgs[to].scope, scope)
				} else {
					fr.edge(idx[i], to)
				}
			}
		}
		link(p.Dependencies, Runtime)
		for _, g := range sortedKeys(p.OptionalDependencies) {
			link(p.OptionalDependencies[g], Optional)
		}
		for _, g := range sortedKeys(p.DevDependencies) {
			scope := scopeFromName(g)
			if scope == "" {
				scope = Dev
			}
			link(p.DevDependencies[g], scope)
		}
	}
	return fr, nil
}

// uvLocal reports whether a uv.lock source is the workspace itself.
func uvLocal(src map[string]any) bool {
	for _, k := range []string{"editable", "virtual", "workspace", "directory"} {
		if _, ok := src[k]; ok {
			return true
		}
	}
	return false
}

// parsePipfile reads Pipenv's Pipfile: [packages] and [dev-packages].
func parsePipfile(rel string, data []byte) (*fileResult, error) {
	var doc struct {
		Packages    map[string]any `toml:"packages"`
		DevPackages map[string]any `toml:"dev-packages"`
	}
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, tomlError("Pipfile", err)
	}
	fr := newFile(rel, PyPI, KindManifest, "Pipfile")
	lines := splitLines(data)
	fr.addPoetryTable(lines, "[packages]", "packages", Runtime, doc.Packages)
	fr.addPoetryTable(lines, "[dev-packages]", "dev-packages", Dev, doc.DevPackages)
	for _, p := range fr.pkgs {
		if p.constraint == "*" {
			p.constraint, p.version = "", ""
			p.ev[0].Constraint = ""
		}
	}
	return fr, nil
}

// parsePipfileLock reads Pipfile.lock: pinned versions in "default" and
// "develop", no edges and no word on which packages are direct.
func parsePipfileLock(rel string, data []byte) (*fileResult, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a valid Pipfile.lock: %v", err)
	}
	fr := newFile(rel, PyPI, KindLockfile, "Pipfile.lock")
	fr.manifest.Notes = []string{"Pipfile.lock records neither edges nor which packages are direct; Pipfile tells the direct ones"}
	lines := jsonKeyLines(data, 2)
	for _, sec := range []struct {
		name  string
		scope Scope
	}{{"default", Runtime}, {"develop", Dev}} {
		var entries map[string]struct {
			Version string `json:"version"`
		}
		if raw, ok := doc[sec.name]; ok {
			if err := json.Unmarshal(raw, &entries); err != nil {
				return nil, fmt.Errorf("not a valid Pipfile.lock: %q: %v", sec.name, err)
			}
		}
		names := sortedKeys(entries)
		sort.Strings(names)
		for _, name := range names {
			v := strings.TrimPrefix(strings.TrimPrefix(entries[name].Version, "="), "=")
			fr.add(normName(PyPI, name), &pkg{name: name, version: v, scope: sec.scope, resolved: v != "",
				ev: ev(rel, lines[jsonPath(sec.name, name)], sec.name, "")})
		}
	}
	return fr, nil
}
