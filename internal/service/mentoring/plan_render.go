package mentoring

import (
	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
)

// planView is what plan.md shows; templates/plan.md.tmpl lays it out.
type planView struct {
	Title, IssueURL, Type, Branch, Repository string
	Number                                    int
	Asks                                      []planAsk
	// Code and Tests are the candidate files, split: what to change and
	// the tests to extend.
	Code, Tests []Candidate
	// Repro are the issue's steps to reproduce the problem.
	Repro       []string
	TestCommand string
	Commands    []planCommand
	DCO         bool
	// Convention is the commit message style, when the history has one.
	Convention        string
	ConventionPercent float64
	PRTemplate        string
	// Fork says the contributor cannot push upstream: the branch goes to
	// the fork, the remote PushRemote.
	Fork       bool
	PushRemote string
}

type planAsk struct{ Kind, Text string }

type planCommand struct {
	Kind string
	CommandInfo
}

func renderPlan(st *workflow.State, im issueMeta, rm repoMeta, branch string, cands []Candidate) (string, error) {
	v := planView{Title: im.Title, Number: st.IssueNumber, IssueURL: st.IssueURL, Type: orNone(im.Type), Branch: branch,
		Repository: rm.Upstream, TestCommand: first(rm.Test), DCO: rm.DCO, PRTemplate: rm.PRTemplate,
		Fork: !rm.CanPush, PushRemote: rm.PushRemote}
	for _, it := range requirementItems(im.Requirements) {
		v.Asks = append(v.Asks, planAsk{it.kind, it.item.Text})
	}
	for _, c := range cands {
		if c.Test {
			v.Tests = append(v.Tests, c)
		} else {
			v.Code = append(v.Code, c)
		}
	}
	v.Code, v.Tests = v.Code[:min(len(v.Code), 8)], v.Tests[:min(len(v.Tests), 5)]
	for _, it := range im.Requirements.ReproductionSteps {
		v.Repro = append(v.Repro, it.Text)
	}
	for _, g := range []struct {
		kind string
		list []CommandInfo
	}{{"test", rm.Test}, {"lint", rm.Lint}, {"format", rm.Format}} {
		for _, c := range g.list[:min(len(g.list), 2)] {
			v.Commands = append(v.Commands, planCommand{g.kind, c})
		}
	}
	if rm.Convention != "none" && rm.Convention != "unknown" {
		v.Convention, v.ConventionPercent = rm.Convention, rm.ConvShare*100
	}
	return render("plan.md.tmpl", v)
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
