package config

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/service/rules"
)

// RulesAddOptions are the inputs of `config rules allow` and `config rules deny`.
type RulesAddOptions struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	Service *rules.Service

	Kind string
	// Patterns are the patterns given, each as its words.
	Patterns [][]string
	User     bool
	Tool     string
	Reason   string
}

// RulesAddJSON is the --json shape of `config rules allow|deny`.
type RulesAddJSON struct {
	Rules []rules.Added `json:"rules"`
}

// NewCmdRulesAdd returns `config rules allow` or `config rules deny`, by kind.
func NewCmdRulesAdd(f *cmdutil.Factory, kind string, runF func(*RulesAddOptions) error) *cobra.Command {
	opts := &RulesAddOptions{IO: f.IO, Output: f.Output, Service: rulesService(f), Kind: kind}
	var project bool
	what := "Let a command run without asking"
	effect := `An allow rule approves what it names without asking, under every policy
but never: it cannot approve a dangerous command (rm -rf ~, curl | sh, a
force-push to the default branch), and a deny rule wins over it.`
	if kind == config.RuleDeny {
		what = "Refuse a command whatever the policy says"
		effect = `A deny rule refuses what it names under every policy, yolo included, and
wins over every allow rule of every layer.`
	}
	cmd := &cobra.Command{
		Use:   kind + " PATTERN...",
		Short: what,
		Long: what + `.

` + effect + `

The pattern is the command's words: the program, its subcommand, and
argument patterns (shell globs; a final "..." for any further arguments),
scoped exactly as an "always" answer at an approval prompt scopes it. Words
without blanks make one pattern (` + kind + ` git push); when an argument holds
blanks, each argument is a pattern of its own (` + kind + ` 'git push' 'npm test').
Put -- before a pattern with words that start with a dash.

The rule goes to the project's .oss-dev/config.toml (--project, the
default) or your own file (--user). Patterns are checked first: one that
could allow everything ("*", an empty program) is refused. The file keeps
everything else as it was, comments included, and is replaced atomically.
The same rule already in the file is not written twice.

With --json: {"rules": [{"id": "project-` + kind + `-1", "kind": "` + kind + `",
"pattern": "git push", "layer": "project", "file": "/path", "index": 0,
"rule": {...}, "existed": false}]}.`,
		Example: `  $ oss-dev config rules ` + kind + ` git push
  $ oss-dev config rules ` + kind + ` npm run 'test*' ...
  $ oss-dev config rules ` + kind + ` --user --reason "my habit" -- make test -j4
  $ oss-dev config rules ` + kind + ` --tool shell make install`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.UsageErrorf("%s: missing the pattern, such as: git push", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Patterns = rules.SplitPatterns(args)
			for _, p := range opts.Patterns {
				if len(p) == 0 {
					return cmdutil.UsageErrorf("%s: a pattern is empty", cmd.CommandPath())
				}
			}
			if len(opts.Patterns) == 0 {
				return cmdutil.UsageErrorf("%s: the pattern is empty", cmd.CommandPath())
			}
			if opts.Tool != "" && !config.Tool(opts.Tool).Valid() {
				return unknownToolFlag(opts.Tool)
			}
			if runF != nil {
				return runF(opts)
			}
			return rulesAddRun(opts)
		},
	}
	addRuleLayerFlags(cmd, &opts.User, &project, "Write")
	cmd.Flags().StringVar(&opts.Tool, "tool", "", "Limit the rule to one kind of change (shell, git_push ...)")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "Why the rule exists, kept with it in the file")
	return cmd
}

// addRuleLayerFlags adds --user and --project; the project is the default.
func addRuleLayerFlags(cmd *cobra.Command, user, project *bool, verb string) {
	cmd.Flags().BoolVar(user, "user", false, verb+" your own config file")
	cmd.Flags().BoolVar(project, "project", false, verb+" the project's .oss-dev/config.toml (the default)")
	cmd.MarkFlagsMutuallyExclusive("user", "project")
}

func rulesAddRun(opts *RulesAddOptions) error {
	layer := config.LayerProject
	if opts.User {
		layer = config.LayerUser
	}
	// Every pattern is checked before any is written, so a typo in the
	// second leaves the file as it was.
	for _, words := range opts.Patterns {
		if _, err := rules.ParsePattern(words, config.Tool(opts.Tool)); err != nil {
			return err
		}
	}
	var done []rules.Added
	for _, words := range opts.Patterns {
		a, err := opts.Service.Add(rules.AddRequest{Kind: opts.Kind, Layer: layer, Words: words, Tool: config.Tool(opts.Tool), Reason: opts.Reason})
		if err != nil {
			return err
		}
		done = append(done, a)
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, RulesAddJSON{Rules: done})
	}
	cs := opts.IO.ColorScheme()
	for _, a := range done {
		verb := "Added"
		if a.Existed {
			verb = "Already there:"
		}
		fmt.Fprintf(opts.IO.Out, "%s %s %s %s %q (%s)\n", cs.SuccessIcon(), verb, a.ID, a.Kind, a.Pattern, a.File)
	}
	return nil
}

// RulesRemoveOptions are the inputs of `config rules remove`.
type RulesRemoveOptions struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	Service *rules.Service

	Ref           string
	User, Project bool
}

// RulesRemoveJSON is the --json shape of `config rules remove`.
type RulesRemoveJSON struct {
	Removed rules.Listed `json:"removed"`
}

// NewCmdRulesRemove returns `config rules remove`.
func NewCmdRulesRemove(f *cmdutil.Factory, runF func(*RulesRemoveOptions) error) *cobra.Command {
	opts := &RulesRemoveOptions{IO: f.IO, Output: f.Output, Service: rulesService(f)}
	cmd := &cobra.Command{
		Use:   "remove ID|PATTERN",
		Short: "Remove an allow or deny rule",
		Long: `Remove one rule, named by its ID as 'config rules list' shows it
(project-allow-2) or by its pattern ("git push"). When a pattern names rules
in both files, or both an allow and a deny rule, say which with --user or
--project, or use the ID.

The rule's [[approval.allow]] or [[approval.deny]] table is taken out of the
file; everything else stays as it was, comments included, and the file is
replaced atomically. The IDs of the later rules of that file move up by one.

With --json: {"removed": {"id": ..., "kind": ..., "pattern": ..., "layer": ...,
"file": ..., "rule": {...}}}.`,
		Example: `  $ oss-dev config rules remove project-allow-2
  $ oss-dev config rules remove 'git push' --user`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.UsageErrorf("%s: missing the rule's ID or pattern", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = strings.Join(args, " ")
			if runF != nil {
				return runF(opts)
			}
			return rulesRemoveRun(opts)
		},
	}
	addRuleLayerFlags(cmd, &opts.User, &opts.Project, "Look in")
	return cmd
}

func rulesRemoveRun(opts *RulesRemoveOptions) error {
	var layer config.Layer
	switch {
	case opts.User:
		layer = config.LayerUser
	case opts.Project:
		layer = config.LayerProject
	}
	r, err := opts.Service.Remove(layer, opts.Ref)
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, RulesRemoveJSON{Removed: r})
	}
	fmt.Fprintf(opts.IO.Out, "%s Removed %s %s %q (%s)\n", opts.IO.ColorScheme().SuccessIcon(), r.ID, r.Kind, r.Pattern, r.File)
	return nil
}
