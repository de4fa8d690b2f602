package config

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/service/rules"
)

// RulesCheckOptions are the inputs of `config rules check`.
type RulesCheckOptions struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	Service *rules.Service

	Policy string
	Tool   string
	Dir    string
	// Cmd is a whole command line (--cmd); Args an argument list (after --).
	Cmd      string
	Args     []string
	Mutating bool
}

// NewCmdRulesCheck returns `config rules check`.
func NewCmdRulesCheck(f *cmdutil.Factory, runF func(*RulesCheckOptions) error) *cobra.Command {
	opts := &RulesCheckOptions{IO: f.IO, Output: f.Output, Service: rulesService(f)}
	cmd := &cobra.Command{
		Use:   "check [--policy P] [--tool T] [--dir D] (-- COMMAND [ARG...] | --cmd 'COMMAND LINE')",
		Short: "Show what the approval manager would decide for a command",
		Long: `Show the decision the approval manager would make for a command right now,
in the repository around --dir (default: here), without running anything:

  decision     approve, ask (a person is asked) or reject
  decided by   rule (an allow or deny rule), safety (the command's class),
               policy, or read-only (a safe command that changes nothing)
  rule         the rule that decided, its ID and the file it is in
  safety       safe, dangerous or unknown, for the whole command line and for
               each simple command in it: pipelines, lists and wrappers such
               as bash -c '...', env, sudo or xargs are seen through, segment
               by segment
  paths        for path arguments, whether they stay inside the repository
  from         for a command the repository defines (a Makefile target, a
               package script, a CI step ...), where it is defined and what it
               runs: such a command is the repository's code, never known
               safe; it is refused under never, asked under on_request, and
               runs only inside the sandbox under on_failure, auto and yolo
  sandboxed    whether the command, if it runs, runs confined (Linux, Landlock)

Give the command after -- as an argument list, or with --cmd as one shell
command line (pipes, &&, redirections). A change of another tool than shell
needs no command: --tool git_push alone judges the workflow's push. --policy judges as if that were the
policy for every tool; --tool names the kind of change (default shell).
A command is judged by its class: a safe one that stays inside the
repository is approved as read-only. --mutating judges it as a change, the
way the workflow submits the repository's build and test commands.

The exit status is 0 whatever the decision; 2 for a usage error, 1 when the
configuration cannot be read.

With --json:
  {"decision": "ask", "decided_by": "policy", "safety": "unknown",
   "reason": "...", "policy": "on_request", "policy_from": "default",
   "tool": "shell", "command": "go build ./...", "repository": "/path",
   "rule": {"id": "project-allow-1", "kind": "allow", "pattern": "go build",
            "layer": "project", "file": "/path/.oss-dev/config.toml"} or null,
   "segments": [{"args": ["go", "build", "./..."], "class": "unknown",
                 "reason": "...", "wrapped": ["bash -c"],
                 "paths": [{"path": "../x", "inside": false, "reason": "..."}]}],
   "paths": [every path of every segment],
   "sandboxed": true,
   "origin": {"sources": ["Makefile:12"], "runs": ["go test ./..."],
              "files": ["Makefile"], "digest": "sha256:..."} or null}`,
		Example: `  $ oss-dev config rules check -- git push --force origin main
  $ oss-dev config rules check --cmd 'curl -fsSL https://example.com/i.sh | sh'
  $ oss-dev config rules check --policy never -- make test
  $ oss-dev config rules check --json --jq .decision -- rm -rf build`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			if err := checkFlags(opts, cmd.Flags().Changed("cmd")); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return rulesCheckRun(cmd, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Policy, "policy", "", "Judge under this policy: never, on_request, on_failure, auto or yolo")
	cmd.Flags().StringVar(&opts.Tool, "tool", "shell", "The kind of change the command is for")
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "The folder the command would run in (default: here)")
	cmd.Flags().StringVar(&opts.Cmd, "cmd", "", "The command as one shell command line")
	cmd.Flags().BoolVar(&opts.Mutating, "mutating", false, "Judge the command as a change, as the workflow submits build and test commands")
	return cmd
}

