package deps

import (
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"
)

var (
	// gradleDecl matches `configuration(args` or `configuration args`.
	gradleDecl = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z][A-Za-z0-9]*)\s*(?:\(\s*|\s+)(.+)$`) })
	// gradleCoords matches a "group:artifact[:version[:classifier]]" literal.
	gradleCoords = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`["']([^"'\s:]+):([^"'\s:]+)(?::([^"'\s:]*))?(?::[^"'\s]*)?["']`)
	})
	// gradleCatalogRef matches libs.some.alias, or any other catalog name.
	gradleCatalogRef = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:(?:platform|enforcedPlatform)\s*\(\s*)?([a-z][A-Za-z0-9]*)\.([A-Za-z0-9_.-]+?)\s*(?:\)|\{|$|\.get\(\))`)
	})
	// gradleMapArg matches group: 'g' (Groovy) and group = "g" (Kotlin).
	gradleMapArg = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(group|name|version)\s*[:=]\s*["']([^"']*)["']`) })
	// gradleVar matches the simple version variables builds declare.
	gradleVar = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:val|var|def|ext\.|extra\[")?\s*([A-Za-z_][A-Za-z0-9_]*)"?\]?\s*(?::\s*String\s*)?=\s*["']([^"'$]*)["']`)
	})
	// gradleInterp matches $name and ${name} inside a string.
	gradleInterp = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_.]*)\}?`) })
)

// gradleScope maps a dependency configuration to a scope; unknown names
// (task or block calls that happen to look alike) give "".
func gradleScope(conf string) Scope {
	c := strings.ToLower(conf)
	switch {
	case strings.Contains(c, "test"):
		return Test
	case c == "annotationprocessor" || c == "kapt" || c == "ksp" || c == "classpath" ||
		strings.HasSuffix(c, "compileonly") || strings.HasSuffix(c, "annotationprocessor"):
		return Build
	case c == "developmentonly" || strings.HasPrefix(c, "debug"):
		return Dev
	case strings.HasSuffix(c, "implementation") || c == "api" || strings.HasSuffix(c, "api") ||
		strings.HasSuffix(c, "runtimeonly") || c == "compile" || c == "runtime":
		return Runtime
	}
	return ""
}

// parseGradleBuild reads the dependency declarations of build.gradle and
// build.gradle.kts line by line: string coordinates, map notation, platform
// BOMs and version-catalog references (libs.alias, resolved by assemble).
// The build script is not run, so computed coordinates are not seen.
func parseGradleBuild(rel string, data []byte) (*fileResult, error) {
	fr := newFile(rel, Maven, KindManifest, path.Base(rel))
	lines := splitLines(data)
	vars := map[string]string{}
	for _, l := range lines {
		if m := gradleVar().FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			vars[m[1]] = m[2]
		}
	}
	expand := func(s string) string {
		return gradleInterp().ReplaceAllStringFunc(s, func(ref string) string {
			name := strings.Trim(ref, "${}")
			name = strings.TrimPrefix(name, "project.")
			if v, ok := vars[name]; ok {
				return v
			}
			return ref
		})
	}
	var blocks braces
	for n, raw := range lines {
		t := strings.TrimSpace(raw)
		m := gradleDecl().FindStringSubmatch(t)
		scope := Scope("")
		if m != nil {
			scope = gradleScope(m[1])
		}
		// Kotlin multiplatform and sourceSets blocks (commonTest { ... },
		// val jvmTest by getting { ... }) make plain configurations test ones.
		if scope != "" && scope != Test && blocks.tests > 0 {
			scope = Test
		}
		blocks.track(t)
		if scope == "" {
			continue
		}
		arg := m[2]
		add := func(name, version, ref string) {
			version = expand(version)
			fr.add("", &pkg{name: name, version: version, scope: scope, direct: true, constraint: version,
				resolved: mavenConcrete(version), catalogRef: ref, ev: ev(rel, n+1, m[1], version)})
		}
		switch {
		case strings.HasPrefix(arg, "project(") || strings.HasPrefix(arg, "files(") || strings.HasPrefix(arg, "fileTree("):
		case gradleCoords().MatchString(arg):
			c := gradleCoords().FindStringSubmatch(expand(arg))
			if c == nil {
				c = gradleCoords().FindStringSubmatch(arg)
			}
			add(c[1]+":"+c[2], c[3], "")
		case gradleMapArg().MatchString(arg):
			kv := map[string]string{}
			for _, mm := range gradleMapArg().FindAllStringSubmatch(arg, -1) {
				kv[mm[1]] = mm[2]
			}
			if kv["group"] != "" && kv["name"] != "" {
				add(kv["group"]+":"+kv["name"], kv["version"], "")
			}
		default:
			if c := gradleCatalogRef().FindStringSubmatch(arg); c != nil && c[1] != "project" {
				add(c[1]+"."+c[2], "", c[1]+":"+catalogAlias(c[2]))
			}
		}
	}
	return fr, nil
}

var gradleTestBlock = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)(^|[^a-z])test|[a-z]Test`) })

