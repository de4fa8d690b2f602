package deps

import (
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// cargoDepTables are the dependency tables of a Cargo.toml and their scopes.
var cargoDepTables = []struct {
	key   string
	scope Scope
}{
	{"dependencies", Runtime},
	{"dev-dependencies", Dev},
	{"build-dependencies", Build},
}

// parseCargoToml reads a Cargo.toml: the three dependency tables, the same
// tables under [target.'cfg(...)'], and [workspace.dependencies], which
// members inherit with `workspace = true`.
func parseCargoToml(rel string, data []byte) (*fileResult, error) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, tomlError("Cargo.toml", err)
	}
	fr := newFile(rel, CratesIO, KindManifest, "Cargo.toml")
	lines := splitLines(data)
	ws, _ := doc["workspace"].(map[string]any)
	wsDeps, _ := ws["dependencies"].(map[string]any)
	if members, ok := ws["members"].([]any); ok {
		for _, m := range members {
			if s, ok := m.(string); ok {
				fr.manifest.Workspaces = append(fr.manifest.Workspaces, s)
			}
		}
	}
	add := func(from int, section string, table map[string]any, scope Scope) {
		for _, key := range sortedKeys(table) {
			name, spec, optional, local := cargoDep(key, table[key], wsDeps)
			if local {
				fr.manifest.LocalDependencies = append(fr.manifest.LocalDependencies,
					LocalDependency{Name: name, Spec: cargoPath(table[key], wsDeps[key]), Scope: scope, Line: tomlKeyLine(lines, from, key)})
				continue
			}
			s := scope
			if optional {
				s = Optional
			}
			version := spec
			if strings.HasPrefix(spec, "git ") {
				version = ""
			}
			fr.add("", &pkg{name: name, version: version, scope: s, direct: true, constraint: spec,
				ev: ev(rel, tomlKeyLine(lines, from, key), section, spec)})
		}
	}
	for _, t := range cargoDepTables {
		if table, ok := doc[t.key].(map[string]any); ok {
			add(lineOf(lines, 1, "["+t.key+"]"), t.key, table, t.scope)
		}
	}
	targets, _ := doc["target"].(map[string]any)
	for _, cfg := range sortedKeys(targets) {
		tt, _ := targets[cfg].(map[string]any)
		for _, t := range cargoDepTables {
			if table, ok := tt[t.key].(map[string]any); ok {
				add(lineOf(lines, lineOf(lines, 1, cfg), "."+t.key+"]"), "target."+cfg+"."+t.key, table, t.scope)
			}
		}
	}
	if len(fr.pkgs) == 0 && wsDeps != nil {
		// A virtual workspace root declares versions for its members; they
		// are reported as declared when no member is scanned.
		add(lineOf(lines, 1, "[workspace.dependencies]"), "workspace.dependencies", wsDeps, Runtime)
	}
	return fr, nil
}

// cargoPath is the path of a path dependency, its own or the one its
// workspace declares.
func cargoPath(v, ws any) string {
	for _, t := range []any{v, ws} {
		if m, ok := t.(map[string]any); ok {
			if p, ok := m["path"].(string); ok {
				return p
			}
		}
	}
	return ""
}

// cargoDep reads one dependency value: "1.0", or a table with version,
// optional, package (a rename), path, git or workspace = true.
func cargoDep(key string, v any, wsDeps map[string]any) (name, spec string, optional, local bool) {
	name = key
	switch t := v.(type) {
	case string:
		return name, t, false, false
	case map[string]any:
		if p, ok := t["package"].(string); ok {
			name = p
		}
		if _, ok := t["path"]; ok {
			// A path dependency is the repository's own crate, even when
			// it also names the version it is published under.
			return name, "", false, true
		}
		optional, _ = t["optional"].(bool)
		spec, _ = t["version"].(string)
		if inherit, _ := t["workspace"].(bool); inherit {
			if _, wspec, _, wlocal := cargoDep(key, wsDeps[key], nil); wlocal {
				return name, "", false, true
			} else {
				spec = wspec
			}
		}
		if spec == "" {
			if g, ok := t["git"].(string); ok {
				spec = "git " + g
			}
		}
		return name, spec, optional, false
	}
	return name, "", false, false
}

// parseCargoLock reads Cargo.lock. Packages without a source are the
// workspace's own crates: their dependencies are the direct ones.
func parseCargoLock(rel string, data []byte) (*fileResult, error) {
	var doc struct {
		Version int `toml:"version"`
		Package []struct {
			Name         string   `toml:"name"`
			Version      string   `toml:"version"`
			Source       string   `toml:"source"`
			Dependencies []string `toml:"dependencies"`
		} `toml:"package"`
	}
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, tomlError("Cargo.lock", err)
	}
	format := "Cargo.lock"
	if doc.Version > 0 {
		format = fmt.Sprintf("Cargo.lock v%d", doc.Version)
	}
	fr := newFile(rel, CratesIO, KindLockfile, format)
	fr.manifest.RecordsEdges = true
	heads := packageHeaderLines(splitLines(data))
	idx := make([]int, len(doc.Package))
	byName := map[string]int{}
	for i, p := range doc.Package {
		idx[i] = -1
		if p.Source == "" {
			continue
		}
		idx[i] = fr.add(p.Name+" "+p.Version, &pkg{name: p.Name, version: p.Version, resolved: true,
			ev: ev(rel, heads.at(i), "package", "")})
		if _, dup := byName[p.Name]; !dup {
			byName[p.Name] = idx[i]
		}
	}
	for i, p := range doc.Package {
		for _, d := range p.Dependencies {
			// "name", "name version" or "name version (source)"
			f := strings.Fields(d)
			if len(f) == 0 {
				continue
			}
			to, ok := byName[f[0]]
			if len(f) > 1 {
				to, ok = fr.byKey[f[0]+" "+f[1]]
			}
			if !ok {
				continue
			}
			if idx[i] < 0 {
				fr.pkgs[to].direct = true
			} else {
				fr.edge(idx[i], to)
			}
		}
	}
	return fr, nil
}
