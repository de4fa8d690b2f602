package toolchain

import (
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// --- Haskell: GHC, cabal-install and Stack ---

var cabalPatterns = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		// a field starts a line (package fields are not indented) and its
		// value may go on over more indented lines
		"field":   regexp.MustCompile(`^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$`),
		"version": regexp.MustCompile(`^\d+(?:\.\d+){0,3}(?:\.\*)?$`),
	}
})

// haskellFiles reads the package descriptions, cabal.project and
// stack.yaml. A project with a stack.yaml and no cabal.project builds with
// Stack, which installs the GHC its snapshot names by itself: GHC and
// cabal-install are then optional, as Stack is where cabal.project says
// the project builds with cabal-install.
func (d *detector) haskellFiles() {
	stack, project := d.exists("stack.yaml"), d.exists("cabal.project")
	cabalFirst := project || !stack
	for _, p := range d.cabalFiles() {
		d.cabalFile(p, cabalFirst)
	}
	if data, ok := d.read("cabal.project"); ok {
		d.uses("cabal", true, "cabal.project", Location{Path: "cabal.project", Line: 1})
		d.uses("ghc", true, "cabal.project", Location{Path: "cabal.project", Line: 1})
		if v, line := cabalField(data, "with-compiler"); v != "" {
			d.compilerPin("cabal.project", "with-compiler", v, line)
		}
	}
	if stack {
		d.uses("stack", !project, "stack.yaml", Location{Path: "stack.yaml", Line: 1})
	}
}

// cabalFiles lists the package descriptions at the root or, when the root
// has none, one folder down (a repository of several packages).
func (d *detector) cabalFiles() []string {
	var top, below []string
	entries, err := fs.ReadDir(d.fsys, ".")
	if err != nil {
		return nil
	}
	for _, e := range entries {
		n := e.Name()
		switch {
		case e.Type().IsRegular() && strings.HasSuffix(n, ".cabal"):
			top = append(top, n)
		case e.IsDir() && !strings.HasPrefix(n, ".") && n != "dist-newstyle" && len(top) == 0 && len(below) < 16:
			sub, err := fs.ReadDir(d.fsys, n)
			if err != nil {
				continue
			}
			for _, s := range sub {
				if s.Type().IsRegular() && strings.HasSuffix(s.Name(), ".cabal") {
					below = append(below, path.Join(n, s.Name()))
				}
			}
		}
	}
	if len(top) > 0 {
		return top
	}
	sort.Strings(below)
	return below
}

// cabalFile reads a package description: cabal-version is the oldest
// cabal-install that reads it, tested-with the GHC versions the package is
// tested with.
func (d *detector) cabalFile(p string, required bool) {
	data, ok := d.read(p)
	if !ok {
		return
	}
	d.uses("ghc", required, p, Location{Path: p, Line: 1})
	d.uses("cabal", required, p, Location{Path: p, Line: 1})
	if v, line := cabalField(data, "cabal-version"); v != "" {
		v = strings.TrimSpace(strings.TrimPrefix(v, ">="))
		if cabalPatterns()["version"].MatchString(v) && !strings.Contains(v, "*") {
			d.add("cabal", required, Constraint{Range: v, Dialect: Minimum, Role: Requires, Source: p + " cabal-version", Evidence: at(p, line)})
		}
	}
	v, line := cabalField(data, "tested-with")
	if v == "" {
		return
	}
	versions, ok := testedWithGHC(v)
	if !ok {
		d.warn(CodeNotChecked, p, line, "tested-with uses ranges this check does not read; the GHC version is not checked")
		return
	}
	if len(versions) > 0 {
		d.add("ghc", required, Constraint{Range: strings.Join(versions, " || "), Dialect: Exact, Role: Tested, Source: p + " tested-with", Evidence: at(p, line)})
	}
}

// compilerPin reads "ghc-9.6.6" (or a path ending so) as a pin of GHC.
func (d *detector) compilerPin(file, field, v string, line int) {
	base := path.Base(strings.TrimSpace(v))
	ver, ok := strings.CutPrefix(base, "ghc-")
	if !ok || !cabalPatterns()["version"].MatchString(ver) || strings.Contains(ver, "*") {
		d.warn(CodeNotChecked, file, line, field+" names no GHC version ("+firstLine(v, 60)+"); it is not checked")
		return
	}
	d.add("ghc", true, Constraint{Range: ver, Dialect: Exact, Role: Pins, Source: file + " " + field, Evidence: at(file, line)})
}

// cabalField finds a top-level field of a .cabal or cabal.project file
// (field names are case-insensitive) and joins its continuation lines.
func cabalField(data []byte, name string) (string, int) {
	ls := strings.Split(string(data), "\n")
	for i, l := range ls {
		m := cabalPatterns()["field"].FindStringSubmatch(strings.TrimRight(l, "\r"))
		if m == nil || !strings.EqualFold(m[1], name) {
			continue
		}
		v := []string{m[2]}
		for _, more := range ls[i+1:] {
			t := strings.TrimSpace(more)
			if t == "" || more[0] != ' ' && more[0] != '\t' {
				break
			}
			if !strings.HasPrefix(t, "--") {
				v = append(v, t)
			}
		}
		return strings.TrimSpace(strings.Join(v, " ")), i + 1
	}
	return "", 0
}

// testedWithGHC reads the GHC versions of a tested-with value: "GHC ==
// 9.4.8 || ==9.6.6, GHC == 9.8.*", "GHC == { 9.6.6, 9.8.2 }". ok is false
// when a GHC entry uses an ordering (>=, <) rather than versions.
func testedWithGHC(v string) ([]string, bool) {
	var out []string
	for _, entry := range splitOutsideBraces(v) {
		entry = strings.TrimSpace(entry)
		end := strings.IndexFunc(entry, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') })
		if end < 0 {
			end = len(entry)
		}
		if !strings.EqualFold(entry[:end], "ghc") {
			continue
		}
		rest := entry[end:]
		if strings.ContainsAny(rest, "<>^&") {
			return nil, false
		}
		for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return strings.ContainsRune(" =|{},", r) }) {
			if !cabalPatterns()["version"].MatchString(w) {
				return nil, false
			}
			out = append(out, strings.TrimSuffix(w, ".*"))
		}
	}
	return out, true
}

// splitOutsideBraces splits on commas that are not inside { }.
func splitOutsideBraces(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}
