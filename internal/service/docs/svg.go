package docs

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
)

// palette colours the language bars; it stays distinguishable for the
// common kinds of colour blindness (Okabe and Ito's set, then greys).
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999"}

// svgText escapes s for an SVG text node or attribute, after clean.
func svgText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(clean(s, false)))
	return b.String()
}

// shownLanguages is how many languages get a bar; the rest share one.
const shownLanguages = 8

// LanguageChart draws the language bar as horizontal bars, one per
// language with its share, the smallest ones as "other".
func LanguageChart(ls []repo.Language) []byte {
	type bar struct {
		name  string
		share float64
	}
	var bars []bar
	var rest float64
	for i, l := range ls {
		if i < shownLanguages {
			bars = append(bars, bar{l.Name, l.Share})
		} else {
			rest += l.Share
		}
	}
	if rest > 0 {
		bars = append(bars, bar{fmt.Sprintf("%d others", len(ls)-shownLanguages), rest})
	}
	const width, rowH, labelW, barW = 480, 26, 150, 250
	height := max(1, len(bars))*rowH + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Languages by share of code">`, width, height, width, height)
	b.WriteString(`<style>text{font:13px system-ui,sans-serif;fill:#222}@media (prefers-color-scheme:dark){text{fill:#eee}}</style>`)
	if len(bars) == 0 {
		b.WriteString(`<text x="0" y="20">No programming or markup language found</text>`)
	}
	for i, br := range bars {
		y := 5 + i*rowH
		w := br.share / 100 * barW
		if br.share > 0 && w < 1 {
			w = 1
		}
		fmt.Fprintf(&b, `<text x="0" y="%d">%s</text>`, y+17, svgText(clip(br.name, 22)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="18" rx="3" fill="%s"/>`, labelW, y+3, w, palette[i%len(palette)])
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%.1f%%</text>`, float64(labelW)+w+6, y+17, br.share)
	}
	b.WriteString(`</svg>`)
	return []byte(b.String())
}
