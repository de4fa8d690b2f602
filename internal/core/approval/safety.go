package approval

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// Class is the safety class of a command.
type Class string

// Safety classes: safe commands are approved, dangerous ones rejected, and
// unknown ones are left to the policy.
const (
	Safe      Class = "safe"
	Dangerous Class = "dangerous"
	Unknown   Class = "unknown"
)

// rank orders classes so that a whole command takes its worst segment's class.
func (c Class) rank() int {
	switch c {
	case Safe:
		return 0
	case Unknown:
		return 1
	}
	return 2
}

func worst(a, b Class) Class {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// Environment is what the classifier knows about where a command would run.
type Environment struct {
	// RepoRoot is the working repository; paths inside it are the user's project.
	RepoRoot string
	// HomeDir expands ~ and $HOME.
	HomeDir string
	// DefaultBranch is the branch a force-push must never rewrite (main/master are always protected).
	DefaultBranch string
	// Dirty reports uncommitted changes, which reset --hard and clean would destroy.
	Dirty bool
	// Dir is the directory relative paths start from; empty means RepoRoot.
	// The classifier follows cd through a command line.
	Dir string
}

// Segment is one simple command found in a command line.
type Segment struct {
	// Args are the words of the command as the shell would pass them; a word
	// that is only known at run time is shown as written, with Dynamic set.
	Args    []string `json:"args"`
	Dynamic bool     `json:"dynamic,omitempty"`
	// Wrapped names the wrappers seen through (env, sudo, xargs, bash -c ...).
	Wrapped []string `json:"wrapped,omitempty"`
	Class   Class    `json:"class"`
	Reason  string   `json:"reason"`
	// Paths are the path arguments and redirection targets with where they lead.
	Paths []PathVerdict `json:"paths,omitempty"`
}

// Assessment is the classification of a whole command line.
type Assessment struct {
	Command  string    `json:"command"`
	Class    Class     `json:"class"`
	Reason   string    `json:"reason"`
	Segments []Segment `json:"segments"`
}

// maxCommandBytes bounds what the parser is given; longer command lines are
// refused rather than parsed slowly.
const maxCommandBytes = 64 << 10

// maxDepth bounds nested substitutions and shell strings; anything deeper
// is refused, so nesting cannot hide a command.
const maxDepth = 8

// Classify parses a shell command line and classifies every simple command
// in it, through pipes, lists, subshells, substitutions and wrappers.
func Classify(cmdline string, env Environment) Assessment {
	return classify(cmdline, env, 0)
}

func classify(cmdline string, env Environment, depth int) Assessment {
	return classifyIn(cmdline, env, depth, &shared{downloaded: map[string]bool{}})
}

// shared is what the classifications of one command line, and of the
// strings and argument lists inside it, have in common.
type shared struct {
	// downloaded are the files the command line saves from the network.
	downloaded map[string]bool
	// parses counts the strings parsed, so that nesting cannot make the
	// classifier do unbounded work.
	parses int
	// root is the repository root with its links followed.
	root string
}

// maxParses bounds the shell strings and argument lists one command line
// may make the classifier read; a line that needs more is refused.
const maxParses = 512

// sub classifies a shell string found inside the command line, knowing
// what the line downloads before it.
func (c *classifier) sub(script string) Assessment {
	return classifyIn(script, c.quiet(), c.depth+1, c.shared)
}

// subArgs classifies an argument list found inside the command line.
func (c *classifier) subArgs(args []string) Assessment {
	return classifyIn(quoteArgs(args), c.quiet(), c.depth+1, c.shared)
}

// hiddenCharacter finds a control character (other than tab and newline)
// or an invisible formatting character such as a zero-width space or a
// right-to-left override.
func hiddenCharacter(s string) (rune, bool) {
	for _, r := range s {
		if r == '\t' || r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return r, true
		}
	}
	return 0, false
}

func classifyIn(cmdline string, env Environment, depth int, sh *shared) Assessment {
	a := Assessment{Command: cmdline}
	sh.parses++
	switch {
	case sh.parses > maxParses:
		return a.set(Dangerous, fmt.Sprintf("the command line nests more than %d commands in strings and arguments to judge", maxParses))
	case strings.TrimSpace(cmdline) == "":
		return a.set(Unknown, "empty command")
	case len(cmdline) > maxCommandBytes:
		return a.set(Dangerous, fmt.Sprintf("command line of %d bytes is longer than the %d the classifier reads", len(cmdline), maxCommandBytes))
	case strings.ContainsRune(cmdline, 0):
		return a.set(Dangerous, "command line contains a NUL byte")
	}
	if r, ok := hiddenCharacter(cmdline); ok {
		return a.set(Dangerous, fmt.Sprintf("the command line holds the invisible or control character %U, which can hide what it says", r))
	}
	file, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(cmdline), "")
	if err != nil {
		return a.set(Dangerous, "the command cannot be parsed as shell: "+err.Error())
	}
	if text, ok := escapedText(file); ok {
		return a.set(Dangerous, "the text "+text+" is written in escapes that hide what it says")
	}
	c := &classifier{env: env, depth: depth, shared: sh, downloaded: sh.downloaded}
	for _, st := range file.Stmts {
		c.stmt(st, nil)
	}
	a.Segments = c.segments
	a.Class, a.Reason = c.verdict()
	return a
}

