package analyze

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

// RepoOptions holds what `analyze repo` needs.
type RepoOptions struct {
	IO      *iostreams.IOStreams
	Output  *cmdutil.Output
	WorkDir string
	// Service returns the analysis service, which clones remote targets
	// into the workspace's folder.
	Service func() *analysis.RepoService

	// Target is a path, OWNER/REPO or a URL; empty means the work dir.
	Target string
	// Deps adds the dependency scan to the report; Graph prints only the
	// dependency graph in that format (json, dot, mermaid).
	Deps  bool
	Graph string

	// Health reads a remote GitHub repository's health (repo_health.go);
	// nil leaves the section out.
	Health HealthFunc
}

// NewCmdRepo builds `analyze repo`.
func NewCmdRepo(f *cmdutil.Factory, runF func(*RepoOptions) error) *cobra.Command {
	opts := &RepoOptions{IO: f.IO, Output: f.Output, WorkDir: f.WorkDir, Service: f.Analysis, Health: remoteHealth(f)}
	cmd := &cobra.Command{
		Use:   "repo [PATH | OWNER/REPO | URL]",
		Short: "Tell what a repository is made of and how to work on it",
		Long: `Analyse a repository offline and report, with the file and line behind
each finding:

  languages   bytes and share by GitHub linguist's rules (vendored, generated
              and documentation files left out, .gitattributes overrides honoured)
  size        files and lines of code, comment and blank per language
  stack       package managers and frameworks
  commands    how to set up, build, test, lint and format, the ones CI runs first
  contribute  CONTRIBUTING, code of conduct, security policy, templates, DCO or
              CLA, the commit-message convention of the history, the license
  structure   the role of each top-level folder, entry points, where tests live,
              the most-imported files

A PATH (default: the current folder) is read in place and never modified;
inside a git repository only tracked files are read. OWNER/REPO (GitHub) or a
clone URL is cloned shallow into the cache ($XDG_CACHE_HOME/oss-dev/repos)
and updated on the next run.

With --json the report is printed as JSON with a stable shape (schema_version
1; field names snake_case; evidence as {"path", "line"}):

  schema_version, root, repository, commit, git,
  files {total, analyzed, vendored, generated, documentation, binary, skipped},
  primary_language,
  languages [{name, type, bytes, share, files}],
  overrides [{attribute, value, pattern, source, files}],
  size {files, code, comment, blank, by_language [{name, type, files, bytes,
        code, comment, blank}]},
  package_managers [{name, ecosystem, dir, evidence}],
  frameworks [{name, ecosystem, evidence}],
  commands [{kind, command, dir, ci, sources, unresolved, variants}]   kind:
        setup|build|test|lint|format|docs|maintenance|hooks|release|install,
        CI-run commands first within each kind; unresolved names a CI
        expression the command still holds (it runs in CI only, and comes
        last); variants are the same CI matrix step's other commands,
        folded into this one,
  test_command {kind, command, dir, ci, sources}   the test command mentor
        runs: the first one that can run outside CI, or null,
  contribution {contributing, code_of_conduct, security, issue_templates,
        pr_templates, codeowners, dco {required, evidence, signed_off_share},
        cla {required, evidence}, commit_convention {style, share, examined,
        examples}, license {spdx, coverage, evidence}},
  structure {top_level [{path, role, files, bytes, reason}],
        entry_points [{kind, name, path, evidence}],
        tests [{ecosystem, pattern, files, dirs [{path, files}]}],
        most_imported [{path, kind, importers, evidence}]: the files (Go:
        package folders, kind package) most of the others import},
  warnings [diagnostic],
  requirements {tools [{tool, required, constraints [{range, dialect, role,
        source, evidence}], ci {versions, summary, evidence}, conflict}],
        warnings [diagnostic]}
        the toolchains and tools the repository asks for ('oss-dev setup
        --check' compares them with this machine); ci merges the versions
        every CI setup step installs, sorted ("3.10 to 3.14, and 3.15-dev")

A diagnostic is {severity (error|warning|note), code, summary, detail,
source {file, line}}; detail and source are left out when empty.
The full description is on repo.Report in internal/intelligence/repo.
` + depsHelp,
		Example: `  $ oss-dev analyze repo
  $ oss-dev analyze repo ../some-checkout
  $ oss-dev analyze repo golang/go --json
  $ oss-dev analyze repo --deps
  $ oss-dev analyze repo --graph dot | dot -Tsvg > deps.svg
  $ oss-dev analyze repo https://gitlab.com/OWNER/REPO --jq '.commands[] | select(.kind=="test") | .command'`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Target = args[0]
			}
			if err := checkDepsFlags(opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return repoRun(cmd.Context(), opts)
		},
	}
	addDepsFlags(cmd, opts)
	return cmd
}

