package docs

import (
	"fmt"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/deps"
)

// The graph's bounds: a newcomer needs the shape of the dependencies, not
// all of a lock file's thousand packages.
const (
	maxPerLayer = 20
	maxLayers   = 4 // the project, its direct dependencies and two levels below
	labelRunes  = 32
)

// graphNode is a package placed in the layered layout.
type graphNode struct {
	id, label string
	direct    bool
	dashed    bool
	layer     int
	row       int
}

// layout is the dependency graph arranged in layers, left to right: the
// project, then its direct dependencies, then what they pull in, each
// package in the first layer that reaches it.
type layout struct {
	layers [][]*graphNode
	// hidden counts the packages of a layer left out for space.
	hidden []int
	byID   map[string]*graphNode
	edges  [][2]*graphNode
}

// layoutGraph places the packages of r under a root node named name.
func layoutGraph(name string, r *deps.Result) *layout {
	l := &layout{byID: map[string]*graphNode{}}
	root := &graphNode{id: "\x00root", label: name, direct: true}
	l.add(0, []*graphNode{root})
	if r == nil {
		return l
	}
	pkgs := map[string]deps.Package{}
	var direct []*graphNode
	for _, p := range r.Packages {
		pkgs[p.ID] = p
		if p.Direct && p.Role == "" {
			direct = append(direct, node(p))
		}
	}
	sortNodes(direct, nil)
	l.add(1, direct)
	for _, n := range l.layers[len(l.layers)-1] {
		l.edges = append(l.edges, [2]*graphNode{root, n})
	}
	children := map[string][]string{}
	for _, e := range r.Edges {
		children[e.From] = append(children[e.From], e.To)
	}
	for layer := 2; layer < maxLayers; layer++ {
		prev := l.layers[layer-1]
		parentRows := map[string][]int{}
		var next []*graphNode
		for _, p := range prev {
			for _, c := range children[p.id] {
				pk, ok := pkgs[c]
				if !ok || l.byID[c] != nil {
					continue
				}
				if _, seen := parentRows[c]; !seen {
					next = append(next, node(pk))
				}
				parentRows[c] = append(parentRows[c], p.row)
			}
		}
		if len(next) == 0 {
			break
		}
		sortNodes(next, parentRows)
		l.add(layer, next)
	}
	for _, e := range r.Edges {
		from, to := l.byID[e.From], l.byID[e.To]
		if from != nil && to != nil && to.layer == from.layer+1 {
			l.edges = append(l.edges, [2]*graphNode{from, to})
		}
	}
	return l
}

func node(p deps.Package) *graphNode {
	label := p.Name
	if p.Version != "" {
		label += " " + p.Version
	}
	return &graphNode{id: p.ID, label: label, direct: p.Direct, dashed: p.Scope != deps.Runtime}
}

// sortNodes orders a layer: by the mean row of the parents (the
// barycentre, which keeps edges from crossing much), then by label.
func sortNodes(ns []*graphNode, parentRows map[string][]int) {
	bary := func(n *graphNode) float64 {
		rows := parentRows[n.id]
		if len(rows) == 0 {
			return 0
		}
		sum := 0
		for _, r := range rows {
			sum += r
		}
		return float64(sum) / float64(len(rows))
	}
	sort.SliceStable(ns, func(i, j int) bool {
		if bi, bj := bary(ns[i]), bary(ns[j]); bi != bj {
			return bi < bj
		}
		if ns[i].dashed != ns[j].dashed {
			return !ns[i].dashed
		}
		return ns[i].label < ns[j].label
	})
}

// add places up to maxPerLayer nodes as layer i.
func (l *layout) add(i int, ns []*graphNode) {
	hidden := 0
	if len(ns) > maxPerLayer {
		hidden = len(ns) - maxPerLayer
		ns = ns[:maxPerLayer]
	}
	for row, n := range ns {
		n.layer, n.row = i, row
		l.byID[n.id] = n
	}
	l.layers = append(l.layers, ns)
	l.hidden = append(l.hidden, hidden)
}

// Geometry of the drawing, in pixels.
const (
	rowH    = 28
	nodeH   = 20
	charW   = 7.2
	colGap  = 60
	padding = 10
)

// DependencyGraph draws the layered dependency graph as SVG, with no
// network and no program but this one: boxes in columns, direct
// dependencies with a bold border, those not needed at run time dashed.
func DependencyGraph(name string, r *deps.Result) []byte {
	l := layoutGraph(name, r)
	if len(l.layers) > 1 && len(l.layers[1]) == 0 {
		l.layers, l.hidden = l.layers[:1], l.hidden[:1]
	}
	xs, widths := l.columns()
	rows := 1
	for i, ns := range l.layers {
		rows = max(rows, len(ns)+min(l.hidden[i], 1))
	}
	width := int(xs[len(xs)-1]+widths[len(widths)-1]) + padding
	height := rows*rowH + 2*padding
	if len(l.layers) == 1 {
		width = max(width, 320)
		height += rowH
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Dependency graph">`, width, height, width, height)
	b.WriteString(`<style>text{font:12px ui-monospace,monospace;fill:#222}rect{fill:#f4f6f8;stroke:#8a96a3}rect.direct{stroke:#0072B2;stroke-width:2}rect.dashed{stroke-dasharray:4 3}path{fill:none;stroke:#8a96a3;stroke-width:1}` +
		`@media (prefers-color-scheme:dark){text{fill:#eee}rect{fill:#1f2428;stroke:#6a737d}path{stroke:#6a737d}}</style>`)
	for _, e := range l.edges {
		x1, y1 := xs[e[0].layer]+widths[e[0].layer], centreY(e[0].row)
		x2, y2 := xs[e[1].layer], centreY(e[1].row)
		mid := (x1 + x2) / 2
		fmt.Fprintf(&b, `<path d="M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f"/>`, x1, y1, mid, y1, mid, y2, x2, y2)
	}
	for i, ns := range l.layers {
		for _, n := range ns {
			class := ""
			switch {
			case n.direct && n.dashed:
				class = ` class="direct dashed"`
			case n.direct:
				class = ` class="direct"`
			case n.dashed:
				class = ` class="dashed"`
			}
			y := float64(padding + n.row*rowH)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" rx="4"%s/>`, xs[i], y, widths[i], nodeH, class)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`, xs[i]+6, y+14, svgText(clip(n.label, labelRunes)))
		}
		if h := l.hidden[i]; h > 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">and %d more</text>`, xs[i]+6, float64(padding+len(ns)*rowH)+14, h)
		}
	}
	if len(l.layers) == 1 {
		fmt.Fprintf(&b, `<text x="%d" y="%d">No dependencies declared in a manifest</text>`, padding, padding+rowH+14)
	}
	b.WriteString(`</svg>`)
	return []byte(b.String())
}

func centreY(row int) float64 { return float64(padding+row*rowH) + nodeH/2 }

// columns gives each layer's x and width, from its longest label.
func (l *layout) columns() ([]float64, []float64) {
	xs := make([]float64, len(l.layers))
	ws := make([]float64, len(l.layers))
	x := float64(padding)
	for i, ns := range l.layers {
		longest := 10
		for _, n := range ns {
			longest = max(longest, len([]rune(clip(n.label, labelRunes))))
		}
		xs[i], ws[i] = x, float64(longest)*charW+12
		x += ws[i] + colGap
	}
	return xs, ws
}
