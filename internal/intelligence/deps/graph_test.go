package deps

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/diag"
)

// oddResult is a graph whose names need quoting in every format.
func oddResult() *Result {
	pkgs := []Package{
		{ID: "npm:@scope/pkg@1.0.0", Name: "@scope/pkg", Version: "1.0.0", Ecosystem: NPM, Scope: Runtime, Direct: true},
		{ID: `npm:we"ird\name@2.0.0`, Name: `we"ird\name`, Version: "2.0.0", Ecosystem: NPM, Scope: Dev},
		{ID: "npm:a#b<c>@^1 || >=2", Name: "a#b<c>", Version: "^1 || >=2", Ecosystem: NPM, Scope: Optional},
		{ID: "Maven:org.x:y-z@[1.0,2.0)", Name: "org.x:y-z", Version: "[1.0,2.0)", Ecosystem: Maven, Scope: Test, Direct: true},
		{ID: "PyPI:name-only", Name: "name-only", Ecosystem: PyPI, Scope: Build, Direct: true},
	}
	r := &Result{SchemaVersion: SchemaVersion, Manifests: []Manifest{}, Packages: pkgs, Edges: []Edge{
		{From: pkgs[0].ID, To: pkgs[1].ID}, {From: pkgs[1].ID, To: pkgs[2].ID},
	}}
	for i := range r.Packages {
		r.Packages[i].Evidence = []Evidence{}
	}
	r.Summary = summarize(r)
	return r
}

// dotGraph is what checkDOT read back: node labels by ID, and edges.
type dotGraph struct {
	labels map[string]string
	edges  [][2]string
}

// dotTokens splits DOT text into IDs, quoted strings (unescaped, marked by
// a leading quote) and punctuation. It fails on anything DOT does not allow.
func dotTokens(src string) ([]string, error) {
	var toks []string
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			i++
		case c == '"':
			var b strings.Builder
			b.WriteByte('"')
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				if src[j] == '\\' && j+1 < len(src) {
					j++
					switch src[j] {
					case '"', '\\':
						b.WriteByte(src[j])
					case 'n':
						b.WriteByte('\n')
					default:
						b.WriteByte('\\')
						b.WriteByte(src[j])
					}
					continue
				}
				if src[j] == '\n' {
					return nil, fmt.Errorf("raw newline in a quoted string at byte %d", j)
				}
				b.WriteByte(src[j])
			}
			if j >= len(src) {
				return nil, fmt.Errorf("unterminated string at byte %d", i)
			}
			toks = append(toks, b.String())
			i = j + 1
		case strings.HasPrefix(src[i:], "->"):
			toks = append(toks, "->")
			i += 2
		case strings.ContainsRune("{}[];,=", rune(c)):
			toks = append(toks, string(c))
			i++
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			toks = append(toks, src[i:j])
			i = j
		default:
			return nil, fmt.Errorf("unexpected %q at byte %d", c, i)
		}
	}
	return toks, nil
}

