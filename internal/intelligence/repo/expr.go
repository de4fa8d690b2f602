package repo

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxCombos bounds the matrix combinations a job is expanded into; a
// larger matrix repeats its values, it seldom adds commands.
const maxCombos = 64

// exprScope is what a GitHub Actions expression in a run step can be
// resolved from without running the workflow: the workflow's, job's and
// step's env, the inputs' defaults and one matrix combination.
type exprScope struct {
	env    map[string]string
	inputs map[string]string
	matrix map[string]*yaml.Node // nil when the job has no matrix
	// matrixKeys: the keys some combination of the matrix sets.
	matrixKeys map[string]bool
	// runsOn is the job's runs-on before resolution.
	runsOn string
}

var reExpr = regexp.MustCompile(`(?s)\$\{\{(.*?)\}\}`)

// resolveText replaces the expressions of s it can resolve. unresolved is
// the first expression left in, "" when none is.
func resolveText(s string, sc exprScope) (out, unresolved string) {
	out = reExpr.ReplaceAllStringFunc(s, func(m string) string {
		v, ok := sc.eval(reExpr.FindStringSubmatch(m)[1], 0)
		if !ok {
			if unresolved == "" {
				unresolved = m
			}
			return m
		}
		return v
	})
	return sc.shellVars(out), unresolved
}

// eval evaluates the small part of the expression language a command line
// uses: a || b and a && b (the ternary idiom `c && 'x' || 'y'`), ==, !=
// and !, parentheses, quoted strings, numbers, and the matrix, env,
// inputs and github.event.inputs contexts.
func (sc exprScope) eval(expr string, depth int) (string, bool) {
	expr = strings.TrimSpace(expr)
	if depth > 8 {
		return "", false
	}
	if parts := splitOutside(expr, "||"); len(parts) > 1 {
		return sc.evalChain(parts, depth, true)
	}
	if parts := splitOutside(expr, "&&"); len(parts) > 1 {
		return sc.evalChain(parts, depth, false)
	}
	for _, op := range []string{"==", "!="} {
		if parts := splitOutside(expr, op); len(parts) == 2 {
			a, okA := sc.eval(parts[0], depth+1)
			b, okB := sc.eval(parts[1], depth+1)
			if !okA || !okB {
				return "", false
			}
			return boolWord(strings.EqualFold(a, b) == (op == "==")), true
		}
	}
	if strings.HasPrefix(expr, "!") && !strings.HasPrefix(expr, "!=") {
		v, ok := sc.eval(expr[1:], depth+1)
		return boolWord(!truthy(v)), ok
	}
	if enclosed(expr) {
		return sc.eval(expr[1:len(expr)-1], depth+1)
	}
	if len(expr) >= 2 && expr[0] == '\'' && expr[len(expr)-1] == '\'' {
		return strings.ReplaceAll(expr[1:len(expr)-1], "''", "'"), true
	}
	if isLiteralWord(expr) {
		return expr, true
	}
	switch {
	case expr == "github.workspace":
		return ".", true // the checkout, where the commands run from
	case expr == "runner.os":
		return sc.runnerOS()
	case strings.HasPrefix(expr, "matrix."):
		return sc.matrixValue(strings.TrimPrefix(expr, "matrix."))
	case strings.HasPrefix(expr, "env."):
		v, ok := sc.env[strings.TrimPrefix(expr, "env.")]
		if !ok {
			return "", false
		}
		return sc.nested(v, depth)
	case strings.HasPrefix(expr, "inputs."), strings.HasPrefix(expr, "github.event.inputs."):
		name := expr[strings.LastIndexByte(expr, '.')+1:]
		v, ok := sc.inputs[name]
		if !ok {
			return "", false
		}
		return sc.nested(v, depth)
	}
	return "", false
}

// runnerOS is runner.os for the job's runs-on label, when it names one.
func (sc exprScope) runnerOS() (string, bool) {
	on, _ := resolveText(sc.runsOn, exprScope{env: sc.env, inputs: sc.inputs, matrix: sc.matrix, matrixKeys: sc.matrixKeys})
	on = strings.ToLower(on)
	switch {
	case strings.Contains(on, "${{"):
		return "", false
	case strings.Contains(on, "ubuntu") || strings.Contains(on, "linux"):
		return "Linux", true
	case strings.Contains(on, "macos"):
		return "macOS", true
	case strings.Contains(on, "windows"):
		return "Windows", true
	}
	return "", false
}

