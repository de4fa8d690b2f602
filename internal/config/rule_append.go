package config

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// AppendRule adds r as a new [[approval.allow]] or [[approval.deny]] table
// at the end of the config file at path (created when missing) and returns
// its index among the rules of that kind in the file. Like Set, it edits
// under the file lock, atomically, and leaves the rest of the file as it
// was, comments included. kind is "allow" or "deny".
func AppendRule(path, kind string, r Rule) (int, error) {
	if kind != "allow" && kind != "deny" {
		return 0, errcode.Newf(errcode.InvalidInput, "use allow or deny", "unknown rule kind %q", kind)
	}
	// The same test as the loader's, so that no rule is written that would
	// make the file fail to load.
	if strings.TrimSpace(r.Program) == "" && r.Tool == "" {
		return 0, errcode.New(errcode.InvalidInput, "a rule needs a program or a tool", "name the program (and subcommand) or the tool the rule covers")
	}
	if r.Tool != "" && !r.Tool.Valid() {
		return 0, errcode.New(errcode.InvalidInput, unknownToolMessage(string(r.Tool)), "name one of: "+ToolList())
	}
	key := []string{"approval", kind}
	index := 0
	_, err := editFile(path, func(doc *document) ([]byte, bool, error) {
		n, err := doc.countRules(key)
		if err != nil {
			return nil, false, err
		}
		index = n
		return doc.appendRule(key, r), true, nil
	})
	return index, err
}

// countRules counts the [[approval.KIND]] tables. Rules written as an
// inline array cannot be appended to as tables: that is an error saying so.
func (doc *document) countRules(key []string) (int, error) {
	n := 0
	for _, e := range doc.exprs {
		switch {
		case e.kind == unstable.ArrayTable && equalKeys(e.key, key):
			n++
		case e.kind == unstable.KeyValue && !e.inArray && equalKeys(e.full(), key):
			return 0, errcode.Newf(errcode.ConfigInvalid,
				"write the rules as [["+key[0]+"."+key[1]+"]] tables, or add this one to the list by hand",
				"%s is written as an inline list on line %d", key[0]+"."+key[1], e.line)
		}
	}
	return n, nil
}

func (doc *document) appendRule(key []string, r Rule) []byte {
	nl := doc.newline()
	var b bytes.Buffer
	data := doc.data
	if len(bytes.TrimSpace(data)) > 0 {
		if !bytes.HasSuffix(data, []byte("\n")) {
			b.WriteString(nl)
		}
		b.WriteString(nl)
	}
	fmt.Fprintf(&b, "[[%s.%s]]%s", key[0], key[1], nl)
	var body bytes.Buffer
	writeRule(&body, r)
	b.Write(bytes.ReplaceAll(body.Bytes(), []byte("\n"), []byte(nl)))
	return append(append([]byte(nil), data...), b.Bytes()...)
}
