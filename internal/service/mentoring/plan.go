package mentoring

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/orchestration"
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
)

// Candidate is a file the plan names, with why.
type Candidate struct {
	Path    string   `json:"path"`
	Score   int      `json:"score"`
	Reasons []string `json:"reasons"`
	Test    bool     `json:"test"`
}

// term is something the issue names that the repository can be searched for.
type term struct {
	text   string
	kind   string // file, symbol, message, identifier
	weight int
}

var (
	reIdent = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*(?:[A-Z][a-z0-9]+|_[a-z0-9]+)[A-Za-z0-9_]*)\b`)
	})
	reBacktick  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("`([^`\n]{3,80})`") })
	reQuoted    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`"([^"\n]{8,120})"`) })
	reErrorLine = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(?:error|panic|exception|fatal)\b[:\s]+([^\n]{8,120})`)
	})
	reTestPath = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(_test\.go$|(^|/)tests?/|(^|/)__tests__/|\.(test|spec)\.[jt]sx?$|(^|/)test_[^/]+\.py$|_test\.py$|Test\.java$|_spec\.rb$)`)
	})
)

// searchTerms collects what the issue names: files, symbols, error
// messages and identifiers in the title and body, strongest first.
func searchTerms(im issueMeta) []term {
	var out []term
	seen := map[string]bool{}
	add := func(text, kind string, w int) {
		text = strings.TrimSpace(text)
		key := strings.ToLower(text)
		if len(text) < 3 || seen[key] || commonWord(key) {
			return
		}
		seen[key] = true
		out = append(out, term{text, kind, w})
	}
	for _, it := range im.Requirements.Files {
		add(strings.Trim(it.Text, "`'\"()"), "file", 10)
	}
	for _, it := range im.Requirements.Symbols {
		add(strings.Trim(it.Text, "`'\"()"), "symbol", 5)
	}
	text := im.Title + "\n" + im.Body
	for _, m := range reErrorLine().FindAllStringSubmatch(text, 5) {
		add(strings.Trim(m[1], "`'\" ."), "message", 6)
	}
	for _, it := range im.Requirements.Actual {
		add(strings.Trim(it.Text, "`'\" ."), "message", 4)
	}
	for _, m := range reBacktick().FindAllStringSubmatch(text, 20) {
		kind := "symbol"
		if strings.Contains(m[1], "/") || strings.Contains(m[1], ".") && !strings.Contains(m[1], " ") {
			kind = "file"
		}
		if strings.Contains(m[1], " ") {
			kind = "message"
		}
		add(m[1], kind, 4)
	}
	for _, m := range reQuoted().FindAllStringSubmatch(text, 5) {
		add(m[1], "message", 3)
	}
	for _, m := range reIdent().FindAllStringSubmatch(im.Title, 10) {
		add(m[1], "identifier", 2)
	}
	for _, m := range reIdent().FindAllStringSubmatch(im.Body, 20) {
		add(m[1], "identifier", 1)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].weight > out[j].weight })
	if len(out) > 20 {
		out = out[:20]
	}
	return out
}

func commonWord(s string) bool {
	switch s {
	case "the", "and", "for", "this", "that", "with", "not", "when", "error", "http", "https", "null", "true", "false", "todo":
		return true
	}
	return false
}

