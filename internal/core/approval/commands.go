package approval

import (
	"strings"
	"unicode"

	"mvdan.cc/sh/v3/syntax"
)

// call classifies one simple command with its assignments and
// redirections.
func (c *classifier) call(ce *syntax.CallExpr, redirs []redirect) {
	assignClass, assignWhy := c.assignments(ce.Assigns, len(ce.Args) > 0)
	args, dyn := fields(ce.Args)
	if len(args) == 0 {
		seg := Segment{Args: assignText(ce), Class: assignClass, Reason: assignWhy}
		if assignClass == Safe {
			seg.Reason = "sets shell variables"
		}
		c.add(withRedirects(seg, redirs))
		return
	}
	before := len(c.segments)
	seg, inner := c.judge(args, dyn, nil)
	if inner {
		// a shell string: its inner commands were added instead
		for i := before; i < len(c.segments); i++ {
			c.segments[i] = withRedirects(raise(c.segments[i], assignClass, assignWhy), redirs)
		}
		return
	}
	if isInterpreter(progName(seg.Args)) && c.substitutesDownload(ce) {
		seg.Class, seg.Reason = Dangerous, "runs code downloaded from the network"
	}
	c.add(withRedirects(raise(seg, assignClass, assignWhy), redirs))
}

// raise makes a segment at least as bad as class.
func raise(s Segment, class Class, reason string) Segment {
	if class.rank() > s.Class.rank() {
		s.Class, s.Reason = class, reason
	}
	return s
}

func assignText(ce *syntax.CallExpr) []string {
	out := make([]string, 0, len(ce.Assigns))
	for _, a := range ce.Assigns {
		out = append(out, nodeText(a))
	}
	return out
}

// assignments judges NAME=value words. Before a command they set its
// environment; alone they set shell variables that later commands of the
// line use. Either way a variable that makes programs run other code is
// dangerous, and so is a value holding shell code that arithmetic or a
// subscript would run.
func (c *classifier) assignments(as []*syntax.Assign, withCommand bool) (Class, string) {
	class, reason := Safe, ""
	for _, a := range as {
		if a.Name == nil {
			continue
		}
		value, static := "", true
		if a.Value != nil {
			value, static = word(a.Value)
		}
		cl, why := envVarClass(a.Name.Value, withCommand)
		if static && holdsCode(value) {
			cl, why = Dangerous, "the variable "+a.Name.Value+" holds shell code ("+value+") that arithmetic or eval would run"
		}
		if cl.rank() > class.rank() {
			class, reason = cl, why
		}
	}
	return class, reason
}

// judge sees through wrappers and classifies the command they run. It
// reports inner=true when the command was a shell string whose own
// commands were added as segments. dyn says which arguments are only known
// at run time.
func (c *classifier) judge(args []string, dyn []bool, wrapped []string) (Segment, bool) {
	seg := Segment{Args: args, Dynamic: anyTrue(dyn), Wrapped: wrapped}
	if why, bad := programNameHidden(args[0], dyn[0]); bad {
		return seg.with(Dangerous, why), false
	}
	prog := progName(args)
	rest, restDyn := args[1:], dyn[1:]
	if why, ok := privileged[prog]; ok {
		return seg.with(Dangerous, prog+" "+why), false
	}
	if strings.Contains(args[0], "/") && c.downloaded[pathKey(c.env.CheckPath(args[0]))] {
		return seg.with(Dangerous, "runs "+args[0]+", which this command line downloads"), false
	}
	switch {
	case prog == "env":
		return c.unwrapEnv(seg, rest, restDyn)
	case prog == "xargs":
		return c.unwrapXargs(seg, rest, restDyn)
	case prog == "busybox" && len(rest) > 0 && !strings.HasPrefix(rest[0], "-"):
		return c.judge(rest, restDyn, append(wrapped, "busybox"))
	case simpleWrappers[prog].name != "":
		return c.unwrapSimple(seg, simpleWrappers[prog], rest, restDyn)
	case shellName(prog):
		return c.unwrapShell(seg, prog, rest, restDyn)
	case prog == "eval":
		return c.unwrapEval(seg, rest)
	}
	class, reason, paths := c.program(prog, rest)
	seg.Paths = paths
	if seg.Dynamic && class == Safe && !pure(prog) {
		class, reason = Unknown, reason+"; some arguments are only known at run time"
	}
	return seg.with(class, reason), false
}

