package repo

import (
	"strings"
)

// target is a Makefile target or a justfile recipe.
type target struct {
	Name   string
	Line   int
	Recipe []string // the commands it runs, prefixes (@, -) removed
}

// parseMakeTargets lists the explicit targets of a Makefile in order. It
// skips special targets (.PHONY), pattern rules, variable assignments,
// directives, targets named through variables and files the Makefile
// makes.
func parseMakeTargets(data []byte) []target {
	var out []target
	var cur *target
	inDefine := false
	phony := map[string]bool{}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		raw := strings.TrimRight(lines[i], "\r")
		lineNo := i + 1
		// Join backslash continuations into one logical line.
		for strings.HasSuffix(raw, "\\") && i+1 < len(lines) {
			i++
			raw = strings.TrimSuffix(raw, "\\") + " " + strings.TrimSpace(strings.TrimRight(lines[i], "\r"))
		}
		trimmed := strings.TrimSpace(raw)
		switch {
		case inDefine:
			if trimmed == "endef" {
				inDefine = false
			}
			continue
		case strings.HasPrefix(trimmed, "define ") || trimmed == "define":
			inDefine = true
			continue
		}
		if strings.HasPrefix(raw, "\t") {
			if cur != nil && trimmed != "" && !strings.HasPrefix(trimmed, "#") {
				cur.Recipe = append(cur.Recipe, strings.TrimLeft(trimmed, "@-+ "))
			}
			continue
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		cur = nil
		if rest, ok := strings.CutPrefix(trimmed, ".PHONY"); ok && strings.HasPrefix(strings.TrimSpace(rest), ":") {
			for _, n := range strings.Fields(strings.TrimSpace(rest)[1:]) {
				phony[n] = true
			}
			continue
		}
		names, ok := ruleTargets(trimmed)
		if !ok {
			continue
		}
		for _, n := range names {
			out = append(out, target{Name: n, Line: lineNo})
		}
		if len(out) > 0 && len(names) > 0 {
			cur = &out[len(out)-1]
			// A recipe after ';' on the rule line.
			if j := strings.Index(trimmed, ";"); j >= 0 {
				if r := strings.TrimSpace(trimmed[j+1:]); r != "" {
					cur.Recipe = append(cur.Recipe, strings.TrimLeft(r, "@-+ "))
				}
			}
		}
	}
	return tasks(out, phony)
}

// tasks drops the targets that name a file the rule makes (fmtargs.h,
// Makefile.dep, lib/x.a): a task is phony, or has a plain name.
func tasks(targets []target, phony map[string]bool) []target {
	kept := targets[:0]
	for _, t := range targets {
		if phony[t.Name] || !strings.ContainsAny(t.Name, "./") {
			kept = append(kept, t)
		}
	}
	return kept
}

// ruleTargets parses "a b: deps" and returns the plain target names.
func ruleTargets(line string) ([]string, bool) {
	for _, d := range []string{"include ", "-include ", "sinclude ", "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "export ", "unexport ", "override ", "vpath"} {
		if strings.HasPrefix(line, d) {
			return nil, false
		}
	}
	c := ruleColon(line)
	if c <= 0 {
		return nil, false
	}
	rest := line[c+1:]
	if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, ":=") || strings.HasPrefix(rest, ":::=") {
		return nil, false // VAR := value
	}
	if e := strings.IndexByte(line[:c], '='); e >= 0 {
		return nil, false // VAR = a:b
	}
	var names []string
	for _, n := range strings.Fields(line[:c]) {
		if strings.HasPrefix(n, ".") || strings.ContainsAny(n, "%$()*?\"'") {
			continue
		}
		names = append(names, n)
	}
	return names, len(names) > 0
}

// ruleColon is the index of the first ':' outside $(...) and ${...}, or -1:
// the colon in "$(warning not found, run: curl ...)" makes no rule.
func ruleColon(line string) int {
	depth := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '(', '{':
			depth++
		case ')', '}':
			if depth > 0 {
				depth--
			}
		case ':':
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// parseJustRecipes lists the recipes of a justfile: lines at column zero
// of the form "name args...:" with their indented bodies.
func parseJustRecipes(data []byte) []target {
	var out []target
	var cur *target
	for i, raw := range strings.Split(string(data), "\n") {
		raw = strings.TrimRight(raw, "\r")
		trimmed := strings.TrimSpace(raw)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if raw[0] == ' ' || raw[0] == '\t' {
			if cur != nil {
				cur.Recipe = append(cur.Recipe, strings.TrimLeft(trimmed, "@-"))
			}
			continue
		}
		cur = nil
		if strings.HasPrefix(trimmed, "[") || strings.Contains(trimmed, ":=") {
			continue // attributes and assignments
		}
		for _, kw := range []string{"set ", "alias ", "export ", "import ", "mod "} {
			if strings.HasPrefix(trimmed, kw) {
				trimmed = ""
			}
		}
		c := strings.IndexByte(trimmed, ':')
		if c <= 0 {
			continue
		}
		head := strings.Fields(strings.TrimPrefix(trimmed[:c], "@"))
		if len(head) == 0 || !isIdent(head[0]) {
			continue
		}
		out = append(out, target{Name: head[0], Line: i + 1})
		cur = &out[len(out)-1]
	}
	return out
}

func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlpha(c) || isDigit(c) || c == '_' || c == '-') {
			return false
		}
	}
	return s != ""
}
