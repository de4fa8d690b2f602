package repo

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// ciStep is one shell command a CI configuration runs.
type ciStep struct {
	Command string
	Dir     string // working directory, "" for the root
	Line    int
	// Unresolved is the first GitHub Actions expression the command still
	// holds (${{ runner.os }}): CI alone can run it.
	Unresolved string
	// Context is the kind the job's purpose gives its steps (docs,
	// release), "" for a job that builds and tests.
	Context string
	// Matrixed: the job runs over several matrix combinations, as a
	// project's main test job does over its supported versions.
	Matrixed bool
	// Slot is the command's place among those its line runs (0 for the
	// first): with Line it names the command whatever the matrix puts in.
	Slot int
	// OtherOS: the job runs on Windows or macOS, not on the Linux most
	// contributors' commands are checked on.
	OtherOS bool
}

// parseGitHubWorkflow reads the run steps of a GitHub Actions workflow, in
// job and step order, one entry per shell command. Expressions are
// resolved from the workflow's env, inputs' defaults and each matrix
// combination, one command per distinct result. Well-known actions that
// stand for a command (golangci-lint-action) are reported as that command.
func parseGitHubWorkflow(data []byte) []ciStep {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	wfEnv := envOf(nil, MapValue(root, "env"))
	inputs := inputDefaults(root)
	wfContext := purposeOf(scalar(MapValue(root, "name")))
	var out []ciStep
	jobs := MapValue(root, "jobs")
	for i := 0; jobs != nil && jobs.Kind == yaml.MappingNode && i+1 < len(jobs.Content); i += 2 {
		job := jobs.Content[i+1]
		ctx := wfContext
		if c := purposeOf(jobs.Content[i].Value + " " + scalar(MapValue(job, "name"))); c != "" {
			ctx = c
		}
		for _, s := range jobSteps(job, wfEnv, inputs) {
			s.Context = ctx
			out = append(out, s)
		}
	}
	return out
}

// jobSteps reads one job's steps for every matrix combination, each
// distinct command once.
func jobSteps(job *yaml.Node, wfEnv, inputs map[string]string) []ciStep {
	steps := MapValue(job, "steps")
	if steps == nil || steps.Kind != yaml.SequenceNode {
		return nil
	}
	runDefaults := MapValue(MapValue(job, "defaults"), "run")
	jobDir := scalar(MapValue(runDefaults, "working-directory"))
	jobEnv := envOf(wfEnv, MapValue(job, "env"))
	combos := matrixCombos(MapValue(MapValue(job, "strategy"), "matrix"))
	keys := keysOf(combos)
	var out []ciStep
	seen := map[ciStep]int{} // the step, OtherOS false, to its index in out
	for _, step := range steps.Content {
		dir := jobDir
		if d := scalar(MapValue(step, "working-directory")); d != "" {
			dir = d
		}
		env := envOf(jobEnv, MapValue(step, "env"))
		for _, m := range combos {
			sc := exprScope{env: env, inputs: inputs, matrix: m, matrixKeys: keys, runsOn: scalar(MapValue(job, "runs-on"))}
			runsOn, _ := resolveText(sc.runsOn, sc)
			if !posixShell(scalar(MapValue(step, "shell")), scalar(MapValue(runDefaults, "shell")), runsOn) {
				continue // PowerShell or cmd: not a command for a contributor's shell
			}
			if skippedFor(scalar(MapValue(step, "if")), sc) {
				continue // the step does not run under this combination
			}
			os, _ := sc.runnerOS()
			d, _ := resolveText(dir, sc)
			for _, s := range stepCommands(step, d, sc) {
				s.Matrixed = len(combos) > 1
				key := s
				if i, ok := seen[key]; ok {
					// another OS only when no combination runs it on Linux
					out[i].OtherOS = out[i].OtherOS && (os == "Windows" || os == "macOS")
					continue
				}
				s.OtherOS = os == "Windows" || os == "macOS"
				seen[key] = len(out)
				out = append(out, s)
			}
		}
	}
	return out
}

// stepCommands is what one step runs under one matrix combination.
func stepCommands(step *yaml.Node, dir string, sc exprScope) []ciStep {
	if run := MapValue(step, "run"); run != nil && run.Kind == yaml.ScalarNode {
		first := run.Line
		if run.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			first++ // the block's text starts below its indicator
		}
		text, _ := resolveText(run.Value, sc)
		out := splitShell(text, first, dir)
		for i := range out {
			out[i].Command = strings.Join(strings.Fields(out[i].Command), " ")
			out[i].Unresolved = unresolvedIn(out[i].Command)
			if i > 0 && out[i].Line == out[i-1].Line {
				out[i].Slot = out[i-1].Slot + 1
			}
		}
		return out
	}
	if uses := MapValue(step, "uses"); uses != nil {
		if cmd := actionCommand(scalar(uses)); cmd != "" {
			return []ciStep{{Command: cmd, Dir: dir, Line: uses.Line}}
		}
	}
	return nil
}