func (s Segment) with(c Class, reason string) Segment {
	s.Class, s.Reason = c, reason
	return s
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

// programNameHidden reports a program name that hides what runs: made at
// run time, a pattern, non-ASCII (look-alike letters), or a case variant
// of a program the classifier knows.
func programNameHidden(name string, dynamic bool) (string, bool) {
	switch {
	case dynamic:
		return "the program's name is only known at run time (" + name + ")", true
	case strings.ContainsAny(name, "*?[") && name != "[" && name != "[[":
		return "the program's name is a pattern (" + name + ")", true
	case strings.IndexFunc(name, func(r rune) bool { return r > unicode.MaxASCII }) >= 0:
		return "the program's name has non-ASCII letters that can look like others (" + name + ")", true
	}
	base := progName([]string{name})
	if lower := strings.ToLower(base); lower != base && knownProgram(lower) && windowsPrograms[windowsName(base)] == "" {
		return "the program's name is a case variant of " + lower + " (" + name + ")", true
	}
	return "", false
}

// privileged programs run a command as another user.
var privileged = map[string]string{
	"sudo": "runs the command as another user", "doas": "runs the command as another user",
	"su": "runs a command as another user", "pkexec": "runs the command as another user",
	"run0": "runs the command as another user", "runuser": "runs the command as another user",
	"sg": "runs a command as another group", "sudoedit": "edits files as another user",
}

func (c *classifier) unwrapEnv(seg Segment, rest []string, dyn []bool) (Segment, bool) {
	class, reason := Safe, ""
	dir := c.env.Dir
	defer func() { c.env.Dir = dir }()
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		name, _, isAssign := strings.Cut(a, "=")
		switch {
		case envSplitsString(a):
			return seg.with(Dangerous, "env -S splits a string into a command the classifier does not read"), false
		case a == "-u" || a == "--unset":
			i++
		case a == "-C" || a == "--chdir" || strings.HasPrefix(a, "--chdir="):
			if a != "--chdir=" && !strings.Contains(a, "=") {
				i++
			}
			c.env.Dir = unknownDir
		case a == "--":
		case strings.HasPrefix(a, "-"):
		case isAssign && !dyn[i]:
			if cl, why := envVarClass(name, true); cl.rank() > class.rank() {
				class, reason = cl, why
			}
		default:
			before := len(c.segments)
			inner, added := c.judge(rest[i:], dyn[i:], append(seg.Wrapped, "env"))
			if added {
				for j := before; j < len(c.segments); j++ {
					c.segments[j] = raise(c.segments[j], class, reason)
				}
				return inner, true
			}
			return raise(inner, class, reason), false
		}
	}
	if class == Safe {
		reason = "prints the environment"
	}
	return seg.with(class, reason), false
}

// envLongOptions are GNU env's long options; any unique prefix is one.
var envLongOptions = []string{"ignore-environment", "null", "unset", "chdir", "split-string", "block-signal",
	"default-signal", "ignore-signal", "list-signal-handling", "debug", "help", "version"}

// envSplitsString reports -S, a group holding S (-iS), or --split-string
// however abbreviated.
func envSplitsString(a string) bool {
	if name, ok := strings.CutPrefix(a, "--"); ok {
		name, _, _ = strings.Cut(name, "=")
		return longOption(name, envLongOptions) == "split-string"
	}
	return strings.HasPrefix(a, "-") && strings.ContainsRune(a, 'S')
}

func (c *classifier) unwrapXargs(seg Segment, rest []string, dyn []bool) (Segment, bool) {
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
	cmd := rest[i:]
	if p := progName(cmd); shellName(p) || isInterpreter(p) || p == "eval" {
		return seg.with(Dangerous, "xargs builds code for "+p+" from its input"), false
	}
	inner, _ := c.judge(cmd, dyn[i:], append(seg.Wrapped, "xargs"))
	inner.Dynamic = true
	if deletesRecursively(cmd) && inner.Class != Dangerous {
		inner.Class, inner.Reason = Dangerous, "recursive deletion of paths only known at run time (xargs)"
	}
	if inner.Class == Safe {
		inner.Class, inner.Reason = Unknown, inner.Reason+"; xargs adds arguments only known at run time"
	}
	return inner, false
}

