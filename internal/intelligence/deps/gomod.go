package deps

import (
	"fmt"
	"strings"

	"golang.org/x/mod/modfile"
)

// parseGoMod reads go.mod with the Go team's own parser. Since Go 1.17 a
// module's go.mod lists every module its build needs, at the version
// minimal version selection picks, so versions count as resolved; modules
// marked "// indirect" are transitive. Replace directives are applied.
func parseGoMod(rel string, data []byte) (*fileResult, error) {
	f, err := modfile.Parse(rel, data, nil)
	if err != nil {
		return nil, fmt.Errorf("not a valid go.mod: %v", err)
	}
	fr := newFile(rel, Go, KindManifest, "go.mod")
	fr.manifest.Notes = []string{"go.mod lists the selected version of every module but not which module needs which; `go mod graph` would tell, and is not run"}
	replaced := map[string]*modfile.Replace{}
	for _, r := range f.Replace {
		replaced[r.Old.Path+"@"+r.Old.Version] = r
		if r.Old.Version == "" {
			replaced[r.Old.Path] = r
		}
	}
	for _, r := range f.Require {
		p := &pkg{name: r.Mod.Path, version: r.Mod.Version, scope: Runtime, direct: !r.Indirect,
			resolved: true, ev: ev(rel, r.Syntax.Start.Line, "require", "")}
		if rep := replaced[r.Mod.Path+"@"+r.Mod.Version]; rep != nil || replaced[r.Mod.Path] != nil {
			if rep == nil {
				rep = replaced[r.Mod.Path]
			}
			// The version stays the one required; Replaced names the module
			// (or folder) that the build actually uses instead.
			p.replaced = strings.TrimSpace(rep.New.Path + " " + rep.New.Version)
			p.ev = append(p.ev, Evidence{File: rel, Line: rep.Syntax.Start.Line, Section: "replace"})
		}
		fr.add("", p)
	}
	return fr, nil
}

// parseGoSum records go.sum as a lock file; it holds checksums only, and the
// versions that count are go.mod's.
func parseGoSum(rel string, data []byte) (*fileResult, error) {
	for n, line := range splitLines(data) {
		if t := strings.TrimSpace(line); t != "" && len(strings.Fields(t)) != 3 {
			return nil, &parseError{line: n + 1, msg: fmt.Sprintf("line %d: expected MODULE VERSION HASH", n+1)}
		}
	}
	fr := newFile(rel, Go, KindLockfile, "go.sum")
	fr.manifest.Notes = []string{"go.sum holds checksums, not dependency edges; the versions reported come from go.mod"}
	return fr, nil
}