// checkDOT parses the subset of DOT that WriteDOT writes: a digraph of
// attribute statements, subgraphs, node statements and edge statements.
func checkDOT(src string) (*dotGraph, error) {
	toks, err := dotTokens(src)
	if err != nil {
		return nil, err
	}
	g := &dotGraph{labels: map[string]string{}}
	pos := 0
	peek := func() string {
		if pos < len(toks) {
			return toks[pos]
		}
		return ""
	}
	expect := func(want string) error {
		if peek() != want {
			return fmt.Errorf("token %d: got %q, want %q", pos, peek(), want)
		}
		pos++
		return nil
	}
	isID := func(s string) bool { return s != "" && !strings.ContainsAny(s[:1], "{}[];,=-") }
	id := func() (string, error) {
		if !isID(peek()) {
			return "", fmt.Errorf("token %d: want an ID, got %q", pos, peek())
		}
		pos++
		return strings.TrimPrefix(toks[pos-1], `"`), nil
	}
	attrs := func() (map[string]string, error) {
		out := map[string]string{}
		if peek() != "[" {
			return out, nil
		}
		pos++
		for peek() != "]" {
			k, err := id()
			if err != nil {
				return nil, err
			}
			if err := expect("="); err != nil {
				return nil, err
			}
			v, err := id()
			if err != nil {
				return nil, err
			}
			out[k] = v
			if peek() == "," {
				pos++
			}
		}
		pos++
		return out, nil
	}
	var stmts func() error
	stmts = func() error {
		for peek() != "}" {
			switch t := peek(); {
			case t == "":
				return fmt.Errorf("unexpected end: missing }")
			case t == "subgraph":
				pos++
				if _, err := id(); err != nil {
					return err
				}
				if err := expect("{"); err != nil {
					return err
				}
				if err := stmts(); err != nil {
					return err
				}
				if err := expect("}"); err != nil {
					return err
				}
				continue
			case t == "node" || t == "edge" || t == "graph":
				pos++
				if _, err := attrs(); err != nil {
					return err
				}
			default:
				a, err := id()
				if err != nil {
					return err
				}
				switch peek() {
				case "=":
					pos++
					if _, err := id(); err != nil {
						return err
					}
				case "->":
					pos++
					b, err := id()
					if err != nil {
						return err
					}
					g.edges = append(g.edges, [2]string{a, b})
					if _, err := attrs(); err != nil {
						return err
					}
				default:
					at, err := attrs()
					if err != nil {
						return err
					}
					g.labels[a] = at["label"]
				}
			}
			if err := expect(";"); err != nil {
				return err
			}
		}
		return nil
	}
	if err := expect("digraph"); err != nil {
		return nil, err
	}
	if isID(peek()) {
		pos++
	}
	if err := expect("{"); err != nil {
		return nil, err
	}
	if err := stmts(); err != nil {
		return nil, err
	}
	if err := expect("}"); err != nil {
		return nil, err
	}
	if pos != len(toks) {
		return nil, fmt.Errorf("text after the graph: %q", toks[pos:])
	}
	return g, nil
}

func TestDOTParsesBack(t *testing.T) {
	for name, res := range map[string]*Result{"odd": oddResult(), "npm": scanFixture(t, "npm"), "monorepo": scanFixture(t, "monorepo")} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteDOT(&buf, res); err != nil {
				t.Fatal(err)
			}
			g, err := checkDOT(buf.String())
			if err != nil {
				t.Fatalf("invalid DOT: %v\n%s", err, buf.String())
			}
			if len(g.labels) != len(res.Packages) || len(g.edges) != len(res.Edges) {
				t.Errorf("read back %d nodes and %d edges, want %d and %d", len(g.labels), len(g.edges), len(res.Packages), len(res.Edges))
			}
			for _, p := range res.Packages {
				if g.labels[p.ID] != nodeLabel(p) {
					t.Errorf("node %q label = %q, want %q", p.ID, g.labels[p.ID], nodeLabel(p))
				}
			}
			for i, e := range res.Edges {
				if g.edges[i] != [2]string{e.From, e.To} {
					t.Errorf("edge %d = %v, want %v", i, g.edges[i], e)
				}
			}
			if dot, err := exec.LookPath("dot"); err == nil {
				cmd := exec.Command(dot, "-Tsvg")
				cmd.Stdin = bytes.NewReader(buf.Bytes())
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("dot -Tsvg rejected the graph: %v\n%s", err, out)
				}
			}
		})
	}
}

func TestCheckDOTRejectsBrokenGraphs(t *testing.T) {
	for _, src := range []string{
		`digraph { "a" -> ; }`,
		`digraph { "a" [label="x"] }`,
		`digraph { "a`,
		`digraph { @scope/pkg; }`,
		`digraph { subgraph x { "a"; }`,
	} {
		if _, err := checkDOT(src); err == nil {
			t.Errorf("checkDOT accepted %q", src)
		}
	}
}

