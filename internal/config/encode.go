package config

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Masked replaces a secret's value wherever one is shown.
const Masked = "****"

// Entry is one key's value as commands show it: secrets masked, durations
// as text ("2m"), rules and tool policies as plain data.
type Entry struct {
	Key    string `json:"key"`
	Value  any    `json:"value"`
	Origin Origin `json:"origin"`
	// Ignored lists values set for the key that are not in force, with why.
	Ignored []Ignored `json:"ignored,omitempty"`
}

// Keys lists every key of the merged config in the order `config show`
// prints them, with one approval.tools.NAME key per configured tool.
func (l *Loaded) Keys() []string {
	var out []string
	for _, d := range keyTable() {
		if d.kind == kindToolPolicies {
			out = append(out, toolNames(l.Config.Approval.Tools)...)
			continue
		}
		out = append(out, d.name)
	}
	return out
}

func toolNames(tools map[Tool]Policy) []string {
	names := make([]string, 0, len(tools))
	for t := range tools {
		names = append(names, toolPrefix+string(t))
	}
	sort.Strings(names)
	return names
}

// Get returns one key's entry. An unknown key is CONFIG_INVALID, with the
// nearest known key suggested; approval.tools gives the whole table.
func (l *Loaded) Get(key string) (Entry, error) {
	ix := newKeyIndex()
	d, ok := ix.lookup(key)
	if !ok {
		return Entry{}, UnknownKeyError(key)
	}
	o, ok := l.Origins[key]
	if !ok {
		o = Origin{Layer: LayerDefault}
	}
	v := value(&l.Config, d)
	if v == nil {
		// A tool with no policy of its own follows approval.policy.
		v = ""
	}
	return Entry{Key: key, Value: displayValue(d, v), Origin: o, Ignored: l.IgnoredFor(key)}, nil
}

// IgnoredFor lists the ignored values of key.
func (l *Loaded) IgnoredFor(key string) []Ignored {
	var out []Ignored
	for _, ig := range l.Ignored {
		if ig.Key == key {
			out = append(out, ig)
		}
	}
	return out
}

// UnknownKeyError is the CONFIG_INVALID error for a key that does not exist,
// suggesting the nearest one that does.
func UnknownKeyError(key string) error {
	msg := newKeyIndex().unknownKeyMessage(key)
	return errcode.New(errcode.ConfigInvalid, msg, "run 'oss-dev config show' to see every key")
}

// displayValue is a value ready for output: secrets masked, durations as
// text, nil lists as empty ones.
func displayValue(d keyDef, v any) any {
	switch x := v.(type) {
	case string:
		if d.secret && x != "" {
			return Masked
		}
		return x
	case time.Duration:
		return FormatDuration(x)
	case []string:
		if x == nil {
			return []string{}
		}
		return x
	case []Rule:
		if x == nil {
			return []Rule{}
		}
		return x
	case map[Tool]Policy:
		if x == nil {
			return map[Tool]Policy{}
		}
		return x
	}
	return v
}

// FormatDuration writes a duration the way people do: 2m, 1h30m, 45s.
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Text is an entry's value as `config get` prints it: a string as it is,
// a list one item a line, rules and tool tables as TOML.
func (e Entry) Text() string {
	switch v := e.Value.(type) {
	case string:
		return v
	case []string:
		return strings.Join(v, "\n")
	case []Rule:
		var b bytes.Buffer
		for i, r := range v {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "[[%s]]\n", e.Key)
			writeRule(&b, r)
		}
		return strings.TrimSuffix(b.String(), "\n")
	case map[Tool]Policy:
		var lines []string
		for _, k := range toolNames(v) {
			name := strings.TrimPrefix(k, toolPrefix)
			lines = append(lines, name+" = "+quote(string(v[Tool(name)])))
		}
		return strings.Join(lines, "\n")
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(e.Value)
}

