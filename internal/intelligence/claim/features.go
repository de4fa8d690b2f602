package claim

import (
	"hash/fnv"
	"math"
	"sort"
	"strings"
)

// Features says how a comment becomes a vector. It is stored with the
// weights, so prediction reads the features the weights were fitted on.
type Features struct {
	// Bits is log2 of the number of hash buckets.
	Bits int `json:"bits"`
	// CharMin and CharMax bound the character n-grams taken inside words.
	CharMin int `json:"char_min"`
	CharMax int `json:"char_max"`
	// The blocks (words and word pairs, character n-grams, cues) are each
	// L2-normalised and then scaled by these weights, so the many
	// character n-grams cannot drown the few cues.
	WordWeight float64 `json:"word_weight"`
	CharWeight float64 `json:"char_weight"`
	CueWeight  float64 `json:"cue_weight"`
}

// DefaultFeatures is the feature design ./train fits.
var DefaultFeatures = Features{Bits: 18, CharMin: 2, CharMax: 4, WordWeight: 1, CharWeight: 0.5, CueWeight: 2.5}

// entry is one hashed feature and its value.
type entry struct {
	bucket uint32
	value  float32
}

// vector turns a comment (already reduced to the commenter's words) into
// sorted, deduplicated hashed features.
func (f Features) vector(text, author string) []entry {
	return f.build(text, author, false)
}

// sideVector keeps only the signals that carry across languages: the side
// of each cue and the comment's shape. Training adds one for every
// comment, so those signals weigh on their own and not only beside the
// words of the languages the training data holds.
func (f Features) sideVector(text, author string) []entry {
	return f.build(text, author, true)
}

func (f Features) build(text, author string, sideOnly bool) []entry {
	norm := normalize(text)
	toks := tokens(norm)
	var words, chars, cueFeats []string
	for i, t := range toks {
		words = append(words, "w:"+t)
		if i > 0 {
			words = append(words, "b:"+toks[i-1]+" "+t)
		}
		chars = append(chars, charGrams(t, f.CharMin, f.CharMax)...)
	}
	names, _ := cueMatches(norm)
	for _, n := range names {
		// Each cue also counts toward its side, so a cue seen rarely in
		// training (a language, say) still weighs what its side weighs.
		if !sideOnly {
			cueFeats = append(cueFeats, "q:"+n)
		}
		cueFeats = append(cueFeats, "q:side:"+cueSide(n))
	}
	cueFeats = append(cueFeats, shapeCues(norm, toks, author)...)
	m := map[uint32]float64{}
	if !sideOnly {
		f.addBlock(m, words, f.WordWeight)
		f.addBlock(m, chars, f.CharWeight)
	}
	f.addBlock(m, cueFeats, f.CueWeight)
	out := make([]entry, 0, len(m))
	for b, v := range m {
		out = append(out, entry{b, float32(v)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].bucket < out[j].bucket })
	return out
}

// shapeCues are signals of form rather than wording: a question, a reply
// that opens by addressing someone, a very short or long comment, a bot.
func shapeCues(norm string, toks []string, author string) []string {
	var out []string
	if strings.Contains(norm, "?") {
		out = append(out, "s:question")
	}
	if strings.HasPrefix(strings.TrimSpace(norm), "@") {
		out = append(out, "s:addressed")
	}
	switch n := len(toks); {
	case n <= 3:
		out = append(out, "s:tiny")
	case n <= 15:
		out = append(out, "s:short")
	case n > 60:
		out = append(out, "s:long")
	}
	if botAuthor(author) {
		out = append(out, "s:bot")
	}
	return out
}

// addBlock adds a block's features, present-or-absent, L2-normalised and
// scaled by w.
func (f Features) addBlock(m map[uint32]float64, feats []string, w float64) {
	if len(feats) == 0 || w == 0 {
		return
	}
	seen := map[uint32]bool{}
	for _, s := range feats {
		seen[f.hash(s)] = true
	}
	v := w / math.Sqrt(float64(len(seen)))
	for b := range seen {
		m[b] += v
	}
}

func (f Features) hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32() & (1<<f.Bits - 1)
}

// charGrams are the character n-grams of a word padded with spaces.
func charGrams(w string, lo, hi int) []string {
	if lo <= 0 || hi < lo || strings.HasPrefix(w, "<") {
		return nil
	}
	r := []rune(" " + w + " ")
	var out []string
	for n := lo; n <= hi; n++ {
		for i := 0; i+n <= len(r); i++ {
			out = append(out, "c:"+string(r[i:i+n]))
		}
	}
	return out
}

// cueSide is "claim" for the positive cues and "other" for the rest.
func cueSide(name string) string {
	for _, c := range cues {
		if c.name == name && c.positive {
			return LabelClaim
		}
	}
	return LabelOther
}
