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
}

// parseGitHubWorkflow reads the run steps of a GitHub Actions workflow, in
// job and step order, one entry per shell command. Well-known actions that
// stand for a command (golangci-lint-action) are reported as that command.
func parseGitHubWorkflow(data []byte) []ciStep {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	var out []ciStep
	jobs := mapValue(doc.Content[0], "jobs")
	for _, job := range mapValues(jobs) {
		jobDir := scalar(mapValue(mapValue(mapValue(job, "defaults"), "run"), "working-directory"))
		steps := mapValue(job, "steps")
		if steps == nil || steps.Kind != yaml.SequenceNode {
			continue
		}
		for _, step := range steps.Content {
			dir := jobDir
			if d := scalar(mapValue(step, "working-directory")); d != "" {
				dir = d
			}
			if !posixShell(scalar(mapValue(step, "shell")), scalar(mapValue(mapValue(mapValue(job, "defaults"), "run"), "shell")), scalar(mapValue(job, "runs-on"))) {
				continue // PowerShell or cmd: not a command for a contributor's shell
			}
			if run := mapValue(step, "run"); run != nil && run.Kind == yaml.ScalarNode {
				out = append(out, shellSteps(run, dir)...)
				continue
			}
			if uses := mapValue(step, "uses"); uses != nil {
				if cmd := actionCommand(scalar(uses)); cmd != "" {
					out = append(out, ciStep{Command: cmd, Dir: dir, Line: uses.Line})
				}
			}
		}
	}
	return out
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
		if c := mapValue(v, "command"); c != nil && c.Kind == yaml.ScalarNode {
			return shellSteps(c, scalar(mapValue(v, "working_directory")))
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

// splitShell splits script text starting at line first.
func splitShell(text string, first int, dir string) []ciStep {
	var out []ciStep
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		line := first + i
		s := strings.TrimSpace(lines[i])
		for strings.HasSuffix(s, "\\") && i+1 < len(lines) {
			i++
			s = strings.TrimSpace(strings.TrimSuffix(s, "\\")) + " " + strings.TrimSpace(lines[i])
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		d := dir
		for _, part := range SplitCommands(s) {
			if strings.HasPrefix(part, "cd ") {
				d = joinDir(d, strings.Trim(strings.TrimSpace(part[3:]), `"'`))
				continue
			}
			out = append(out, ciStep{Command: part, Dir: d, Line: line})
		}
	}
	return out
}

// SplitCommands splits a shell line "a && b; c" into its commands, outside
// quotes.
func SplitCommands(s string) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == ';' || (c == '&' && i+1 < len(s) && s[i+1] == '&'):
			if p := strings.TrimSpace(s[start:i]); p != "" {
				out = append(out, p)
			}
			if c == '&' {
				i++
			}
			start = i + 1
		}
	}
	if p := strings.TrimSpace(s[start:]); p != "" {
		out = append(out, p)
	}
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

// mapValue returns the value of key in a mapping node, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
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
