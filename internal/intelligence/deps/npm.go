package deps

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// npmSections maps the dependency sections of package.json to scopes.
var npmSections = []struct {
	name  string
	scope Scope
}{
	{"dependencies", Runtime},
	{"devDependencies", Dev},
	{"optionalDependencies", Optional},
	{"peerDependencies", Runtime},
}

// localSpec reports whether an npm version specifier points inside the
// repository (a workspace or a folder): such packages are the project's own.
func localSpec(spec string) bool {
	for _, p := range []string{"workspace:", "file:", "link:", "portal:"} {
		if strings.HasPrefix(spec, p) {
			return true
		}
	}
	return false
}

// sortedKeys returns the keys of m in order, so parsers add packages in a
// deterministic order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parsePackageJSON reads the dependency sections and workspaces of an npm
// package.json.
func parsePackageJSON(rel string, data []byte) (*fileResult, error) {
	var doc struct {
		Dependencies         map[string]string `json:"dependencies"`
		DevDependencies      map[string]string `json:"devDependencies"`
		OptionalDependencies map[string]string `json:"optionalDependencies"`
		PeerDependencies     map[string]string `json:"peerDependencies"`
		PeerDependenciesMeta map[string]struct {
			Optional bool `json:"optional"`
		} `json:"peerDependenciesMeta"`
		Workspaces json.RawMessage `json:"workspaces"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not valid package.json: %v", err)
	}
	fr := newFile(rel, NPM, KindManifest, "package.json")
	fr.manifest.Workspaces = npmWorkspaces(doc.Workspaces)
	lines := jsonKeyLines(data, 2)
	sections := map[string]map[string]string{
		"dependencies": doc.Dependencies, "devDependencies": doc.DevDependencies,
		"optionalDependencies": doc.OptionalDependencies, "peerDependencies": doc.PeerDependencies,
	}
	seen := map[string]bool{}
	for _, sec := range npmSections {
		deps := sections[sec.name]
		for _, name := range sortedKeys(deps) {
			spec := deps[name]
			if seen[name] {
				continue
			}
			if localSpec(spec) {
				seen[name] = true
				fr.manifest.LocalDependencies = append(fr.manifest.LocalDependencies,
					LocalDependency{Name: name, Spec: spec, Scope: sec.scope, Line: lines[jsonPath(sec.name, name)]})
				continue
			}
			// npm installs an optional dependency listed in both sections
			// once, so the first (stronger) section wins.
			seen[name] = true
			scope := sec.scope
			if sec.name == "peerDependencies" && doc.PeerDependenciesMeta[name].Optional {
				scope = Optional
			}
			fr.add("", &pkg{name: name, version: spec, scope: scope, direct: true, constraint: spec,
				ev: ev(rel, lines[jsonPath(sec.name, name)], sec.name, spec)})
		}
	}
	return fr, nil
}

// npmWorkspaces reads "workspaces" in either of its shapes: a list of globs,
// or yarn's {"packages": [...]}.
func npmWorkspaces(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var obj struct {
		Packages []string `json:"packages"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		return obj.Packages
	}
	return nil
}

// npmLockEntry is one entry of package-lock.json's "packages" (v2, v3) or a
// v1 "dependencies" tree node converted to the same shape.
type npmLockEntry struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	Resolved             string            `json:"resolved"`
	Link                 bool              `json:"link"`
	Dev                  bool              `json:"dev"`
	Optional             bool              `json:"optional"`
	DevOptional          bool              `json:"devOptional"`
	Dependencies         map[string]string `json:"dependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	PeerDependencies     map[string]string `json:"peerDependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
}

// npmV1Dep is a node of the nested "dependencies" tree of lockfileVersion 1.
type npmV1Dep struct {
	Version      string              `json:"version"`
	Dev          bool                `json:"dev"`
	Optional     bool                `json:"optional"`
	Requires     map[string]string   `json:"requires"`
	Dependencies map[string]npmV1Dep `json:"dependencies"`
}

