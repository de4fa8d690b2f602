package toolchain

import (
	"fmt"
	"strings"
)

// --- PHP ---

func (d *detector) phpFiles() {
	if data, ok := d.read(".php-version"); ok {
		if v, line := firstValueLine(data); v != "" {
			d.add("php", true, Constraint{Range: v, Dialect: Exact, Role: Pins, Source: ".php-version", Evidence: at(".php-version", line)})
		}
	}
	data, ok := d.read("composer.json")
	if !ok {
		return
	}
	d.uses("php", true, "composer.json", Location{Path: "composer.json", Line: 1})
	d.uses("composer", true, "composer.json", Location{Path: "composer.json", Line: 1})
	ls := newLines(data)
	fields, err := objectFields(data, 0, ls)
	if err != nil {
		d.warn(CodeMalformed, "composer.json", errLine(err), "not valid JSON ("+errText(err)+"); only what comes before that point was read")
	}
	for _, f := range fields {
		if f.Key != "require" {
			continue
		}
		req, err := objectFields(data, f.start, ls)
		if err != nil {
			d.warn(CodeMalformed, "composer.json", f.Line, "require is not an object of version constraints")
			continue
		}
		for _, r := range req {
			if r.Key != "php" {
				continue
			}
			s, ok := r.stringValue()
			if !ok {
				d.warn(CodeMalformed, "composer.json", r.Line, "require.php is not a string")
				continue
			}
			d.add("php", true, Constraint{Range: s, Dialect: Composer, Role: Requires, Source: "composer.json require.php", Evidence: at("composer.json", r.Line)})
		}
	}
}

// parseComposer reads Composer's constraints: alternatives split by | or
// ||, each a hyphen range or comparators split by spaces or commas.
// Composer's ~ is the pessimistic operator (~8.2 is >=8.2 <9), unlike
// npm's; ^, wildcards and hyphen ranges mean what they mean to npm. A
// stability flag (@dev) says nothing about the PHP version and is dropped.
func parseComposer(s string) ([][]comparator, error) {
	var sets [][]comparator
	for _, alt := range strings.Split(strings.ReplaceAll(s, "||", "|"), "|") {
		alt = strings.TrimSpace(strings.ReplaceAll(alt, ",", " "))
		if alt == "" {
			return nil, fmt.Errorf("an empty alternative around |")
		}
		set, err := composerSet(alt)
		if err != nil {
			return nil, err
		}
		if set == nil {
			return nil, nil // one alternative is "any": the whole constraint is
		}
		sets = append(sets, set)
	}
	return sets, nil
}

func composerSet(s string) ([]comparator, error) {
	if strings.Contains(s, " - ") {
		return semverSet(s)
	}
	var out []comparator
	for _, tok := range joinOperators(strings.Fields(s)) {
		if i := strings.IndexByte(tok, '@'); i >= 0 {
			tok = tok[:i]
		}
		if tok == "" {
			continue
		}
		cs, err := composerComparator(tok)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return emptyToNil(out), nil
}

func composerComparator(tok string) ([]comparator, error) {
	switch {
	case strings.HasPrefix(tok, "!="):
		p, err := parsePartial(tok[2:])
		if err != nil || p.v.N == 0 {
			return nil, fmt.Errorf("%q is not a version", tok)
		}
		return []comparator{{opNotPrefix, withN(p.v, 4)}}, nil
	case strings.HasPrefix(tok, "~") && !strings.HasPrefix(tok, "~>"):
		p, err := parsePartial(tok[1:])
		if err != nil {
			return nil, err
		}
		switch p.v.N {
		case 0:
			return nil, nil
		case 1:
			return []comparator{{opGE, p.low()}, {opLT, bump(p.v, 1)}}, nil
		}
		return []comparator{{opGE, p.low()}, {opLT, bump(p.v, p.v.N-1)}}, nil
	}
	return semverComparator(tok)
}
