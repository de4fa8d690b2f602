package deps

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// gemSpec is "name (version)" as Gemfile.lock writes a gem and its needs.
var gemSpec = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)(!)?(?: \(([^)]*)\))?$`)
})

// gemPlatform strips the platform Bundler appends to a native gem's version
// ("1.15.4-x86_64-linux"); versions themselves never contain a dash.
func gemPlatform(v string) string {
	if i := strings.Index(v, "-"); i > 0 {
		return v[:i]
	}
	return v
}

// parseGemfileLock reads Bundler's Gemfile.lock. Gems under GEM, GIT and
// PATH specs are the resolved set with their dependencies; DEPENDENCIES
// lists the direct ones; a PATH source at "." is the project's own gemspec,
// whose dependencies are direct too.
func parseGemfileLock(rel string, data []byte) (*fileResult, error) {
	fr := newFile(rel, RubyGems, KindLockfile, "Gemfile.lock")
	fr.manifest.RecordsEdges = true
	type spec struct {
		idx  int // -1 for the project's own gem
		deps []string
	}
	var specs []spec
	var section, remote string
	var direct []string
	var directLines []int
	for n, raw := range splitLines(data) {
		line := strings.TrimRight(raw, " \t")
		if line == "" {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		t := strings.TrimSpace(line)
		switch indent {
		case 0:
			section, remote = t, ""
			continue
		case 2:
			if r, ok := strings.CutPrefix(t, "remote: "); ok {
				remote = r
			}
		}
		switch {
		case section == "DEPENDENCIES" && indent == 2:
			m := gemSpec().FindStringSubmatch(t)
			if m == nil {
				return nil, &parseError{line: n + 1, msg: fmt.Sprintf("line %d: cannot read the dependency %q", n+1, t)}
			}
			direct, directLines = append(direct, m[1]), append(directLines, n+1)
		case (section == "GEM" || section == "GIT" || section == "PATH") && indent == 4:
			m := gemSpec().FindStringSubmatch(t)
			if m == nil {
				return nil, &parseError{line: n + 1, msg: fmt.Sprintf("line %d: cannot read the gem %q", n+1, t)}
			}
			s := spec{idx: -1}
			if section != "PATH" || remote != "." {
				if i, dup := fr.byKey[m[1]]; dup {
					s.idx = i // the same gem for another platform
				} else {
					s.idx = fr.add(m[1], &pkg{name: m[1], version: gemPlatform(m[3]), resolved: true,
						ev: ev(rel, n+1, section, "")})
				}
			}
			specs = append(specs, s)
		case (section == "GEM" || section == "GIT" || section == "PATH") && indent == 6 && len(specs) > 0:
			if m := gemSpec().FindStringSubmatch(t); m != nil {
				specs[len(specs)-1].deps = append(specs[len(specs)-1].deps, m[1])
			}
		}
	}
	for _, s := range specs {
		for _, d := range s.deps {
			to, ok := fr.byKey[d]
			switch {
			case !ok:
			case s.idx < 0:
				fr.pkgs[to].direct = true
			default:
				fr.edge(s.idx, to)
			}
		}
	}
	for i, d := range direct {
		if to, ok := fr.byKey[d]; ok {
			fr.pkgs[to].direct = true
			fr.pkgs[to].ev = append(fr.pkgs[to].ev, Evidence{File: rel, Line: directLines[i], Section: "DEPENDENCIES"})
		}
	}
	return fr, nil
}

var (
	gemfileGem = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^gem\s*\(?\s*["']([^"']+)["']((?:\s*,\s*["'][^"']*["'])*)(.*)$`)
	})
	gemfileGroup = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^group\s*\(?(.*?)\)?\s+do\b`) })
	gemfileBlock = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bdo(\s*\|[^|]*\|)?\s*$`) })
	quotedString = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`["']([^"']*)["']`) })
)

// gemGroupScope maps Bundler groups (":development, :test") to a scope.
func gemGroupScope(groups string) Scope {
	switch {
	case strings.Contains(groups, "development"):
		return Dev
	case strings.Contains(groups, "test"):
		return Test
	}
	return ""
}

// parseGemfile reads the gem declarations of a Gemfile, a Ruby file, line
// by line: `gem "name", "~> 1.0"` with its group from a `group ... do`
// block or a `group:` option. Code that computes gem names is not run.
func parseGemfile(rel string, data []byte) (*fileResult, error) {
	fr := newFile(rel, RubyGems, KindManifest, "Gemfile")
	var blocks []Scope // one entry per open do-block
	for n, raw := range splitLines(data) {
		t := strings.TrimSpace(raw)
		if i := strings.Index(t, " #"); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if t == "end" {
			if len(blocks) > 0 {
				blocks = blocks[:len(blocks)-1]
			}
			continue
		}
		if m := gemfileGroup().FindStringSubmatch(t); m != nil {
			blocks = append(blocks, gemGroupScope(m[1]))
			continue
		}
		if m := gemfileGem().FindStringSubmatch(t); m != nil {
			var cons []string
			for _, q := range quotedString().FindAllStringSubmatch(m[2], -1) {
				cons = append(cons, q[1])
			}
			spec := strings.Join(cons, ", ")
			scope := gemGroupScope(m[3])
			for i := len(blocks) - 1; scope == "" && i >= 0; i-- {
				scope = blocks[i]
			}
			if scope == "" {
				scope = Runtime
			}
			fr.add("", &pkg{name: m[1], version: spec, scope: scope, direct: true, constraint: spec,
				ev: ev(rel, n+1, "gem", spec)})
		}
		if gemfileBlock().MatchString(t) {
			blocks = append(blocks, "")
		}
	}
	return fr, nil
}

// gemspecDep is one dependency a gemspec declares:
// `spec.add_dependency "name", "~> 1.0", ">= 1.0.2"`, with the runtime
// and development variants.
var gemspecDep = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\w+\.add_(runtime_|development_)?dependency\s*\(?\s*["']([^"']+)["']((?:\s*,\s*["'][^"']*["'])*)`)
})

// parseGemspec reads the dependencies a gem's specification declares, line
// by line; the Ruby in it is not run.
func parseGemspec(rel string, data []byte) (*fileResult, error) {
	fr := newFile(rel, RubyGems, KindManifest, "gemspec")
	for n, raw := range splitLines(data) {
		m := gemspecDep().FindStringSubmatch(strings.TrimSpace(raw))
		if m == nil {
			continue
		}
		var cons []string
		for _, q := range quotedString().FindAllStringSubmatch(m[3], -1) {
			cons = append(cons, q[1])
		}
		spec := strings.Join(cons, ", ")
		scope := Runtime
		if m[1] == "development_" {
			scope = Dev
		}
		fr.add("", &pkg{name: m[2], version: spec, scope: scope, direct: true, constraint: spec,
			ev: ev(rel, n+1, "add_"+m[1]+"dependency", spec)})
	}
	return fr, nil
}
