package rules

import (
	"regexp"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// AddRequest is one rule to write.
type AddRequest struct {
	// Kind is config.RuleAllow or config.RuleDeny.
	Kind string
	// Layer is config.LayerUser or config.LayerProject (the default).
	Layer config.Layer
	// Words are the pattern's words: "npm", "run", "test*", "...".
	Words  []string
	Tool   config.Tool
	Reason string
}

// Added is the outcome of Add.
type Added struct {
	Listed
	// Existed is true when the file already held the same rule; nothing was written.
	Existed bool `json:"existed"`
}

// Add validates the pattern, then appends the rule to the layer's file
// (created when missing), atomically and keeping the rest of the file as
// it was. The same rule already in that file is not written twice.
func (s *Service) Add(req AddRequest) (Added, error) {
	if req.Kind != config.RuleAllow && req.Kind != config.RuleDeny {
		return Added{}, errcode.Newf(errcode.InvalidInput, "use allow or deny", "unknown rule kind %q", req.Kind)
	}
	r, err := ParsePattern(req.Words, req.Tool)
	if err != nil {
		return Added{}, err
	}
	r.Reason = strings.TrimSpace(req.Reason)
	file, err := s.target(req.Layer)
	if err != nil {
		return Added{}, err
	}
	// A broken config is reported before anything is written to it.
	rules, err := s.List()
	if err != nil {
		return Added{}, err
	}
	for _, have := range rules {
		if have.File == file && have.Kind == req.Kind && approval.Pattern(have.Rule) == approval.Pattern(r) {
			return Added{Listed: have, Existed: true}, nil
		}
	}
	i, err := config.AppendRule(file, req.Kind, r)
	if err != nil {
		return Added{}, err
	}
	layer := config.LayerProject
	if req.Layer == config.LayerUser {
		layer = config.LayerUser
	}
	sr := approval.SourcedRule{Rule: r, Kind: req.Kind, Layer: string(layer), File: file, Index: i}
	return Added{Listed: Listed{ID: sr.ID(), Kind: req.Kind, Pattern: sr.Pattern(), Layer: layer, File: file, Index: i, Rule: r}}, nil
}

// idShape is how rule IDs look: user-allow-1, project-deny-3.
var idShape = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(system|user|project)-(allow|deny)-([1-9][0-9]{0,8})$`)
})

// Remove deletes the rule named by its ID or its pattern. layer, when
// set, says which file to look in; a pattern that names rules in several
// places must be made precise with the layer or the ID.
func (s *Service) Remove(layer config.Layer, ref string) (Listed, error) {
	rules, err := s.List()
	if err != nil {
		return Listed{}, err
	}
	r, err := find(rules, layer, ref)
	if err != nil {
		return Listed{}, err
	}
	if r.Layer != config.LayerUser && r.Layer != config.LayerProject {
		return Listed{}, errcode.Newf(errcode.ConfigWrite, "ask whoever manages "+r.File+" to change it",
			"%s is in the %s file %s, which 'config rules' does not edit", r.ID, r.Layer, r.File)
	}
	if _, err := config.RemoveRule(r.File, r.Kind, r.Index, r.Rule); err != nil {
		return Listed{}, err
	}
	return r, nil
}

func find(rules []Listed, layer config.Layer, ref string) (Listed, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Listed{}, errcode.New(errcode.InvalidInput, "name the rule to remove", "give its ID or its pattern, as 'oss-dev config rules list' shows them")
	}
	if idShape().MatchString(ref) {
		r, ok := RuleOf(rules, ref)
		switch {
		case !ok:
			return Listed{}, errcode.Newf(errcode.NotFound, "list the rules with 'oss-dev config rules list'", "there is no rule %s", ref)
		case layer != "" && r.Layer != layer:
			return Listed{}, errcode.Newf(errcode.InvalidInput, "leave out --"+string(layer)+", or name a rule of that file",
				"%s is a rule of the %s file, not the %s file", ref, r.Layer, layer)
		}
		return r, nil
	}
	words := strings.Fields(ref)
	want, err := ParsePattern(words, "")
	if err != nil {
		return Listed{}, err
	}
	pattern := approval.Pattern(want)
	var hits []Listed
	for _, r := range rules {
		if r.Pattern == pattern && (layer == "" || r.Layer == layer) {
			hits = append(hits, r)
		}
	}
	switch len(hits) {
	case 0:
		where := ""
		if layer != "" {
			where = " in the " + string(layer) + " file"
		}
		return Listed{}, errcode.Newf(errcode.NotFound, "list the rules with 'oss-dev config rules list'", "no rule has the pattern %q%s", pattern, where)
	case 1:
		return hits[0], nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return Listed{}, errcode.Newf(errcode.InvalidInput, "name one by its ID ("+strings.Join(ids, ", ")+"), or add --user or --project",
		"the pattern %q names %d rules", pattern, len(hits))
}
