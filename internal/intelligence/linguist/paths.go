package linguist

import (
	"strings"
	"sync"
)

var vendorRegexp = sync.OnceValue(func() *matcher {
	return compileMatcher(vendorPattern)
})

var documentationRegexp = sync.OnceValue(func() *matcher {
	return compileMatcher(alternation(documentationPatterns))
})

// alternation joins expressions into one that matches where any does.
// Flags inside a group stay inside it, so each keeps its meaning.
func alternation(exprs []string) string {
	var b strings.Builder
	for i, e := range exprs {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString("(?:" + e + ")")
	}
	return b.String()
}

// IsVendor tells whether a slash-separated path relative to the repository
// root is vendored code by linguist's vendor.yml (node_modules/, vendor/,
// third_party/, minified bundles, build tool wrappers). Vendored files are
// left out of the language bar.
func IsVendor(path string) bool {
	return vendorRegexp().MatchString(path)
}

// IsDocumentation tells whether a slash-separated path relative to the
// repository root is documentation by linguist's documentation.yml (docs/,
// README, CHANGELOG, LICENSE, examples/). Documentation is left out of the
// language bar.
func IsDocumentation(path string) bool {
	return documentationRegexp().MatchString(path)
}
