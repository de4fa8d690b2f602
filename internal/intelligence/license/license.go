// Package license recognises the licence of a licence file (LICENSE,
// COPYING, ...) with cheap exact tests: an SPDX-License-Identifier line, or
// the text of one of the licences most projects carry, compared word
// trigram by word trigram. It knows a few licences well rather than every
// licence; when it recognises none, or finds more than one licence in the
// text, Identify says so and the caller may try a full matcher, which
// costs far more to build.
package license

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSize bounds the text Identify looks at: the longest licence it knows
// (GPL-3.0) is about 35 KB, so a bigger file is not one licence text.
const MaxSize = 256 << 10

// Match is a recognised licence.
type Match struct {
	// ID is the licence's SPDX identifier (or the expression a
	// SPDX-License-Identifier line gives).
	ID string
	// Coverage is the share of the text's words that are the licence's
	// text, in percent: titles, copyright lines and notes around it lower it.
	Coverage float64
}

const (
	// minRecall is the share of a licence's own trigrams a text must hold:
	// enough to tell BSD-2-Clause from BSD-3-Clause and MIT from MIT-0,
	// loose enough for reflowed, re-spelt or lightly edited copies.
	minRecall = 0.8
	// otherRecall is where another licence found in the same text, beyond
	// what it shares with the best one, makes the verdict ambiguous.
	otherRecall = 0.3
)

// Identify recognises the licence text holds. ok is false when it holds
// none of the licences this package knows, or more than one.
func Identify(text []byte) (m Match, ok bool) {
	if len(text) > MaxSize {
		return Match{}, false
	}
	if id := spdxTag(text); id != "" {
		return Match{ID: id, Coverage: 100}, true
	}
	words, notice := tokenize(text)
	if len(words) < 3 {
		return Match{}, false
	}
	grams := trigrams(words)
	uniq := distinct(grams)
	known := loadTexts()
	best, bestScore := -1, 0
	for i := range known {
		found := known[i].found(uniq)
		if float64(found) < minRecall*float64(known[i].required) {
			continue
		}
		// Trigrams found minus trigrams missing: a longer licence that
		// contains a shorter one (BSD-3-Clause and BSD-2-Clause) wins only
		// when its extra text is there.
		if score := 2*found - known[i].required; best < 0 || score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 || ambiguous(known, uniq, best) {
		return Match{}, false
	}
	a := known[best].align(grams, len(words))
	if count(a.exact, notice, true) > budget(len(words)) || a.missing > budget(known[best].size()) {
		return Match{}, false
	}
	cov := 100 * float64(count(a.covered, notice, false)) / float64(len(words))
	return Match{ID: known[best].id, Coverage: cov}, true
}

// ambiguous reports whether another licence's text is among the distinct
// trigrams beyond what it shares with the best one: the file then holds
// two licences.
func ambiguous(known []text, uniq []uint64, best int) bool {
	for i := range known {
		if i == best {
			continue
		}
		own := 0
		for _, g := range uniq {
			if known[i].requires(g) && !known[best].has(g) {
				own++
			}
		}
		if float64(own) >= otherRecall*float64(known[i].required) {
			return true
		}
	}
	return false
}

// spdxTag returns the expression of a SPDX-License-Identifier line in the
// first lines of text, "" when there is none or it is not a plain
// expression.
func spdxTag(text []byte) string {
	const tag = "spdx-license-identifier:"
	head := text
	if len(head) > 4096 {
		head = head[:4096]
	}
	i := bytes.Index(bytes.ToLower(head), []byte(tag))
	if i < 0 {
		return ""
	}
	line := head[i+len(tag):]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	expr := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(line)), "*/"))
	if expr == "" || len(expr) > 100 {
		return ""
	}
	for _, r := range expr {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".-+ ()", r))) {
			return ""
		}
	}
	return expr
}

// tokenize splits text into words of letters and digits, compared
// without case, and returns their hashes. Words of one character (list
// markers, "a") are dropped and British spellings of licence are folded,
// so that numbering and spelling do not count. notice marks the words of
// copyright lines, which belong with the licence though no two projects
// share them.
func tokenize(text []byte) (words []uint64, notice []bool) {
	words = make([]uint64, 0, len(text)/6)
	notice = make([]bool, 0, len(text)/6)
	lineStart, inNotice := true, false
	var lower []byte
	for i := 0; i < len(text); {
		r, n := decode(text[i:])
		if !isWordRune(r) {
			if r == '\n' {
				lineStart, inNotice = true, false
			} else if r == '\u00a9' && lineStart {
				inNotice = true
			}
			i += n
			continue
		}
		lower = lower[:0]
		for i < len(text) {
			r, n := decode(text[i:])
			if !isWordRune(r) {
				break
			}
			lower = utf8.AppendRune(lower, unicode.ToLower(r))
			i += n
		}
		if lineStart && string(lower) == "copyright" {
			inNotice = true
		}
		lineStart = false
		if utf8.RuneCount(lower) > 1 {
			words = append(words, hashWord(fold(lower)))
			notice = append(notice, inNotice)
		}
	}
	return words, notice
}

func decode(b []byte) (rune, int) {
	if b[0] < utf8.RuneSelf {
		return rune(b[0]), 1
	}
	return utf8.DecodeRune(b)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func fold(w []byte) []byte {
	switch string(w) {
	case "licence":
		return []byte("license")
	case "licences":
		return []byte("licenses")
	case "licenced":
		return []byte("licensed")
	}
	return w
}

// hashWord is FNV-1a.
func hashWord(w []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range w {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// count counts the words covered or in a notice, or with outside the
// others.
func count(covered, notice []bool, outside bool) int {
	n := 0
	for i := range covered {
		if (covered[i] || notice[i]) != outside {
			n++
		}
	}
	return n
}

// budget is how many words of n may differ between a text and a licence
// for the text still to be that licence: a title, a holder's name in the
// clause that names it, a typo; not a clause added, dropped or changed,
// which makes another licence (JSON's "Good, not Evil", BSD-4-Clause's
// advertising clause, SSPL's section 13).
func budget(n int) int { return 5 + n/100 }

// trigrams hashes each run of three words, in order.
func trigrams(words []uint64) []uint64 {
	if len(words) < 3 {
		return nil
	}
	out := make([]uint64, 0, len(words)-2)
	for i := 0; i+3 <= len(words); i++ {
		out = append(out, hash3(words[i], words[i+1], words[i+2]))
	}
	return out
}

// distinct returns grams without repeats, in first-seen order.
func distinct(grams []uint64) []uint64 {
	seen := make(map[uint64]bool, len(grams))
	out := make([]uint64, 0, len(grams))
	for _, g := range grams {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// hash3 combines three word hashes, in order.
func hash3(a, b, c uint64) uint64 {
	const m = 0x9e3779b97f4a7c15
	h := a*m ^ b
	h = h*m ^ c
	return h * m
}
