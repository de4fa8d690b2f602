// Package explain holds the `explain` command: what a file, folder or
// symbol is, who uses it, what tests it and how it changed, with a
// language model's explanation when one is configured.
package explain

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/errcode"
	svc "github.com/oss-dev/oss-dev/internal/service/explain"
)

// ExplainOptions holds what `explain` needs.
type ExplainOptions struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	WorkDir string
	// Service reads the code.
	Service func() *svc.Service

	Path    string
	Symbol  string
	Refs    int
	History int
	NoLLM   bool
	// Ask is a question for the model to answer with the explain context.
	Ask string
	// Ctags is the ctags program; empty looks "ctags" up on PATH.
	Ctags string
}

// NewCmdExplain builds `explain`.
func NewCmdExplain(f *cmdutil.Factory, runF func(*ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{IO: f.IO, Output: f.Output, WorkDir: f.WorkDir, Service: f.Explain}
	cmd := &cobra.Command{
		Use:   "explain PATH [SYMBOL]",
		Short: "Explain a file, a folder or a symbol",
		Long: `Explain a file, a folder or one symbol (a function, type, method, class...)
of a repository, offline:

  outline     the symbols with their kinds, signatures, line ranges and doc
              comments (Go through go/ast and go/doc; other languages through
              Universal Ctags, when it is installed)
  imports     what it imports
  references  who uses it, from git grep, grouped by file (--refs caps them)
  tests       the test files and test functions that cover it
  history     the last commits that changed it, with their authors (for a
              symbol, the commits that changed its lines; --history caps them)

A method can be named TYPE.METHOD. Outside a git repository the outline and
imports still come out; references and history are skipped with a note.

With a language model configured (model.provider in the config), its
explanation follows, streamed as it is written, from that context packed to
fit the model's context window; --no-llm leaves it out. --ask "QUESTION" has
the model answer that question from the same context instead; it needs a
model (LLM_NOT_CONFIGURED without one).

With --json the report is printed as JSON with a stable shape (schema_version
1; paths relative to root, slash-separated; lines 1-based):

  schema_version, kind (file|folder|symbol), path, root, git, language,
  package {name, import_path, doc, files}         (Go only)
  symbol {name, kind, parent, signature, doc, file, line, end_line, exported},
  source                                          (the symbol's lines)
  outline [symbol...],
  imports [{path, alias, names, file, line}],
  references {query, total, files, shown [{path, count, lines [{line, text}]}],
              more_lines, more_files, skipped},
  tests [{path, reason (name|package|reference), functions, more_functions}],
  history {scope, changes [{sha, author, date, subject}], skipped},
  notes [string],
  explanation {model, question, text, usage {input_tokens, output_tokens, total_tokens},
               context {window, budget, prompt_tokens, included, truncated,
               omitted}}                          (with a language model)`,
		Example: `  $ oss-dev explain internal/core/workflow/machine.go
  $ oss-dev explain internal/core/workflow/machine.go Fire
  $ oss-dev explain internal/provider/git Repo.Grep --refs 50
  $ oss-dev explain src/app/models.py User --no-llm
  $ oss-dev explain . --json --jq '.outline[].name'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.UsageErrorf("%s: missing PATH (a file or folder to explain)", cmd.CommandPath())
			}
			return cmdutil.MaximumArgs(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			if len(args) == 2 {
				opts.Symbol = args[1]
			}
			if opts.Refs < 0 {
				return cmdutil.UsageErrorf("--refs must be 0 or more, got %d", opts.Refs)
			}
			if opts.Ask != "" && opts.NoLLM {
				return cmdutil.UsageErrorf("--ask needs the language model; leave out --no-llm")
			}
			if opts.History < 0 {
				return cmdutil.UsageErrorf("--history must be 0 or more, got %d", opts.History)
			}
			if runF != nil {
				return runF(opts)
			}
			return explainRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Refs, "refs", 20, "Show at most `N` reference lines (0: none)")
	cmd.Flags().IntVar(&opts.History, "history", 10, "List at most `N` commits (0: none)")
	cmd.Flags().BoolVar(&opts.NoLLM, "no-llm", false, "Leave out the language model's explanation")
	cmd.Flags().StringVar(&opts.Ask, "ask", "", "Ask the language model a `QUESTION` about it, answered from the same context")
	return cmd
}

func explainRun(ctx context.Context, opts *ExplainOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// A misconfigured model must not hide the offline report: it is
	// reported after the report.
	s := opts.Service()
	var model string
	var modelErr error
	if !opts.NoLLM {
		model, modelErr = s.Model()
	}
	if opts.Ask != "" && model == "" && modelErr == nil {
		return errcode.New(errcode.LLMNotConfigured, "--ask needs a language model and none is configured",
			"configure one: oss-dev config set model.provider ollama (or openai, gemini, vllm, llamacpp, lmstudio) and model.name")
	}
	opts.IO.StartProgress("Reading " + opts.Path)
	res, err := s.Explain(ctx, svc.Request{
		Path: opts.Path, Symbol: opts.Symbol, WorkDir: opts.WorkDir,
		Refs: noneAsNegative(opts.Refs), History: noneAsNegative(opts.History), Ctags: opts.Ctags,
	})
	opts.IO.StopProgress()
	if err != nil {
		return err
	}
	if res.Kind == svc.KindLink {
		// a link out of the repository was not read: a model has
		// nothing to explain, and must not be asked about its target
		model = ""
	}
	if opts.Output.WantsJSON() {
		if model != "" {
			opts.IO.StartProgress("Asking " + model)
			_, err := s.Ask(ctx, res, opts.Ask, nil)
			opts.IO.StopProgress()
			if err != nil {
				return err
			}
		}
		if err := opts.Output.Export(opts.IO.Out, res); err != nil {
			return err
		}
		return modelErr
	}
	p := newPrinter(opts.IO)
	p.report(res)
	if p.err != nil {
		return p.err
	}
	if model == "" {
		return modelErr
	}
	return p.narrate(ctx, s, model, res, opts.Ask)
}

// noneAsNegative maps the flags' 0 ("none") to the service's negative.
func noneAsNegative(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// narrate streams the model's explanation under its own heading.
func (p *printer) narrate(ctx context.Context, s *svc.Service, model string, res *svc.Result, question string) error {
	if question != "" {
		p.section("Answer", "by "+model+" to: "+question)
	} else {
		p.section("Explanation", "by "+model)
	}
	p.io.StartProgress("Asking " + model)
	started := false
	exp, err := s.Ask(ctx, res, question, func(text string) {
		if !started {
			p.io.StopProgress()
			started = true
		}
		if p.err == nil {
			_, p.err = fmt.Fprint(p.w, text)
		}
	})
	p.io.StopProgress()
	if started {
		p.line("")
	}
	if err != nil {
		return err
	}
	p.line("")
	p.line(p.cs.Gray(tokenLine(exp)))
	return p.err
}

func tokenLine(exp *svc.Explanation) string {
	c := exp.Context
	s := fmt.Sprintf("tokens: %d in, %d out; prompt packed to %d of the %d-token window", exp.Usage.InputTokens, exp.Usage.OutputTokens, c.PromptTokens, c.Window)
	left := append(append([]string{}, c.Truncated...), c.Omitted...)
	if len(left) > 0 {
		s += "; left out for space: " + joinList(left)
	}
	return s
}
