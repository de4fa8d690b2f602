package rules

import (
	"path"
	"strings"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
)

// Listed is one rule in force, as `config rules list` shows it.
type Listed struct {
	ID      string       `json:"id"`
	Kind    string       `json:"kind"`
	Pattern string       `json:"pattern"`
	Layer   config.Layer `json:"layer"`
	File    string       `json:"file"`
	Line    int          `json:"line,omitempty"`
	// Index is the rule's position among the rules of its kind in its file.
	Index int         `json:"index"`
	Rule  config.Rule `json:"rule"`
	// DeniedBy lists, for an allow rule, the deny rules that cover some of
	// the same commands: for those, the deny rule wins.
	DeniedBy []string `json:"denied_by,omitempty"`
	// Note says so in words.
	Note string `json:"note,omitempty"`
	// Ignored says why the rule is not in force (an allow rule of a
	// project config that is not the user's own); empty when it is.
	Ignored string `json:"ignored,omitempty"`
}

// List returns every allow and deny rule, lowest layer first: those in
// force, and those that are not, marked Ignored with why.
func (s *Service) List() ([]Listed, error) {
	l, err := s.load("")
	if err != nil {
		return nil, err
	}
	frs, err := l.FileRules()
	if err != nil {
		return nil, err
	}
	return listed(frs), nil
}

func listed(frs []config.FileRule) []Listed {
	out := make([]Listed, 0, len(frs))
	for _, fr := range frs {
		sr := approvals.Sourced(fr)
		out = append(out, Listed{ID: sr.ID(), Kind: fr.Kind, Pattern: sr.Pattern(), Layer: fr.Layer, File: fr.File, Line: fr.Line, Index: fr.Index, Rule: fr.Rule, Ignored: fr.Ignored})
	}
	for i := range out {
		if out[i].Ignored != "" {
			out[i].Note = "ignored: " + out[i].Ignored
			continue
		}
		if out[i].Kind != config.RuleAllow {
			continue
		}
		for _, d := range out {
			if d.Kind == config.RuleDeny && Overlap(out[i].Rule, d.Rule) {
				out[i].DeniedBy = append(out[i].DeniedBy, d.ID)
			}
		}
		if len(out[i].DeniedBy) > 0 {
			out[i].Note = "contradicted by the deny rule " + strings.Join(out[i].DeniedBy, ", ") + ": deny wins"
		}
	}
	return out
}

// Overlap reports whether some command could match both rules: the same
// tool (or one without a tool), the same program, compatible subcommands
// and argument patterns. It errs on the side of saying yes.
func Overlap(a, b config.Rule) bool {
	if a.Tool != "" && b.Tool != "" && a.Tool != b.Tool {
		return false
	}
	if a.Program == "" || b.Program == "" {
		// A tool-only rule covers the tool's requests without a command.
		return a.Program == b.Program
	}
	if path.Base(a.Program) != path.Base(b.Program) {
		return false
	}
	if a.Subcommand != "" && b.Subcommand != "" && a.Subcommand != b.Subcommand {
		return false
	}
	if len(a.Args) == 0 || len(b.Args) == 0 {
		return true
	}
	return argsOverlap(a.Args, b.Args)
}

// argsOverlap compares argument patterns position by position: two
// patterns are compatible when either could match the other's text.
func argsOverlap(a, b []string) bool {
	for i := 0; ; i++ {
		aRest := i < len(a) && a[i] == "..." && i == len(a)-1
		bRest := i < len(b) && b[i] == "..." && i == len(b)-1
		switch {
		case aRest || bRest:
			return true
		case i == len(a) || i == len(b):
			return len(a) == len(b)
		}
		if !globsMeet(a[i], b[i]) {
			return false
		}
	}
}

func globsMeet(p, q string) bool {
	if p == q {
		return true
	}
	if ok, err := path.Match(p, q); err == nil && ok {
		return true
	}
	if ok, err := path.Match(q, p); err == nil && ok {
		return true
	}
	// Two globs may still meet on some text neither spells out ("a*" and
	// "*b"); say yes unless both are plain text.
	return strings.ContainsAny(p, "*?[") && strings.ContainsAny(q, "*?[")
}

// RuleOf finds a rule in force by its ID (project-allow-2).
func RuleOf(rules []Listed, id string) (Listed, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return Listed{}, false
}
