package linguist

import (
	"regexp"
	"strings"
	"sync"
)

// hop is the operation of one heuristics node.
type hop uint8

const (
	// opAlways matches any content: a rule set's fallback.
	opAlways hop = iota
	// opOr matches when its single matcher matches.
	opOr
	// opAnd matches when every matcher matches.
	opAnd
	// opNot matches when no matcher matches.
	opNot
	// opRegexp is a matcher: an RE2 expression.
	opRegexp
	// opUnsupported is a matcher whose expression (Ruby syntax) RE2
	// cannot compile. As in go-enry's RE2 build, and and not rules skip
	// it and an or rule on it never matches.
	opUnsupported
)

// hnode is one rule or matcher of linguist's heuristics.yml, as generated.
type hnode struct {
	op    hop
	langs string // top-level rules: the languages, tab-separated
	expr  string // opRegexp: the expression
	kids  []hnode
}

// cnode is an hnode with its expression compiled.
type cnode struct {
	op    hop
	langs []string
	re    *regexp.Regexp
	kids  []cnode
}

// ruleSet is the heuristics of one extension, compiled on first use: a
// repository without .h files never compiles the .h expressions.
type ruleSet struct {
	compiled func() []cnode
}

func newRuleSet(src []hnode) *ruleSet {
	return &ruleSet{compiled: sync.OnceValue(func() []cnode { return compileNodes(src) })}
}

func compileNodes(src []hnode) []cnode {
	out := make([]cnode, len(src))
	for i, n := range src {
		c := cnode{op: n.op, kids: compileNodes(n.kids)}
		if n.langs != "" {
			c.langs = strings.Split(n.langs, "\t")
		}
		if n.op == opRegexp {
			// The generator copied expressions that compiled in
			// go-enry's RE2 build, so they compile here too; one that
			// did not would count as unsupported rather than panic.
			re, err := regexp.Compile(n.expr)
			if err != nil {
				c.op = opUnsupported
			}
			c.re = re
		}
		out[i] = c
	}
	return out
}

// match returns the languages of the first rule that matches content.
func (s *ruleSet) match(content []byte) []string {
	for _, r := range s.compiled() {
		if r.matches(content) {
			return r.langs
		}
	}
	return nil
}

func (n *cnode) matches(content []byte) bool {
	switch n.op {
	case opAlways:
		return true
	case opRegexp:
		return n.re.Match(content)
	case opUnsupported:
		return false
	case opOr:
		return len(n.kids) > 0 && n.kids[0].matches(content)
	case opAnd:
		for i := range n.kids {
			if n.kids[i].op != opUnsupported && !n.kids[i].matches(content) {
				return false
			}
		}
		return true
	case opNot:
		for i := range n.kids {
			if n.kids[i].op != opUnsupported && n.kids[i].matches(content) {
				return false
			}
		}
		return true
	}
	return false
}