// rankFiles searches the repository for every term and ranks the files.
func (ss *session) rankFiles(ctx context.Context, terms []term) ([]Candidate, error) {
	files, err := ss.git.LsFiles(ctx)
	if err != nil {
		return nil, err
	}
	byPath := map[string]*Candidate{}
	hit := func(p string, score int, why string) {
		if ownFile(p) {
			return
		}
		c := byPath[p]
		if c == nil {
			c = &Candidate{Path: p, Test: reTestPath().MatchString(p)}
			byPath[p] = c
		}
		c.Score += score
		if len(c.Reasons) < 4 && !contains(c.Reasons, why) {
			c.Reasons = append(c.Reasons, why)
		}
	}
	for _, t := range terms {
		if t.kind == "file" {
			for _, f := range files {
				if f == t.text || strings.HasSuffix(f, "/"+t.text) || path.Base(f) == t.text {
					hit(f, t.weight*2, "named in the issue")
				}
			}
		}
		matches, err := ss.git.Grep(ctx, grepPattern(t.text))
		if err != nil {
			if errcode.HasCode(err, errcode.InvalidInput) {
				continue
			}
			return nil, err
		}
		perFile := map[string]int{}
		for _, m := range matches {
			perFile[m.Path]++
			if perFile[m.Path] > 1 {
				continue
			}
			w := t.weight
			if definesSymbol(m.Text, t.text) {
				w += 3
			}
			hit(m.Path, w, fmt.Sprintf("%s %q at line %d", mentionWord(t.kind), clip(t.text, 40), m.Line))
		}
	}
	out := make([]Candidate, 0, len(byPath))
	for _, c := range byPath {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Path < out[j].Path
	})
	return out, nil
}

func mentionWord(kind string) string {
	switch kind {
	case "message":
		return "contains the message"
	case "symbol":
		return "uses"
	case "file":
		return "mentions"
	}
	return "mentions"
}

// grepPattern is an extended regular expression matching text literally,
// as a whole word when it is an identifier.
func grepPattern(text string) string {
	q := regexp.QuoteMeta(text)
	if regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(text) {
		return `(^|[^A-Za-z0-9_])` + q + `([^A-Za-z0-9_]|$)`
	}
	return q
}

func definesSymbol(line, sym string) bool {
	l := strings.TrimSpace(line)
	for _, kw := range []string{"func ", "def ", "class ", "type ", "fn ", "function ", "interface ", "struct ", "const ", "var ", "let "} {
		if i := strings.Index(l, kw); i >= 0 && strings.Contains(l[i:], sym) {
			return true
		}
	}
	return false
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// planning writes plan.md and creates the feature branch.
func (ss *session) planning(ctx context.Context, st *workflow.State) (orchestration.Outcome, error) {
	var im issueMeta
	var rm repoMeta
	if _, err := st.Meta(metaIssue, &im); err != nil {
		return orchestration.Outcome{}, err
	}
	if _, err := st.Meta(metaRepo, &rm); err != nil {
		return orchestration.Outcome{}, err
	}
	branch := branchName(ss.cfg.Config.Workflow.BranchPrefix, st.IssueNumber, im.Title)
	ss.svc.note("Searching the repository for what the issue names")
	cands, err := ss.rankFiles(ctx, searchTerms(im))
	if err != nil {
		return orchestration.Outcome{}, err
	}
	text := renderPlan(st, im, rm, branch, cands)
	if extra, err := ss.enrichPlan(ctx, st, text); err != nil {
		ss.svc.note("Warning: the language model could not add to the plan: " + err.Error())
		if werr := addWarnings(st, "the language model could not add to the plan: "+err.Error()); werr != nil {
			return orchestration.Outcome{}, werr
		}
	} else if extra != "" {
		text += "\n" + extra
	}
	dir, err := ss.store.WorkDir(st.WorkflowID)
	if err != nil {
		return orchestration.Outcome{}, err
	}
	planPath := filepath.Join(dir, "plan.md")
	if err := writePlan(dir, text); err != nil {
		return orchestration.Outcome{}, err
	}
	var files []string
	for i, c := range cands {
		if i == 10 {
			break
		}
		files = append(files, c.Path)
	}
	if err := st.SetMeta(metaPlan, planMeta{Path: planPath, Files: files}); err != nil {
		return orchestration.Outcome{}, err
	}
	ss.res.PlanPath, ss.res.Plan = planPath, text
	if err := ss.createBranch(ctx, st, branch, rm); err != nil {
		return orchestration.Outcome{}, err
	}
	return orchestration.Outcome{Facts: workflow.Facts{PlanDocumented: true},
		Reason: fmt.Sprintf("plan.md written, %d candidate file(s), branch %s", len(files), branch)}, nil
}

// writePlan replaces plan.md atomically through os.Root, so the write
// cannot leave the workflow's folder.
func writePlan(dir, text string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return errcode.Wrap(errcode.WorkflowPhaseFailed, err, "cannot create "+dir, "check that the repository folder is writable")
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return errcode.Wrap(errcode.WorkflowPhaseFailed, err, "cannot open "+dir, "check that the repository folder is writable")
	}
	defer root.Close()
	f, err := root.Create(".plan.md.tmp")
	if err == nil {
		_, err = f.WriteString(text)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = root.Rename(".plan.md.tmp", "plan.md")
	}
	if err != nil {
		_ = root.Remove(".plan.md.tmp")
		return errcode.Wrap(errcode.WorkflowPhaseFailed, err, "cannot write plan.md in "+dir, "check that the repository folder is writable")
	}
	return nil
}

