package approval

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// word returns the value the shell would give w when that is known without
// running anything, and whether it is.
func word(w *syntax.Word) (string, bool) {
	var b strings.Builder
	static := true
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			b.WriteString(unescape(x.Value))
		case *syntax.SglQuoted:
			if x.Dollar {
				// $'...' decodes escapes: shown as written, known only to the shell
				b.WriteString("$'" + x.Value + "'")
				static = false
				continue
			}
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			s, ok := dblQuoted(x)
			ok = ok && !x.Dollar
			b.WriteString(s)
			static = static && ok
		case *syntax.ParamExp:
			b.WriteString(paramText(x))
			static = false
		case *syntax.ProcSubst:
			// the command gets a file name such as /dev/fd/63; what runs
			// inside is judged on its own
			b.WriteString(nodeText(p))
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
		case *syntax.ProcSubst:
			// the command gets a file name such as /dev/fd/63; what runs
			// inside is judged on its own
			b.WriteString(nodeText(p))
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
		if !strings.HasPrefix(f, "-") {
			continue
		}
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

// fields returns the words of a command as the shell would pass them,
// with brace expansion done ({rm,-rf,~} is three words), and says which
// are only known at run time.
func fields(ws []*syntax.Word) ([]string, []bool) {
	var out []string
	var dyn []bool
	for _, w := range ws {
		for _, e := range braces(w) {
			s, ok := word(e)
			out = append(out, s)
			dyn = append(dyn, !ok)
		}
	}
	return out, dyn
}

// maxBraceWords bounds a brace expansion; a larger one is judged as the
// word written, only known at run time.
const maxBraceWords = 64

func braces(w *syntax.Word) []*syntax.Word {
	copied := &syntax.Word{Parts: append([]syntax.WordPart(nil), w.Parts...)}
	if !syntax.SplitBraces(copied) {
		return []*syntax.Word{w}
	}
	var out []*syntax.Word
	for e, err := range expand.BracesSeq(&expand.Config{}, copied) {
		if err != nil || len(out) == maxBraceWords {
			return []*syntax.Word{{Parts: []syntax.WordPart{&syntax.ParamExp{Param: &syntax.Lit{Value: "{...}"}}}}}
		}
		out = append(out, e)
	}
	return out
}

// hasAbbrev is hasFlag for options that make a command more dangerous:
// GNU tools and git take any unique prefix of a long option, so
// "--rec" is "--recursive" and "--force-w" is "--force-with-lease".
func hasAbbrev(flags []string, letters string, long ...string) bool {
	for _, f := range flags {
		if !strings.HasPrefix(f, "-") {
			continue
		}
		if !strings.HasPrefix(f, "--") {
			if strings.ContainsAny(f[1:], letters) && letters != "" {
				return true
			}
			continue
		}
		name, _, _ := strings.Cut(f[2:], "=")
		for _, l := range long {
			if name != "" && strings.HasPrefix(l, name) {
				return true
			}
		}
	}
	return false
}