// braces follows the blocks of a build script: each "{" opens a block
// whose header (the text since the brace before it) may name a test
// source set, each "}" closes one. Braces inside strings are rare enough in
// build scripts to be ignored. Each header is read once and the test
// blocks are counted, so a script of deeply nested blocks costs no more
// than its length.
type braces struct {
	open  []bool // per open brace: does its header name a test source set?
	tests int    // how many of the open ones do
}

// track follows the braces of one line.
func (b *braces) track(line string) {
	start := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '{':
			test := gradleTestBlock().MatchString(line[start:i])
			b.open = append(b.open, test)
			if test {
				b.tests++
			}
			start = i + 1
		case '}':
			if n := len(b.open); n > 0 {
				if b.open[n-1] {
					b.tests--
				}
				b.open = b.open[:n-1]
			}
			start = i + 1
		}
	}
}

// catalogAlias normalises a version-catalog alias: Gradle treats "-", "_"
// and "." alike and exposes them as dots.
func catalogAlias(a string) string {
	return strings.ToLower(strings.NewReplacer("-", ".", "_", ".").Replace(a))
}

// catalogLib is one [libraries] entry of a version catalog.
type catalogLib struct {
	name    string
	version string
	line    int
}

// versionCatalog is a parsed gradle/NAME.versions.toml.
type versionCatalog struct {
	name    string // the accessor: "libs" for libs.versions.toml
	libs    map[string]catalogLib
	bundles map[string][]string
	rel     string
}

// parseVersionCatalog reads a Gradle version catalog: [versions],
// [libraries] in their three notations, and [bundles]. Its libraries
// become packages where a build file refers to them.
func parseVersionCatalog(rel string, data []byte) (*fileResult, error) {
	var doc struct {
		Versions  map[string]any      `toml:"versions"`
		Libraries map[string]any      `toml:"libraries"`
		Bundles   map[string][]string `toml:"bundles"`
	}
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, tomlError("version catalog", err)
	}
	fr := newFile(rel, Maven, KindManifest, "gradle version catalog")
	cat := &versionCatalog{name: strings.TrimSuffix(path.Base(rel), ".versions.toml"),
		libs: map[string]catalogLib{}, bundles: map[string][]string{}, rel: rel}
	lines := splitLines(data)
	from := lineOf(lines, 1, "[libraries]")
	for _, alias := range sortedKeys(doc.Libraries) {
		name, version := catalogEntry(doc.Libraries[alias], doc.Versions)
		if name == "" {
			continue
		}
		cat.libs[catalogAlias(alias)] = catalogLib{name: name, version: version, line: tomlKeyLine(lines, from, alias)}
	}
	for b, aliases := range doc.Bundles {
		for _, a := range aliases {
			cat.bundles[catalogAlias(b)] = append(cat.bundles[catalogAlias(b)], catalogAlias(a))
		}
	}
	fr.catalog = cat
	return fr, nil
}

// catalogEntry reads a library: "g:a:v", or {module = "g:a", version...},
// or {group, name, version...}; version is a string, a version.ref, or a
// rich version table (strictly, require, prefer).
func catalogEntry(v any, versions map[string]any) (name, version string) {
	switch t := v.(type) {
	case string:
		parts := strings.Split(t, ":")
		if len(parts) < 2 {
			return "", ""
		}
		name = parts[0] + ":" + parts[1]
		if len(parts) > 2 {
			version = parts[2]
		}
		return name, version
	case map[string]any:
		if mod, ok := t["module"].(string); ok {
			name = mod
		} else {
			g, _ := t["group"].(string)
			a, _ := t["name"].(string)
			if g == "" || a == "" {
				return "", ""
			}
			name = g + ":" + a
		}
		return name, catalogVersion(t["version"], versions)
	}
	return "", ""
}

// catalogVersion reads the version forms of a catalog entry.
func catalogVersion(v any, versions map[string]any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		if ref, ok := t["ref"].(string); ok {
			return catalogVersion(versions[ref], versions)
		}
		for _, k := range []string{"strictly", "require", "prefer"} {
			if s, ok := t[k].(string); ok {
				return s
			}
		}
	}
	return ""
}