// branchName is PREFIX<number>-<slug of the title>.
func branchName(prefix string, number int, title string) string {
	s := slug(title, 40)
	if s == "" {
		return prefix + itoa(number)
	}
	return prefix + itoa(number) + "-" + s
}

// createBranch creates the feature branch at the default branch's tip and
// checks it out, on approval; a resumed run finds it there and checks it out.
func (ss *session) createBranch(ctx context.Context, st *workflow.State, name string, rm repoMeta) error {
	base := "origin/" + rm.DefaultBranch
	if rm.DefaultBranch == "" {
		base = "HEAD"
	}
	branches, err := ss.git.Branches(ctx)
	if err != nil {
		return err
	}
	exists := contains(branches, name)
	if !exists {
		if err := ss.approve(ctx, st, approval.Request{Tool: "git_branch", Action: "create the branch " + name + " from " + base,
			Command: []string{"git", "switch", "-c", name, base}, Mutating: true}); err != nil {
			return err
		}
		if err := ss.git.CreateBranch(ctx, name, base); err != nil {
			return err
		}
	}
	cur, err := ss.git.CurrentBranch(ctx)
	if err != nil {
		return err
	}
	if cur != name {
		if err := ss.git.Checkout(ctx, name); err != nil {
			return err
		}
	}
	var bm branchMeta
	if ok, _ := st.Meta(metaBranch, &bm); !ok || bm.Name != name {
		sha, err := ss.git.HeadSHA(ctx)
		if err != nil {
			return err
		}
		bm = branchMeta{Name: name, Base: base, BaseSHA: sha}
	}
	st.BranchName = name
	return st.SetMeta(metaBranch, bm)
}

