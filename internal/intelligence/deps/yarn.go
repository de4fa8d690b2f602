package deps

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yarnEntry is one block of a yarn.lock: the descriptors it answers
// ("name@range") and what they resolved to.
type yarnEntry struct {
	descriptors []string
	name        string
	version     string
	line        int
	deps        map[string]string // dependency name -> range, as written
	workspace   bool
}

// parseYarnLock reads yarn.lock, classic (v1) or berry (v2 and later, which
// is YAML with a __metadata block).
func parseYarnLock(rel string, data []byte) (*fileResult, error) {
	var entries []yarnEntry
	format := "yarn.lock v1"
	if isYarnBerry(data) {
		var err error
		if entries, err = parseYarnBerry(data); err != nil {
			return nil, err
		}
		format = "yarn.lock berry"
	} else {
		var err error
		if entries, err = parseYarnClassic(data); err != nil {
			return nil, err
		}
	}
	fr := newFile(rel, NPM, KindLockfile, format)
	fr.manifest.RecordsEdges = true
	idx := make([]int, len(entries))
	for i, e := range entries {
		idx[i] = -1
		if e.workspace {
			continue
		}
		idx[i] = fr.add("", &pkg{name: e.name, version: e.version, resolved: true, ev: ev(rel, e.line, "", "")})
		for _, d := range e.descriptors {
			fr.byKey[d] = idx[i]
		}
	}
	for i, e := range entries {
		for _, name := range sortedKeys(e.deps) {
			to, ok := lookupYarn(fr.byKey, name, e.deps[name])
			if !ok {
				continue
			}
			if e.workspace {
				fr.pkgs[to].direct = true
			} else {
				fr.edge(idx[i], to)
			}
		}
	}
	return fr, nil
}

// lookupYarn finds the entry a dependency range resolved to; berry writes
// ranges without the npm: protocol that its descriptors carry.
func lookupYarn(byKey map[string]int, name, spec string) (int, bool) {
	if i, ok := byKey[name+"@"+spec]; ok {
		return i, true
	}
	i, ok := byKey[name+"@npm:"+spec]
	return i, ok
}

// isYarnBerry tells berry lock files by their __metadata block.
func isYarnBerry(data []byte) bool {
	for _, line := range splitLines(data) {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		return strings.HasPrefix(t, "__metadata:")
	}
	return false
}

// descriptorName splits "name@range" at the @ that is not a scope's.
func descriptorName(d string) (name, rng string) {
	at := strings.LastIndex(d, "@")
	if at <= 0 {
		return d, ""
	}
	// berry writes "name@npm:1.0.0" and patches as "name@patch:name@npm..."
	if first := strings.Index(d[1:], "@"); first >= 0 {
		at = first + 1
	}
	return d[:at], d[at+1:]
}

// unquote removes the double quotes yarn puts around strings with odd
// characters.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
		return s[1 : len(s)-1]
	}
	return s
}

// parseYarnClassic reads the indentation-based yarn v1 format.
func parseYarnClassic(data []byte) ([]yarnEntry, error) {
	var entries []yarnEntry
	var cur *yarnEntry
	var inDeps bool
	for n, raw := range splitLines(data) {
		line := strings.TrimRight(raw, " \t")
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case indent == 0:
			if !strings.HasSuffix(t, ":") {
				return nil, &parseError{line: n + 1, msg: fmt.Sprintf("line %d: expected a package header ending in ':'", n+1)}
			}
			entries = append(entries, yarnEntry{line: n + 1, deps: map[string]string{}})
			cur, inDeps = &entries[len(entries)-1], false
			for _, d := range strings.Split(strings.TrimSuffix(t, ":"), ",") {
				d = unquote(d)
				if d == "" {
					continue
				}
				cur.descriptors = append(cur.descriptors, d)
				if cur.name == "" {
					cur.name, _ = descriptorName(d)
				}
			}
		case cur == nil:
			return nil, &parseError{line: n + 1, msg: fmt.Sprintf("line %d: indented line before any package", n+1)}
		case indent <= 2:
			key, val, _ := strings.Cut(t, " ")
			inDeps = key == "dependencies:" || key == "optionalDependencies:"
			if key == "version" {
				cur.version = unquote(val)
			}
		case inDeps:
			name, rng := splitYarnPair(t)
			if name != "" {
				cur.deps[name] = rng
			}
		}
	}
	return entries, nil
}

// splitYarnPair splits `"@scope/name" "^1.0.0"` or `name ^1.0.0`.
func splitYarnPair(t string) (string, string) {
	if strings.HasPrefix(t, `"`) {
		end := strings.Index(t[1:], `"`)
		if end < 0 {
			return "", ""
		}
		return t[1 : end+1], unquote(t[end+2:])
	}
	name, rng, _ := strings.Cut(t, " ")
	return strings.TrimSuffix(name, ":"), unquote(rng)
}

// parseYarnBerry reads the YAML lock file of yarn 2 and later.
func parseYarnBerry(data []byte) ([]yarnEntry, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("not a valid yarn.lock: %v", err)
	}
	doc := docMapping(&root)
	if doc == nil {
		return nil, fmt.Errorf("not a valid yarn.lock: the top level is not a mapping")
	}
	var entries []yarnEntry
	for _, kv := range pairs(doc) {
		if kv.key.Value == "__metadata" || kv.val.Kind != yaml.MappingNode {
			continue
		}
		e := yarnEntry{line: kv.key.Line, deps: map[string]string{}}
		for _, d := range strings.Split(kv.key.Value, ",") {
			if d = strings.TrimSpace(d); d != "" {
				e.descriptors = append(e.descriptors, d)
			}
		}
		for _, f := range pairs(kv.val) {
			switch f.key.Value {
			case "version":
				e.version = f.val.Value
			case "resolution":
				name, rng := descriptorName(f.val.Value)
				e.name = name
				e.workspace = strings.HasPrefix(rng, "workspace:")
			case "dependencies", "peerDependencies":
				for _, d := range pairs(f.val) {
					e.deps[d.key.Value] = d.val.Value
				}
			}
		}
		if e.name == "" && len(e.descriptors) > 0 {
			e.name, _ = descriptorName(e.descriptors[0])
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// kv is one key and value of a YAML mapping.
type kv struct{ key, val *yaml.Node }

// pairs lists the entries of a YAML mapping node, or nothing for any other
// kind of node.
func pairs(n *yaml.Node) []kv {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]kv, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, kv{n.Content[i], n.Content[i+1]})
	}
	return out
}

// docMapping returns the top-level mapping of a YAML document.
func docMapping(root *yaml.Node) *yaml.Node {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	return n
}

// child returns the value under key in a mapping, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	for _, p := range pairs(n) {
		if p.key.Value == key {
			return p.val
		}
	}
	return nil
}
