package toolchain

import (
	"io/fs"
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
)

// contributing plans the setup commands of the contributing guide.
func (p *planner) contributing(rep *repo.Report) {
	name := ""
	if rep != nil && rep.Contribution.Contributing != nil {
		name = rep.Contribution.Contributing.Path
	} else {
		for _, n := range []string{"CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/CONTRIBUTING.md", "CONTRIBUTING.rst", "CONTRIBUTING"} {
			if p.exists(n) {
				name = n
				break
			}
		}
	}
	if name == "" {
		return
	}
	data, err := fs.ReadFile(p.fsys, name)
	if err != nil || len(data) > maxFileSize {
		return
	}
	for _, c := range GuideSetupCommands(data) {
		p.add(c.Command, "", FromContributing, []Location{{Path: name, Line: c.Line}})
	}
}

// GuideCommand is a command found in a guide's code block.
type GuideCommand struct {
	Command string
	Line    int
}

// GuideSetupCommands reads the shell code blocks of a Markdown guide
// (fenced with ``` or ~~~, tagged sh, bash, console, shell or untagged)
// and returns the commands that install dependencies, with their lines.
// Prompts ($ ) are removed; in a block that uses them, lines without one
// are output and skipped.
func GuideSetupCommands(data []byte) []GuideCommand {
	var out []GuideCommand
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		fence, lang, ok := openFence(lines[i])
		if !ok {
			continue
		}
		start := i + 1
		end := start
		for end < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[end]), fence) {
			end++
		}
		if shellBlock(lang) {
			out = append(out, blockCommands(lines[start:end], start+1)...)
		}
		i = end
	}
	return out
}

func openFence(l string) (fence, lang string, ok bool) {
	s := strings.TrimSpace(l)
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(s, f) {
			return f, strings.ToLower(strings.TrimSpace(strings.TrimLeft(s, f[:1]))), true
		}
	}
	return "", "", false
}

func shellBlock(lang string) bool {
	lang, _, _ = strings.Cut(lang, " ")
	switch lang {
	case "", "sh", "bash", "shell", "console", "zsh", "terminal", "shell-session", "shellsession", "text":
		return true
	}
	return false
}

// blockCommands reads one code block starting at line first.
func blockCommands(block []string, first int) []GuideCommand {
	prompted := false
	for _, l := range block {
		if strings.HasPrefix(strings.TrimSpace(l), "$ ") {
			prompted = true
		}
	}
	var out []GuideCommand
	for i := 0; i < len(block); i++ {
		line := first + i
		s := strings.TrimSpace(block[i])
		if prompted {
			rest, ok := strings.CutPrefix(s, "$ ")
			if !ok {
				continue
			}
			s = rest
		}
		for strings.HasSuffix(s, "\\") && i+1 < len(block) {
			i++
			s = strings.TrimSpace(strings.TrimSuffix(s, "\\")) + " " + strings.TrimPrefix(strings.TrimSpace(block[i]), "> ")
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		for _, c := range repo.SplitCommands(s) {
			if w, _ := shellWords(c); isSetupCommand(w) {
				out = append(out, GuideCommand{Command: c, Line: line})
			}
		}
	}
	return out
}

// isSetupCommand reports whether a command installs the project's
// dependencies or prepares its environment.
func isSetupCommand(w []string) bool {
	if len(w) == 0 {
		return false
	}
	sub := ""
	if len(w) > 1 {
		sub = w[1]
	}
	switch w[0] {
	case "npm", "pnpm", "bun":
		return sub == "install" || sub == "i" || sub == "ci"
	case "yarn":
		return sub == "" || sub == "install"
	case "pip", "pip3":
		return sub == "install"
	case "python", "python3", "py":
		return len(w) > 3 && sub == "-m" && (w[2] == "pip" && w[3] == "install" || w[2] == "venv")
	case "poetry", "pdm":
		return sub == "install"
	case "uv":
		return sub == "sync" || sub == "pip" && len(w) > 2 && w[2] == "install"
	case "pipenv":
		return sub == "install" || sub == "sync"
	case "go":
		return sub == "mod" && len(w) > 2 && w[2] == "download"
	case "cargo":
		return sub == "fetch"
	case "bundle", "bundler":
		return sub == "install" || sub == ""
	case "make", "just":
		switch sub {
		case "deps", "setup", "bootstrap", "install-deps", "dev-setup", "develop", "tools", "init", "venv", "dev-deps":
			return true
		}
	case "pre-commit":
		return sub == "install"
	case "virtualenv":
		return true
	}
	return false
}