func renderPlan(st *workflow.State, im issueMeta, rm repoMeta, branch string, cands []Candidate) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Plan: %s (#%d)\n\n", im.Title, st.IssueNumber)
	fmt.Fprintf(&b, "- Issue: %s\n- Type: %s\n- Branch: `%s`\n- Repository: %s\n\n", st.IssueURL, orNone(im.Type), branch, rm.Upstream)
	b.WriteString("## What the issue asks\n\n")
	asks := requirementItems(im.Requirements)
	if len(asks) == 0 {
		fmt.Fprintf(&b, "- %s\n", im.Title)
	}
	for _, it := range asks {
		fmt.Fprintf(&b, "- %s: %s\n", it.kind, it.item.Text)
	}
	var code, tests []Candidate
	for _, c := range cands {
		if c.Test {
			tests = append(tests, c)
		} else {
			code = append(code, c)
		}
	}
	b.WriteString("\n## Files most likely involved\n\n")
	if len(code) == 0 {
		b.WriteString("Nothing in the repository matches what the issue names. Start from the layout: `oss-dev analyze repo`.\n")
	}
	for i, c := range code {
		if i == 8 {
			break
		}
		fmt.Fprintf(&b, "%d. `%s`: %s\n", i+1, c.Path, strings.Join(c.Reasons, "; "))
	}
	b.WriteString("\n## Steps\n\n")
	steps := []string{"Read the issue and its comments again, and the files above."}
	if len(im.Requirements.ReproductionSteps) > 0 {
		steps = append(steps, "Reproduce the problem first: "+joinItems(im.Requirements.ReproductionSteps, "; ")+".")
	}
	if len(code) > 0 {
		steps = append(steps, "Make the change, starting in `"+code[0].Path+"`.")
	} else {
		steps = append(steps, "Find where the behaviour lives and make the change.")
	}
	steps = append(steps, "Add or update a test that fails without the change and passes with it.")
	if t := first(rm.Test); t != "" {
		steps = append(steps, "Run the tests: `"+t+"`.")
	}
	steps = append(steps, "Run `oss-dev mentor next`: it runs the tests, checks the change against the issue, then commits, pushes and opens the pull request, asking before each change.")
	for i, s := range steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, s)
	}
	b.WriteString("\n## Tests\n\n")
	if t := first(rm.Test); t != "" {
		fmt.Fprintf(&b, "- Run: `%s`\n", t)
	} else {
		b.WriteString("- No test command was detected; find out from the contributing guide how the project tests.\n")
	}
	for i, c := range tests {
		if i == 5 {
			break
		}
		fmt.Fprintf(&b, "- Extend or run: `%s` (%s)\n", c.Path, strings.Join(c.Reasons, "; "))
	}
	if len(tests) == 0 && len(code) > 0 {
		fmt.Fprintf(&b, "- Add a test next to `%s`, in the style of the repository's other tests.\n", code[0].Path)
	}
	b.WriteString("\n## Commands\n\n")
	for _, g := range []struct {
		kind string
		list []CommandInfo
	}{{"test", rm.Test}, {"lint", rm.Lint}, {"format", rm.Format}} {
		for i, c := range g.list {
			if i == 2 {
				break
			}
			where := ""
			if c.Dir != "" {
				where = " (in " + c.Dir + ")"
			}
			if c.CI {
				where += " (CI runs it)"
			}
			fmt.Fprintf(&b, "- %s: `%s`%s\n", g.kind, c.Command, where)
		}
	}
	if len(rm.Test)+len(rm.Lint)+len(rm.Format) == 0 {
		b.WriteString("- None detected.\n")
	}
	b.WriteString("\n## Before the pull request\n\n")
	if rm.DCO {
		b.WriteString("- Commits need a DCO sign-off (`git commit -s`); oss-dev signs off the commit it makes.\n")
	}
	if rm.Convention != "" && rm.Convention != "none" && rm.Convention != "unknown" {
		fmt.Fprintf(&b, "- Commit messages follow the %s style (%.0f%% of recent commits).\n", rm.Convention, rm.ConvShare*100)
	}
	if rm.PRTemplate != "" {
		fmt.Fprintf(&b, "- The pull request uses the template `%s`; oss-dev fills it.\n", rm.PRTemplate)
	}
	if !rm.CanPush {
		fmt.Fprintf(&b, "- You cannot push to %s: the branch goes to your fork (remote `%s`).\n", rm.Upstream, rm.PushRemote)
	}
	return b.String()
}

type kindItem struct {
	kind string
	item issue.Item
}

// requirementItems are the requirements a change is checked against.
func requirementItems(r issue.Requirements) []kindItem {
	var out []kindItem
	for _, g := range []struct {
		kind  string
		items []issue.Item
	}{{"acceptance", r.AcceptanceCriteria}, {"expected", r.Expected}, {"file", r.Files}, {"symbol", r.Symbols}} {
		for _, it := range g.items {
			out = append(out, kindItem{g.kind, it})
		}
	}
	return out
}

func joinItems(items []issue.Item, sep string) string {
	parts := make([]string, 0, len(items))
	for _, it := range items {
		parts = append(parts, it.Text)
	}
	return strings.Join(parts, sep)
}
