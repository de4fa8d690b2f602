package analyze

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

// depsHelp documents --deps and --graph in `analyze repo --help`.
const depsHelp = `
Dependencies (--deps, or --graph alone): the manifests and lock files of Go,
npm, yarn, pnpm, Python (requirements, pyproject, poetry.lock, uv.lock,
Pipfile), Cargo, Maven, Gradle, Ruby and Composer; every package with its
version (resolved where a lock file gives it), scope (runtime, optional,
build, test, dev), direct or transitive, and the file and line behind it.
With --json they come under "dependencies" {schema_version, manifests,
packages, edges, summary, warnings}, documented in
internal/intelligence/deps/SCHEMA.md. --graph json|dot|mermaid prints only
the dependency graph, for Graphviz or a Markdown page.
`

// addDepsFlags wires --deps and --graph.
func addDepsFlags(cmd *cobra.Command, opts *RepoOptions) {
	cmd.Flags().BoolVar(&opts.Deps, "deps", false, "Also report the dependencies: manifests, lock files, direct and transitive packages")
	cmd.Flags().StringVar(&opts.Graph, "graph", "", "Print only the dependency graph, as `json|dot|mermaid`")
}

// checkDepsFlags rejects a bad --graph value, and --json or --jq with a
// graph format that is not JSON.
func checkDepsFlags(opts *RepoOptions) error {
	if opts.Graph == "" {
		return nil
	}
	format, err := analysis.ParseGraphFormat(opts.Graph)
	if err != nil {
		return cmdutil.UsageErrorf("invalid --graph %q: use json, dot or mermaid", opts.Graph)
	}
	if opts.Output.WantsJSON() && format != "json" {
		return cmdutil.UsageErrorf("--graph %s prints the graph alone, not JSON; use --graph json (--jq applies to it) or --deps --json", opts.Graph)
	}
	return nil
}

// repoWithDeps is the --deps --json shape: the repository report with the
// dependency scan under "dependencies".
type repoWithDeps struct {
	*analysis.RepoReport
	Dependencies *analysis.DepsReport   `json:"dependencies"`
	Requirements *analysis.Requirements `json:"requirements,omitempty"`
}

// repoDepsRun does the work of --graph (the graph alone) and --deps (the
// report followed by the dependencies).
func repoDepsRun(ctx context.Context, opts *RepoOptions, svc *analysis.RepoService, target analysis.RepoTarget) error {
	if opts.Graph != "" {
		format, err := analysis.ParseGraphFormat(opts.Graph)
		if err != nil {
			return err
		}
		d, err := svc.AnalyzeDeps(ctx, target)
		opts.IO.StopProgress()
		if err != nil {
			return err
		}
		if format == "json" && opts.Output.WantsJSON() {
			return opts.Output.Export(opts.IO.Out, d) // so --jq filters the graph
		}
		return analysis.WriteDepsGraph(opts.IO.Out, d, format)
	}
	rep, d, err := svc.AnalyzeRepoAndDeps(ctx, target)
	opts.IO.StopProgress()
	if err != nil {
		return err
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, repoWithDeps{RepoReport: rep, Dependencies: d, Requirements: analysis.RepoRequirements(rep)})
	}
	if err := printRepoReport(opts.IO, rep, analysis.RepoRequirements(rep)); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(opts.IO.Out); err != nil {
		return err
	}
	if err := analysis.WriteDepsText(opts.IO.Out, d); err != nil {
		return err
	}
	return cmdutil.PrintDiagnostics(opts.IO.Out, opts.IO.ColorScheme(), "", d.Warnings)
}
