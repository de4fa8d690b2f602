package deps

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// pnpmSections maps an importer's sections to scopes.
var pnpmSections = map[string]Scope{
	"dependencies":         Runtime,
	"devDependencies":      Dev,
	"optionalDependencies": Optional,
}

// parsePnpmLock reads pnpm-lock.yaml, lockfileVersion 6 and 9: importers
// give the direct dependencies of each workspace project, and the snapshots
// (v9) or packages (v6) give the edges.
func parsePnpmLock(rel string, data []byte) (*fileResult, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("not a valid pnpm-lock.yaml: %v", err)
	}
	doc := docMapping(&root)
	if doc == nil {
		return nil, fmt.Errorf("not a valid pnpm-lock.yaml: the top level is not a mapping")
	}
	version := ""
	if v := child(doc, "lockfileVersion"); v != nil {
		version = v.Value
	}
	fr := newFile(rel, NPM, KindLockfile, "pnpm-lock.yaml v"+version)
	fr.manifest.RecordsEdges = true
	// v9 lists metadata under packages and the graph under snapshots; v6
	// keeps both under packages, with a leading slash on each key.
	graph := child(doc, "snapshots")
	if graph == nil {
		graph = child(doc, "packages")
	}
	for _, p := range pairs(graph) {
		key := pnpmKey(p.key.Value)
		if _, dup := fr.byKey[key]; dup {
			continue
		}
		name, ver := descriptorName(key)
		if name == "" || ver == "" || localSpec(ver) {
			continue // file: and link: entries are the repository's own packages
		}
		var scope Scope
		if dev := child(p.val, "dev"); dev != nil {
			scope = Runtime
			if dev.Value == "true" {
				scope = Dev
			}
		}
		fr.add(key, &pkg{name: name, version: ver, scope: scope, resolved: true, ev: ev(rel, p.key.Line, "", "")})
	}
	for _, p := range pairs(graph) {
		from, ok := fr.byKey[pnpmKey(p.key.Value)]
		if !ok {
			continue
		}
		for _, sec := range []string{"dependencies", "optionalDependencies"} {
			for _, d := range pairs(child(p.val, sec)) {
				if to, ok := fr.byKey[pnpmKey(d.key.Value+"@"+d.val.Value)]; ok {
					fr.edge(from, to)
				} else if to, ok := fr.byKey[pnpmKey(d.val.Value)]; ok {
					fr.edge(from, to) // an alias: the value is the real name@version
				}
			}
		}
	}
	importers := child(doc, "importers")
	if importers == nil {
		// A lock file without workspaces keeps the root importer at the top.
		importers = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "."}, doc}}
	}
	for _, imp := range pairs(importers) {
		for sec, scope := range pnpmSections {
			for _, d := range pairs(child(imp.val, sec)) {
				ver := d.val.Value
				if v := child(d.val, "version"); v != nil {
					ver = v.Value
				}
				if i, ok := fr.byKey[pnpmKey(d.key.Value+"@"+ver)]; ok {
					fr.pkgs[i].direct = true
					fr.pkgs[i].scope = strongerScope(fr.pkgs[i].scope, scope)
				}
			}
		}
	}
	return fr, nil
}

// pnpmKey reduces a snapshot key or a dependency reference to name@version:
// the leading slash of v6 and the peer-dependency suffix "(react@18.2.0)"
// are dropped, since the same version with other peers is the same package.
func pnpmKey(s string) string {
	s = strings.TrimPrefix(s, "/")
	if i := strings.Index(s, "("); i > 0 {
		s = s[:i]
	}
	return s
}

// parsePnpmWorkspace reads pnpm-workspace.yaml for its member globs: the
// packages of a pnpm workspace are listed there, not in package.json.
func parsePnpmWorkspace(rel string, data []byte) (*fileResult, error) {
	var doc struct {
		Packages []string `yaml:"packages"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a valid pnpm-workspace.yaml: %v", err)
	}
	fr := newFile(rel, NPM, KindManifest, "pnpm-workspace.yaml")
	for _, p := range doc.Packages {
		if !strings.HasPrefix(p, "!") { // an exclusion names no member
			fr.manifest.Workspaces = append(fr.manifest.Workspaces, p)
		}
	}
	return fr, nil
}