// ClassifyArgs classifies a command given as an argument list (no shell).
func ClassifyArgs(args []string, env Environment) Assessment {
	return Classify(quoteArgs(args), env)
}

// quoteArgs writes an argument list as a shell command line.
func quoteArgs(args []string) string {
	quoted := make([]string, len(args))
	for i, s := range args {
		q, err := syntax.Quote(s, syntax.LangBash)
		if err != nil {
			q = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
		quoted[i] = q
	}
	return strings.Join(quoted, " ")
}

func (a Assessment) set(c Class, reason string) Assessment {
	a.Class, a.Reason = c, reason
	return a
}

type classifier struct {
	env      Environment
	depth    int
	segments []Segment
	// conditional counts the branches, loops and functions being walked:
	// a cd there may not run, so it leaves the directory unknown.
	conditional int
	shared      *shared
	// downloaded are the files this command line saves from the network.
	downloaded map[string]bool
}

// verdict is the worst segment's class. A command of the repository is
// judged like any other: being the repository's makes it no safer.
func (c *classifier) verdict() (Class, string) {
	if len(c.segments) == 0 {
		return Unknown, "no command found"
	}
	class, reason := Safe, ""
	for _, s := range c.segments {
		if s.Class.rank() > class.rank() || reason == "" {
			if s.Class.rank() >= class.rank() {
				class, reason = s.Class, s.Reason
			}
		}
	}
	return class, reason
}

func (c *classifier) add(s Segment) { c.segments = append(c.segments, s) }

// stmt walks one statement. pipeline is the list of statements it is piped
// with, for curl | sh detection.
func (c *classifier) stmt(st *syntax.Stmt, pipeline []*syntax.Stmt) {
	if st == nil {
		return
	}
	if st.Background {
		// a background command runs in a subshell: its cd stays there
		defer c.keepDir()()
	}
	redirs := c.redirects(st.Redirs)
	switch cmd := st.Cmd.(type) {
	case *syntax.CallExpr:
		c.call(cmd, redirs)
	case *syntax.BinaryCmd:
		if cmd.Op == syntax.Pipe || cmd.Op == syntax.PipeAll {
			c.pipeline(flattenPipe(st))
			return
		}
		c.stmt(cmd.X, nil)
		c.branch(func() { c.stmt(cmd.Y, nil) })
	case *syntax.Subshell:
		restore := c.keepDir()
		c.stmts(cmd.Stmts)
		restore()
	case *syntax.Block:
		c.stmts(cmd.Stmts)
	case *syntax.IfClause:
		c.stmts(cmd.Cond)
		c.branch(func() {
			c.stmts(cmd.Then)
			for cl := cmd.Else; cl != nil; cl = cl.Else {
				c.stmts(cl.Cond)
				c.stmts(cl.Then)
			}
		})
	case *syntax.WhileClause:
		c.stmts(cmd.Cond)
		c.branch(func() { c.stmts(cmd.Do) })
	case *syntax.ForClause:
		c.branch(func() { c.stmts(cmd.Do) })
	case *syntax.CaseClause:
		c.branch(func() {
			for _, it := range cmd.Items {
				c.stmts(it.Stmts)
			}
		})
	case *syntax.FuncDecl:
		c.funcDecl(cmd)
	case *syntax.TimeClause:
		c.stmt(cmd.Stmt, nil)
	case *syntax.CoprocClause:
		restore := c.keepDir()
		c.stmt(cmd.Stmt, nil)
		restore()
	case *syntax.DeclClause:
		c.decl(cmd, redirs)
	case nil:
		if len(redirs) > 0 {
			c.add(c.redirectOnly(redirs))
		}
	case *syntax.LetClause, *syntax.TestClause, *syntax.ArithmCmd:
		seg := Segment{Args: []string{nodeText(st)}, Class: Unknown, Reason: "arithmetic or a test the classifier does not judge"}
		if text, ok := quotedCode(cmd); ok {
			seg.Class, seg.Reason = Dangerous, "arithmetic evaluates the quoted text "+text+", running its command substitution"
		}
		c.add(withRedirects(seg, redirs))
	default:
		c.add(withRedirects(Segment{Args: []string{nodeText(st)}, Class: Unknown, Reason: "a shell construct the classifier does not judge"}, redirs))
	}
	c.substitutions(st)
}

// quotedCode finds quoted text holding $(...) or backticks in let, [[ ]]
// or (( )): bash evaluates such text as arithmetic, and an array
// subscript in it runs the substitution.
func quotedCode(n syntax.Node) (string, bool) {
	found := ""
	syntax.Walk(n, func(x syntax.Node) bool {
		switch q := x.(type) {
		case *syntax.SglQuoted:
			if holdsCode(q.Value) {
				found = q.Value
			}
		case *syntax.Lit:
			if holdsCode(q.Value) {
				found = q.Value
			}
		}
		return found == ""
	})
	return found, found != ""
}

// branch walks code that may or may not run.
func (c *classifier) branch(walk func()) {
	c.conditional++
	walk()
	c.conditional--
}

// keepDir saves the directory for code that runs in a subshell; the
// returned function puts it back.
func (c *classifier) keepDir() func() {
	dir := c.env.Dir
	return func() { c.env.Dir = dir }
}

func (c *classifier) stmts(list []*syntax.Stmt) {
	for _, s := range list {
		c.stmt(s, nil)
	}
}

func flattenPipe(st *syntax.Stmt) []*syntax.Stmt {
	if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) {
		return append(flattenPipe(b.X), flattenPipe(b.Y)...)
	}
	return []*syntax.Stmt{st}
}