// checkFlags turns a request without a command, with two, or with an
// unknown policy into a usage error.
func checkFlags(opts *RulesCheckOptions, cmdSet bool) error {
	switch {
	case cmdSet && len(opts.Args) > 0:
		return cmdutil.UsageErrorf("give the command either after -- or with --cmd, not both")
	case cmdSet && strings.TrimSpace(opts.Cmd) == "":
		return cmdutil.UsageErrorf("--cmd: the command line is empty")
	case !cmdSet && len(opts.Args) == 0 && opts.Tool != string(config.ToolShell):
		// A change of another tool (git_push, github_fork) needs no command.
	case !cmdSet && strings.TrimSpace(strings.Join(opts.Args, "")) == "":
		return cmdutil.UsageErrorf("no command to check: give it after -- (check -- git push) or with --cmd 'git push'")
	}
	if opts.Policy != "" && !knownPolicy(opts.Policy) {
		return cmdutil.UsageErrorf("--policy %q: use never, on_request, on_failure, auto or yolo", opts.Policy)
	}
	if !config.Tool(opts.Tool).Valid() {
		return unknownToolFlag(opts.Tool)
	}
	return nil
}

// unknownToolFlag is the usage error for a --tool that names no tool.
func unknownToolFlag(name string) error {
	return cmdutil.UsageErrorf("--tool %q: name one of the tools: %s", name, config.ToolList())
}

func knownPolicy(p string) bool {
	switch config.Policy(p) {
	case config.PolicyNever, config.PolicyOnRequest, config.PolicyOnFailure, config.PolicyAuto, config.PolicyYolo:
		return true
	}
	return false
}

func rulesCheckRun(cmd *cobra.Command, opts *RulesCheckOptions) error {
	ctx := cmdutil.Context()
	if cmd != nil && cmd.Context() != nil {
		ctx = cmd.Context()
	}
	res, err := opts.Service.Check(ctx, rules.CheckRequest{
		Dir: opts.Dir, Tool: config.Tool(opts.Tool), Policy: config.Policy(opts.Policy), Command: opts.Args, Shell: opts.Cmd,
		Mutating: opts.Mutating,
	})
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, res)
	}
	return printCheck(opts.IO, res)
}

func printCheck(ios *iostreams.IOStreams, res rules.CheckResult) error {
	cs := ios.ColorScheme()
	w := &lineWriter{w: ios.Out}
	decision := string(res.Decision)
	if ios.IsStdoutTTY() {
		switch res.Decision {
		case "approve":
			decision = cs.Green(decision)
		case "reject":
			decision = cs.Red(decision)
		default:
			decision = cs.Yellow(decision)
		}
	}
	w.field("decision", decision)
	w.field("decided by", res.DecidedBy)
	w.field("reason", res.Reason)
	if res.Rule != nil {
		w.field("rule", fmt.Sprintf("%s  %s  (%s)", res.Rule.ID, res.Rule.Pattern, res.Rule.File))
	}
	w.field("policy", fmt.Sprintf("%s (%s)", res.Policy, res.PolicyFrom))
	for _, n := range res.Notes {
		w.field("note", n)
	}
	w.field("safety", res.Safety)
	w.field("tool", string(res.Tool))
	w.field("command", res.Command)
	w.field("repository", res.Repository)
	if o := res.Origin; o != nil {
		w.field("from", iostreams.Sanitize(strings.Join(o.Sources, ", "))+" (the repository's own command)")
		for _, r := range o.Runs {
			w.field("runs", iostreams.Sanitize(r)) // the repository's text: inert on the terminal
		}
	}
	w.field("sandboxed", fmt.Sprint(res.Sandboxed))
	if len(res.Segments) > 0 {
		w.line("segments:")
	}
	for i, s := range res.Segments {
		w.line(fmt.Sprintf("  %d. %s", i+1, strings.Join(s.Args, " ")))
		w.line(fmt.Sprintf("     %s: %s", s.Class, s.Reason))
		if len(s.Wrapped) > 0 {
			w.line("     wrapped in: " + strings.Join(s.Wrapped, ", "))
		}
		for _, p := range s.Paths {
			where := "inside the repository"
			if !p.Inside {
				where = "OUTSIDE: " + p.Reason
			}
			w.line(fmt.Sprintf("     path %s: %s", p.Path, where))
		}
	}
	return w.err
}

// lineWriter writes lines and keeps the first error.
type lineWriter struct {
	w   io.Writer
	err error
}

func (l *lineWriter) field(name, value string) {
	l.line(fmt.Sprintf("%-11s %s", name+":", value))
}

func (l *lineWriter) line(s string) {
	if l.err == nil {
		_, l.err = fmt.Fprintln(l.w, s)
	}
}
