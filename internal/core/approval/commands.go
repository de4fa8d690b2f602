package approval

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// call classifies one simple command with its redirections.
func (c *classifier) call(ce *syntax.CallExpr, redirs []PathVerdict) {
	args, static := words(ce.Args)
	if len(args) == 0 {
		seg := Segment{Args: assignText(ce), Class: Safe, Reason: "sets shell variables"}
		c.add(withRedirects(seg, redirs))
		return
	}
	before := len(c.segments)
	seg, inner := c.judge(args, !static, nil)
	if inner {
		// a shell -c wrapper: its inner commands were added instead
		for i := before; i < len(c.segments); i++ {
			c.segments[i] = withRedirects(c.segments[i], redirs)
		}
		return
	}
	if interpreter(progName(seg.Args)) && c.substitutesDownload(ce) {
		seg.Class, seg.Reason = Dangerous, "runs code downloaded from the network"
	}
	c.add(withRedirects(seg, redirs))
}

func assignText(ce *syntax.CallExpr) []string {
	out := make([]string, 0, len(ce.Assigns))
	for _, a := range ce.Assigns {
		out = append(out, nodeText(a))
	}
	return out
}

// judge unwraps wrappers and classifies the command they run. It reports
// inner=true when the command was a shell string whose own commands were
// added as segments.
func (c *classifier) judge(args []string, dynamic bool, wrapped []string) (Segment, bool) {
	seg := Segment{Args: args, Dynamic: dynamic, Wrapped: wrapped}
	prog := progName(args)
	rest := args[1:]
	switch {
	case prog == "sudo" || prog == "doas" || prog == "su" || prog == "pkexec":
		return seg.with(Dangerous, prog+" runs the command as another user"), false
	case prog == "env":
		return c.unwrapEnv(seg, rest)
	case prog == "xargs":
		return c.unwrapXargs(seg, rest)
	case simpleWrapper(prog) != nil:
		inner := simpleWrapper(prog)(rest)
		if len(inner) == 0 {
			return seg.with(Safe, prog+" with nothing to run"), false
		}
		return c.judge(inner, dynamic, append(wrapped, prog))
	case shellName(prog):
		return c.unwrapShell(seg, rest)
	case prog == "eval":
		return c.unwrapEval(seg, rest)
	}
	class, reason, paths := c.program(prog, rest)
	seg.Paths = paths
	if dynamic && class == Safe && !pure(prog) {
		class, reason = Unknown, reason+"; some arguments are only known at run time"
	}
	return seg.with(class, reason), false
}

func (s Segment) with(c Class, reason string) Segment {
	s.Class, s.Reason = c, reason
	return s
}

func (c *classifier) unwrapEnv(seg Segment, rest []string) (Segment, bool) {
	i := 0
	for i < len(rest) {
		a := rest[i]
		switch {
		case a == "-u" || a == "--unset" || a == "-C" || a == "--chdir":
			i += 2
		case strings.HasPrefix(a, "-"):
			i++
		case strings.Contains(a, "="):
			i++
		default:
			return c.judge(rest[i:], seg.Dynamic, append(seg.Wrapped, "env"))
		}
	}
	return seg.with(Safe, "prints the environment"), false
}

func (c *classifier) unwrapXargs(seg Segment, rest []string) (Segment, bool) {
	i := 0
	for i < len(rest) && strings.HasPrefix(rest[i], "-") {
		switch rest[i] {
		case "-I", "-n", "-P", "-L", "-d", "-s", "-a", "-E":
			i++
		}
		i++
	}
	if i >= len(rest) {
		return seg.with(Safe, "xargs runs echo"), false
	}
	inner, _ := c.judge(rest[i:], true, append(seg.Wrapped, "xargs"))
	if deletesRecursively(rest[i:]) && inner.Class != Dangerous {
		inner.Class, inner.Reason = Dangerous, "recursive deletion of paths only known at run time (xargs)"
	}
	if inner.Class == Safe {
		inner.Class, inner.Reason = Unknown, inner.Reason+"; xargs adds arguments only known at run time"
	}
	return inner, false
}

