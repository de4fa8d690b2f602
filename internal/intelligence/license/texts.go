package license

import (
	"embed"
	"path"
	"sort"
	"strings"
	"sync"
)

// The licence texts, one file per SPDX identifier. In a text, <NAME> is a
// part each project fills in (a year, a holder, BUSL-1.1's parameters) and
// what lies between <<optional>> and <</optional>> (or the end) may be
// left out, as Apache-2.0's appendix and the GPL's "How to Apply" often are.
//
//go:embed texts/*.txt
var textFiles embed.FS

// placeholderWidth is how many words a filled-in part may take, counted in
// licence positions: BUSL-1.1's Additional Use Grant runs to hundreds.
const placeholderWidth = 1000

// slack is how many more words than the licence has between two of its
// trigrams still count as its text: a name, a year, a reworded phrase.
const slack = 3

// text is one licence, as trigrams.
type text struct {
	id       string
	grams    map[uint64]gram
	required int    // distinct trigrams outside the optional parts
	words    []bool // per position: a word outside the optional parts
}

// gram is where a trigram occurs in the licence.
type gram struct {
	at       []int32 // word positions, ascending
	required bool    // it occurs outside the optional parts
	inBody   int     // how many times it occurs there
}

// loadTexts parses the embedded texts on first use, never at start-up.
var loadTexts = sync.OnceValue(func() []text {
	entries, err := textFiles.ReadDir("texts")
	if err != nil {
		panic(err) // the files are compiled in
	}
	out := make([]text, 0, len(entries))
	for _, e := range entries {
		data, err := textFiles.ReadFile("texts/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, parseText(strings.TrimSuffix(path.Base(e.Name()), ".txt"), string(data)))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
})

// templateWord is one word of a licence text with its position.
type templateWord struct {
	word     uint64
	pos      int32
	optional bool
}

// parseText turns a licence text into its trigrams. A placeholder breaks
// the run of words, so no trigram spans it, and moves the position on by
// placeholderWidth.
func parseText(id, src string) text {
	var words []templateWord
	pos, optional := int32(0), false
	for src != "" {
		i := strings.IndexByte(src, '<')
		if i < 0 {
			i = len(src)
		}
		words0, _ := tokenize([]byte(src[:i]))
		for _, w := range words0 {
			words = append(words, templateWord{w, pos, optional})
			pos++
		}
		src = src[i:]
		if src == "" {
			break
		}
		end := strings.IndexByte(src, '>')
		if end < 0 || strings.ContainsRune(src[:end], '\n') {
			src = src[1:]
			continue
		}
		switch strings.Trim(src[:end+1], "<>") {
		case "optional":
			optional = true
		case "/optional":
			optional = false
		default:
			pos += placeholderWidth
		}
		src = src[end+1:]
		for strings.HasPrefix(src, ">") {
			src = src[1:]
		}
	}
	t := text{id: id, grams: make(map[uint64]gram, len(words)), words: make([]bool, pos)}
	for _, w := range words {
		t.words[w.pos] = !w.optional
	}
	for i := 0; i+3 <= len(words); i++ {
		a, b, c := words[i], words[i+1], words[i+2]
		if c.pos-a.pos != 2 {
			continue // a placeholder lies between
		}
		h := hash3(a.word, b.word, c.word)
		g := t.grams[h]
		g.at = append(g.at, a.pos)
		if !a.optional && !c.optional {
			if !g.required {
				t.required++
			}
			g.required = true
			g.inBody++
		}
		t.grams[h] = g
	}
	return t
}

// found counts the licence's required trigrams among distinct grams.
func (t *text) found(distinct []uint64) int {
	n := 0
	for _, h := range distinct {
		if g, ok := t.grams[h]; ok && g.required {
			n++
		}
	}
	return n
}

func (t *text) has(h uint64) bool { _, ok := t.grams[h]; return ok }

func (t *text) requires(h uint64) bool { g, ok := t.grams[h]; return ok && g.required }

// alignment is how a text lines up with a licence.
type alignment struct {
	covered []bool // text words that are the licence's, gaps between its trigrams included
	exact   []bool // text words inside a trigram of the licence
	missing int    // words of the licence, outside optional parts, the text lacks
}

// align lines a text (its trigrams in order) up with the licence. The
// trigrams that follow the licence's order (the longest run of them in
// increasing licence position, so a common phrase in other text does not
// count) are its text, and so are the words between two of them when the
// licence has about as many words there, or a placeholder.
func (t *text) align(grams []uint64, words int) alignment {
	times := make(map[uint64]int, len(grams))
	for _, h := range grams {
		if _, ok := t.grams[h]; ok {
			times[h]++
		}
	}
	var hits []hit
	for i, h := range grams {
		g := t.grams[h]
		// Only a phrase the text holds as often as the licence does (with
		// or without its optional parts) is an anchor: "the Licensed Work"
		// in a filled-in grant is not.
		if times[h] < g.inBody || times[h] > len(g.at) {
			continue
		}
		// A phrase the licence repeats is a hit at each of its places,
		// last first, so the run can take at most one of them.
		for k := len(g.at) - 1; k >= 0; k-- {
			hits = append(hits, hit{text: int32(i), pos: g.at[k]})
		}
	}
	a := alignment{covered: make([]bool, words), exact: make([]bool, words)}
	seen := make([]bool, len(t.words))
	chain := inOrder(hits)
	for k, h := range chain {
		for d := int32(0); d < 3; d++ {
			a.exact[h.text+d], a.covered[h.text+d] = true, true
			seen[h.pos+d] = true
		}
		if k > 0 {
			prev := chain[k-1]
			textGap, gap := h.text-prev.text, h.pos-prev.pos
			if textGap <= gap+slack {
				filled := gap >= placeholderWidth
				for i := prev.text; i < h.text; i++ {
					a.covered[i] = true
					a.exact[i] = a.exact[i] || filled
				}
				if filled || gap <= textGap+slack {
					for p := prev.pos; p < h.pos; p++ {
						seen[p] = true
					}
				}
			}
		}
	}
	for p, required := range t.words {
		if required && !seen[p] {
			a.missing++
		}
	}
	return a
}

// hit is a trigram of the text found in the licence.
type hit struct{ text, pos int32 }

// inOrder returns the longest subsequence of hits whose licence positions
// increase (patience sorting, O(n log n)).
func inOrder(hits []hit) []hit {
	tails := []int{}               // tails[k]: index of the smallest last hit of a run of k+1
	prev := make([]int, len(hits)) // the hit before each in its run
	for i, h := range hits {
		k := sort.Search(len(tails), func(k int) bool { return hits[tails[k]].pos >= h.pos })
		prev[i] = -1
		if k > 0 {
			prev[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	if len(tails) == 0 {
		return nil
	}
	out := make([]hit, len(tails))
	for i, k := tails[len(tails)-1], len(tails)-1; k >= 0; i, k = prev[i], k-1 {
		out[k] = hits[i]
	}
	return out
}

// size is the number of words of the licence outside its optional parts.
func (t *text) size() int {
	n := 0
	for _, w := range t.words {
		if w {
			n++
		}
	}
	return n
}
