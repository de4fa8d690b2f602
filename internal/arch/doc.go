// Package arch states the blueprint's layering as data and checks the
// module's import graph against it (see arch_test.go).
package arch

import "strings"

// Module is the module path every internal import starts with.
const Module = "github.com/oss-dev/oss-dev"

// layerOf returns the layer of an in-module package path (relative to the
// module root), or "" for packages outside the layering.
func layerOf(pkg string) string {
	switch {
	case strings.HasPrefix(pkg, "cmd/"):
		return "cmd"
	case pkg == "internal/errcode", pkg == "internal/model", pkg == "internal/config", pkg == "internal/suggest", pkg == "internal/atomicfile", pkg == "internal/safefile", pkg == "internal/redact", pkg == "internal/sandbox", pkg == "internal/diag",
		strings.HasPrefix(pkg, "internal/config/"), pkg == "internal/sharedtest":
		return "base"
	case pkg == "internal/core/contract":
		return "contract"
	}
	for _, l := range []string{"cli", "service", "core", "provider", "intelligence", "plugin"} {
		if pkg == "internal/"+l || strings.HasPrefix(pkg, "internal/"+l+"/") {
			return l
		}
	}
	return ""
}

// allowed lists, for each layer, the layers it may import besides itself.
// The base layer (errcode, model, config) holds shared vocabulary that
// imports no other layer, so every layer may use it.
var allowed = map[string][]string{
	"cmd":          {"cli", "service", "core", "contract", "provider", "intelligence", "plugin", "base"},
	"cli":          {"service", "plugin", "contract", "base"},
	"service":      {"core", "contract", "provider", "intelligence", "plugin", "base"},
	"core":         {"contract", "base"},
	"contract":     {"base"},
	"provider":     {"base"},
	"intelligence": {"provider", "base"},
	"plugin":       {"contract", "base"},
	"base":         {},
}

// Violation is one forbidden import edge.
type Violation struct {
	From, To           string
	FromLayer, ToLayer string
}

func (v Violation) String() string {
	return v.From + " (" + v.FromLayer + ") must not import " + v.To + " (" + v.ToLayer + ")"
}

// Check returns the forbidden edges of graph, whose keys and values are
// package paths relative to the module root.
func Check(graph map[string][]string) []Violation {
	var out []Violation
	for from, tos := range graph {
		fl := layerOf(from)
		for _, to := range tos {
			tl := layerOf(to)
			if fl == "" || tl == "" || fl == tl || permits(fl, tl) {
				if fl == "base" && tl == "base" && !baseMayImport(from, to) {
					out = append(out, Violation{from, to, fl, tl})
				}
				continue
			}
			out = append(out, Violation{from, to, fl, tl})
		}
	}
	return out
}

func permits(from, to string) bool {
	for _, l := range allowed[from] {
		if l == to {
			return true
		}
	}
	return false
}

// baseMayImport keeps the base layer's own order: model and errcode import
// nothing of ours; config may use both; leaves such as safefile and redact,
// which import nothing of ours, serve the rest.
func baseMayImport(from, to string) bool {
	switch {
	case from == "internal/model", from == "internal/errcode", from == "internal/diag":
		return false
	}
	return to == "internal/model" || to == "internal/errcode" || to == "internal/diag" || to == "internal/suggest" || to == "internal/atomicfile" || to == "internal/safefile" || to == "internal/redact" || strings.HasPrefix(to, "internal/config")
}
