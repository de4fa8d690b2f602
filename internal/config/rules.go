package config

import (
	"fmt"
	"os"
	"reflect"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Rule kinds, as the config files name them: [[approval.allow]] and
// [[approval.deny]].
const (
	RuleAllow = "allow"
	RuleDeny  = "deny"
)

// FileRule is one approval rule with the file it is written in.
type FileRule struct {
	Rule
	// Kind is RuleAllow or RuleDeny.
	Kind  string `json:"kind"`
	Layer Layer  `json:"layer"`
	File  string `json:"file"`
	// Index is the rule's position among the rules of its kind in its file.
	Index int `json:"index"`
	// Line is where the rule starts in the file; 0 when unknown.
	Line int `json:"line,omitempty"`
	// Ignored says why the rule is not in force: an allow rule of a
	// project config that is not the user's own. Empty when in force.
	Ignored string `json:"ignored,omitempty"`
}

// FileRules lists the rules of every file layer, lowest layer first; within
// a file the allow rules, then the deny rules, each in file order. Rules add up across layers (a project file
// cannot switch off a user's deny rule), so this is the full set in force,
// the same as Config.Approval.Allow and Deny, with where each came from.
func (l *Loaded) FileRules() ([]FileRule, error) {
	home, _ := os.UserHomeDir()
	ix := newKeyIndex()
	var out []FileRule
	for _, lf := range l.Files {
		if !lf.Exists {
			continue
		}
		data, ok := l.data[lf.Path]
		if !ok {
			var err error
			if data, err = readConfigFile(lf.Path, home); err != nil {
				return nil, err
			}
		}
		if data == nil {
			continue
		}
		as, probs := decodeFile(ix, data)
		if len(probs) > 0 {
			return nil, fileError(displayPath(lf.Path, home), probs)
		}
		lines := keyLines(data)
		for _, a := range as {
			if a.def.kind != kindRules {
				continue
			}
			kind := RuleAllow
			if a.def.name == "approval.deny" {
				kind = RuleDeny
			}
			for i, r := range a.val.([]Rule) {
				line := lines[fmt.Sprintf("%s[%d]", a.def.name, i)]
				if line == 0 {
					line = a.line
				}
				fr := FileRule{Rule: r, Kind: kind, Layer: lf.Layer, File: lf.Path, Index: i, Line: line}
				if lf.Layer == LayerProject && kind == RuleAllow && l.project != nil {
					fr.Ignored = "a project config that is not your own cannot allow commands; " + l.project.why
				}
				out = append(out, fr)
			}
		}
	}
	return out, nil
}

// RemoveRule deletes the index-th [[approval.KIND]] table of the config
// file at path and returns the rule it held. want is the rule the caller
// saw there: when the file now holds another rule at that place (someone
// edited it meanwhile), nothing is written. Like Set, it works under the
// file lock, atomically, and keeps the rest of the file byte for byte,
// comments included.
func RemoveRule(path, kind string, index int, want Rule) (Rule, error) {
	if kind != RuleAllow && kind != RuleDeny {
		return Rule{}, errcode.Newf(errcode.InvalidInput, "use allow or deny", "unknown rule kind %q", kind)
	}
	key := []string{"approval", kind}
	var removed Rule
	found, err := editFile(path, func(doc *document) ([]byte, bool, error) {
		r, out, err := doc.removeRule(key, index)
		if err != nil {
			return nil, false, err
		}
		if !sameRule(r, want) {
			return nil, false, errcode.Newf(errcode.ConfigWrite, "list the rules again ('oss-dev config rules list') and remove the one you mean",
				"the file changed: rule %d of approval.%s is now %q", index+1, kind, describeRule(r))
		}
		removed = r
		return out, true, nil
	})
	if err != nil {
		return Rule{}, err
	}
	if !found {
		return Rule{}, errcode.Newf(errcode.NotFound, "list the rules with 'oss-dev config rules list'",
			"there is no rule %d of approval.%s in %s", index+1, kind, path)
	}
	return removed, nil
}

// sameRule compares rules field by field, a nil and an empty Args alike.
func sameRule(a, b Rule) bool {
	if len(a.Args) == 0 && len(b.Args) == 0 {
		a.Args, b.Args = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

func describeRule(r Rule) string {
	s := r.Program
	if r.Subcommand != "" {
		s += " " + r.Subcommand
	}
	for _, a := range r.Args {
		s += " " + a
	}
	if r.Tool != "" {
		s = "tool:" + string(r.Tool) + " " + s
	}
	return s
}

// removeRule returns the rule at index and the text without its table: the
// header line through the table's last key, and one blank line when the
// table stood between two or ended the file after one, so that appending a
// rule and removing it again gives back the same file.
func (doc *document) removeRule(key []string, index int) (Rule, []byte, error) {
	if _, err := doc.countRules(key); err != nil {
		return Rule{}, nil, err
	}
	n := 0
	for h, e := range doc.exprs {
		if e.kind != unstable.ArrayTable || !equalKeys(e.key, key) {
			continue
		}
		if n < index {
			n++
			continue
		}
		from, to := e.start, doc.exprs[doc.sectionEnd(h)].end
		r, err := doc.ruleAt(key, index)
		if err != nil {
			return Rule{}, nil, err
		}
		data := doc.data
		switch {
		case blankBefore(data, from) && blankAt(data, to):
			to = lineEnd(data, to)
		case to == len(data) && from > 0 && blankBefore(data, from):
			// The blank line AppendRule put before the table goes with it.
			from = lineStart(data, from-1)
		}
		return r, splice(data, from, to, ""), nil
	}
	return Rule{}, nil, errcode.Newf(errcode.NotFound, "list the rules with 'oss-dev config rules list'",
		"there is no rule %d of %s.%s", index+1, key[0], key[1])
}

// ruleAt decodes the document and returns its index-th rule of key.
func (doc *document) ruleAt(key []string, index int) (Rule, error) {
	as, probs := decodeFile(newKeyIndex(), doc.data)
	if len(probs) > 0 {
		return Rule{}, errcode.New(errcode.ConfigInvalid, probs[0].msg, "correct the file first; nothing was changed")
	}
	name := key[0] + "." + key[1]
	for _, a := range as {
		if a.def.name == name {
			if rules := a.val.([]Rule); index < len(rules) {
				return rules[index], nil
			}
		}
	}
	return Rule{}, errcode.Newf(errcode.NotFound, "list the rules with 'oss-dev config rules list'", "there is no rule %d of %s", index+1, name)
}

// blankBefore reports whether the line before offset at is empty (or at
// is the start of the file).
func blankBefore(data []byte, at int) bool {
	if at == 0 {
		return true
	}
	prev := lineStart(data, at-1)
	return isBlank(data[prev:at])
}

// blankAt reports whether the line starting at offset at is empty.
func blankAt(data []byte, at int) bool {
	if at >= len(data) {
		return false
	}
	return isBlank(data[at:lineEnd(data, at)])
}

func isBlank(line []byte) bool {
	for _, b := range line {
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return false
		}
	}
	return true
}