// pipeline classifies each stage and catches a download piped into an
// interpreter.
func (c *classifier) pipeline(stages []*syntax.Stmt) {
	downloading := false
	for _, st := range stages {
		start := len(c.segments)
		// every stage of a pipeline runs in a subshell
		restore := c.keepDir()
		c.stmt(st, stages)
		restore()
		for i := start; i < len(c.segments); i++ {
			seg := &c.segments[i]
			prog := progName(seg.Args)
			if downloading && readsScriptFromStdin(seg.Args) {
				seg.Class, seg.Reason = Dangerous, "runs code downloaded from the network ("+prog+" reading a download from a pipe)"
			}
			if isDownloader(prog) {
				downloading = true
			}
		}
	}
}

// substitutions classifies the commands inside $(...), `...` and <(...)
// anywhere in the statement's words.
func (c *classifier) substitutions(st *syntax.Stmt) {
	syntax.Walk(st, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.CmdSubst:
			c.nested(x.Stmts)
			return false
		case *syntax.ProcSubst:
			c.nested(x.Stmts)
			return false
		case *syntax.ParamExp:
			if promptExpansion(x) {
				c.add(Segment{Args: []string{nodeText(x)}, Class: Dangerous, Reason: "a ${...@P} expansion runs the command substitutions in the variable"})
			}
		case *syntax.Stmt:
			return x == st
		}
		return true
	})
}

// promptExpansion reports ${var@P}, which expands the value as a prompt,
// running the command substitutions it holds.
func promptExpansion(p *syntax.ParamExp) bool {
	return p.Exp != nil && p.Exp.Op == syntax.OtherParamOps && p.Exp.Word != nil && strings.Contains(nodeText(p.Exp.Word), "P")
}

func (c *classifier) nested(list []*syntax.Stmt) {
	if c.depth >= maxDepth {
		c.add(Segment{Args: []string{"$(...)"}, Class: Dangerous, Reason: "substitutions nested too deep to judge"})
		return
	}
	restore := c.keepDir()
	c.depth++
	c.stmts(list)
	c.depth--
	restore()
}

func nodeText(n syntax.Node) string {
	var b strings.Builder
	if err := syntax.NewPrinter().Print(&b, n); err != nil {
		return "?"
	}
	return strings.TrimSpace(b.String())
}

// escapedText finds $'...' text written with numeric escapes (\x72, \162,
// \u0072, \cA): a person reading the line cannot see what it spells, and
// the same spelling can name a program anywhere in the line.
func escapedText(n syntax.Node) (string, bool) {
	found := ""
	syntax.Walk(n, func(x syntax.Node) bool {
		if q, ok := x.(*syntax.SglQuoted); ok && q.Dollar && numericEscape.MatchString(q.Value) {
			found = "$'" + q.Value + "'"
		}
		return found == ""
	})
	return found, found != ""
}

var numericEscape = regexp.MustCompile(`\\(x[0-9A-Fa-f]|u[0-9A-Fa-f]|U[0-9A-Fa-f]|[0-7]|c.)`)