func repoRun(ctx context.Context, opts *RepoOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	target, err := analysis.ParseRepoTarget(opts.Target, opts.WorkDir)
	if err != nil {
		return err
	}
	svc := opts.Service()
	svc.Progress = opts.IO.StartProgress
	if opts.Deps || opts.Graph != "" {
		return repoDepsRun(ctx, opts, svc, target)
	}
	rep, err := svc.AnalyzeRepo(ctx, target)
	opts.IO.StopProgress()
	if err != nil {
		return err
	}
	health, warning := healthFor(ctx, opts.Health, target)
	if warning != nil {
		rep.Warnings = append(rep.Warnings, *warning)
	}
	if opts.Output.WantsJSON() {
		return opts.Output.Export(opts.IO.Out, reportWithHealth{RepoReport: rep, Health: health, Requirements: analysis.RepoRequirements(rep)})
	}
	if err := printRepoReport(opts.IO, rep, analysis.RepoRequirements(rep)); err != nil || health == nil {
		return err
	}
	printHealth(opts.IO.Out, health)
	return nil
}

// printRepoReport writes the sectioned report.
func printRepoReport(ios *iostreams.IOStreams, r *analysis.RepoReport, req *analysis.Requirements) error {
	p := &printer{w: ios.Out, cs: ios.ColorScheme(), io: ios, width: ios.TerminalWidth()}
	p.header(r)
	p.languages(r)
	p.size(r)
	p.stack(r)
	p.toolchains(req)
	p.commands(r)
	p.contribution(r)
	p.structure(r)
	if p.err == nil {
		p.err = cmdutil.PrintDiagnostics(p.w, p.cs, "", r.Warnings)
	}
	return p.err
}

// printer writes sections and remembers the first write error.
type printer struct {
	w     io.Writer
	cs    *iostreams.ColorScheme
	io    *iostreams.IOStreams
	width int
	err   error
}

func (p *printer) line(s string) {
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, s)
	}
}

func (p *printer) section(title string) {
	p.line("")
	p.line(p.cs.Bold(title))
}

// table renders rows through cmdutil's table: aligned and fitted on a
// terminal, tab-separated when piped. Rows are indented on a terminal.
// table prints rows; the wrap columns wrap on a terminal instead of being
// cut.
func (p *printer) table(header []string, rows [][]string, wrap ...int) {
	if p.err != nil || len(rows) == 0 {
		return
	}
	tty := p.io.IsStdoutTTY()
	if !tty {
		header = nil // piped: rows only, tab-separated, no indent
	}
	t := cmdutil.NewTable(p.io, header...)
	for _, c := range wrap {
		t.Wrap(c)
	}
	for _, r := range rows {
		if !tty {
			r = append([]string{strings.TrimSpace(r[0])}, r[1:]...)
		}
		t.AddRow(r...)
	}
	p.err = t.Render()
}

func (p *printer) header(r *analysis.RepoReport) {
	name := r.Root
	if r.Repository != "" {
		name = r.Repository
	}
	title := p.cs.Bold(name)
	if r.Commit != "" {
		title += p.cs.Gray(" @ " + short(r.Commit))
	}
	p.line(title)
	f := r.Files
	src := "every file under the folder"
	if r.Git {
		src = "tracked files"
	}
	p.line(fmt.Sprintf("%s %s: %s analysed, %s vendored, %s generated, %s documentation, %s binary",
		num(f.Total), src, num(f.Analyzed), num(f.Vendored), num(f.Generated), num(f.Documentation), num(f.Binary)))
}