// resolveCatalogs replaces the libs.alias references of Gradle build files
// with the coordinates of the nearest version catalog above them (the
// gradle/ folder of the build's root). A catalog no build file uses reports
// all its libraries as declared.
func resolveCatalogs(files []*fileResult) {
	catalogs := map[string][]*fileResult{} // project folder -> catalogs
	for _, fr := range files {
		if fr.catalog != nil {
			dir := path.Dir(path.Dir(fr.rel))
			catalogs[dir] = append(catalogs[dir], fr)
		}
	}
	used := map[*fileResult]bool{}
	for _, fr := range files {
		if fr.catalog != nil || fr.manifest.Ecosystem != Maven {
			continue
		}
		var kept []*pkg
		for _, p := range fr.pkgs {
			if p.catalogRef == "" {
				kept = append(kept, p)
				continue
			}
			cf, resolved := lookupCatalog(catalogs, path.Dir(fr.rel), p)
			if cf != nil {
				used[cf] = true
			}
			if resolved == nil {
				fr.warnings = append(fr.warnings, warning(CodeUnresolved, fr.rel, p.ev[0].Line, "no version catalog defines "+p.name))
			}
			kept = append(kept, resolved...)
		}
		fr.pkgs = kept
	}
	for _, list := range catalogs {
		for _, cf := range list {
			if used[cf] {
				continue
			}
			for _, alias := range sortedKeys(cf.catalog.libs) {
				lib := cf.catalog.libs[alias]
				cf.add("", &pkg{name: lib.name, version: lib.version, scope: Runtime, direct: true, constraint: lib.version,
					resolved: mavenConcrete(lib.version), ev: ev(cf.rel, lib.line, "libraries", lib.version)})
			}
		}
	}
}

// lookupCatalog finds the catalog a reference names, walking up from dir,
// and returns the packages it stands for (several for a bundle).
func lookupCatalog(catalogs map[string][]*fileResult, dir string, p *pkg) (*fileResult, []*pkg) {
	accessor, alias, _ := strings.Cut(p.catalogRef, ":")
	for {
		for _, cf := range catalogs[dir] {
			if cf.catalog.name != accessor {
				continue
			}
			var aliases []string
			if b, ok := strings.CutPrefix(alias, "bundles."); ok {
				aliases = cf.catalog.bundles[b]
			} else {
				aliases = []string{alias}
			}
			sort.Strings(aliases)
			var out []*pkg
			for _, a := range aliases {
				lib, ok := cf.catalog.libs[a]
				if !ok {
					continue
				}
				evs := append([]Evidence{}, p.ev...)
				evs[0].Constraint = lib.version
				evs = append(evs, Evidence{File: cf.rel, Line: lib.line, Section: "libraries", Constraint: lib.version})
				out = append(out, &pkg{name: lib.name, version: lib.version, scope: p.scope, direct: true,
					constraint: lib.version, resolved: mavenConcrete(lib.version), ev: evs})
			}
			return cf, out
		}
		if dir == "." || dir == "/" || dir == "" {
			return nil, nil
		}
		dir = path.Dir(dir)
	}
}

// parseGradleLock reads gradle.lockfile: every resolved module with the
// configurations that use it. It records no edges and not which modules
// are direct; the build file tells that.
func parseGradleLock(rel string, data []byte) (*fileResult, error) {
	fr := newFile(rel, Maven, KindLockfile, "gradle.lockfile")
	fr.manifest.Notes = []string{"gradle.lockfile records neither edges nor which modules are direct; the build file tells the direct ones"}
	for n, raw := range splitLines(data) {
		t := strings.TrimSpace(raw)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "empty=") {
			continue
		}
		coords, confs, ok := strings.Cut(t, "=")
		parts := strings.Split(coords, ":")
		if !ok || len(parts) != 3 || parts[0] == "" || parts[1] == "" {
			return nil, &parseError{line: n + 1, msg: "line " + strconv.Itoa(n+1) + ": expected GROUP:ARTIFACT:VERSION=CONFIGURATIONS"}
		}
		fr.add("", &pkg{name: parts[0] + ":" + parts[1], version: parts[2], scope: lockConfScope(confs), resolved: true,
			ev: ev(rel, n+1, confs, "")})
	}
	return fr, nil
}

// lockConfScope picks the most significant scope among a module's
// configurations: a runtime classpath beats a compile-only or test one.
func lockConfScope(confs string) Scope {
	best := Scope("")
	for _, c := range strings.Split(confs, ",") {
		c = strings.TrimSpace(c)
		s := Runtime
		switch {
		case strings.Contains(strings.ToLower(c), "test"):
			s = Test
		case c == "compileClasspath" || strings.Contains(strings.ToLower(c), "annotationprocessor"):
			s = Build
		}
		best = strongerScope(best, s)
	}
	if best == "" {
		best = Runtime
	}
	return best
}