// wrapper describes a program that runs another command after its own
// options.
type wrapper struct {
	name string
	// values are the short options that take a value; longValues the long ones.
	values     string
	longValues []string
	// skip is how many operands come before the command (timeout's duration).
	skip int
	// script is the option whose value is a shell string to run (flock -c).
	script string
	// joined says the command's words are joined and run by a shell (watch).
	joined bool
}

var simpleWrappers = map[string]wrapper{
	"nice":       {name: "nice", values: "n", longValues: []string{"--adjustment"}},
	"nohup":      {name: "nohup"},
	"time":       {name: "time", values: "fo", longValues: []string{"--format", "--output"}},
	"command":    {name: "command"},
	"builtin":    {name: "builtin"},
	"exec":       {name: "exec", values: "a"},
	"stdbuf":     {name: "stdbuf", values: "ioe", longValues: []string{"--input", "--output", "--error"}},
	"timeout":    {name: "timeout", values: "sk", longValues: []string{"--signal", "--kill-after"}, skip: 1},
	"ionice":     {name: "ionice", values: "cnp", longValues: []string{"--class", "--classdata", "--pid"}},
	"setsid":     {name: "setsid"},
	"chronic":    {name: "chronic"},
	"caffeinate": {name: "caffeinate", values: "tw"},
	"unbuffer":   {name: "unbuffer"},
	"flock":      {name: "flock", values: "wEc", longValues: []string{"--timeout", "--conflict-exit-code", "--command"}, skip: 1, script: "-c"},
	"watch":      {name: "watch", values: "nqd", longValues: []string{"--interval"}, joined: true},
	"strace":     {name: "strace", values: "abeEIoOpPsSuUX", longValues: []string{"--output", "--trace", "--signal", "--attach", "--user", "--env"}},
	"ltrace":     {name: "ltrace", values: "aAeElLnopsuwxX", longValues: []string{"--output", "--library"}},
	"script":     {name: "script", values: "cTIOBEm", longValues: []string{"--command", "--log-io", "--log-in", "--log-out", "--log-timing"}, script: "-c"},
	"taskset":    {name: "taskset", skip: 1},
	"chrt":       {name: "chrt", values: "T", skip: 1},
}