// unresolvedIn returns the first expression left in a command, also one
// cut by a line break ("${{ matrix.strip" whose end is on the next line).
func unresolvedIn(cmd string) string {
	if m := reExpr.FindString(cmd); m != "" {
		return m
	}
	if i := strings.Index(cmd, "${{"); i >= 0 {
		return cmd[i:]
	}
	return ""
}

// purposeOf reads a workflow's or job's name for a purpose other than
// building and testing: its steps are then that kind, whatever they run.
func purposeOf(name string) string {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		switch w {
		case "docs", "doc", "documentation", "pages", "website", "site", "mkdocs", "sphinx", "book", "javadoc", "rustdoc", "apidocs":
			return KindDocs
		case "release", "releases", "publish", "deploy", "deployment":
			return KindRelease
		}
	}
	return ""
}

// actionCommand maps an action that wraps a tool to the tool's command.
func actionCommand(uses string) string {
	name, _, _ := strings.Cut(uses, "@")
	switch name {
	case "golangci/golangci-lint-action":
		return "golangci-lint run"
	case "pre-commit/action":
		return "pre-commit run --all-files"
	case "dominikh/staticcheck-action":
		return "staticcheck ./..."
	}
	return ""
}

// parseCIScripts reads a CI configuration that keeps shell commands under
// well-known keys (GitLab CI's script, CircleCI's run and command, Travis's
// script and install, Azure's script, ...), anywhere in the document.
func parseCIScripts(data []byte) []ciStep {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	var out []ciStep
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > 64 {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i].Value, n.Content[i+1]
				if isScriptKey(k) {
					out = append(out, scriptValue(v)...)
					continue
				}
				walk(v, depth+1)
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, depth+1)
			}
		}
	}
	walk(doc.Content[0], 0)
	return out
}

func isScriptKey(k string) bool {
	switch k {
	case "script", "before_script", "run", "command", "install", "before_install", "build_script", "test_script", "bash", "pwsh":
		return true
	}
	return false
}

// scriptValue turns a string, a list of strings or a {command: ...} map
// into shell steps.
func scriptValue(v *yaml.Node) []ciStep {
	switch v.Kind {
	case yaml.ScalarNode:
		return shellSteps(v, "")
	case yaml.SequenceNode:
		var out []ciStep
		for _, c := range v.Content {
			if c.Kind == yaml.ScalarNode {
				out = append(out, shellSteps(c, "")...)
			}
		}
		return out
	case yaml.MappingNode:
		if c := MapValue(v, "command"); c != nil && c.Kind == yaml.ScalarNode {
			return shellSteps(c, scalar(MapValue(v, "working_directory")))
		}
	}
	return nil
}

// shellSteps splits a shell script scalar into commands with their lines:
// one per line, continuation lines joined, "a && b" split, a leading
// "cd DIR &&" taken as the directory.
func shellSteps(n *yaml.Node, dir string) []ciStep {
	first := n.Line
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		first++ // the block's text starts below its indicator
	}
	return splitShell(n.Value, first, dir)
}

// splitShell splits script text starting at line first. A here-document's
// body is data, not commands; a subshell's parentheses are dropped.
func splitShell(text string, first int, dir string) []ciStep {
	var out []ciStep
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		line := first + i
		s := strings.TrimSpace(lines[i])
		for start := i; i+1 < len(lines) && i-start < maxJoined; {
			if strings.HasSuffix(s, "\\") {
				s = strings.TrimSpace(strings.TrimSuffix(s, "\\"))
			} else if !openSubstitution(s) {
				break
			}
			i++
			s += " " + strings.TrimSpace(lines[i])
		}
		if end := heredocEnd(s); end != "" {
			for j := i + 1; j < len(lines); j++ {
				if strings.TrimSpace(lines[j]) == end {
					i = j
					break
				}
			}
		}
		if s = dropComment(s); s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		d := dir
		for _, part := range SplitCommands(s) {
			part = unparen(part)
			if strings.HasPrefix(part, "cd ") {
				d = joinDir(d, strings.Trim(strings.TrimSpace(part[3:]), `"'`))
				continue
			}
			if part != "" && !assignmentOnly(part) {
				out = append(out, ciStep{Command: part, Dir: d, Line: line})
			}
		}
	}
	return out
}

// maxJoined bounds the lines one command is joined from.
const maxJoined = 60

// openSubstitution says whether a $( opened on the line is still open at
// its end: the command goes on below ("X=$(\n  curl ...\n)").
func openSubstitution(s string) bool {
	return strings.Contains(s, "$(") && strings.Count(s, "(") > strings.Count(s, ")")
}

