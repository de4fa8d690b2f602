package deps

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// pomDep is a <dependency> or <plugin> of a pom.xml.
type pomDep struct {
	group, artifact, version, scope, typ, optional string
	line                                           int
	managed                                        bool // inside <dependencyManagement>
	plugin                                         bool
}

// pomFile is what one pom.xml says about dependencies.
type pomFile struct {
	// explicitScope names the dependencies that state their own scope, so a
	// parent's managed scope applies only to the others.
	explicitScope map[string]bool
	props         map[string]string
	deps          []pomDep
	managed       map[string]pomDep // groupId:artifactId -> managed entry
}

// maxPomDepth bounds the nesting of a pom's elements: a real one is a few
// levels deep, and the path of every element is built from its parents.
const maxPomDepth = 100

// readPom walks the XML tokens of a pom, keeping the line of each
// dependency for evidence.
func readPom(data []byte) (*pomFile, error) {
	pf := &pomFile{props: map[string]string{}, managed: map[string]pomDep{}, explicitScope: map[string]bool{}}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	var stack []string
	var cur *pomDep
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, &parseError{line: line, msg: fmt.Sprintf("not a valid pom.xml: %v", err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == maxPomDepth {
				line, _ := dec.InputPos()
				return nil, &parseError{line: line, msg: fmt.Sprintf("not a valid pom.xml: elements nested more than %d deep", maxPomDepth)}
			}
			stack = append(stack, t.Name.Local)
			text.Reset()
			p := strings.Join(stack, "/")
			if (t.Name.Local == "dependency" && strings.HasSuffix(p, "dependencies/dependency")) ||
				(t.Name.Local == "plugin" && strings.HasSuffix(p, "build/plugins/plugin")) {
				line, _ := dec.InputPos()
				cur = &pomDep{line: line, managed: strings.Contains(p, "dependencyManagement") || strings.Contains(p, "pluginManagement"),
					plugin: t.Name.Local == "plugin"}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			p := strings.Join(stack, "/")
			val := strings.TrimSpace(text.String())
			pf.endElement(p, val, &cur)
			stack = stack[:len(stack)-1]
			text.Reset()
		}
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("not a valid pom.xml: the file ends inside <%s>", stack[len(stack)-1])
	}
	return pf, nil
}

// endElement stores the value of the element that just closed.
func (pf *pomFile) endElement(p, val string, cur **pomDep) {
	switch {
	case strings.HasPrefix(p, "project/properties/") && strings.Count(p, "/") == 2:
		pf.props[strings.TrimPrefix(p, "project/properties/")] = val
	case p == "project/groupId", p == "project/version", p == "project/artifactId":
		pf.props["project."+path.Base(p)] = val
	case p == "project/parent/groupId", p == "project/parent/version":
		pf.props["project.parent."+path.Base(p)] = val
	}
	d := *cur
	if d == nil {
		return
	}
	switch path.Base(p) {
	case "groupId":
		d.group = val
	case "artifactId":
		d.artifact = val
	case "version":
		d.version = val
	case "scope":
		d.scope = val
	case "type":
		d.typ = val
	case "optional":
		d.optional = val
	case "dependency", "plugin":
		if d.plugin && d.group == "" {
			d.group = "org.apache.maven.plugins"
		}
		pf.deps = append(pf.deps, *d)
		*cur = nil
	}
}

// interpolate replaces ${name} with the pom's properties, following
// properties that refer to others a few levels deep.
func interpolate(s string, props map[string]string) string {
	for range 8 {
		start := strings.Index(s, "${")
		if start < 0 {
			return s
		}
		end := strings.Index(s[start:], "}")
		if end < 0 {
			return s
		}
		key := s[start+2 : start+end]
		val, ok := props[key]
		if !ok {
			switch key {
			case "project.version", "pom.version", "version":
				val, ok = firstSet(props["project.version"], props["project.parent.version"])
			case "project.groupId", "pom.groupId", "groupId":
				val, ok = firstSet(props["project.groupId"], props["project.parent.groupId"])
			}
		}
		if !ok {
			return s
		}
		s = s[:start] + val + s[start+end+1:]
	}
	return s
}

// firstSet returns the first non-empty value.
func firstSet(vals ...string) (string, bool) {
	for _, v := range vals {
		if v != "" {
			return v, true
		}
	}
	return "", false
}

// mavenScope maps a Maven scope to ours: provided and system are supplied by
// the build environment, so they count as build dependencies.
func mavenScope(scope, optional string) Scope {
	if optional == "true" {
		return Optional
	}
	switch scope {
	case "test":
		return Test
	case "provided", "system":
		return Build
	}
	return Runtime
}

// parsePom reads the direct dependencies of a pom.xml, with properties
// resolved and versions taken from <dependencyManagement> when a dependency
// leaves them out. Build plugins are build dependencies. Versions managed by
// a parent pom in a folder above are filled in by assemble.
func parsePom(rel string, data []byte) (*fileResult, error) {
	pf, err := readPom(data)
	if err != nil {
		return nil, err
	}
	fr := newFile(rel, Maven, KindManifest, "pom.xml")
	fr.pom = pf
	// Managed entries are keyed by their coordinates after interpolation,
	// since properties may be declared after the dependencies.
	pf.managed = map[string]pomDep{}
	for _, d := range pf.deps {
		if d.managed && !d.plugin {
			d.version = interpolate(d.version, pf.props)
			pf.managed[interpolate(d.group, pf.props)+":"+interpolate(d.artifact, pf.props)] = d
		}
	}
	for _, d := range pf.deps {
		if d.managed || d.artifact == "" || d.scope == "import" {
			continue
		}
		group, artifact := interpolate(d.group, pf.props), interpolate(d.artifact, pf.props)
		version, scope := d.version, d.scope
		if m, ok := pf.managed[group+":"+artifact]; ok {
			if version == "" {
				version = m.version
			}
			if scope == "" {
				scope = m.scope
			}
		}
		version = interpolate(version, pf.props)
		if d.scope != "" {
			pf.explicitScope[group+":"+artifact] = true
		}
		s := mavenScope(scope, d.optional)
		section := "dependencies"
		if d.plugin {
			s, section = Build, "build.plugins"
		}
		fr.add(group+":"+artifact, &pkg{name: group + ":" + artifact, version: version, scope: s, direct: true,
			constraint: version, resolved: mavenConcrete(version), ev: ev(rel, d.line, section, version)})
	}
	return fr, nil
}

// mavenConcrete reports whether a version is a single known version, not a
// range or an unresolved property.
func mavenConcrete(v string) bool {
	return v != "" && !strings.ContainsAny(v, "[]()${},")
}

// resolveMavenParents fills the versions and scopes a child pom leaves to
// the <dependencyManagement> of a parent pom in a folder above it (the
// default <relativePath> is ../pom.xml), and the properties it inherits.
func resolveMavenParents(files []*fileResult) {
	poms := map[string]*pomFile{}
	for _, fr := range files {
		if fr.pom != nil {
			poms[path.Dir(fr.rel)] = fr.pom
		}
	}
	for _, fr := range files {
		if fr.pom == nil || path.Dir(fr.rel) == "." {
			continue
		}
		for _, p := range fr.pkgs {
			for dir := path.Dir(path.Dir(fr.rel)); ; dir = path.Dir(dir) {
				if parent := poms[dir]; parent != nil {
					inheritFromParent(fr.pom, parent, p)
				}
				if dir == "." || dir == "/" {
					break
				}
			}
		}
	}
}

// inheritFromParent applies one parent pom's managed version and scope and
// its properties to a child's dependency.
func inheritFromParent(child, parent *pomFile, p *pkg) {
	m, managed := parent.managed[p.name]
	if managed && !child.explicitScope[p.name] && m.scope != "" && p.scope == Runtime {
		p.scope = mavenScope(m.scope, "")
	}
	if mavenConcrete(p.version) {
		return
	}
	v := p.version
	if managed && v == "" {
		v = interpolate(m.version, parent.props)
	}
	if v = interpolate(interpolate(v, child.props), parent.props); v != p.version {
		p.version, p.constraint, p.resolved = v, v, mavenConcrete(v)
		p.ev[0].Constraint = v
	}
}