func (p *printer) languages(r *analysis.RepoReport) {
	p.section("Languages")
	if len(r.Languages) == 0 {
		p.line("  no programming or markup language found")
		return
	}
	p.line("  primary: " + p.cs.Cyan(r.PrimaryLanguage))
	shown := r.Languages
	if len(shown) > 8 {
		shown = shown[:8]
	}
	nameW := 0
	for _, l := range shown {
		nameW = max(nameW, len(l.Name))
	}
	barW := min(30, max(5, p.width-nameW-40))
	for _, l := range shown {
		bar := ""
		if p.io.IsStdoutTTY() {
			n := int(l.Share/100*float64(barW) + 0.5)
			bar = p.cs.Cyan(strings.Repeat("█", n)) + strings.Repeat("·", barW-n) + "  "
		}
		p.line(fmt.Sprintf("  %-*s  %s%6.2f%%  %9s  %s", nameW, l.Name, bar, l.Share, bytesText(l.Bytes), files(l.Files)))
	}
	if rest := len(r.Languages) - len(shown); rest > 0 {
		var share float64
		for _, l := range r.Languages[len(shown):] {
			share += l.Share
		}
		p.line(p.cs.Gray(fmt.Sprintf("  and %d more, %.2f%% together", rest, share)))
	}
	for _, o := range r.Overrides {
		p.line(p.cs.Gray(fmt.Sprintf("  override %s %s=%s (%s) changed %s", o.Pattern, o.Attribute, o.Value, o.Source, files(o.Files))))
	}
}

func (p *printer) size(r *analysis.RepoReport) {
	s := r.Size
	p.section(fmt.Sprintf("Size  %s, %s lines of code, %s comment, %s blank", files(s.Files), num(s.Code), num(s.Comment), num(s.Blank)))
	rows := [][]string{}
	for i, l := range s.ByLanguage {
		if i == 10 {
			break
		}
		rows = append(rows, []string{"  " + l.Name, num(l.Files), num(l.Code), num(l.Comment), num(l.Blank)})
	}
	p.table([]string{"  LANGUAGE", "FILES", "CODE", "COMMENT", "BLANK"}, rows)
}

func (p *printer) stack(r *analysis.RepoReport) {
	p.section("Stack")
	if len(r.PackageManagers) == 0 && len(r.Frameworks) == 0 {
		p.line("  no package manager or framework recognised")
		return
	}
	var pms []string
	for _, m := range r.PackageManagers {
		pms = append(pms, m.Name+p.cs.Gray(" ("+m.Evidence.String()+")"))
	}
	if len(pms) > 0 {
		p.wrapList("  package managers: ", pms)
	}
	var fws []string
	for _, f := range r.Frameworks {
		fws = append(fws, f.Name+p.cs.Gray(" ("+f.Evidence.String()+")"))
	}
	if len(fws) > 0 {
		p.wrapList("  frameworks: ", fws)
	}
}

// wrapList prints items after a label, wrapped to the width.
func (p *printer) wrapList(label string, items []string) {
	line := label
	visible := len(label)
	for i, it := range items {
		sep := ""
		if i > 0 {
			sep = ", "
		}
		w := visibleLen(it)
		if visible+len(sep)+w > p.width && visible > len(label) {
			p.line(line + ",")
			line, visible, sep = strings.Repeat(" ", len(label)), len(label), ""
		}
		line += sep + it
		visible += len(sep) + w
	}
	p.line(line)
}

// toolchains prints each tool with the versions the project declares and,
// apart, the versions CI tests.
func (p *printer) toolchains(req *analysis.Requirements) {
	p.section("Toolchains")
	if req == nil || len(req.Tools) == 0 {
		p.line("  nothing asks for a particular toolchain")
		return
	}
	rows := [][]string{}
	for _, t := range req.Tools {
		tool := t.Tool
		if !t.Required {
			tool += " (optional)"
		}
		rows = append(rows, []string{"  " + tool, versionsText(t)})
	}
	p.table([]string{"  TOOL", "VERSIONS"}, rows, 1)
}

