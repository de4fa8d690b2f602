package deps

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Summary counts what Scan found.
type Summary struct {
	Manifests  int `json:"manifests"`
	Lockfiles  int `json:"lockfiles"`
	Packages   int `json:"packages"`
	Direct     int `json:"direct"`
	Transitive int `json:"transitive"`
	// Apart counts the packages only example apps' and documentation
	// sites' files name: they are neither direct nor transitive.
	Apart       int              `json:"apart"`
	Edges       int              `json:"edges"`
	ByEcosystem []EcosystemCount `json:"by_ecosystem"`
	ByScope     []ScopeCount     `json:"by_scope"`
}

// EcosystemCount counts the packages of one ecosystem.
type EcosystemCount struct {
	Ecosystem  Ecosystem `json:"ecosystem"`
	Packages   int       `json:"packages"`
	Direct     int       `json:"direct"`
	Transitive int       `json:"transitive"`
}

// ScopeCount counts the packages of one scope.
type ScopeCount struct {
	Scope      Scope `json:"scope"`
	Packages   int   `json:"packages"`
	Direct     int   `json:"direct"`
	Transitive int   `json:"transitive"`
}

// summarize counts the packages of r per ecosystem and per scope, in the
// order the packages are sorted and the scopes rank.
func summarize(r *Result) Summary {
	s := Summary{Packages: len(r.Packages), Edges: len(r.Edges), ByEcosystem: []EcosystemCount{}, ByScope: []ScopeCount{}}
	for _, m := range r.Manifests {
		if m.Kind == KindLockfile {
			s.Lockfiles++
		} else {
			s.Manifests++
		}
	}
	eco := map[Ecosystem]int{}
	scope := map[Scope]*ScopeCount{}
	for _, p := range r.Packages {
		i, ok := eco[p.Ecosystem]
		if !ok {
			i = len(s.ByEcosystem)
			eco[p.Ecosystem] = i
			s.ByEcosystem = append(s.ByEcosystem, EcosystemCount{Ecosystem: p.Ecosystem})
		}
		e := &s.ByEcosystem[i]
		if scope[p.Scope] == nil {
			scope[p.Scope] = &ScopeCount{Scope: p.Scope}
		}
		sc := scope[p.Scope]
		e.Packages++
		sc.Packages++
		if p.Role != "" {
			s.Apart++
			continue
		}
		if p.Direct {
			s.Direct++
			e.Direct++
			sc.Direct++
		} else {
			s.Transitive++
			e.Transitive++
			sc.Transitive++
		}
	}
	for _, sc := range []Scope{Runtime, Optional, Build, Test, Docs, Dev} {
		if c := scope[sc]; c != nil {
			s.ByScope = append(s.ByScope, *c)
		}
	}
	return s
}

// Format is an output format for the dependency graph.
type Format string

// The graph formats.
const (
	FormatJSON    Format = "json"
	FormatDOT     Format = "dot"
	FormatMermaid Format = "mermaid"
)

// ParseFormat checks a --graph value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatJSON, FormatDOT, FormatMermaid:
		return f, nil
	}
	return "", errcode.Newf(errcode.InvalidInput, "Use one of: json, dot, mermaid.", "unknown graph format %q", s)
}

// WriteGraph writes r in the given format.
func WriteGraph(w io.Writer, r *Result, f Format) error {
	switch f {
	case FormatJSON:
		return WriteJSON(w, r)
	case FormatDOT:
		return WriteDOT(w, r)
	case FormatMermaid:
		return WriteMermaid(w, r)
	}
	return errcode.Newf(errcode.InvalidInput, "Use one of: json, dot, mermaid.", "unknown graph format %q", f)
}

// WriteJSON writes r as indented JSON in the schema documented in
// SCHEMA.md beside this file.
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// dotQuote makes s a DOT double-quoted string.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", ``)
	return `"` + r.Replace(s) + `"`
}

// nodeLabel is what the graphs show for a package: its name and version.
func nodeLabel(p Package) string {
	if p.Version == "" {
		return p.Name
	}
	return p.Name + " " + p.Version
}

