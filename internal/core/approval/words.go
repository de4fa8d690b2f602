package approval

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// word returns the value the shell would give w when that is known without
// running anything, and whether it is.
func word(w *syntax.Word) (string, bool) {
	var b strings.Builder
	static := true
	for i, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			v := x.Value
			if i == 0 {
				v = unescape(v)
			}
			b.WriteString(v)
		case *syntax.SglQuoted:
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			s, ok := dblQuoted(x)
			b.WriteString(s)
			static = static && ok
		case *syntax.ParamExp:
			b.WriteString(paramText(x))
			static = false
		default:
			b.WriteString(nodeText(p))
			static = false
		}
	}
	return b.String(), static
}

func dblQuoted(q *syntax.DblQuoted) (string, bool) {
	var b strings.Builder
	static := true
	for _, p := range q.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			b.WriteString(x.Value)
		case *syntax.ParamExp:
			b.WriteString(paramText(x))
			static = false
		default:
			b.WriteString(nodeText(p))
			static = false
		}
	}
	return b.String(), static
}

// paramText keeps $HOME recognisable, so a path under it can be judged.
func paramText(p *syntax.ParamExp) string {
	if p.Param != nil {
		return "$" + p.Param.Value
	}
	return nodeText(p)
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	esc := false
	for _, r := range s {
		if r == '\\' && !esc {
			esc = true
			continue
		}
		esc = false
		b.WriteRune(r)
	}
	return b.String()
}

func words(ws []*syntax.Word) ([]string, bool) {
	out := make([]string, len(ws))
	static := true
	for i, w := range ws {
		s, ok := word(w)
		out[i] = s
		static = static && ok
	}
	return out, static
}

func progName(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return path.Base(args[0])
}

// flagsAndOperands splits args (without the program) into flags and the rest,
// honouring "--".
func flagsAndOperands(args []string) (flags, operands []string) {
	for i, a := range args {
		if a == "--" {
			return flags, append(operands, args[i+1:]...)
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			flags = append(flags, a)
			continue
		}
		operands = append(operands, a)
	}
	return flags, operands
}

// hasShortFlag reports whether any combined short flag (-rf) or long flag
// carries one of the given letters or names.
func hasFlag(flags []string, letters string, long ...string) bool {
	for _, f := range flags {
		if strings.HasPrefix(f, "--") {
			name, _, _ := strings.Cut(f[2:], "=")
			for _, l := range long {
				if name == l {
					return true
				}
			}
			continue
		}
		if strings.ContainsAny(f[1:], letters) {
			return true
		}
	}
	return false
}
