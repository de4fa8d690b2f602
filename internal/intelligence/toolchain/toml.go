package toolchain

import "strings"

// tomlKV is one key = value line of a TOML or INI file, with the section
// it is in. Only what version settings need is read: strings, bare
// words, and arrays of strings on one line.
type tomlKV struct {
	section, key, value string
	list                []string
	line                int
}

type tomlSection struct {
	name string
	line int
}

// tomlSections lists the [section] headers with their lines.
func tomlSections(data []byte) []tomlSection {
	var out []tomlSection
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") && !strings.HasPrefix(l, "[[") {
			if end := strings.IndexByte(l, ']'); end > 0 {
				out = append(out, tomlSection{name: strings.TrimSpace(l[1:end]), line: i + 1})
			}
		}
	}
	return out
}

// tomlKeys lists key = value lines (INI's key: value too) with their
// section.
func tomlKeys(data []byte) []tomlKV {
	var out []tomlKV
	section := ""
	for i, l := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(l)
		if s == "" || s[0] == '#' || s[0] == ';' {
			continue
		}
		if strings.HasPrefix(s, "[") {
			if end := strings.IndexByte(s, ']'); end > 0 {
				section = strings.Trim(strings.TrimSpace(s[1:end]), "[]")
			}
			continue
		}
		keyEnd := 0
		if s[0] == '"' || s[0] == '\'' {
			if e := strings.IndexByte(s[1:], s[0]); e >= 0 {
				keyEnd = e + 2
			}
		}
		sep := strings.IndexAny(s[keyEnd:], "=:")
		if sep < 0 || sep+keyEnd == 0 {
			continue
		}
		sep += keyEnd
		key := strings.Trim(strings.TrimSpace(s[:sep]), `"'`)
		val := strings.TrimSpace(s[sep+1:])
		kv := tomlKV{section: section, key: key, line: i + 1}
		switch {
		case strings.HasPrefix(val, "["):
			end := strings.IndexByte(val, ']')
			if end < 0 {
				end = len(val)
			}
			for _, item := range strings.Split(val[1:end], ",") {
				if item = unquote(strings.TrimSpace(item)); item != "" {
					kv.list = append(kv.list, item)
				}
			}
		case strings.HasPrefix(val, "{"):
			// an inline table: version = "1.2" inside it
			if j := strings.Index(val, "version"); j >= 0 {
				rest := strings.TrimSpace(val[j+len("version"):])
				rest = strings.TrimSpace(strings.TrimPrefix(rest, "="))
				kv.value = unquote(cutValue(rest))
			}
		default:
			kv.value = unquote(cutValue(val))
		}
		out = append(out, kv)
	}
	return out
}

// cutValue keeps a quoted string whole and drops a trailing comment or
// the rest of an inline table.
func cutValue(s string) string {
	if s != "" && (s[0] == '"' || s[0] == '\'') {
		if end := strings.IndexByte(s[1:], s[0]); end >= 0 {
			return s[:end+2]
		}
		return s
	}
	for _, stop := range []string{" #", "\t#", ",", "}"} {
		if j := strings.Index(s, stop); j >= 0 {
			s = s[:j]
		}
	}
	return strings.TrimSpace(s)
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