var (
	mermaidNode  = regexp.MustCompile(`^    n\d+\["[^"]*"\]$`)
	mermaidEdge  = regexp.MustCompile(`^  n\d+ --> n\d+$`)
	mermaidGroup = regexp.MustCompile(`^  subgraph eco\d+\["[^"]*"\]$`)
	mermaidClass = regexp.MustCompile(`^  class n\d+(,n\d+)* direct$`)
)

func TestMermaidShape(t *testing.T) {
	for name, res := range map[string]*Result{"odd": oddResult(), "npm": scanFixture(t, "npm"), "cargo": scanFixture(t, "cargo")} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteMermaid(&buf, res); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			if lines[0] != "flowchart LR" {
				t.Fatalf("first line %q", lines[0])
			}
			nodes, edges, depth, direct := 0, 0, 0, 0
			for _, l := range lines[1:] {
				switch {
				case mermaidGroup.MatchString(l):
					depth++
				case l == "  end":
					depth--
				case mermaidNode.MatchString(l):
					nodes++
					if depth != 1 {
						t.Errorf("node outside a subgraph: %q", l)
					}
				case mermaidEdge.MatchString(l):
					edges++
				case l == "  classDef direct stroke-width:3px":
				case mermaidClass.MatchString(l):
					direct += strings.Count(l, ",") + 1
				default:
					t.Errorf("unexpected Mermaid line %q", l)
				}
			}
			wantDirect := 0
			for _, p := range res.Packages {
				if p.Direct {
					wantDirect++
				}
			}
			if depth != 0 || nodes != len(res.Packages) || edges != len(res.Edges) || direct != wantDirect {
				t.Errorf("depth %d, %d nodes, %d edges, %d direct; want 0, %d, %d, %d", depth, nodes, edges, direct, len(res.Packages), len(res.Edges), wantDirect)
			}
		})
	}
}

func TestMermaidEscapesLabels(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMermaid(&buf, oddResult()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`["@scope/pkg 1.0.0"]`, `["we#quot;ird\name 2.0.0"]`, `["a#35;b#lt;c#gt; ^1 || #gt;=2"]`} {
		if !strings.Contains(out, want) {
			t.Errorf("Mermaid output lacks %s:\n%s", want, out)
		}
	}
}

// keysOf collects every object key in a decoded JSON value.
func keysOf(v any, out map[string]bool) {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			out[k] = true
			keysOf(c, out)
		}
	case []any:
		for _, c := range t {
			keysOf(c, out)
		}
	}
}

func TestJSONSchemaIsSnakeCase(t *testing.T) {
	var buf bytes.Buffer
	res := scanFixture(t, "gradle")
	res.Warnings = diag.List{warning(CodeMalformed, "f", 1, "m").WithDetail("d")}
	if err := WriteJSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	keysOf(v, keys)
	snake := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	for k := range keys {
		if !snake.MatchString(k) {
			t.Errorf("JSON key %q is not snake_case", k)
		}
	}
	for _, k := range []string{"schema_version", "manifests", "packages", "edges", "summary", "records_edges", "by_ecosystem", "by_scope", "evidence", "direct", "scope", "resolved"} {
		if !keys[k] {
			t.Errorf("JSON lacks the documented key %q", k)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"json": FormatJSON, "DOT": FormatDOT, " mermaid ": FormatMermaid} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("svg"); err == nil {
		t.Error("ParseFormat accepted svg")
	}
	if err := WriteGraph(&bytes.Buffer{}, oddResult(), "png"); err == nil {
		t.Error("WriteGraph accepted png")
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		n    int
		word string
		want string
	}{
		{0, "manifest", "0 manifests"},
		{1, "lock file", "1 lock file"},
		{2, "edge", "2 edges"},
	}
	for _, tt := range tests {
		if got := count(tt.n, tt.word); got != tt.want {
			t.Errorf("count(%d, %q) = %q, want %q", tt.n, tt.word, got, tt.want)
		}
	}
}
