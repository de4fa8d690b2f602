package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// assignment is one key set by one layer.
type assignment struct {
	def  keyDef
	val  any
	line int // 0 when unknown
	// variable is the OSS_DEV_ variable that set it, for the env layer.
	variable string
}

// problem is one thing wrong with a layer, located as precisely as the
// parser allows.
type problem struct {
	line, col int
	msg       string
	code      errcode.Code
	fix       string
}

// decodeFile reads one config file's bytes strictly: every key must be
// known, of the right type and in range, and no secret may appear.
func decodeFile(ix *keyIndex, data []byte) ([]assignment, []problem) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, []problem{syntaxProblem(err)}
	}
	d := &fileDecoder{ix: ix, lines: keyLines(data)}
	d.table("", doc)
	sort.SliceStable(d.probs, func(i, j int) bool { return d.probs[i].line < d.probs[j].line })
	if len(d.probs) > 0 {
		return nil, d.probs
	}
	return d.out, nil
}

// syntaxCheck returns the first TOML error of data, or nil when it is
// valid TOML (duplicate keys and redefined tables included).
func syntaxCheck(data []byte) *problem {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		p := syntaxProblem(err)
		return &p
	}
	return nil
}

// syntaxProblem turns the TOML parser's error into a located problem.
func syntaxProblem(err error) problem {
	p := problem{code: errcode.ConfigInvalid, fix: "fix the TOML syntax at that place in {file} (see https://toml.io)"}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		p.line, p.col = de.Position()
		p.msg = "invalid TOML: " + strings.TrimPrefix(de.Error(), "toml: ")
		return p
	}
	p.msg = "invalid TOML: " + strings.TrimPrefix(err.Error(), "toml: ")
	return p
}

type fileDecoder struct {
	ix    *keyIndex
	lines map[string]int
	out   []assignment
	probs []problem
}

func (d *fileDecoder) fail(key string, code errcode.Code, fix, format string, args ...any) {
	d.probs = append(d.probs, problem{line: d.lines[key], msg: fmt.Sprintf(format, args...), code: code, fix: fix})
}

// Fixes name the file as {file}; fileError fills it in.
const fixValue = "correct the value in {file}, or delete its line to use the default"

// table walks one table of the document; prefix is its dotted name.
func (d *fileDecoder) table(prefix string, t map[string]any) {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		full := k
		if prefix != "" {
			full = prefix + "." + k
		}
		d.entry(full, t[k])
	}
}

func (d *fileDecoder) entry(full string, v any) {
	if isSecretName(full) {
		d.fail(full, errcode.ConfigSecret, secretHome(full)+", and delete the line from {file}",
			"%q is a secret and is not read from config files", full)
		return
	}
	def, ok := d.ix.lookup(full)
	if !ok {
		if d.ix.tables[full] {
			if sub, ok := v.(map[string]any); ok {
				d.table(full, sub)
				return
			}
			d.fail(full, errcode.ConfigInvalid, fixValue, "%s: expected a table, got %s", full, describeValue(v))
			return
		}
		d.unknown(full)
		return
	}
	switch def.kind {
	case kindToolPolicies:
		d.tools(full, v)
	case kindRules:
		d.rules(def, v)
	default:
		val, err := fromTOML(def, v)
		if err == nil && def.check != nil {
			if cerr := def.check(val); cerr != nil {
				err = fmt.Errorf("%s: %v", def.name, cerr)
			}
		}
		if err != nil {
			d.fail(full, errcode.ConfigInvalid, fixValue, "%v", err)
			return
		}
		d.out = append(d.out, assignment{def: def, val: val, line: d.lines[full]})
	}
}

func (d *fileDecoder) unknown(full string) {
	msg := d.ix.unknownKeyMessage(full)
	d.fail(full, errcode.ConfigInvalid, "correct or delete the key in {file} ('oss-dev config show' lists every key)", "%s", msg)
}