// nested resolves a value that holds expressions itself (env: {V: ${{ matrix.v }}}).
func (sc exprScope) nested(v string, depth int) (string, bool) {
	ok := true
	out := reExpr.ReplaceAllStringFunc(v, func(m string) string {
		r, good := sc.eval(reExpr.FindStringSubmatch(m)[1], depth+1)
		ok = ok && good
		return r
	})
	return out, ok
}

// isLiteralWord: numbers and the keywords true, false and null.
func isLiteralWord(s string) bool {
	if s == "true" || s == "false" || s == "null" {
		return true
	}
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// evalChain evaluates a || b || ... (or, with or false, a && b && ...)
// as GitHub Actions does: the first operand that settles it is the value.
func (sc exprScope) evalChain(parts []string, depth int, or bool) (string, bool) {
	var v string
	for _, p := range parts {
		var ok bool
		if v, ok = sc.eval(p, depth+1); !ok {
			return "", false
		}
		if truthy(v) == or {
			return v, true
		}
	}
	return v, true
}

// truthy: GitHub Actions' falsy values are false, 0, null and "".
func truthy(v string) bool {
	return v != "" && v != "false" && v != "0" && v != "null"
}

func boolWord(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// matrixValue looks a dotted path up in the combination; a key the
// combination lacks is empty, as in GitHub Actions.
func (sc exprScope) matrixValue(p string) (string, bool) {
	if sc.matrix == nil {
		return "", false
	}
	keys := strings.Split(p, ".")
	n, ok := sc.matrix[keys[0]]
	if !ok {
		// empty in a combination that lacks a key others set; a key no
		// combination sets is a mistake or a run-time value
		return "", sc.matrixKeys[keys[0]]
	}
	if n == nil {
		return "", false // the key's values are computed at run time
	}
	for _, k := range keys[1:] {
		n = MapValue(n, k)
	}
	if n == nil {
		return "", true
	}
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

var reShellVar = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// shellVars replaces $NAME and ${NAME} when the workflow's env sets NAME
// to a plain value: the shell would see the same value.
func (sc exprScope) shellVars(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	return reShellVar.ReplaceAllStringFunc(s, func(m string) string {
		sub := reShellVar.FindStringSubmatch(m)
		name := sub[1] + sub[2]
		v, ok := sc.env[name]
		if !ok && name == "GITHUB_WORKSPACE" {
			return "." // the checkout, as ${{ github.workspace }}
		}
		if !ok {
			return m
		}
		r, good := sc.nested(v, 0)
		if !good || strings.Contains(r, "$") {
			return m
		}
		return r
	})
}

// keysOf lists the keys any combination sets.
func keysOf(combos []map[string]*yaml.Node) map[string]bool {
	out := map[string]bool{}
	for _, c := range combos {
		for k := range c {
			out[k] = true
		}
	}
	return out
}

// envOf reads an env mapping's scalar values over base.
func envOf(base map[string]string, n *yaml.Node) map[string]string {
	if n == nil || n.Kind != yaml.MappingNode {
		return base
	}
	out := make(map[string]string, len(base)+len(n.Content)/2)
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if v := n.Content[i+1]; v.Kind == yaml.ScalarNode {
			out[n.Content[i].Value] = v.Value
		}
	}
	return out
}

// inputDefaults reads the defaults of the workflow_dispatch and
// workflow_call inputs.
func inputDefaults(root *yaml.Node) map[string]string {
	out := map[string]string{}
	on := MapValue(root, "on")
	if on == nil {
		// YAML 1.1 reads a bare on: as true; yaml.v3 keeps the key "on".
		on = MapValue(root, "true")
	}
	for _, trigger := range []string{"workflow_dispatch", "workflow_call"} {
		inputs := MapValue(MapValue(on, trigger), "inputs")
		if inputs == nil || inputs.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(inputs.Content); i += 2 {
			if d := MapValue(inputs.Content[i+1], "default"); d != nil && d.Kind == yaml.ScalarNode {
				out[inputs.Content[i].Value] = d.Value
			}
		}
	}
	return out
}

// matrixCombos expands a strategy.matrix as GitHub Actions does: the
// product of its keys' lists, less the exclude entries, with each include
// entry added to the combinations it does not contradict or else as a
// combination of its own. A matrix computed at run time (fromJSON) gives
// no combination; a job without a matrix gives one empty combination.
func matrixCombos(m *yaml.Node) []map[string]*yaml.Node {
	if m == nil {
		return []map[string]*yaml.Node{nil}
	}
	if m.Kind != yaml.MappingNode {
		return []map[string]*yaml.Node{nil} // computed at run time
	}
	combos := []map[string]*yaml.Node{{}}
	original := map[string]bool{}
	runtime := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i].Value, m.Content[i+1]
		if k == "include" || k == "exclude" {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			runtime[k] = true // a run-time list: references to it stay unresolved
			continue
		}
		original[k] = true
		var next []map[string]*yaml.Node
		for _, c := range combos {
			for _, val := range v.Content {
				if len(next) >= maxCombos {
					break
				}
				nc := make(map[string]*yaml.Node, len(c)+1)
				for ck, cv := range c {
					nc[ck] = cv
				}
				nc[k] = val
				next = append(next, nc)
			}
		}
		combos = next
	}
	if ex := MapValue(m, "exclude"); ex != nil && ex.Kind == yaml.SequenceNode {
		kept := combos[:0]
		for _, c := range combos {
			drop := false
			for _, e := range ex.Content {
				if entryMatches(e, c, nil) {
					drop = true
					break
				}
			}
			if !drop {
				kept = append(kept, c)
			}
		}
		combos = kept
	}
	if len(original) == 0 {
		combos = nil
	}
	if inc := MapValue(m, "include"); inc != nil && inc.Kind == yaml.SequenceNode {
		combos = applyIncludes(combos, inc.Content, original)
	}
	if len(combos) == 0 {
		combos = []map[string]*yaml.Node{{}}
	}
	for _, c := range combos {
		for k := range runtime {
			c[k] = nil
		}
	}
	return combos
}

