package githubtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Spec is the parsed REST description (github-rest-subset.json): its
// operations with compiled path templates, and the components their
// references point into.
type Spec struct {
	Operations map[string]*Operation
	components map[string]map[string]json.RawMessage
	byPath     []*Operation // most literal segments first, for routing
}

// Operation is one operation of the description.
type Operation struct {
	ID     string
	Method string
	Path   string
	// Params are the operation's parameters with $refs resolved.
	Params []Param
	// Responses maps a status code ("200") to its raw response object.
	Responses   map[string]json.RawMessage
	RequestBody json.RawMessage

	segs []pathSeg
}

// Param is one parameter of an operation.
type Param struct {
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
	Schema   struct {
		Type string   `json:"type"`
		Enum []string `json:"enum"`
	} `json:"schema"`
	MultiSegment bool `json:"x-multi-segment"`
}

type pathSeg struct {
	literal string
	param   string // set for {param}
	multi   bool   // the parameter may span several segments
}

// specCache keeps each parsed description for the life of the test binary:
// it is read-only after parsing and parsing it for every server would cost
// every test a few milliseconds for nothing.
var specCache sync.Map // path -> *specEntry

type specEntry struct {
	once sync.Once
	spec *Spec
	err  error
}

// LoadSpec parses the REST description at path (cached per path).
func LoadSpec(path string) (*Spec, error) {
	e, _ := specCache.LoadOrStore(path, &specEntry{})
	entry := e.(*specEntry)
	entry.once.Do(func() { entry.spec, entry.err = parseSpec(path) })
	return entry.spec, entry.err
}

