package toolchain

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// --- Elixir and Erlang/OTP ---

var mixPatterns = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		// elixir: in the project keyword list, not elixirc_paths: or :elixir
		"key":  regexp.MustCompile(`(?:^|[\s\[,(])elixir:\s*(\S.*)$`),
		"attr": regexp.MustCompile(`^\s*@([a-z_][A-Za-z0-9_]*)\s+"([^"\\#]*)"`),
	}
})

func (d *detector) elixirFiles() {
	data, ok := d.read("mix.exs")
	if !ok {
		return
	}
	d.uses("elixir", true, "mix.exs", Location{Path: "mix.exs", Line: 1})
	d.uses("erlang", true, "mix.exs", Location{Path: "mix.exs", Line: 1})
	ls := strings.Split(string(data), "\n")
	attrs := mixAttributes(ls)
	var firstErr error
	badLine := 0
	for i, l := range ls {
		m := mixPatterns()["key"].FindStringSubmatch(l)
		if m == nil || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		req, line, err := mixValue(attrs, i, m[1])
		if err != nil {
			if firstErr == nil {
				firstErr, badLine = err, i+1
			}
			continue
		}
		d.add("elixir", true, Constraint{Range: req, Dialect: ElixirReq, Role: Requires, Source: "mix.exs elixir", Evidence: at("mix.exs", line)})
		return
	}
	if firstErr != nil {
		d.warn(CodeNotChecked, "mix.exs", badLine, firstErr.Error())
	}
}

// mixAttr is a module attribute set to a plain string.
type mixAttr struct {
	value string
	line  int
}

// mixAttributes reads the module attributes set to plain strings, the
// first setting of each, once: a file of many elixir: lines is read in
// linear time.
func mixAttributes(ls []string) map[string]mixAttr {
	out := map[string]mixAttr{}
	for j, l := range ls {
		if m := mixPatterns()["attr"].FindStringSubmatch(l); m != nil {
			if _, seen := out[m[1]]; !seen {
				out[m[1]] = mixAttr{m[2], j + 1}
			}
		}
	}
	return out
}

// mixValue reads the elixir: value: a string literal, or a module
// attribute (@elixir_requirement) set to one. The line is where the
// string is written.
func mixValue(attrs map[string]mixAttr, i int, v string) (string, int, error) {
	if name, ok := strings.CutPrefix(v, "@"); ok {
		name = strings.TrimRight(name, ", ])")
		if a, ok := attrs[name]; ok {
			return a.value, a.line, nil
		}
		return "", 0, fmt.Errorf("elixir: is @%s, which is not set to a plain string; not checked", firstLine(name, 40))
	}
	if len(v) > 1 && v[0] == '"' {
		if end := strings.IndexByte(v[1:], '"'); end >= 0 && !strings.ContainsAny(v[1:1+end], `\#`) {
			return v[1 : 1+end], i + 1, nil
		}
	}
	return "", 0, fmt.Errorf("elixir: %s is not a plain string; not checked", firstLine(v, 40))
}

// parseElixirReq reads an Elixir version requirement: comparators
// (==, !=, >, >=, <, <=, ~>) joined by "and", alternatives by "or". ~> is
// RubyGems' pessimistic operator.
func parseElixirReq(s string) ([][]comparator, error) {
	var sets [][]comparator
	for _, alt := range strings.Split(s, " or ") {
		var set []comparator
		for _, part := range strings.Split(alt, " and ") {
			part = strings.TrimSpace(part)
			if strings.HasPrefix(part, "==") {
				part = part[1:] // RubyGems spells it =
			}
			cs, err := gemComparator(part)
			if err != nil {
				return nil, err
			}
			set = append(set, cs...)
		}
		sets = append(sets, set)
	}
	return sets, nil
}

// spellVersion spells a version as the tool's own files or setup action
// write it in the dialect it is read in: Elixir's 1.15.7-otp-26 is 1.15.7
// (built for OTP 26), Erlang's OTP-26.2 is 26.2, setup-dotnet's feature
// band 8.0.1xx is 8.0.100 to 8.0.199.
func spellVersion(tool, v string) string {
	switch tool {
	case "elixir":
		if i := strings.Index(v, "-otp-"); i > 0 {
			return v[:i]
		}
	case "erlang":
		return strings.TrimPrefix(v, "OTP-")
	case "dotnet":
		if head, ok := strings.CutSuffix(v, "xx"); ok && strings.Count(head, ".") == 2 {
			return head + "00 - " + head + "99"
		}
	}
	return v
}
