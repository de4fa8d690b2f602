package repo

import (
	"bufio"
	"bytes"
	"path"
	"strings"
	"sync/atomic"
)

// attrState is the value of one attribute for a path, as git defines it.
type attrState struct {
	set   bool   // the attribute is specified (set, unset or a value)
	value string // "true" when set, "false" when unset, else the value
}

// attrRule is one line of a .gitattributes file that touches a linguist
// attribute.
type attrRule struct {
	dir     string // directory of the .gitattributes file, "" at the root
	raw     string // the pattern as written
	pat     pattern
	base    bool // the pattern has no slash: it matches the file name at any depth
	attrs   map[string]attrState
	file    string // the .gitattributes file
	line    int
	dirOnly bool // a trailing slash: matches directories only, never a file
}

// Attributes holds the linguist rules of every .gitattributes file of a
// tree, shallowest file first, lines in order, so the last matching rule
// wins as in git.
type Attributes struct {
	rules []attrRule
	// used counts the pattern matching done: a pattern costs its tokens
	// times the path's length on each file, and a repository's
	// .gitattributes could make that hours.
	used atomic.Int64
	// spent is set once matching stopped for want of work.
	spent atomic.Bool
}

// maxAttrWork bounds the token-by-byte steps of matching .gitattributes
// patterns in one analysis: a few seconds' worth, tens of times what
// large real repositories use. A variable for the tests.
var maxAttrWork int64 = 5_000_000_000

// Exhausted reports whether matching stopped before every file was
// matched against every rule.
func (a *Attributes) Exhausted() bool { return a != nil && a.spent.Load() }

// AttrSource is where a linguist override came from.
type AttrSource struct {
	File string
	Line int
}

// parseGitattributes parses one .gitattributes file found at file (a
// slash-separated path relative to the tree's root) and appends its
// linguist rules.
func (a *Attributes) parse(file string, data []byte) {
	dir := path.Dir(file)
	if dir == "." {
		dir = ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		r, ok := parseAttrLine(sc.Text())
		if !ok {
			continue
		}
		r.dir, r.file, r.line = dir, file, line
		a.rules = append(a.rules, r)
	}
}

// parseAttrLine parses "pattern attr1 -attr2 attr3=value". It keeps only
// lines that name a linguist attribute.
func parseAttrLine(s string) (attrRule, bool) {
	s = strings.TrimLeft(s, " \t")
	if s == "" || s[0] == '#' || strings.HasPrefix(s, "[attr]") {
		return attrRule{}, false
	}
	pat, rest := splitPattern(s)
	if pat == "" || pat[0] == '!' {
		// Negative patterns are forbidden in attributes files; git ignores them.
		return attrRule{}, false
	}
	r := attrRule{raw: pat}
	for _, f := range strings.Fields(rest) {
		name, st := parseAttr(f)
		if !strings.HasPrefix(name, "linguist-") {
			continue
		}
		if r.attrs == nil {
			r.attrs = map[string]attrState{}
		}
		r.attrs[name] = st
	}
	if r.attrs == nil {
		return attrRule{}, false
	}
	if strings.HasSuffix(pat, "/") {
		r.dirOnly = true
		pat = strings.TrimSuffix(pat, "/")
	}
	r.base = !strings.Contains(pat, "/")
	pat = strings.TrimPrefix(pat, "/")
	r.pat = compilePattern(pat)
	return r, true
}

// splitPattern takes the pattern off the front of a line; a pattern may be
// double-quoted with C-style escapes, as git allows.
func splitPattern(s string) (string, string) {
	if s[0] != '"' {
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			return s, ""
		}
		return s[:i], s[i:]
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), s[i+1:]
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	// An unterminated quote: git takes the line literally.
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// parseAttr parses one attribute: "a" (set), "-a" (unset), "!a"
// (unspecified) or "a=value".
func parseAttr(f string) (string, attrState) {
	switch f[0] {
	case '-':
		return f[1:], attrState{set: true, value: "false"}
	case '!':
		return f[1:], attrState{}
	}
	if i := strings.IndexByte(f, '='); i >= 0 {
		return f[:i], attrState{set: true, value: f[i+1:]}
	}
	return f, attrState{set: true, value: "true"}
}

// Lookup returns the linguist attributes that apply to the file at p (a
// slash-separated path relative to the root) and where each came from.
// A pattern that matches a directory does not apply to the files inside
// it, as git documents for attributes.
func (a *Attributes) Lookup(p string) map[string]attrWithSource {
	if a == nil || len(a.rules) == 0 {
		return nil
	}
	var out map[string]attrWithSource
	for i := range a.rules {
		r := &a.rules[i]
		if r.dirOnly {
			continue
		}
		rel := p
		if r.dir != "" {
			if !strings.HasPrefix(p, r.dir+"/") {
				continue
			}
			rel = p[len(r.dir)+1:]
		}
		target := rel
		if r.base {
			target = path.Base(rel)
		}
		if a.used.Add(int64(len(r.pat.toks)+1)*int64(len(target)+1)) > maxAttrWork {
			a.spent.Store(true)
			return out
		}
		if !r.pat.match(target) {
			continue
		}
		if out == nil {
			out = map[string]attrWithSource{}
		}
		for name, st := range r.attrs {
			out[name] = attrWithSource{attrState: st, src: AttrSource{File: r.file, Line: r.line}}
		}
	}
	return out
}

type attrWithSource struct {
	attrState
	src AttrSource
}

// boolAttr reads a linguist boolean the way linguist does: specified and
// not "false" is true.
func boolAttr(m map[string]attrWithSource, name string) (val, ok bool, src AttrSource) {
	st, found := m[name]
	if !found || !st.set {
		return false, false, AttrSource{}
	}
	return st.value != "false", true, st.src
}