// applyIncludes adds a matrix's include entries as GitHub Actions does:
// an entry's values go into every combination of the product whose
// original values it matches, and an entry that matches none is a
// combination of its own.
func applyIncludes(combos []map[string]*yaml.Node, entries []*yaml.Node, original map[string]bool) []map[string]*yaml.Node {
	// Only the product's combinations take an entry's values; one an
	// earlier entry created is a job of its own, as each entry of an
	// include-only matrix is.
	product := len(combos)
	for _, e := range entries {
		if e.Kind != yaml.MappingNode {
			continue
		}
		added := false
		for _, c := range combos[:product] {
			if entryMatches(e, c, original) {
				for i := 0; i+1 < len(e.Content); i += 2 {
					if !original[e.Content[i].Value] {
						c[e.Content[i].Value] = e.Content[i+1]
					}
				}
				added = true
			}
		}
		if !added && len(combos) < maxCombos {
			c := map[string]*yaml.Node{}
			for i := 0; i+1 < len(e.Content); i += 2 {
				c[e.Content[i].Value] = e.Content[i+1]
			}
			combos = append(combos, c)
		}
	}
	return combos
}

// entryMatches: every key of the entry (only the original ones when
// original is given) has the same value in the combination.
func entryMatches(e *yaml.Node, c map[string]*yaml.Node, original map[string]bool) bool {
	if e.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(e.Content); i += 2 {
		k := e.Content[i].Value
		if original != nil && !original[k] {
			continue
		}
		v, ok := c[k]
		if !ok || !sameNode(v, e.Content[i+1]) {
			return false
		}
	}
	return true
}

func sameNode(a, b *yaml.Node) bool {
	if a.Kind != b.Kind {
		return false
	}
	if a.Kind == yaml.ScalarNode {
		return a.Value == b.Value
	}
	if len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}