// tools reads approval.tools: a table of tool name = policy.
func (d *fileDecoder) tools(full string, v any) {
	t, ok := v.(map[string]any)
	if !ok {
		d.fail(full, errcode.ConfigInvalid, fixValue, "%s: expected a table of tool = policy, got %s", full, describeValue(v))
		return
	}
	names := make([]string, 0, len(t))
	for k := range t {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		key := full + "." + name
		if !Tool(name).Valid() {
			d.fail(key, errcode.ConfigInvalid, "in {file}, name one of the tools or delete the line", "%s: %s", full, unknownToolMessage(name))
			continue
		}
		d.entry(key, t[name])
	}
}

// rules reads approval.allow or approval.deny, written as [[approval.allow]]
// tables or as an array of inline tables.
func (d *fileDecoder) rules(def keyDef, v any) {
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case []map[string]any:
		for _, m := range x {
			items = append(items, m)
		}
	default:
		d.fail(def.name, errcode.ConfigInvalid, "in {file}, write each rule as an [["+def.name+"]] table", "%s: expected an array of tables, got %s", def.name, describeValue(v))
		return
	}
	rules := make([]Rule, 0, len(items))
	for i, item := range items {
		name := fmt.Sprintf("%s[%d]", def.name, i)
		r, err := ruleFromTOML(name, item)
		if err != nil {
			d.fail(name, errcode.ConfigInvalid, "correct the rule in {file}", "%v", err)
			continue
		}
		rules = append(rules, r)
	}
	d.out = append(d.out, assignment{def: def, val: rules, line: d.lines[def.name]})
}

// keyLines maps every dotted key of the document (tables, keys, rule
// entries like approval.allow[1].program) to the line that first defines
// it. The document is known to be valid TOML.
func keyLines(data []byte) map[string]int {
	var nl []int
	for i, b := range data {
		if b == '\n' {
			nl = append(nl, i)
		}
	}
	lineOf := func(off uint32) int { return sort.SearchInts(nl, int(off)) + 1 }
	lines := map[string]int{}
	record := func(key string, off uint32) {
		for i := 0; i <= len(key); i++ {
			if i == len(key) || key[i] == '.' {
				if _, ok := lines[key[:i]]; !ok {
					lines[key[:i]] = lineOf(off)
				}
			}
		}
	}

	var p unstable.Parser
	p.Reset(data)
	table := ""
	arrays := map[string]int{}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			it := e.Key()
			table = joinKey(it)
			record(table, firstKeyOffset(e))
		case unstable.ArrayTable:
			name := joinKey(e.Key())
			i := arrays[name]
			arrays[name]++
			table = fmt.Sprintf("%s[%d]", name, i)
			record(name, firstKeyOffset(e))
			record(table, firstKeyOffset(e))
		case unstable.KeyValue:
			recordKeyValue(record, table, e)
		}
	}
	return lines
}

// recordKeyValue records a key = value line and, for inline tables and
// arrays of them, the keys inside.
func recordKeyValue(record func(string, uint32), prefix string, kv *unstable.Node) {
	full := joinKey(kv.Key())
	if prefix != "" {
		full = prefix + "." + full
	}
	record(full, kv.Raw.Offset)
	val := kv.Value()
	switch val.Kind {
	case unstable.InlineTable:
		recordInline(record, full, val)
	case unstable.Array:
		i := 0
		for it := val.Children(); it.Next(); {
			el := it.Node()
			if el.Kind == unstable.InlineTable {
				name := fmt.Sprintf("%s[%d]", full, i)
				record(name, el.Raw.Offset)
				recordInline(record, name, el)
			}
			if el.Kind != unstable.Comment {
				i++
			}
		}
	}
}

func recordInline(record func(string, uint32), prefix string, tbl *unstable.Node) {
	for it := tbl.Children(); it.Next(); {
		if n := it.Node(); n.Kind == unstable.KeyValue {
			recordKeyValue(record, prefix, n)
		}
	}
}

func joinKey(it unstable.Iterator) string {
	var b strings.Builder
	for it.Next() {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.Write(it.Node().Data)
	}
	return b.String()
}

func firstKeyOffset(n *unstable.Node) uint32 {
	if k := n.Child(); k != nil {
		return k.Raw.Offset
	}
	return 0
}