// assignmentOnly says whether a command only sets a shell variable
// (NAME=value, NAME=$(...)): the project runs no program of its own there.
func assignmentOnly(s string) bool {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 || !isShellName(s[:eq]) {
		return false
	}
	var quote byte
	depth := 0
	for i := eq + 1; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case (c == ' ' || c == '\t') && depth <= 0:
			return false // NAME=value command ...
		}
	}
	return true
}

func isShellName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// unparen drops the parentheses of a subshell, "(cd x" and "make)" once
// the line is split, keeping those of $(...) and (( )).
func unparen(s string) string {
	if strings.HasPrefix(s, "(") && !strings.HasPrefix(s, "((") && strings.Count(s, "(") > strings.Count(s, ")") {
		s = strings.TrimSpace(s[1:])
	}
	if strings.HasSuffix(s, ")") && strings.Count(s, ")") > strings.Count(s, "(") {
		s = strings.TrimSpace(s[:len(s)-1])
	}
	return s
}

// heredocEnd returns the delimiter of a here-document the line opens.
func heredocEnd(s string) string {
	i := strings.Index(s, "<<")
	if i < 0 || strings.HasPrefix(s[i:], "<<<") {
		return ""
	}
	f := strings.Fields(strings.TrimPrefix(s[i+2:], "-"))
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[0], `"'`)
}

// SplitCommands splits a shell line "a && b; c" into its commands, outside
// quotes. What follows || is the fallback of a failed command, not a
// command the project runs, and is dropped.
func SplitCommands(s string) []string {
	var out []string
	var quote byte
	start, depth := 0, 0
	skipping := false
	emit := func(end int) {
		if p := strings.TrimSpace(s[start:end]); p != "" && !skipping {
			out = append(out, p)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case (c == '{' || c == '}') && (i == 0 || s[i-1] == ' ') && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == ';'):
			// a { ...; } group: its commands belong to what precedes it
			if c == '{' {
				depth++
			} else if depth > 0 {
				depth--
			}
		case depth > 0 && skipping:
		case c == '|' && i+1 < len(s) && s[i+1] == '|':
			emit(i)
			skipping = true
			i++
			start = i + 1
		case c == ';' || (c == '&' && i+1 < len(s) && s[i+1] == '&'):
			emit(i)
			skipping = false
			if c == '&' {
				i++
			}
			start = i + 1
		}
	}
	emit(len(s))
	return out
}

func joinDir(base, d string) string {
	d = strings.TrimPrefix(strings.TrimSuffix(d, "/"), "./")
	if d == "" || d == "." {
		return base
	}
	if strings.HasPrefix(d, "/") || strings.Contains(d, "$") || strings.HasPrefix(d, "..") {
		return base
	}
	return join(base, d)
}

// MapValue returns the value of key in a YAML mapping node, or nil.
func MapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// mapValues returns the values of a mapping node in order.
func mapValues(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []*yaml.Node
	for i := 1; i < len(n.Content); i += 2 {
		out = append(out, n.Content[i])
	}
	return out
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// posixShell reports whether a step runs in a POSIX shell: its own shell,
// else the job's default, else bash except on Windows runners.
func posixShell(stepShell, jobShell, runsOn string) bool {
	sh := stepShell
	if sh == "" {
		sh = jobShell
	}
	if sh == "" {
		return !strings.Contains(strings.ToLower(runsOn), "windows")
	}
	sh = strings.ToLower(strings.Fields(sh + " x")[0])
	return sh != "pwsh" && sh != "powershell" && sh != "cmd"
}

// outputFilters only reshape what a command prints, for CI's log: piped
// into one, a test run is the same run without it.
var outputFilters = map[string]bool{
	"xcbeautify": true, "xcpretty": true, "tee": true, "cat": true, "tap-spec": true,
	"tap-summary": true, "faucet": true, "gotestfmt": true, "tparse": true, "ansi2txt": true,
}

// dropOutputPipe cuts a trailing "| filter ..." (and the "2>&1" that fed
// it) from a CI line: `swift test 2>&1 | xcbeautify` is `swift test` to a
// contributor at a terminal.
func dropOutputPipe(cmd string) string {
	f := strings.Fields(cmd)
	for i := len(f) - 2; i > 0; i-- {
		if f[i] != "|" {
			continue
		}
		head := strings.Join(f[:i], " ")
		if !outputFilters[f[i+1]] || !balanced([]string{head}) || strings.ContainsAny(strings.Join(f[i+1:], " "), "|;&") {
			return cmd
		}
		return strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(head, "2>&1")), " ")
	}
	return cmd
}

// dropComment cuts a shell comment off a line: a # that starts a word
// outside quotes ("poetry remove --lock x # use poetry's own").
func dropComment(cmd string) string {
	var quote byte
	for i := 0; i < len(cmd); i++ {
		switch c := cmd[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && i > 0 && (cmd[i-1] == ' ' || cmd[i-1] == '\t'):
			return strings.TrimRight(cmd[:i], " \t")
		}
	}
	return cmd
}
