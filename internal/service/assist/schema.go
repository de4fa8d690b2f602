package assist

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
)

// Validate checks raw against schema, the subset of JSON Schema the tools
// use: an object with typed properties (string, integer, number, boolean),
// required ones, no others, and an integer's minimum. It is strict where
// the model is loose: a missing, unknown or mistyped argument is an error
// naming it, so nothing runs on a guess.
func Validate(schema map[string]any, raw json.RawMessage) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("not valid JSON: %v", err)
	}
	if dec.More() {
		return errors.New("not valid JSON: more than one value")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return errors.New("the arguments must be a JSON object")
	}
	props, _ := schema["properties"].(map[string]any)
	names := make([]string, 0, len(obj))
	for name := range obj {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p, ok := props[name].(map[string]any)
		if !ok {
			return fmt.Errorf("unknown argument %q (expected: %s)", clip(name, 80), propertyNames(props))
		}
		if err := checkValue(p, obj[name]); err != nil {
			return fmt.Errorf("%q %v", name, err)
		}
	}
	for _, name := range stringsOf(schema["required"]) {
		if _, ok := obj[name]; !ok {
			return fmt.Errorf("%q is required", name)
		}
	}
	return nil
}

func checkValue(p map[string]any, v any) error {
	typ, _ := p["type"].(string)
	switch typ {
	case "string":
		if _, ok := v.(string); !ok {
			return errors.New("must be a string")
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return errors.New("must be true or false")
		}
	case "number":
		n, ok := v.(json.Number)
		if !ok {
			return errors.New("must be a number")
		}
		if _, err := n.Float64(); err != nil {
			return errors.New("must be a number")
		}
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return errors.New("must be an integer")
		}
		i, err := n.Int64()
		if err != nil || i > math.MaxInt32 || i < math.MinInt32 {
			return errors.New("must be an integer of reasonable size")
		}
		if lo, ok := p["minimum"].(int); ok && i < int64(lo) {
			return fmt.Errorf("must be at least %d", lo)
		}
	default:
		return fmt.Errorf("has a schema type this client does not check (%q)", typ)
	}
	return nil
}

func stringsOf(v any) []string {
	switch l := v.(type) {
	case []string:
		return l
	case []any:
		var out []string
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func propertyNames(props map[string]any) string {
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "no arguments"
	}
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

// object builds a tool's parameter schema: props maps a name to its type
// and description; required lists the names that must be given.
func object(props map[string][2]string, required ...string) map[string]any {
	p := map[string]any{}
	for name, td := range props {
		prop := map[string]any{"type": td[0], "description": td[1]}
		if td[0] == "integer" {
			prop["minimum"] = 1
		}
		p[name] = prop
	}
	if required == nil {
		required = []string{}
	}
	return map[string]any{"type": "object", "properties": p, "required": required, "additionalProperties": false}
}