// parsePackageLock reads package-lock.json or npm-shrinkwrap.json, v1 to v3,
// with the edges npm's node_modules resolution gives.
func parsePackageLock(rel string, data []byte) (*fileResult, error) {
	var doc struct {
		LockfileVersion int                     `json:"lockfileVersion"`
		Packages        map[string]npmLockEntry `json:"packages"`
		Dependencies    map[string]npmV1Dep     `json:"dependencies"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a valid package-lock.json: %v", err)
	}
	fr := newFile(rel, NPM, KindLockfile, fmt.Sprintf("package-lock.json v%d", doc.LockfileVersion))
	fr.manifest.RecordsEdges = true
	entries, section := doc.Packages, "packages"
	if entries == nil {
		// lockfileVersion 1 has only the nested tree.
		entries, section = map[string]npmLockEntry{}, "dependencies"
		flattenNpmV1(doc.Dependencies, "", entries)
	}
	lines := jsonKeyLines(data, 2)
	if section == "dependencies" {
		lines = jsonKeyLines(data, 64)
	}
	keys := sortedKeys(entries)
	for _, key := range keys {
		e := entries[key]
		if key == "" || e.Link || !strings.Contains(key, "node_modules/") {
			continue
		}
		name := e.Name
		if name == "" {
			name = key[strings.LastIndex(key, "node_modules/")+len("node_modules/"):]
		}
		fr.add(key, &pkg{name: name, version: e.Version, scope: npmLockScope(e), resolved: true,
			ev: ev(rel, lines[npmLockLineKey(section, key)], section, "")})
	}
	for _, key := range keys {
		e := entries[key]
		if e.Link {
			continue
		}
		importer := key == "" || !strings.Contains(key, "node_modules/")
		from, ok := fr.byKey[key]
		for _, dep := range e.dependencyNames(importer) {
			to := resolveNpm(fr.byKey, key, dep)
			if to < 0 {
				continue
			}
			if importer {
				fr.pkgs[to].direct = true
			} else if ok {
				fr.edge(from, to)
			}
		}
	}
	return fr, nil
}

// npmLockLineKey is the jsonKeyLines path of an entry: a "packages" key, or
// for v1 the nested dependencies path.
func npmLockLineKey(section, key string) string {
	if section == "packages" {
		return jsonPath("packages", key)
	}
	parts := []string{}
	for _, name := range strings.Split(strings.TrimPrefix(key, "node_modules/"), "/node_modules/") {
		parts = append(parts, "dependencies", name)
	}
	return jsonPath(parts...)
}

// flattenNpmV1 turns the nested v1 tree into node_modules paths.
func flattenNpmV1(deps map[string]npmV1Dep, parent string, out map[string]npmLockEntry) {
	for name, d := range deps {
		key := "node_modules/" + name
		if parent != "" {
			key = parent + "/" + key
		}
		out[key] = npmLockEntry{Version: d.Version, Dev: d.Dev, Optional: d.Optional, Dependencies: d.Requires}
		flattenNpmV1(d.Dependencies, key, out)
	}
}

// npmLockScope reads the dev and optional flags npm writes on each entry.
func npmLockScope(e npmLockEntry) Scope {
	switch {
	case e.Dev || e.DevOptional:
		return Dev
	case e.Optional:
		return Optional
	}
	return Runtime
}

// dependencyNames lists what an entry needs; an importer (the root or a
// workspace folder) also needs its devDependencies.
func (e npmLockEntry) dependencyNames(importer bool) []string {
	var names []string
	for _, m := range []map[string]string{e.Dependencies, e.OptionalDependencies, e.PeerDependencies} {
		for name, spec := range m {
			if !localSpec(spec) {
				names = append(names, name)
			}
		}
	}
	if importer {
		for name, spec := range e.DevDependencies {
			if !localSpec(spec) {
				names = append(names, name)
			}
		}
	}
	sort.Strings(names)
	return names
}

// resolveNpm finds the package that key's dependency dep resolves to, the
// way Node does: the closest node_modules folder up the tree that holds it.
func resolveNpm(byKey map[string]int, key, dep string) int {
	dir := key
	for {
		cand := "node_modules/" + dep
		if dir != "" {
			cand = dir + "/" + cand
		}
		if i, ok := byKey[cand]; ok {
			return i
		}
		if dir == "" {
			return -1
		}
		if i := strings.LastIndex(dir, "node_modules/"); i >= 0 {
			dir = strings.TrimSuffix(dir[:i], "/")
		} else {
			dir = ""
		}
	}
}
