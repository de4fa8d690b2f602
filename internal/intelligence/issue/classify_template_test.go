package issue

import (
	"testing"

	"github.com/oss-dev/oss-dev/internal/model"
)

func TestTemplateHeadings(t *testing.T) {
	bug := "### Describe the bug\n\nIt crashes.\n\n### Expected behavior\n\nNo crash.\n\n### Actual behavior\n\nA crash.\n"
	feature := "**Is your feature request related to a problem?**\nYes.\n\n**Describe the solution you'd like**\nA flag.\n"
	mixed := "## Describe the bug\nx\n## Describe the solution you'd like\ny\n## Steps to reproduce\nz\n"
	for _, c := range []struct {
		body, want string
	}{
		{bug, "bug"}, {feature, "feature"}, {mixed, ""}, {"Describe the bug in the title only", ""},
		{"### Steps to reproduce\n1. run\n", ""},
	} {
		got, ev, ok := templateBase(c.body)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%q: %q %v, want %q", c.body, got, ok, c.want)
		}
		if ok && ev.Signal != "template" {
			t.Errorf("evidence %+v", ev)
		}
	}
}

func TestTemplateDecidesOnlyWhenTheModelIsUnsure(t *testing.T) {
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	iss := model.Issue{Title: "Got hangs", Body: "### Describe the bug\n\nSomething.\n\n### Expected behavior\n\nIt works.\n\n### Actual behavior\n\nIt does not.\n"}
	c := m.Classify(iss)
	if c.Base != "bug" {
		t.Fatalf("a bug template classified as %s (%+v)", c.Base, c.Evidence)
	}
	iss.Labels = []model.Label{{Name: "question"}}
	if c := m.Classify(iss); c.Base != "question" || c.Source != "label" {
		t.Fatalf("a label must still win over the template: %+v", c)
	}
}
