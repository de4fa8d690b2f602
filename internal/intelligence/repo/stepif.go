package repo

import "strings"

// truth is what a step's if: condition is known to be for one matrix
// combination: true, false, or not knowable without running the workflow.
type truth int

const (
	unknown truth = iota
	isFalse
	isTrue
)

func truthOf(b bool) truth {
	if b {
		return isTrue
	}
	return isFalse
}

// skippedFor reports whether a step's if: condition is known to be false
// for the combination: a step that runs only on PyPy is not run on 3.12.
// A condition that names anything but the matrix, env, inputs, runner.os
// and literals is unknown, and the step is kept.
func skippedFor(cond string, sc exprScope) bool {
	cond = strings.TrimSpace(cond)
	if m := reExpr.FindStringSubmatch(cond); m != nil && strings.TrimSpace(m[0]) == cond {
		cond = m[1]
	}
	return cond != "" && sc.condition(cond, 0) == isFalse
}

// condition evaluates ||, &&, !, parentheses, == and != (which compare
// strings ignoring case, as GitHub does), startsWith, endsWith and
// contains.
func (sc exprScope) condition(e string, depth int) truth {
	e = strings.TrimSpace(e)
	if depth > 16 || e == "" {
		return unknown
	}
	if parts := splitOutside(e, "||"); len(parts) > 1 {
		out := isFalse
		for _, p := range parts {
			switch sc.condition(p, depth+1) {
			case isTrue:
				return isTrue
			case unknown:
				out = unknown
			}
		}
		return out
	}
	if parts := splitOutside(e, "&&"); len(parts) > 1 {
		out := isTrue
		for _, p := range parts {
			switch sc.condition(p, depth+1) {
			case isFalse:
				return isFalse
			case unknown:
				out = unknown
			}
		}
		return out
	}
	if rest, ok := strings.CutPrefix(e, "!"); ok && !strings.HasPrefix(rest, "=") {
		switch sc.condition(rest, depth+1) {
		case isTrue:
			return isFalse
		case isFalse:
			return isTrue
		}
		return unknown
	}
	if enclosed(e) {
		return sc.condition(e[1:len(e)-1], depth+1)
	}
	if len(splitOutside(e, "==")) == 2 || len(splitOutside(e, "!=")) == 2 {
		v, ok := sc.eval(e, depth+1) // a comparison is a value "true" or "false"
		if !ok {
			return unknown
		}
		return truthOf(truthy(v))
	}
	return sc.call(e, depth)
}

// call evaluates startsWith, endsWith and contains on two strings; any
// other call or value is unknown, but for the literals true and false.
func (sc exprScope) call(e string, depth int) truth {
	switch e {
	case "true":
		return isTrue
	case "false":
		return isFalse
	}
	name, args, ok := strings.Cut(e, "(")
	if !ok || !strings.HasSuffix(args, ")") {
		return unknown
	}
	parts := splitOutside(args[:len(args)-1], ",")
	if len(parts) != 2 {
		return unknown
	}
	a, okA := sc.eval(parts[0], depth+1)
	b, okB := sc.eval(parts[1], depth+1)
	if !okA || !okB {
		return unknown
	}
	a, b = strings.ToLower(a), strings.ToLower(b)
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "startswith":
		return truthOf(strings.HasPrefix(a, b))
	case "endswith":
		return truthOf(strings.HasSuffix(a, b))
	case "contains":
		return truthOf(strings.Contains(a, b))
	}
	return unknown
}

// enclosed reports whether e is one parenthesised group: (a || b), not
// (a) || (b).
func enclosed(e string) bool {
	if !strings.HasPrefix(e, "(") || !strings.HasSuffix(e, ")") {
		return false
	}
	depth := 0
	inQuote := false
	for i := 0; i < len(e); i++ {
		switch c := e[i]; {
		case c == '\'':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 && i < len(e)-1 {
				return false
			}
		}
	}
	return depth == 0
}

// splitOutside splits e on sep where it stands outside quotes and
// parentheses.
func splitOutside(e, sep string) []string {
	var out []string
	depth, start := 0, 0
	inQuote := false
	for i := 0; i < len(e); i++ {
		switch c := e[i]; {
		case c == '\'':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && strings.HasPrefix(e[i:], sep):
			out = append(out, e[start:i])
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	return append(out, e[start:])
}