// unwrapShell sees through sh -c 'string' by parsing the string.
func (c *classifier) unwrapShell(seg Segment, rest []string) (Segment, bool) {
	_, ops := flagsAndOperands(rest)
	script := ""
	for i, a := range rest {
		if strings.HasPrefix(a, "-") && strings.Contains(a, "c") && i+1 < len(rest) {
			script = rest[i+1]
			break
		}
	}
	switch {
	case script != "" && seg.Dynamic:
		return seg.with(Unknown, "the shell runs a string only known at run time"), false
	case script != "":
		c.inner(script, append(seg.Wrapped, progName(seg.Args)+" -c"))
		return seg, true
	case len(ops) == 0:
		return seg.with(Unknown, "the shell reads commands from its input"), false
	}
	return seg.with(Unknown, "runs the script "+ops[0]), false
}

func (c *classifier) unwrapEval(seg Segment, rest []string) (Segment, bool) {
	if seg.Dynamic {
		return seg.with(Unknown, "eval runs a string only known at run time"), false
	}
	c.inner(strings.Join(rest, " "), append(seg.Wrapped, "eval"))
	return seg, true
}

func (c *classifier) inner(script string, wrapped []string) {
	if c.depth >= maxDepth {
		c.add(Segment{Args: []string{script}, Wrapped: wrapped, Class: Dangerous, Reason: "shell strings nested too deep to judge"})
		return
	}
	env := c.env
	env.KnownSafe = nil
	sub := classify(script, env, c.depth+1)
	if len(sub.Segments) == 0 {
		c.add(Segment{Args: []string{script}, Wrapped: wrapped, Class: sub.Class, Reason: sub.Reason})
		return
	}
	for _, s := range sub.Segments {
		s.Wrapped = append(append([]string(nil), wrapped...), s.Wrapped...)
		c.add(s)
	}
}

// simpleWrapper returns, for a program that runs another command after its
// own options, a function that finds that command.
func simpleWrapper(prog string) func([]string) []string {
	skip := func(withValue ...string) func([]string) []string {
		return func(rest []string) []string {
			i := 0
			for i < len(rest) && strings.HasPrefix(rest[i], "-") {
				for _, f := range withValue {
					if rest[i] == f {
						i++
					}
				}
				i++
			}
			return rest[min(i, len(rest)):]
		}
	}
	switch prog {
	case "nice":
		return skip("-n")
	case "nohup", "time", "exec", "builtin", "command", "stdbuf", "chronic", "caffeinate":
		return skip("-o", "-e", "-i")
	case "ionice":
		return skip("-c", "-n", "-p")
	case "timeout":
		return func(rest []string) []string {
			r := skip("-s", "-k", "--signal", "--kill-after")(rest)
			if len(r) > 0 {
				return r[1:]
			}
			return r
		}
	}
	return nil
}

func shellName(p string) bool {
	switch p {
	case "sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "ash", "busybox":
		return true
	}
	return false
}

func interpreter(p string) bool {
	if shellName(p) {
		return true
	}
	switch p {
	case "eval", "source", ".", "python", "python3", "perl", "ruby", "node", "php", "lua":
		return true
	}
	return false
}

func isDownloader(p string) bool {
	switch p {
	case "curl", "wget", "fetch", "http", "https", "aria2c", "lwp-request", "GET":
		return true
	}
	return false
}

// readsScriptFromStdin reports whether an interpreter would run what it
// reads from its input: a shell or language runtime with no script operand.
func readsScriptFromStdin(args []string) bool {
	p := progName(args)
	if !interpreter(p) || p == "eval" {
		return false
	}
	_, ops := flagsAndOperands(args[1:])
	return len(ops) == 0 || ops[0] == "-" || ops[0] == "/dev/stdin"
}

// substitutesDownload reports whether any $(...) or <(...) in the command's
// words runs a downloader.
func (c *classifier) substitutesDownload(ce *syntax.CallExpr) bool {
	found := false
	syntax.Walk(ce, func(n syntax.Node) bool {
		if x, ok := n.(*syntax.CallExpr); ok && x != ce && len(x.Args) > 0 {
			if s, _ := word(x.Args[0]); isDownloader(progName([]string{s})) {
				found = true
			}
		}
		return !found
	})
	return found
}