// unwrapSimple skips a wrapper's options and judges the command it runs.
func (c *classifier) unwrapSimple(seg Segment, w wrapper, rest []string, dyn []bool) (Segment, bool) {
	wrapped := append(seg.Wrapped, w.name)
	i := 0
	for i < len(rest) && strings.HasPrefix(rest[i], "-") && rest[i] != "-" {
		a := rest[i]
		if a == "--" {
			i++
			break
		}
		value := ""
		switch {
		case strings.HasPrefix(a, "--") && strings.Contains(a, "="):
			value = a[strings.Index(a, "=")+1:]
		case strings.HasPrefix(a, "--") && contains(w.longValues, a) && i+1 < len(rest):
			i++
			value = rest[i]
		case !strings.HasPrefix(a, "--") && strings.Contains(w.values, a[len(a)-1:]) && i+1 < len(rest):
			i++
			value = rest[i]
		}
		if w.script != "" && (!strings.HasPrefix(a, "--") && strings.HasSuffix(a, w.script[1:]) || strings.HasPrefix(a, "--command")) {
			return c.shellString(seg, value, dyn[i], append(wrapped, a))
		}
		if w.name == "command" && (a == "-v" || a == "-V") {
			return seg.with(Safe, "command "+a+" only says what a name runs"), false
		}
		i++
	}
	i += w.skip
	if i >= len(rest) {
		return seg.with(Safe, w.name+" with nothing to run"), false
	}
	if w.joined {
		return c.shellString(seg, strings.Join(rest[i:], " "), anyTrue(dyn[i:]), wrapped)
	}
	return c.judge(rest[i:], dyn[i:], wrapped)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shellString classifies a string a program hands to a shell.
func (c *classifier) shellString(seg Segment, script string, dynamic bool, wrapped []string) (Segment, bool) {
	if dynamic {
		return seg.with(Dangerous, "runs a shell string only known at run time"), false
	}
	c.inner(script, wrapped)
	return seg, true
}

// shellName reports the shells; only sh and bash are read, the others
// have a syntax of their own.
func shellName(p string) bool {
	switch p {
	case "sh", "bash", "zsh", "dash", "ksh", "mksh", "pdksh", "fish", "ash", "csh", "tcsh", "yash", "posh", "rbash", "elvish", "nu", "xonsh", "oksh", "loksh":
		return true
	}
	return false
}

// unwrapShell reads sh and bash options the way the shells do and sees
// through -c 'string' by parsing the string. A shell that reads its
// commands from its input or from a file it is not shown, with an option
// the classifier does not know, or another shell, is dangerous: what it
// runs cannot be seen.
func (c *classifier) unwrapShell(seg Segment, prog string, rest []string, dyn []bool) (Segment, bool) {
	if prog != "sh" && prog != "bash" {
		return seg.with(Dangerous, prog+" is a shell whose syntax the classifier does not read"), false
	}
	command, i := false, 0
options:
	for ; i < len(rest); i++ {
		a := rest[i]
		if dyn[i] {
			return seg.with(Dangerous, "an argument of "+prog+" is only known at run time ("+a+")"), false
		}
		switch {
		case a == "--" || a == "-":
			i++
			break options
		case a == "--version" || a == "--help":
			return seg.with(Safe, prog+" prints its version or help"), false
		case a == "--norc" || a == "--noprofile" || a == "--posix" || a == "--login" || a == "--noediting" || a == "--restricted" || a == "--verbose":
		case strings.HasPrefix(a, "--"):
			return seg.with(Dangerous, prog+" "+a+" is an option that reads other files or that the classifier does not know"), false
		case len(a) > 1 && (a[0] == '-' || a[0] == '+'):
			takes, why := shellFlags(a)
			if why != "" {
				return seg.with(Dangerous, prog+" "+why), false
			}
			command = command || strings.Contains(a, "c") && a[0] == '-'
			i += takes
		default:
			break options
		}
	}
	ops := rest[min(i, len(rest)):]
	switch {
	case command && len(ops) == 0:
		return seg.with(Dangerous, prog+" -c without a command"), false
	case command:
		c.inner(ops[0], append(seg.Wrapped, prog+" -c"))
		return seg, true
	case len(ops) == 0:
		return seg.with(Dangerous, prog+" reads the commands it runs from its input"), false
	}
	if why, hidden := c.hiddenScript(ops[0]); hidden {
		return seg.with(Dangerous, prog+" runs "+why), false
	}
	seg.Paths = []PathVerdict{c.env.CheckPath(ops[0])}
	return seg.with(Unknown, "runs the script "+ops[0]), false
}

// shellFlags reads one group of single-letter shell options. It returns
// how many arguments the group takes (-o NAME) and why it is refused.
func shellFlags(a string) (int, string) {
	takes := 0
	for _, r := range a[1:] {
		switch {
		case r == 'i' || r == 's':
			return 0, a + " reads the commands it runs from its input"
		case r == 'o' || r == 'O':
			takes++
		case strings.ContainsRune("abcefhklmnprtuvxBCEHPT", r):
		default:
			return 0, "has an option the classifier does not know (" + a + ")"
		}
	}
	return takes, ""
}

func (c *classifier) unwrapEval(seg Segment, rest []string) (Segment, bool) {
	if seg.Dynamic {
		return seg.with(Dangerous, "eval runs a string only known at run time"), false
	}
	c.inner(strings.Join(rest, " "), append(seg.Wrapped, "eval"))
	return seg, true
}

func (c *classifier) inner(script string, wrapped []string) {
	if c.depth >= maxDepth {
		c.add(Segment{Args: []string{script}, Wrapped: wrapped, Class: Dangerous, Reason: "shell strings nested too deep to judge"})
		return
	}
	sub := c.sub(script)
	if len(sub.Segments) == 0 {
		c.add(Segment{Args: []string{script}, Wrapped: wrapped, Class: sub.Class, Reason: sub.Reason})
		return
	}
	for _, s := range sub.Segments {
		s.Wrapped = append(append([]string(nil), wrapped...), s.Wrapped...)
		c.add(s)
	}
}

// interp describes a language runtime: the options that run code given on
// the command line or loaded before the script.
type interp struct {
	name string
	code opts
}

var (
	codeArg  = opt{effect: runsCode, value: true, why: "runs code given on the command line"}
	codeLoad = opt{effect: runsCode, value: true, why: "loads code before the script"}
	codeTTY  = opt{effect: runsCode, why: "runs code typed or piped in"}
)

var interpreters = map[string]interp{
	"node":      {name: "node", code: opts{"-e": codeArg, "--eval": codeArg, "-p": codeArg, "--print": codeArg, "-r": codeLoad, "--require": codeLoad, "--import": codeLoad, "--loader": codeLoad, "--experimental-loader": codeLoad, "-i": codeTTY, "--interactive": codeTTY}},
	"nodejs":    {name: "nodejs", code: opts{"-e": codeArg, "--eval": codeArg, "-p": codeArg, "--print": codeArg, "-r": codeLoad, "--require": codeLoad, "--import": codeLoad, "-i": codeTTY}},
	"perl":      {name: "perl", code: opts{"-e": codeArg, "-E": codeArg, "-M": codeLoad, "-m": codeLoad, "-x": codeTTY, "-d": codeTTY}},
	"ruby":      {name: "ruby", code: opts{"-e": codeArg, "-r": codeLoad, "-x": codeTTY, "-I": codeLoad}},
	"php":       {name: "php", code: opts{"-r": codeArg, "-a": codeTTY, "-B": codeArg, "-R": codeArg, "-E": codeArg, "-F": codeLoad, "-d": codeLoad}},
	"lua":       {name: "lua", code: opts{"-e": codeArg, "-l": codeLoad, "-i": codeTTY}},
	"luajit":    {name: "luajit", code: opts{"-e": codeArg, "-l": codeLoad, "-i": codeTTY}},
	"bun":       {name: "bun", code: opts{"-e": codeArg, "--eval": codeArg, "-p": codeArg, "--print": codeArg, "-r": codeLoad, "--preload": codeLoad}},
	"deno":      {name: "deno", code: opts{"--eval": codeArg}},
	"osascript": {name: "osascript", code: opts{"-e": codeArg}},
	"Rscript":   {name: "Rscript", code: opts{"-e": codeArg}},
	"julia":     {name: "julia", code: opts{"-e": codeArg, "--eval": codeArg, "-E": codeArg, "--print": codeArg, "-L": codeLoad, "--load": codeLoad, "-i": codeTTY}},
	"tclsh":     {name: "tclsh"},
	"wish":      {name: "wish"},
	"irb":       {name: "irb", code: opts{"-r": codeLoad}},
	"groovy":    {name: "groovy", code: opts{"-e": codeArg}},
	"gdb": {name: "gdb", code: opts{"-ex": codeArg, "--eval-command": codeArg, "-iex": codeArg, "--init-eval-command": codeArg,
		"-x": codeLoad, "--command": codeLoad, "-ix": codeLoad, "--init-command": codeLoad, "-batch": {effect: harmless}}},
	"python": {name: "python", code: opts{"-c": codeArg, "-m": {effect: runsCode, value: true, why: "runs a module"}, "-i": codeTTY,
		"-X": {effect: changes, value: true, why: "sets implementation options"}}},
}

// toolModules are Python modules that are development tools run the way
// their own commands are (python -m pip is pip); any other module is code
// the classifier cannot see.
var toolModules = map[string]bool{
	"venv": true, "pip": true, "pytest": true, "unittest": true, "mypy": true, "black": true, "ruff": true,
	"flake8": true, "pylint": true, "build": true, "isort": true, "tox": true, "nox": true, "coverage": true,
}

// pythonName reports python, python3, python3.12, pypy3 ...
func pythonName(p string) bool {
	for _, prefix := range []string{"python", "pypy"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok && strings.Trim(rest, "0123456789.") == "" {
			return true
		}
	}
	return false
}

func isInterpreter(p string) bool {
	return shellName(p) || pythonName(p) || interpreters[p].name != "" || p == "eval" || p == "source" || p == "."
}

// interpreter judges a language runtime: code given on the command line,
// code read from its input and scripts that cannot be seen are
// dangerous; a script in the repository is the repository's code, for the
// policy.
func (c *classifier) interpreter(prog string, rest []string) (Class, string, []PathVerdict) {
	spec := interpreters[prog]
	if pythonName(prog) {
		spec = interpreters["python"]
	}
	if len(rest) > 0 && (rest[0] == "--version" || rest[0] == "-v" || rest[0] == "-V" || rest[0] == "--help" || rest[0] == "-h" || rest[0] == "version") {
		return Safe, prog + " prints its version or help", nil
	}
	hits, ops := spec.code.scan(rest, false)
	if pythonName(prog) && len(hits) == 1 && hits[0].name == "-m" && toolModules[hits[0].value] {
		return Unknown, prog + " -m " + hits[0].value + " runs a development tool; the policy decides", nil
	}
	if cl, why, paths := c.judgeHits(prog, hits); cl != Safe {
		return cl, why, paths
	}
	if prog == "deno" || prog == "bun" {
		return c.runtimeSubcommand(prog, ops)
	}
	if len(ops) == 0 {
		return Dangerous, prog + " reads the code it runs from its input", nil
	}
	if why, hidden := c.hiddenScript(ops[0]); hidden {
		return Dangerous, prog + " runs " + why, nil
	}
	return Unknown, prog + " runs the script " + ops[0], []PathVerdict{c.env.CheckPath(ops[0])}
}

// runtimeSubcommand judges deno and bun, which take subcommands.
func (c *classifier) runtimeSubcommand(prog string, ops []string) (Class, string, []PathVerdict) {
	if len(ops) == 0 || ops[0] == "repl" || ops[0] == "eval" {
		return Dangerous, prog + " runs code typed, piped or given on the command line", nil
	}
	return Unknown, prog + " " + ops[0] + " runs code; the policy decides", nil
}

func isDownloader(p string) bool {
	switch p {
	case "curl", "wget", "fetch", "http", "https", "aria2c", "lwp-request", "GET", "nc", "ncat", "socat", "telnet":
		return true
	}
	return false
}

// readsScriptFromStdin reports whether an interpreter would run what it
// reads from its input: a shell or language runtime with no script operand.
func readsScriptFromStdin(args []string) bool {
	p := progName(args)
	if !isInterpreter(p) || p == "eval" {
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

// redirect is one redirection with its verdict.
type redirect struct {
	path   PathVerdict
	class  Class
	reason string
}

func withRedirects(seg Segment, redirs []redirect) Segment {
	for _, r := range redirs {
		seg.Paths = append(seg.Paths, r.path)
		seg = raise(seg, r.class, r.reason)
	}
	return seg
}

func (c *classifier) redirectOnly(redirs []redirect) Segment {
	return withRedirects(Segment{Args: []string{}, Class: Safe, Reason: "only redirections"}, redirs)
}

// redirects judges the files a statement writes or reads through >, <
// and >&.
func (c *classifier) redirects(rs []*syntax.Redirect) []redirect {
	var out []redirect
	for _, r := range rs {
		if r.Word == nil || r.Hdoc != nil || r.Op == syntax.WordHdoc {
			continue
		}
		target, _ := word(r.Word)
		if (r.Op == syntax.DplOut || r.Op == syntax.DplIn) && (target == "-" || strings.Trim(target, "0123456789") == "") {
			continue
		}
		if harmlessDevice(target) {
			continue
		}
		out = append(out, c.redirect(target, writes(r.Op)))
	}
	return out
}

func (c *classifier) redirect(target string, writing bool) redirect {
	v := c.env.CheckPath(target)
	verb := "reads "
	if writing {
		verb = "writes "
	}
	v.Reason = strings.TrimSpace(verb + target + "; " + v.Reason)
	r := redirect{path: v, class: Safe}
	switch {
	case strings.HasPrefix(target, "/dev/tcp/") || strings.HasPrefix(target, "/dev/udp/"):
		r.class, r.reason = Dangerous, "opens a network connection ("+target+")"
	case writing:
		r.class, r.reason = c.writeClass(v)
	case !v.Inside:
		r.class, r.reason = Unknown, "reads outside the repository ("+target+")"
	}
	return r
}

func writes(op syntax.RedirOperator) bool {
	switch op {
	case syntax.RdrIn, syntax.WordHdoc, syntax.Hdoc, syntax.DashHdoc, syntax.DplIn:
		return false
	}
	return true
}

func harmlessDevice(p string) bool {
	switch p {
	case "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/stdin", "/dev/zero", "/dev/urandom", "/dev/random", "-":
		return true
	}
	return false
}

func (c *classifier) decl(d *syntax.DeclClause, redirs []redirect) {
	class, reason := c.assignments(d.Args, false)
	if class == Safe {
		reason = "declares shell variables"
	}
	seg := Segment{Args: []string{nodeText(d)}, Class: class, Reason: reason}
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
	c.conditional++
	c.stmt(f.Body, nil)
	c.conditional--
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
	return hasAbbrev(flags, "rR", "recursive")
}