// JSON is the merged config as nested objects for --json: durations as
// text, secrets masked, every key present.
func (l *Loaded) JSON() map[string]any {
	out := map[string]any{}
	for _, d := range keyTable() {
		v := displayValue(d, value(&l.Config, d))
		if d.secret && v == "" {
			continue
		}
		parts := strings.Split(d.name, ".")
		m := out
		for _, p := range parts[:len(parts)-1] {
			sub, ok := m[p].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[p] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = v
	}
	return out
}

// TOML renders the merged config as a TOML document, secrets masked. With
// withOrigin each value carries a comment saying where it came from.
func (l *Loaded) TOML(withOrigin bool) []byte {
	w := &tomlWriter{l: l, withOrigin: withOrigin}
	section := ""
	var later []func()
	for _, d := range keyTable() {
		sec := ""
		if i := strings.LastIndexByte(d.name, '.'); i >= 0 {
			sec = d.name[:i]
		}
		if sec != section {
			for _, f := range later {
				f()
			}
			later = nil
			section = sec
			w.header("[" + sec + "]")
		}
		switch d.kind {
		case kindToolPolicies:
			later = append(later, w.tools)
		case kindRules:
			later = append(later, func() { w.rules(d.name) })
		default:
			v := displayValue(d, value(&l.Config, d))
			if d.secret && v == "" {
				continue
			}
			w.line(d.name[len(sec)+min(len(sec), 1):], literal(v), d.name)
		}
	}
	for _, f := range later {
		f()
	}
	w.ignored()
	return w.b.Bytes()
}

// ignored writes the values that are not in force as comments, each with
// where it was set and why it does not count.
func (w *tomlWriter) ignored() {
	if len(w.l.Ignored) == 0 {
		return
	}
	w.b.WriteString("\n# Not in force:\n")
	for _, ig := range w.l.Ignored {
		fmt.Fprintf(&w.b, "# %s = %s  # %s: ignored, %s\n", ig.Key, ig.Text(), ig.Origin, ig.Why)
	}
	fmt.Fprintf(&w.b, "# (%s)\n", IgnoredFix)
}

// Text is the ignored value as a TOML literal on one line.
func (ig Ignored) Text() string { return oneLine(literalOf(ig.Value)) }

func literalOf(v any) string {
	if rs, ok := v.([]Rule); ok {
		parts := make([]string, len(rs))
		for i, r := range rs {
			parts[i] = quote(describeRule(r))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return literal(v)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

type tomlWriter struct {
	b          bytes.Buffer
	l          *Loaded
	withOrigin bool
}

func (w *tomlWriter) header(h string) {
	if w.b.Len() > 0 {
		w.b.WriteByte('\n')
	}
	w.b.WriteString(h)
	w.b.WriteByte('\n')
}

func (w *tomlWriter) line(key, lit, full string) {
	w.b.WriteString(key + " = " + lit)
	if w.withOrigin {
		w.b.WriteString("  # " + w.l.Origins[full].String())
	}
	w.b.WriteByte('\n')
}

func (w *tomlWriter) tools() {
	names := toolNames(w.l.Config.Approval.Tools)
	if len(names) == 0 {
		return
	}
	w.header("[approval.tools]")
	for _, full := range names {
		name := strings.TrimPrefix(full, toolPrefix)
		w.line(name, quote(string(w.l.Config.Approval.Tools[Tool(name)])), full)
	}
}

func (w *tomlWriter) rules(key string) {
	rules := w.l.Config.Approval.Allow
	if key == "approval.deny" {
		rules = w.l.Config.Approval.Deny
	}
	var where []FileRule
	if w.withOrigin {
		where = w.ruleOrigins(key)
	}
	for i, r := range rules {
		h := "[[" + key + "]]"
		if w.withOrigin {
			o := w.l.Origins[key]
			if len(where) == len(rules) {
				o = Origin{Layer: where[i].Layer, File: where[i].File, Line: where[i].Line}
			}
			h += "  # " + o.String()
		}
		w.header(h)
		writeRule(&w.b, r)
	}
}

// ruleOrigins lists the files of key's rules, in the merged order, since
// rules add up across layers and each may come from another file. A file
// that cannot be read again leaves nil: the key's origin is shown instead.
func (w *tomlWriter) ruleOrigins(key string) []FileRule {
	all, err := w.l.FileRules()
	if err != nil {
		return nil
	}
	var out []FileRule
	for _, fr := range all {
		if "approval."+fr.Kind == key {
			out = append(out, fr)
		}
	}
	return out
}

func writeRule(b *bytes.Buffer, r Rule) {
	fields := []struct{ k, v string }{{"program", r.Program}, {"subcommand", r.Subcommand}, {"tool", string(r.Tool)}, {"reason", r.Reason}}
	for _, f := range fields {
		if f.v != "" {
			b.WriteString(f.k + " = " + quote(f.v) + "\n")
		}
	}
	if len(r.Args) > 0 {
		b.WriteString("args = " + literal(r.Args) + "\n")
	}
}

// literal writes a display value as a TOML literal.
func literal(v any) string {
	switch x := v.(type) {
	case string:
		return quote(x)
	case int:
		return strconv.Itoa(x)
	case float64:
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return s
	case bool:
		return strconv.FormatBool(x)
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = quote(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return quote(fmt.Sprint(v))
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