func parseSpec(path string) (*Spec, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Operations map[string]struct {
			Path        string            `json:"path"`
			Method      string            `json:"method"`
			Parameters  []json.RawMessage `json:"parameters"`
			RequestBody json.RawMessage   `json:"requestBody"`
			Responses   map[string]json.RawMessage
		} `json:"operations"`
		Components map[string]map[string]json.RawMessage `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	s := &Spec{Operations: map[string]*Operation{}, components: doc.Components}
	for id, o := range doc.Operations {
		op := &Operation{ID: id, Method: strings.ToUpper(o.Method), Path: o.Path, Responses: o.Responses, RequestBody: o.RequestBody}
		for _, p := range o.Parameters {
			var prm Param
			if err := json.Unmarshal(s.resolve(p), &prm); err != nil {
				return nil, fmt.Errorf("operation %s: parameter: %w", id, err)
			}
			op.Params = append(op.Params, prm)
		}
		op.segs = compileTemplate(op.Path, op.Params)
		s.Operations[id] = op
		s.byPath = append(s.byPath, op)
	}
	sort.Slice(s.byPath, func(i, j int) bool {
		li, lj := literalCount(s.byPath[i].segs), literalCount(s.byPath[j].segs)
		if li != lj {
			return li > lj
		}
		return s.byPath[i].ID < s.byPath[j].ID
	})
	return s, nil
}

// resolve follows a {"$ref": "#/components/KIND/NAME"} object to its target;
// anything else is returned unchanged.
func (s *Spec) resolve(raw json.RawMessage) json.RawMessage {
	for range 8 { // references may chain; GitHub's do not go deeper than this
		var ref struct {
			Ref string `json:"$ref"`
		}
		if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &ref) != nil || ref.Ref == "" {
			return raw
		}
		parts := strings.Split(strings.TrimPrefix(ref.Ref, "#/components/"), "/")
		if len(parts) != 2 {
			return raw
		}
		target, ok := s.components[parts[0]][parts[1]]
		if !ok {
			return raw
		}
		raw = target
	}
	return raw
}

func compileTemplate(path string, params []Param) []pathSeg {
	multi := map[string]bool{}
	for _, p := range params {
		if p.In == "path" && p.MultiSegment {
			multi[p.Name] = true
		}
	}
	var segs []pathSeg
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			name := part[1 : len(part)-1]
			segs = append(segs, pathSeg{param: name, multi: multi[name]})
			continue
		}
		segs = append(segs, pathSeg{literal: part})
	}
	return segs
}

func literalCount(segs []pathSeg) int {
	n := 0
	for _, s := range segs {
		if s.param == "" {
			n++
		}
	}
	return n
}

// Match reports whether path fits the operation's template and returns the
// path parameters.
func (o *Operation) Match(path string) (map[string]string, bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	params := map[string]string{}
	if matchSegs(o.segs, parts, params) {
		return params, true
	}
	return nil, false
}

func matchSegs(segs []pathSeg, parts []string, params map[string]string) bool {
	if len(segs) == 0 {
		return len(parts) == 0
	}
	if len(parts) == 0 {
		return false
	}
	s := segs[0]
	switch {
	case s.param == "":
		return s.literal == parts[0] && matchSegs(segs[1:], parts[1:], params)
	case !s.multi:
		if parts[0] == "" {
			return false
		}
		params[s.param] = parts[0]
		return matchSegs(segs[1:], parts[1:], params)
	}
	// A multi-segment parameter takes as many segments as leave a match for
	// the rest, longest first (contents/{path} takes everything).
	for n := len(parts); n >= 1; n-- {
		if matchSegs(segs[1:], parts[n:], params) {
			params[s.param] = strings.Join(parts[:n], "/")
			return true
		}
	}
	return false
}

// Route finds the operation whose template matches path, preferring the
// one with the most literal segments. ok is false when none matches.
func (s *Spec) Route(method, path string) (op *Operation, params map[string]string, methodOK bool) {
	var pathMatch *Operation
	var pathParams map[string]string
	for _, o := range s.byPath {
		p, ok := o.Match(path)
		if !ok {
			continue
		}
		if o.Method == method {
			return o, p, true
		}
		if pathMatch == nil {
			pathMatch, pathParams = o, p
		}
	}
	return pathMatch, pathParams, false
}

// Example returns the body of GitHub's example for the operation's first
// success response, its status and content type.
func (s *Spec) Example(op *Operation) (status int, body []byte, err error) {
	codes := make([]string, 0, len(op.Responses))
	for c := range op.Responses {
		if strings.HasPrefix(c, "2") {
			codes = append(codes, c)
		}
	}
	sort.Strings(codes)
	for _, c := range codes {
		var resp struct {
			Content map[string]struct {
				Examples json.RawMessage `json:"examples"`
			} `json:"content"`
		}
		if err := json.Unmarshal(s.resolve(op.Responses[c]), &resp); err != nil {
			return 0, nil, err
		}
		status, _ = strconv.Atoi(c)
		media, ok := resp.Content["application/json"]
		if !ok || len(media.Examples) == 0 {
			if len(resp.Content) == 0 {
				return status, nil, nil
			}
			continue
		}
		keys, err := orderedKeys(media.Examples)
		if err != nil || len(keys) == 0 {
			continue
		}
		var all map[string]json.RawMessage
		if err := json.Unmarshal(media.Examples, &all); err != nil {
			return 0, nil, err
		}
		body, err := s.exampleValue(all[keys[0]])
		return status, body, err
	}
	return 0, nil, fmt.Errorf("operation %s has no success example", op.ID)
}

// exampleValue unwraps {"$ref"} and {"summary", "value": {"$ref"}} forms
// into the example's JSON value.
func (s *Spec) exampleValue(raw json.RawMessage) ([]byte, error) {
	raw = s.resolve(raw)
	var ex struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &ex); err != nil {
		return nil, err
	}
	v := s.resolve(ex.Value)
	var inner struct {
		Value json.RawMessage `json:"value"`
	}
	// A value that was itself a reference points at a component example,
	// whose payload is again under "value".
	if !bytes.Equal(v, ex.Value) && json.Unmarshal(v, &inner) == nil && len(inner.Value) > 0 {
		v = inner.Value
	}
	return v, nil
}

// ExampleJSON returns a component example's value by name (for example
// "issue" or "pull-request"), for tests that build their own bodies.
func (s *Spec) ExampleJSON(name string) (map[string]any, error) {
	raw, ok := s.components["examples"][name]
	if !ok {
		return nil, fmt.Errorf("no example %q in the description", name)
	}
	var ex struct {
		Value map[string]any `json:"value"`
	}
	if err := json.Unmarshal(raw, &ex); err != nil {
		return nil, fmt.Errorf("example %q is not an object: %w", name, err)
	}
	return ex.Value, nil
}

// RequestBodySchema returns the properties and required names of the
// operation's JSON request body; ok is false when it takes none.
func (s *Spec) RequestBodySchema(op *Operation) (props map[string]bool, required []string, ok bool) {
	if len(op.RequestBody) == 0 {
		return nil, nil, false
	}
	var rb struct {
		Content map[string]struct {
			Schema json.RawMessage `json:"schema"`
		} `json:"content"`
	}
	if json.Unmarshal(s.resolve(op.RequestBody), &rb) != nil {
		return nil, nil, false
	}
	media, found := rb.Content["application/json"]
	if !found {
		return nil, nil, false
	}
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Required   []string                   `json:"required"`
	}
	if json.Unmarshal(s.resolve(media.Schema), &schema) != nil {
		return nil, nil, false
	}
	props = map[string]bool{}
	for k := range schema.Properties {
		props[k] = true
	}
	return props, schema.Required, true
}

// orderedKeys returns the keys of a JSON object in document order, so that
// "the first example" means what the description's authors listed first.
func orderedKeys(raw json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not an object")
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}
