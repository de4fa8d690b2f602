// Package markdown renders Markdown (CommonMark with GitHub's tables,
// strikethrough and task lists) as text for a terminal: wrapped to a width,
// styled with ANSI codes only when colour is on, and plain readable text
// otherwise.
//
// It is built on goldmark's core parser only. goldmark's extension and HTML
// renderer packages, and the syntax highlighters other terminal renderers
// use, cost every process hundreds of kilobytes of allocation at start-up,
// so the GitHub extensions are written here on the parser's public hooks.
package markdown

import (
	"strings"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
)

// Options control how Render lays text out.
type Options struct {
	// Width is the number of terminal cells per line; text is wrapped to
	// fit. Zero or less means no wrapping.
	Width int
	// Color styles the output; nil or a disabled scheme gives plain text
	// with no escape codes.
	Color *iostreams.ColorScheme
	// HardWraps keeps every line break inside a paragraph, as GitHub does
	// in issues and comments; otherwise lines are joined and re-wrapped.
	HardWraps bool
}

// noWrap stands for an unlimited width, so that prefixes can still be
// subtracted from it without special cases.
const noWrap = 1 << 30

// Render returns src rendered for a terminal. The result ends with a
// newline, or is empty when src has no visible content (only blank lines
// or HTML comments, say). It never fails: text that is not valid Markdown
// is shown as text.
func Render(src string, opts Options) string {
	// Outside text (an issue body, a README) is made inert first, by the
	// one sanitiser every output path uses.
	clean := []byte(iostreams.Sanitize(src))
	doc := newParser().Parse(text.NewReader(clean))
	r := &renderer{src: clean, cs: opts.Color, hardWraps: opts.HardWraps}
	r.color = opts.Color != nil && opts.Color.Enabled()
	width := opts.Width
	if width <= 0 {
		width = noWrap
	}
	lines := r.blocks(doc, width, false)
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// newParser builds goldmark's CommonMark parser with our GitHub extensions.
// It is built per call: that costs a few allocations, and keeps the
// package free of state.
func newParser() parser.Parser {
	inline := append(parser.DefaultInlineParsers(),
		// before the link parser, which also starts at '['
		util.Prioritized(taskParser{}, 0),
		util.Prioritized(strikeParser{}, 500),
	)
	para := append(parser.DefaultParagraphTransformers(), util.Prioritized(tableTransformer{}, 200))
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(para...),
	)
}
