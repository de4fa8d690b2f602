package approval

import (
	"fmt"
	"path"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
)

// SourcedRule is a rule with where it came from.
type SourcedRule struct {
	config.Rule
	Kind  string `json:"kind"`  // allow or deny
	Layer string `json:"layer"` // user or project
	File  string `json:"file"`
	// Index is the rule's position among the rules of its kind in its file.
	Index int `json:"index"`
}

// ID names the rule for people and for `config rules remove`.
func (r SourcedRule) ID() string { return fmt.Sprintf("%s-%s-%d", r.Layer, r.Kind, r.Index+1) }

// Pattern is the rule written as a command pattern.
func (r SourcedRule) Pattern() string { return Pattern(r.Rule) }

// Pattern writes a rule as "program subcommand args...".
func Pattern(r config.Rule) string {
	parts := []string{}
	if r.Program != "" {
		parts = append(parts, r.Program)
	}
	if r.Subcommand != "" {
		parts = append(parts, r.Subcommand)
	}
	parts = append(parts, r.Args...)
	s := strings.Join(parts, " ")
	if r.Tool != "" {
		if s == "" {
			return "tool:" + string(r.Tool)
		}
		return "tool:" + string(r.Tool) + " " + s
	}
	return s
}

// Rules are the allow and deny rules in force.
type Rules struct {
	Allow []SourcedRule
	Deny  []SourcedRule
}

// matches reports whether r covers the command args run by tool. Args
// patterns are shell globs matched position by position after the
// subcommand; a final "..." matches any remaining arguments. A rule without
// Args matches any arguments.
func matches(r config.Rule, tool config.Tool, args []string) bool {
	if r.Tool != "" && r.Tool != tool {
		return false
	}
	if r.Program == "" {
		return r.Tool != "" && len(args) == 0
	}
	if len(args) == 0 || progName(args) != r.Program {
		return false
	}
	rest := args[1:]
	if r.Subcommand != "" {
		sub, after := subcommandOf(r.Program, rest)
		if sub != r.Subcommand {
			return false
		}
		rest = after
	}
	if len(r.Args) == 0 {
		return true
	}
	return argsMatch(r.Args, rest)
}

func argsMatch(patterns, args []string) bool {
	for i, p := range patterns {
		if p == "..." && i == len(patterns)-1 {
			return true
		}
		if i >= len(args) {
			return false
		}
		if ok, err := path.Match(p, args[i]); err != nil || !ok {
			return false
		}
	}
	return len(args) == len(patterns)
}

// subcommandOf finds a program's subcommand the way the program would.
func subcommandOf(program string, rest []string) (string, []string) {
	if program == "git" {
		return gitSplit(rest)
	}
	for i, a := range rest {
		if !strings.HasPrefix(a, "-") {
			return a, rest[i+1:]
		}
	}
	return "", nil
}

// RuleFor returns the allow rule that "always allow" writes for a command:
// its program and subcommand, never a raw string prefix.
func RuleFor(tool config.Tool, args []string) (config.Rule, bool) {
	if len(args) == 0 {
		if tool == "" {
			return config.Rule{}, false
		}
		return config.Rule{Tool: tool}, true
	}
	r := config.Rule{Program: progName(args)}
	if hasSubcommands(r.Program) {
		r.Subcommand, _ = subcommandOf(r.Program, args[1:])
	}
	return r, true
}

func hasSubcommands(p string) bool {
	switch p {
	case "git", "go", "npm", "yarn", "pnpm", "cargo", "make", "docker", "kubectl", "pip", "pip3", "gh", "just", "mvn", "gradle", "bundle", "poetry", "uv", "tox", "nox", "rake", "composer", "dotnet":
		return true
	}
	return false
}

// ValidateRule refuses rules that are too broad to be safe or cannot match.
func ValidateRule(r config.Rule) error {
	if r.Program == "" && r.Tool == "" {
		return fmt.Errorf("a rule needs a program or a tool")
	}
	if strings.ContainsAny(r.Program, "*?[") {
		return fmt.Errorf("the program %q is a pattern; name one program, so a rule can never allow everything", r.Program)
	}
	if strings.ContainsAny(r.Program, "/ \t\n") {
		return fmt.Errorf("the program %q must be a bare command name", r.Program)
	}
	for _, a := range r.Args {
		if _, err := path.Match(a, ""); err != nil {
			return fmt.Errorf("argument pattern %q is malformed: %v", a, err)
		}
	}
	return nil
}

// ParsePattern reads "program [subcommand] [arg patterns...]" as a rule.
// The second word is the subcommand for programs that have subcommands.
func ParsePattern(words []string) (config.Rule, error) {
	if len(words) == 0 {
		return config.Rule{}, fmt.Errorf("empty pattern")
	}
	r := config.Rule{}
	if t, ok := strings.CutPrefix(words[0], "tool:"); ok {
		if t != "" {
			tool, err := config.ParseTool(t)
			if err != nil {
				return config.Rule{}, err
			}
			r.Tool = tool
		}
		words = words[1:]
	}
	if len(words) > 0 {
		r.Program = words[0]
		words = words[1:]
	}
	if len(words) > 0 && hasSubcommands(r.Program) && !strings.HasPrefix(words[0], "-") {
		r.Subcommand = words[0]
		words = words[1:]
	}
	r.Args = append([]string(nil), words...)
	if len(r.Args) == 0 {
		r.Args = nil
	}
	return r, ValidateRule(r)
}
