package deps

import (
	"github.com/oss-dev/oss-dev/internal/diag"

	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// fileResult is what one parser read from one file, before the files are
// combined: packages are local to the file and edges index into them.
type fileResult struct {
	rel      string
	manifest Manifest
	pkgs     []*pkg
	edges    [][2]int
	warnings []diag.Diagnostic
	// byKey finds a package by the parser's own key (a node_modules path, a
	// "name@version"), for parsers that resolve edges after reading.
	byKey map[string]int
	// catalog holds a Gradle version catalog's libraries by alias, for the
	// build files that refer to them as libs.ALIAS.
	catalog *versionCatalog
	// pom keeps a pom.xml's properties and managed versions for the child
	// poms below it.
	pom *pomFile
	// includes are the requirements files this one pulls in with -r.
	includes []include
}

// pkg is a package as one file sees it.
type pkg struct {
	name       string
	version    string
	scope      Scope // empty when the file does not say
	direct     bool
	resolved   bool
	constraint string
	replaced   string
	ev         []Evidence
	// catalogRef is set by Gradle build files that name a version-catalog
	// alias (libs.foo.bar) instead of coordinates.
	catalogRef string
}

// newFile starts the result of one file.
func newFile(rel string, eco Ecosystem, kind Kind, format string) *fileResult {
	return &fileResult{
		rel:      rel,
		manifest: Manifest{Path: rel, Ecosystem: eco, Kind: kind, Format: format, Role: roleOf(rel)},
		byKey:    map[string]int{},
	}
}

// add appends p, remembers it under key when key is not empty, and returns
// its index.
func (fr *fileResult) add(key string, p *pkg) int {
	fr.pkgs = append(fr.pkgs, p)
	i := len(fr.pkgs) - 1
	if key != "" {
		if _, dup := fr.byKey[key]; !dup {
			fr.byKey[key] = i
		}
	}
	return i
}

// edge records that package from needs package to.
func (fr *fileResult) edge(from, to int) {
	if from != to {
		fr.edges = append(fr.edges, [2]int{from, to})
	}
}

// ev is a shorthand for one piece of evidence.
func ev(file string, line int, section, constraint string) []Evidence {
	return []Evidence{{File: file, Line: line, Section: section, Constraint: constraint}}
}

var pypiSeparators = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[-_.]+`) })

// normName returns the name under which a registry considers two spellings
// the same package: PEP 503 for PyPI, lower case for Packagist, as written
// elsewhere.
func normName(eco Ecosystem, name string) string {
	switch eco {
	case PyPI:
		return pypiSeparators().ReplaceAllString(strings.ToLower(name), "-")
	case Packagist:
		return strings.ToLower(name)
	}
	return name
}

// assemble combines the per-file results: manifests are matched to the
// nearest lock file of their ecosystem, scopes are carried down the lock
// graphs, and identical packages from different files become one.
func assemble(results []*fileResult) *Result {
	res := &Result{SchemaVersion: SchemaVersion, Manifests: []Manifest{}, Packages: []Package{}, Edges: []Edge{}}
	var files []*fileResult
	for _, fr := range results {
		if fr == nil {
			continue
		}
		res.Warnings = append(res.Warnings, fr.warnings...)
		if fr.manifest.Path == "" {
			continue
		}
		res.Manifests = append(res.Manifests, fr.manifest)
		files = append(files, fr)
	}
	linkWorkspaceMembers(res.Manifests)
	resolveMavenParents(files)
	resolveCatalogs(files)
	for i, fr := range files {
		res.Manifests[i].Packages = len(fr.pkgs)
		if fr.catalog != nil {
			res.Manifests[i].Packages = len(fr.catalog.libs)
		}
	}
	locks := locksByDir(files)
	var standalone []*fileResult
	for _, fr := range files {
		if fr.manifest.Kind == KindLockfile {
			continue
		}
		if rest := attachToLock(fr, locks); len(rest.pkgs) > 0 {
			standalone = append(standalone, rest)
		}
	}
	g := newGlobal()
	for _, fr := range files {
		if fr.manifest.Kind == KindLockfile {
			propagateScopes(fr)
			g.addFile(fr)
		}
	}
	for _, fr := range standalone {
		propagateScopes(fr)
		g.addFile(fr)
	}
	kinds := map[string]Kind{}
	for _, m := range res.Manifests {
		kinds[m.Path] = m.Kind
	}
	g.foldLockOnly(kinds)
	res.Packages, res.Edges = g.sorted()
	sort.Slice(res.Manifests, func(i, j int) bool { return res.Manifests[i].Path < res.Manifests[j].Path })
	sort.SliceStable(res.Warnings, func(i, j int) bool {
		a, b := res.Warnings[i], res.Warnings[j]
		if a.Source.File != b.Source.File {
			return a.Source.File < b.Source.File
		}
		return a.Source.Line < b.Source.Line
	})
	res.Summary = summarize(res)
	return res
}

// linkWorkspaceMembers names, on each manifest a workspace lists as a
// member (by its folder matching one of the workspace's globs), the
// workspace's manifest.
func linkWorkspaceMembers(ms []Manifest) {
	for _, root := range ms {
		if len(root.Workspaces) == 0 {
			continue
		}
		base := path.Dir(root.Path)
		for i := range ms {
			m := &ms[i]
			if m.Path == root.Path || m.Ecosystem != root.Ecosystem || m.Kind != KindManifest || m.WorkspaceRoot != "" {
				continue
			}
			dir := path.Dir(m.Path)
			if base != "." {
				rest, ok := strings.CutPrefix(dir, base+"/")
				if !ok {
					continue
				}
				dir = rest
			}
			for _, glob := range root.Workspaces {
				if ok, _ := path.Match(strings.TrimSuffix(strings.TrimPrefix(glob, "./"), "/"), dir); ok {
					m.WorkspaceRoot = root.Path
					break
				}
			}
		}
	}
}

// locksByDir indexes the lock files by ecosystem and folder.
func locksByDir(files []*fileResult) map[Ecosystem]map[string][]*fileResult {
	locks := map[Ecosystem]map[string][]*fileResult{}
	for _, fr := range files {
		if fr.manifest.Kind != KindLockfile || len(fr.pkgs) == 0 {
			continue
		}
		eco := fr.manifest.Ecosystem
		if locks[eco] == nil {
			locks[eco] = map[string][]*fileResult{}
		}
		dir := path.Dir(fr.rel)
		locks[eco][dir] = append(locks[eco][dir], fr)
	}
	return locks
}

// nearestLocks returns the lock files of eco in dir or the closest folder
// above it: a workspace member's manifest is resolved by the root's lock.
func nearestLocks(locks map[Ecosystem]map[string][]*fileResult, eco Ecosystem, dir string) []*fileResult {
	byDir := locks[eco]
	for {
		if l := byDir[dir]; len(l) > 0 {
			return l
		}
		if dir == "." || dir == "/" || dir == "" {
			return nil
		}
		dir = path.Dir(dir)
	}
}

// attachToLock moves each package a manifest declares onto the package its
// lock file resolved, and returns a file result holding the declarations no
// lock file resolves.
func attachToLock(fr *fileResult, locks map[Ecosystem]map[string][]*fileResult) *fileResult {
	rest := &fileResult{rel: fr.rel, manifest: fr.manifest, byKey: map[string]int{}}
	candidates := nearestLocks(locks, fr.manifest.Ecosystem, path.Dir(fr.rel))
	remap := make([]int, len(fr.pkgs))
	for i, p := range fr.pkgs {
		remap[i] = -1
		if lp := findInLocks(candidates, fr.manifest.Ecosystem, p); lp != nil {
			lp.direct = lp.direct || p.direct
			lp.scope = strongerScope(lp.scope, p.scope)
			if lp.constraint == "" {
				lp.constraint = p.constraint
			}
			if p.replaced != "" {
				lp.replaced = p.replaced
			}
			lp.ev = append(lp.ev, p.ev...)
			continue
		}
		remap[i] = rest.add("", p)
	}
	for _, e := range fr.edges {
		if a, b := remap[e[0]], remap[e[1]]; a >= 0 && b >= 0 {
			rest.edge(a, b)
		}
	}
	return rest
}

// findInLocks picks the locked package a manifest entry refers to: the one a
// lock already marks direct, else the one nearest the root of the install.
func findInLocks(locks []*fileResult, eco Ecosystem, p *pkg) *pkg {
	want := normName(eco, p.name)
	var best *pkg
	for _, lf := range locks {
		for _, lp := range lf.pkgs {
			if normName(eco, lp.name) != want {
				continue
			}
			if lp.direct {
				return lp
			}
			if best == nil {
				best = lp
			}
		}
	}
	return best
}

// propagateScopes gives the packages whose file did not say their scope the
// most significant scope of a direct dependency that reaches them: a
// dependency of a dev dependency is a dev dependency.
func propagateScopes(fr *fileResult) {
	children := make([][]int, len(fr.pkgs))
	for _, e := range fr.edges {
		children[e[0]] = append(children[e[0]], e[1])
	}
	reached := make([]Scope, len(fr.pkgs))
	for i, p := range fr.pkgs {
		if p.direct && p.scope == "" {
			p.scope = Runtime
		}
		reached[i] = p.scope
	}
	for _, s := range []Scope{Runtime, Optional, Build, Test, Docs, Dev} {
		var queue []int
		seen := make([]bool, len(fr.pkgs))
		for i, p := range fr.pkgs {
			if p.direct && p.scope == s {
				queue = append(queue, i)
				seen[i] = true
			}
		}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			for _, c := range children[i] {
				if seen[c] {
					continue
				}
				seen[c] = true
				reached[c] = strongerScope(reached[c], s)
				queue = append(queue, c)
			}
		}
	}
	for i, p := range fr.pkgs {
		if p.scope == "" {
			p.scope = reached[i]
		}
		if p.scope == "" {
			p.scope = Runtime
		}
	}
}

// global merges packages from every file by ID.
type global struct {
	byID  map[string]*Package
	edges map[Edge]bool
}

func newGlobal() *global {
	return &global{byID: map[string]*Package{}, edges: map[Edge]bool{}}
}

// packageID builds the ID of a package: ecosystem, normalised name, version.
func packageID(eco Ecosystem, name, version string) string {
	id := string(eco) + ":" + normName(eco, name)
	if version != "" {
		id += "@" + version
	}
	return id
}

// addFile merges the packages and edges of one file.
func (g *global) addFile(fr *fileResult) {
	eco := fr.manifest.Ecosystem
	ids := make([]string, len(fr.pkgs))
	for i, p := range fr.pkgs {
		id := packageID(eco, p.name, p.version)
		ids[i] = id
		gp := g.byID[id]
		if gp == nil {
			gp = &Package{ID: id, Name: p.name, Version: p.version, Ecosystem: eco, Scope: p.scope, Role: fr.manifest.Role}
			g.byID[id] = gp
		}
		if fr.manifest.Role == "" {
			gp.Role = "" // the project's own file names it
		}
		gp.Direct = gp.Direct || p.direct
		gp.Resolved = gp.Resolved || p.resolved
		gp.Scope = strongerScope(gp.Scope, p.scope)
		if gp.Constraint == "" {
			gp.Constraint = p.constraint
		}
		if gp.Replaced == "" {
			gp.Replaced = p.replaced
		}
		gp.Evidence = append(gp.Evidence, p.ev...)
	}
	for _, e := range fr.edges {
		if ids[e[0]] != ids[e[1]] {
			g.edges[Edge{From: ids[e[0]], To: ids[e[1]]}] = true
		}
	}
}

// foldLockOnly folds into a direct package that a manifest declares the
// other direct versions of it that only a lock file gives (uv.lock resolves
// a dependency once per Python version, Cargo.lock once per major): they
// annotate the declared row as OtherVersions instead of adding rows, and
// their edges move to it.
func (g *global) foldLockOnly(kinds map[string]Kind) {
	declared := map[string]*Package{}
	for _, p := range g.byID {
		if p.Direct && declaredInManifest(p, kinds) {
			k := string(p.Ecosystem) + "\x00" + normName(p.Ecosystem, p.Name)
			if d := declared[k]; d == nil || p.ID < d.ID {
				declared[k] = p
			}
		}
	}
	moved := map[string]string{}
	for id, p := range g.byID {
		d := declared[string(p.Ecosystem)+"\x00"+normName(p.Ecosystem, p.Name)]
		if d == nil || d == p || !p.Direct || declaredInManifest(p, kinds) || p.Role != d.Role {
			continue
		}
		d.OtherVersions = append(d.OtherVersions, p.Version)
		slices.Sort(d.OtherVersions)
		d.Evidence = append(d.Evidence, p.Evidence...)
		moved[id] = d.ID
		delete(g.byID, id)
	}
	if len(moved) == 0 {
		return
	}
	for e := range g.edges {
		from, to := e.From, e.To
		if n, ok := moved[from]; ok {
			from = n
		}
		if n, ok := moved[to]; ok {
			to = n
		}
		if from != e.From || to != e.To {
			delete(g.edges, e)
			if from != to {
				g.edges[Edge{From: from, To: to}] = true
			}
		}
	}
}

// declaredInManifest reports whether a manifest, not only a lock file,
// names p.
func declaredInManifest(p *Package, kinds map[string]Kind) bool {
	for _, e := range p.Evidence {
		if kinds[e.File] != KindLockfile {
			return true
		}
	}
	return false
}

// sorted returns the merged packages and edges in their stable order.
func (g *global) sorted() ([]Package, []Edge) {
	pkgs := make([]Package, 0, len(g.byID))
	for _, p := range g.byID {
		p.Evidence = sortEvidence(p.Evidence)
		pkgs = append(pkgs, *p)
	}
	sort.Slice(pkgs, func(i, j int) bool {
		a, b := pkgs[i], pkgs[j]
		if a.Ecosystem != b.Ecosystem {
			return a.Ecosystem < b.Ecosystem
		}
		// By name first, so "regex" comes before "regex-automata".
		if na, nb := normName(a.Ecosystem, a.Name), normName(b.Ecosystem, b.Name); na != nb {
			return na < nb
		}
		return a.ID < b.ID
	})
	edges := make([]Edge, 0, len(g.edges))
	for e := range g.edges {
		edges = append(edges, e)
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].From != edges[j].From {
			return edges[i].From < edges[j].From
		}
		return edges[i].To < edges[j].To
	})
	return pkgs, edges
}

// sortEvidence orders evidence by file and line and drops repeats.
func sortEvidence(evs []Evidence) []Evidence {
	sort.Slice(evs, func(i, j int) bool {
		if evs[i].File != evs[j].File {
			return evs[i].File < evs[j].File
		}
		if evs[i].Line != evs[j].Line {
			return evs[i].Line < evs[j].Line
		}
		return evs[i].Section < evs[j].Section
	})
	out := evs[:0]
	for i, e := range evs {
		if i > 0 && e == evs[i-1] {
			continue
		}
		out = append(out, e)
	}
	if out == nil {
		return []Evidence{}
	}
	return out
}
