package githubtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/vektah/gqlparser/v2/ast"
)

// Resolver computes a field of a fake GraphQL object from the field's
// arguments (variables already substituted).
type Resolver func(args map[string]any) any

// Execute answers a validated query from a graph of plain values: objects
// are map[string]any (with "__typename" for fragments on a type, and
// "__implements" listing interfaces), lists are []any, and a field whose
// value is a Resolver is computed from its arguments. Only the selected
// fields appear in the answer, under their aliases, so the answer has
// exactly the shape GitHub would give the query.
func Execute(doc *ast.QueryDocument, vars map[string]any, root map[string]any) (map[string]any, error) {
	if len(doc.Operations) != 1 {
		return nil, fmt.Errorf("githubtest: expected one operation, found %d", len(doc.Operations))
	}
	return selectObject(doc.Operations[0].SelectionSet, root, vars)
}

func selectObject(set ast.SelectionSet, obj map[string]any, vars map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			key := s.Alias
			if key == "" {
				key = s.Name
			}
			if s.Name == "__typename" {
				out[key] = obj["__typename"]
				continue
			}
			v := obj[s.Name]
			if fn, ok := v.(Resolver); ok {
				v = fn(s.ArgumentMap(vars))
			}
			val, err := selectValue(s.SelectionSet, v, vars)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			out[key] = mergeValue(out[key], val)
		case *ast.InlineFragment:
			if !typeMatches(obj, s.TypeCondition) {
				continue
			}
			sub, err := selectObject(s.SelectionSet, obj, vars)
			if err != nil {
				return nil, err
			}
			mergeInto(out, sub)
		case *ast.FragmentSpread:
			if s.Definition == nil || !typeMatches(obj, s.Definition.TypeCondition) {
				continue
			}
			sub, err := selectObject(s.Definition.SelectionSet, obj, vars)
			if err != nil {
				return nil, err
			}
			mergeInto(out, sub)
		}
	}
	return out, nil
}

func selectValue(set ast.SelectionSet, v any, vars map[string]any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		if len(set) == 0 {
			return nil, fmt.Errorf("an object needs a selection")
		}
		return selectObject(set, x, vars)
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			val, err := selectValue(set, e, vars)
			if err != nil {
				return nil, err
			}
			out = append(out, val)
		}
		return out, nil
	case []map[string]any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			val, err := selectValue(set, e, vars)
			if err != nil {
				return nil, err
			}
			out = append(out, val)
		}
		return out, nil
	}
	return v, nil
}

func typeMatches(obj map[string]any, cond string) bool {
	if cond == "" || obj["__typename"] == cond {
		return true
	}
	impl, _ := obj["__implements"].([]string)
	return slices.Contains(impl, cond)
}

// mergeInto merges src into dst; the same field selected twice (by two
// fragments) is merged field by field, as GraphQL does.
func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		dst[k] = mergeValue(dst[k], v)
	}
}

func mergeValue(old, v any) any {
	a, ok1 := old.(map[string]any)
	b, ok2 := v.(map[string]any)
	if ok1 && ok2 {
		mergeInto(a, b)
		return a
	}
	return v
}

// ArgInt reads an integer argument (JSON numbers arrive as json.Number).
func ArgInt(args map[string]any, name string, def int) int {
	switch v := args[name].(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		return int(v)
	case json.Number:
		if n, err := strconv.Atoi(v.String()); err == nil {
			return n
		}
	case string:
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

// ArgString reads a string argument, "" when absent.
func ArgString(args map[string]any, name string) string {
	s, _ := args[name].(string)
	return s
}

// ArgStrings reads a list-of-strings argument (enum lists included).
func ArgStrings(args map[string]any, name string) []string {
	var out []string
	switch v := args[name].(type) {
	case []any:
		for _, e := range v {
			out = append(out, fmt.Sprint(e))
		}
	case []string:
		out = v
	case string:
		out = []string{v}
	}
	return out
}
