package config

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/service/rules"
)

// NewCmdRules returns the `config rules` group.
func NewCmdRules(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules <command>",
		Short: "See, test and edit the approval rules",
		Long: `See, test and edit the approval rules: allow rules let a command run
without asking, deny rules refuse it whatever the policy says.

A rule names a parsed command, never a text prefix: a program, its
subcommand for programs that have one (git, go, npm, make, docker ...), and
optional argument patterns (shell globs, matched one by one; a final "..."
stands for any further arguments). "tool:NAME" limits a rule to one kind of
change (shell, git_push, github_pull_request ...).

  git push               git push with any arguments
  npm run test* ...      npm run test, npm run test:unit --watch, ...
  go test ./...          exactly go test ./... (here "./..." is the argument)
  tool:git_push          the workflow's pushes

Rules live in [[approval.allow]] and [[approval.deny]] tables of your config
file and of the project's .oss-dev/config.toml. The rules of every file add
up; a deny rule wins over any allow rule, and a dangerous command is refused
even when an allow rule names it.`,
		Example: `  $ oss-dev config rules list
  $ oss-dev config rules check -- git push --force origin main
  $ oss-dev config rules check --cmd 'go test ./... | tee log'
  $ oss-dev config rules allow npm run 'test*' ...
  $ oss-dev config rules deny --user git push
  $ oss-dev config rules remove project-allow-1`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(
		NewCmdRulesList(f, nil),
		NewCmdRulesCheck(f, nil),
		NewCmdRulesAdd(f, config.RuleAllow, nil),
		NewCmdRulesAdd(f, config.RuleDeny, nil),
		NewCmdRulesRemove(f, nil),
	)
	return cmd
}

// rulesService is the rules use case seen from the factory's folder.
func rulesService(f *cmdutil.Factory) *rules.Service {
	if f.Rules == nil {
		return nil // a test of the flags alone
	}
	return f.Rules()
}

// RulesListOptions are the inputs of `config rules list`.
type RulesListOptions struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	Service *rules.Service
}

// RulesListJSON is the --json shape of `config rules list`.
type RulesListJSON struct {
	Rules []rules.Listed `json:"rules"`
}

// NewCmdRulesList returns `config rules list`.
func NewCmdRulesList(f *cmdutil.Factory, runF func(*RulesListOptions) error) *cobra.Command {
	opts := &RulesListOptions{IO: f.IO, Output: f.Output, Service: rulesService(f)}
	return &cobra.Command{
		Use:   "list",
		Short: "List every allow and deny rule in force",
		Long: `List every allow and deny rule in force, lowest layer first: its ID (for
'config rules remove'), kind, pattern, layer and file. An allow rule that a
deny rule contradicts carries a note: the deny rule wins.

Piped, the rows are tab-separated: id, kind, pattern, layer, file:line, note.

With --json: {"rules": [{"id": "project-allow-1", "kind": "allow",
"pattern": "go build", "layer": "project", "file": "/path", "line": 3,
"index": 0, "rule": {"program": "go", "subcommand": "build"},
"denied_by": ["user-deny-1"], "note": "..."}]}; denied_by and note appear
only on contradicted allow rules.`,
		Example: `  $ oss-dev config rules list
  $ oss-dev config rules list --json --jq '.rules[] | select(.kind == "deny") | .pattern'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return rulesListRun(opts)
		},
	}
}

func rulesListRun(opts *RulesListOptions) error {
	list, err := opts.Service.List()
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, RulesListJSON{Rules: list})
	}
	if len(list) == 0 {
		fmt.Fprintln(opts.IO.ErrOut, "No approval rules. Add one with: oss-dev config rules allow PATTERN")
		return nil
	}
	t := cmdutil.NewTable(opts.IO, "ID", "KIND", "PATTERN", "LAYER", "FILE", "NOTE")
	cs := opts.IO.ColorScheme()
	t.Style(1, func(s string) string {
		if s == config.RuleDeny {
			return cs.Red(s)
		}
		return cs.Green(s)
	})
	t.Style(5, cs.Yellow)
	for _, r := range list {
		file := r.File
		if r.Line > 0 {
			file = fmt.Sprintf("%s:%d", r.File, r.Line)
		}
		t.AddRow(r.ID, r.Kind, r.Pattern, string(r.Layer), file, r.Note)
	}
	return t.Render()
}