// WriteDOT writes the graph in Graphviz DOT, one cluster per ecosystem;
// direct dependencies are drawn bold, non-runtime ones dashed.
func WriteDOT(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph dependencies {")
	fmt.Fprintln(bw, "  rankdir=LR;")
	fmt.Fprintln(bw, `  node [shape=box, fontname="Helvetica"];`)
	for i, group := range byEcosystem(r.Packages) {
		fmt.Fprintf(bw, "  subgraph cluster_%d {\n", i)
		fmt.Fprintf(bw, "    label=%s;\n", dotQuote(string(group[0].Ecosystem)))
		for _, p := range group {
			var attrs []string
			attrs = append(attrs, "label="+dotQuote(nodeLabel(p)))
			var styles []string
			if p.Direct {
				styles = append(styles, "bold")
			}
			if p.Scope != Runtime {
				styles = append(styles, "dashed")
			}
			if len(styles) > 0 {
				attrs = append(attrs, "style="+dotQuote(strings.Join(styles, ",")))
			}
			fmt.Fprintf(bw, "    %s [%s];\n", dotQuote(p.ID), strings.Join(attrs, ", "))
		}
		fmt.Fprintln(bw, "  }")
	}
	for _, e := range r.Edges {
		fmt.Fprintf(bw, "  %s -> %s;\n", dotQuote(e.From), dotQuote(e.To))
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

// byEcosystem splits the sorted packages into runs of one ecosystem.
func byEcosystem(pkgs []Package) [][]Package {
	var out [][]Package
	for i, p := range pkgs {
		if i == 0 || p.Ecosystem != pkgs[i-1].Ecosystem {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], p)
	}
	return out
}

// mermaidText escapes a label for Mermaid: quotes and '#' become entity
// codes, and the label is always written inside ["..."].
func mermaidText(s string) string {
	r := strings.NewReplacer("#", "#35;", `"`, "#quot;", "\n", " ", "\r", "", "<", "#lt;", ">", "#gt;")
	return r.Replace(s)
}

// WriteMermaid writes the graph as a Mermaid flowchart. Node IDs are n0,
// n1, ... in package order, since package IDs hold characters Mermaid does
// not allow in IDs; labels carry the names. Direct dependencies get the
// class "direct".
func WriteMermaid(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "flowchart LR")
	ids := make(map[string]string, len(r.Packages))
	var direct []string
	for i, group := range byEcosystem(r.Packages) {
		fmt.Fprintf(bw, "  subgraph eco%d[\"%s\"]\n", i, mermaidText(string(group[0].Ecosystem)))
		for _, p := range group {
			id := fmt.Sprintf("n%d", len(ids))
			ids[p.ID] = id
			fmt.Fprintf(bw, "    %s[\"%s\"]\n", id, mermaidText(nodeLabel(p)))
			if p.Direct {
				direct = append(direct, id)
			}
		}
		fmt.Fprintln(bw, "  end")
	}
	for _, e := range r.Edges {
		from, ok1 := ids[e.From]
		to, ok2 := ids[e.To]
		if ok1 && ok2 {
			fmt.Fprintf(bw, "  %s --> %s\n", from, to)
		}
	}
	if len(direct) > 0 {
		fmt.Fprintln(bw, "  classDef direct stroke-width:3px")
		for start := 0; start < len(direct); start += 50 {
			end := min(start+50, len(direct))
			fmt.Fprintf(bw, "  class %s direct\n", strings.Join(direct[start:end], ","))
		}
	}
	return bw.Flush()
}

// declaredAt picks the evidence to show for a package: where a manifest
// declares it (the evidence with a constraint), else the first.
func declaredAt(p Package) (Evidence, bool) {
	for _, e := range p.Evidence {
		if e.Constraint != "" {
			return e, true
		}
	}
	if len(p.Evidence) == 0 {
		return Evidence{}, false
	}
	return p.Evidence[0], true
}

// plural is word, with an s unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// count is "1 package", "3 packages".
func count(n int, word string) string { return fmt.Sprintf("%d %s", n, plural(n, word)) }

// WriteText writes a plain report for people: the files read, the counts,
// then the direct dependencies with where each is declared.
func WriteText(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	s := r.Summary
	apart := ""
	if s.Apart > 0 {
		apart = fmt.Sprintf(", %d of examples and docs", s.Apart)
	}
	fmt.Fprintf(bw, "Dependencies: %s (%d direct, %d transitive%s), %s, from %s and %s\n",
		count(s.Packages, "package"), s.Direct, s.Transitive, apart, count(s.Edges, "edge"), count(s.Manifests, "manifest"), count(s.Lockfiles, "lock file"))
	for _, e := range s.ByEcosystem {
		// "package" is padded to the width of "packages" to keep the columns.
		fmt.Fprintf(bw, "  %-10s %5d %-8s  %5d direct  %5d transitive\n", e.Ecosystem, e.Packages, plural(e.Packages, "package"), e.Direct, e.Transitive)
	}
	if len(s.ByScope) > 0 {
		var parts []string
		for _, sc := range s.ByScope {
			parts = append(parts, fmt.Sprintf("%s %d", sc.Scope, sc.Packages))
		}
		fmt.Fprintf(bw, "  by scope: %s\n", strings.Join(parts, ", "))
	}
	if len(r.Manifests) > 0 {
		fmt.Fprintln(bw, "\nFiles:")
		for _, m := range r.Manifests {
			role := ""
			if m.Role != "" {
				role = ", " + m.Role
			}
			fmt.Fprintf(bw, "  %s  (%s, %s%s, %d packages)\n", m.Path, m.Format, m.Kind, role, m.Packages)
			for _, n := range m.Notes {
				fmt.Fprintf(bw, "    note: %s\n", n)
			}
		}
	}
	var direct []Package
	for _, p := range r.Packages {
		if p.Direct && p.Role == "" {
			direct = append(direct, p)
		}
	}
	if len(direct) > 0 {
		fmt.Fprintln(bw, "\nDirect dependencies:")
		for _, p := range direct {
			where := ""
			if e, ok := declaredAt(p); ok {
				where = fmt.Sprintf("%s:%d", e.File, e.Line)
			}
			fmt.Fprintf(bw, "  %-9s %-40s %-16s %-8s %s\n", p.Ecosystem, p.Name, p.Version, p.Scope, where)
		}
	}
	return bw.Flush()
}