// versionsText says what the project declares, then what CI tests, then
// where sources disagree.
func versionsText(t analysis.ToolRequirement) string {
	var parts []string
	for _, c := range t.Declared() {
		parts = append(parts, "asks "+c.Range+" ("+sourcesText(c.Evidence)+")")
	}
	if t.CI != nil {
		where := ""
		if len(t.CI.Evidence) > 0 {
			where = " (" + t.CI.Evidence[0].String()
			if n := len(t.CI.Evidence) - 1; n > 0 {
				where += " and " + strconv.Itoa(n) + " more"
			}
			where += ")"
		}
		parts = append(parts, "CI tests "+t.CI.Summary+where)
	}
	if len(parts) == 0 {
		where := t.Evidence()
		if len(where) > 3 {
			where = where[:3]
		}
		parts = append(parts, "any version ("+sourcesText(where)+")")
	}
	if t.Conflict != "" {
		// the versions are all above; --json and setup --check say more
		parts = append(parts, "note: these sources differ")
	}
	return strings.Join(parts, "; ")
}

func (p *printer) commands(r *analysis.RepoReport) {
	p.section("Commands")
	if len(r.Commands) == 0 {
		p.line("  none found")
		return
	}
	rows := [][]string{}
	last := ""
	for _, c := range r.Commands {
		// On a terminal the kind heads its group; piped, every row names
		// it, so the rows can be filtered.
		kind := c.Kind
		if p.io.IsStdoutTTY() && c.Kind == last {
			kind = ""
		}
		last = c.Kind
		cmd := c.Command
		if c.Dir != "" {
			cmd = "(cd " + c.Dir + " && " + c.Command + ")"
		}
		ci, from := "", sourcesText(c.Sources)
		if c.CI {
			ci = "CI"
		}
		if !c.Runnable() {
			// only CI knows the expression's value: never run for you
			ci, from = "CI only", "needs "+c.Unresolved+", "+from
		}
		if len(c.Variants) > 0 {
			from += "; " + variantsText(c)
		}
		rows = append(rows, []string{"  " + kind, ci, cmd, from})
	}
	p.table([]string{"  KIND", "", "COMMAND", "FROM"}, rows, 2)
	if t := r.TestCommand; t != nil {
		cmd := t.Command
		if t.Dir != "" {
			cmd = "(cd " + t.Dir + " && " + t.Command + ")"
		}
		p.line("  mentor runs the tests with: " + cmd)
	} else {
		p.line("  mentor finds no test command it can run")
	}
}

// variantsText says what the matrix puts in place of each part of the
// command that changes: "also 3.11, 3.12 for 3.10".
func variantsText(c analysis.RepoCommand) string {
	var slots []string
	for _, s := range c.VariantSlots() {
		others := append([]string(nil), s.Others...)
		for i, o := range others {
			if o == "" {
				others[i] = "nothing"
			}
		}
		if s.Own == "" {
			slots = append(slots, "with "+strings.Join(others, ", ")+" added")
		} else {
			slots = append(slots, strings.Join(others, ", ")+" for "+s.Own)
		}
	}
	return "also " + strings.Join(slots, "; ")
}

func (p *printer) contribution(r *analysis.RepoReport) {
	c := r.Contribution
	p.section("Contributing")
	p.line("  guide:           " + locOr(c.Contributing, "none"))
	p.line("  code of conduct: " + locOr(c.CodeOfConduct, "none"))
	p.line("  security policy: " + locOr(c.Security, "none"))
	p.line("  code owners:     " + locOr(c.CodeOwners, "none"))
	p.line(fmt.Sprintf("  templates:       %d issue, %d pull request", len(c.IssueTemplates), len(c.PRTemplates)))
	dco := "not required"
	if c.DCO.Required {
		dco = p.cs.Yellow("required") + " (sign off with git commit -s)"
	}
	if c.DCO.SignedOffShare > 0 {
		dco += fmt.Sprintf(", %.0f%% of recent commits signed off", 100*c.DCO.SignedOffShare)
	}
	p.line("  DCO:             " + dco + evidence(p.cs, c.DCO.Evidence))
	cla := "not required"
	if c.CLA.Required {
		cla = p.cs.Yellow("required")
	}
	p.line("  CLA:             " + cla + evidence(p.cs, c.CLA.Evidence))
	cc := c.CommitConvention
	conv := cc.Style
	switch cc.Style {
	case analysis.ConventionConventional:
		conv = "Conventional Commits (type(scope): summary)"
	case analysis.ConventionArea:
		conv = "area: summary (as Go writes them)"
	case analysis.ConventionCapitalized:
		conv = "capitalized imperative (Add the thing)"
	case analysis.ConventionNone:
		conv = "no single convention"
	case analysis.ConventionUnknown:
		conv = "unknown (no history)"
	}
	if cc.Examined > 0 {
		conv += fmt.Sprintf(", %.0f%% of the last %d commits", 100*cc.Share, cc.Examined)
	}
	p.line("  commit messages: " + conv)
	if len(cc.Examples) > 0 {
		p.line(p.cs.Gray("                   e.g. " + clip(cc.Examples[0], max(20, p.width-25))))
	}
	lic := "not found"
	if c.License.SPDX != "" {
		lic = p.cs.Cyan(c.License.SPDX) + p.cs.Gray(fmt.Sprintf(" (%s, %.0f%% match)", c.License.Evidence.Path, c.License.Coverage))
	}
	p.line("  license:         " + lic)
}

