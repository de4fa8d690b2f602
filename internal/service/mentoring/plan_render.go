package mentoring

import (
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
)

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
