package deps

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// composerPlatform reports whether a requirement names the platform (php,
// an extension, a library, Composer itself) rather than a package: packages
// are always vendor/name.
func composerPlatform(name string) bool { return !strings.Contains(name, "/") }

// parseComposerJSON reads require and require-dev of a composer.json.
func parseComposerJSON(rel string, data []byte) (*fileResult, error) {
	var doc struct {
		Require    map[string]string `json:"require"`
		RequireDev map[string]string `json:"require-dev"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a valid composer.json: %v", err)
	}
	fr := newFile(rel, Packagist, KindManifest, "composer.json")
	lines := jsonKeyLines(data, 2)
	for _, sec := range []struct {
		name  string
		deps  map[string]string
		scope Scope
	}{{"require", doc.Require, Runtime}, {"require-dev", doc.RequireDev, Dev}} {
		for _, name := range sortedKeys(sec.deps) {
			if composerPlatform(name) {
				continue
			}
			spec := sec.deps[name]
			fr.add("", &pkg{name: name, version: spec, scope: sec.scope, direct: true, constraint: spec,
				ev: ev(rel, lines[jsonPath(sec.name, name)], sec.name, spec)})
		}
	}
	return fr, nil
}

// parseComposerLock reads composer.lock: packages (runtime) and packages-dev
// with the require map of each, which gives the edges. Which packages are
// direct is composer.json's to say.
func parseComposerLock(rel string, data []byte) (*fileResult, error) {
	type entry struct {
		Name    string            `json:"name"`
		Version string            `json:"version"`
		Require map[string]string `json:"require"`
	}
	var doc struct {
		Packages    []entry `json:"packages"`
		PackagesDev []entry `json:"packages-dev"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a valid composer.lock: %v", err)
	}
	fr := newFile(rel, Packagist, KindLockfile, "composer.lock")
	fr.manifest.RecordsEdges = true
	lines := jsonKeyLines(data, 3)
	type listed struct {
		e   entry
		idx int
	}
	var all []listed
	for _, sec := range []struct {
		name    string
		entries []entry
		scope   Scope
	}{{"packages", doc.Packages, Runtime}, {"packages-dev", doc.PackagesDev, Dev}} {
		for i, e := range sec.entries {
			if e.Name == "" {
				continue
			}
			line := lines[jsonPath(sec.name, strconv.Itoa(i), "name")]
			idx := fr.add(strings.ToLower(e.Name), &pkg{name: e.Name, version: e.Version, scope: sec.scope, resolved: true,
				ev: ev(rel, line, sec.name, "")})
			all = append(all, listed{e, idx})
		}
	}
	for _, l := range all {
		for _, d := range sortedKeys(l.e.Require) {
			if to, ok := fr.byKey[strings.ToLower(d)]; ok {
				fr.edge(l.idx, to)
			}
		}
	}
	return fr, nil
}