func (p *printer) structure(r *analysis.RepoReport) {
	s := r.Structure
	p.section("Structure")
	rows := [][]string{}
	for _, f := range s.TopLevel {
		rows = append(rows, []string{"  " + f.Path, f.Role, num(f.Files), f.Reason})
	}
	p.table([]string{"  FOLDER", "ROLE", "FILES", "WHY"}, rows)
	if len(s.EntryPoints) > 0 {
		p.line("  entry points:")
		for i, e := range s.EntryPoints {
			if i == 12 {
				p.line(p.cs.Gray(fmt.Sprintf("    and %d more", len(s.EntryPoints)-i)))
				break
			}
			p.line(fmt.Sprintf("    %-14s %s %s", e.Kind, e.Name, p.cs.Gray("("+e.Evidence.String()+")")))
		}
	}
	if len(s.MostImported) > 0 {
		p.line("  most imported:")
		for _, m := range s.MostImported {
			p.line(fmt.Sprintf("    %-5s %s %s", num(m.Importers), m.Path, p.cs.Gray("("+m.Evidence.String()+")")))
		}
	}
	for _, g := range s.Tests {
		var dirs []string
		for _, d := range g.Dirs {
			dirs = append(dirs, fmt.Sprintf("%s (%s)", d.Path, num(d.Files)))
		}
		p.line(fmt.Sprintf("  tests, %s: %s files matching %s", g.Ecosystem, num(g.Files), g.Pattern))
		if len(dirs) > 0 {
			p.wrapList("    in ", dirs)
		}
	}
}

func locOr(l *analysis.RepoLocation, none string) string {
	if l == nil {
		return none
	}
	return l.String()
}

func evidence(cs *iostreams.ColorScheme, ls []analysis.RepoLocation) string {
	if len(ls) == 0 {
		return ""
	}
	var s []string
	for _, l := range ls {
		s = append(s, l.String())
	}
	return cs.Gray(" (" + strings.Join(s, ", ") + ")")
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// files is "1 file" or "N files", N with thousands separators.
func files(n int) string {
	if n == 1 {
		return "1 file"
	}
	return num(n) + " files"
}

// num writes an integer with thousands separators.
func num(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func bytesText(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d B", b)
}

// visibleLen is the length of s without ANSI colour sequences.
func visibleLen(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case r == '\x1b':
			esc = true
		case esc:
			if r == 'm' {
				esc = false
			}
		default:
			n++
		}
	}
	return n
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// sourcesText lists where a command comes from, each file once with its
// lines: "Makefile:7, .github/workflows/test.yml:39,61,83".
func sourcesText(ls []analysis.RepoLocation) string {
	var order []string
	lines := map[string][]string{}
	for _, l := range ls {
		if _, ok := lines[l.Path]; !ok {
			order = append(order, l.Path)
			lines[l.Path] = nil
		}
		if l.Line > 0 {
			lines[l.Path] = append(lines[l.Path], strconv.Itoa(l.Line))
		}
	}
	parts := make([]string, 0, len(order))
	for _, p := range order {
		if len(lines[p]) == 0 {
			parts = append(parts, p)
			continue
		}
		parts = append(parts, p+":"+strings.Join(lines[p], ","))
	}
	return strings.Join(parts, ", ")
}