func withRedirects(seg Segment, redirs []PathVerdict) Segment {
	for _, r := range redirs {
		seg.Paths = append(seg.Paths, r)
		class, reason := redirectClass(r)
		if class.rank() > seg.Class.rank() {
			seg.Class, seg.Reason = class, reason
		}
	}
	return seg
}

func (c *classifier) redirectOnly(redirs []PathVerdict) Segment {
	return withRedirects(Segment{Args: []string{}, Class: Safe, Reason: "only redirections"}, redirs)
}

// redirects judges the files a statement writes or reads through > and <.
func (c *classifier) redirects(rs []*syntax.Redirect) []PathVerdict {
	var out []PathVerdict
	for _, r := range rs {
		if r.Word == nil || r.Op == syntax.DplOut || r.Op == syntax.DplIn || r.Hdoc != nil {
			continue
		}
		target, _ := word(r.Word)
		if harmlessDevice(target) {
			continue
		}
		v := c.env.CheckPath(target)
		if writes(r.Op) {
			v.Reason = strings.TrimSpace("writes " + target + "; " + v.Reason)
		} else {
			v.Reason = strings.TrimSpace("reads " + target + "; " + v.Reason)
		}
		out = append(out, v)
	}
	return out
}

func writes(op syntax.RedirOperator) bool {
	switch op {
	case syntax.RdrIn, syntax.WordHdoc, syntax.Hdoc, syntax.DashHdoc:
		return false
	}
	return true
}

func redirectClass(v PathVerdict) (Class, string) {
	writing := strings.HasPrefix(v.Reason, "writes")
	switch {
	case strings.HasPrefix(v.Path, "/dev/"):
		return Dangerous, "writes to the device " + v.Path
	case writing && !v.Inside:
		return Dangerous, "writes outside the repository (" + v.Path + ")"
	case writing:
		return Unknown, "writes " + v.Path
	case !v.Inside:
		return Unknown, "reads outside the repository (" + v.Path + ")"
	}
	return Safe, ""
}

func harmlessDevice(p string) bool {
	switch p {
	case "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/stdin", "-":
		return true
	}
	return false
}

func (c *classifier) decl(d *syntax.DeclClause, redirs []PathVerdict) {
	seg := Segment{Args: []string{nodeText(d)}, Class: Safe, Reason: "declares shell variables"}
	c.add(withRedirects(seg, redirs))
}

// funcDecl catches fork bombs: a function that starts itself more than once
// at a time (in a pipe or in the background).
func (c *classifier) funcDecl(f *syntax.FuncDecl) {
	name := ""
	if f.Name != nil {
		name = f.Name.Value
	}
	recursiveFanout := false
	syntax.Walk(f.Body, func(n syntax.Node) bool {
		st, ok := n.(*syntax.Stmt)
		if !ok {
			return true
		}
		if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) && callsName(st, name) {
			recursiveFanout = true
		}
		if st.Background && callsName(st, name) {
			recursiveFanout = true
		}
		return true
	})
	if recursiveFanout {
		c.add(Segment{Args: []string{name + "()"}, Class: Dangerous, Reason: "a function that multiplies itself (fork bomb)"})
		return
	}
	c.stmt(f.Body, nil)
}

func callsName(n syntax.Node, name string) bool {
	found := false
	syntax.Walk(n, func(x syntax.Node) bool {
		if ce, ok := x.(*syntax.CallExpr); ok && len(ce.Args) > 0 {
			if s, _ := word(ce.Args[0]); s == name {
				found = true
			}
		}
		return !found
	})
	return found
}

func deletesRecursively(args []string) bool {
	p := progName(args)
	if p != "rm" && p != "shred" {
		return false
	}
	flags, _ := flagsAndOperands(args[1:])
	return hasFlag(flags, "rR", "recursive")
}
