package llm

import (
	"unicode"
	"unicode/utf8"
)

// EstimateTokens estimates how many tokens text costs a BPE tokenizer of the
// GPT-4 family (cl100k_base, o200k_base). It is an estimate, not a count: no
// tokenizer table ships with OSS-Dev, and local models use tokenizers of
// their own. It is made for budgeting prompts against a context window, where
// being roughly right and never zero for non-empty text is what matters.
//
// The rules mirror how those tokenizers split text: a word is one token
// until it grows long, camelCase and snake_case pieces split, digits go in
// groups of three, a single space joins the word after it, a run of
// indentation is one token, and punctuation merges in threes. Ideographic and other
// scripts without spaces cost about one token per character.
func EstimateTokens(text string) int {
	n := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			var run int
			run, i = wordRun(text, i)
			n += run
		case r >= '0' && r <= '9':
			j := i
			for j < len(text) && text[j] >= '0' && text[j] <= '9' {
				j++
			}
			n += (j - i + 2) / 3
			i = j
		case r == ' ':
			j := i
			for j < len(text) && text[j] == ' ' {
				j++
			}
			// A lone space rides on the next token; a longer run (indentation,
			// alignment) is a token of its own.
			if j-i > 1 {
				n++
			} else if j == len(text) {
				n++
			}
			i = j
		case r == '\n' || r == '\r' || r == '\t':
			j := i
			for j < len(text) && (text[j] == '\n' || text[j] == '\r' || text[j] == '\t' || text[j] == ' ') {
				j++
			}
			n++
			i = j
		case isSpaceless(r):
			n++
			i += size
		case r < utf8.RuneSelf:
			j := i
			for j < len(text) && isASCIIPunct(text[j]) {
				j++
			}
			if j == i { // a control character
				j++
			}
			n += (j - i + 2) / 3
			i = j
		default:
			// Symbols outside ASCII: a repeated one (box drawing, rules)
			// merges into long tokens; a lone one costs one or two.
			j := i + size
			for j < len(text) {
				next, nsize := utf8.DecodeRuneInString(text[j:])
				if next != r {
					break
				}
				j += nsize
			}
			n += 1 + (j-i)/size/4
			i = j
		}
	}
	return n
}

// wordRun measures the word starting at i and returns its token estimate and
// the index after it. Case changes (camelCase) and underscores start a new
// piece; a piece of up to ten letters is one token (common English words are
// whole tokens), longer ones split every ten.
func wordRun(text string, i int) (tokens, end int) {
	piece := 0
	prevLower := false
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			break
		}
		upper, lower := caseOf(r)
		if (upper && prevLower) || (r == '_' && piece > 0) {
			tokens += (piece + 9) / 10
			piece = 0
		}
		piece++
		prevLower = lower
		i += size
	}
	tokens += (piece + 9) / 10
	return tokens, i
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) && !isSpaceless(r)
}

// isSpaceless reports runes of scripts written without spaces between
// words (Han, kana, Hangul, Thai), which tokenizers split per character.
func isSpaceless(r rune) bool {
	if r < 0x0E00 { // below Thai: Latin, Greek, Cyrillic, Arabic, ...
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai)
}

func isASCIIPunct(b byte) bool {
	return b < utf8.RuneSelf && b > ' ' && b != '_' && !(b >= '0' && b <= '9') &&
		!(b >= 'a' && b <= 'z') && !(b >= 'A' && b <= 'Z')
}

func caseOf(r rune) (upper, lower bool) {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z'
	}
	return unicode.IsUpper(r), unicode.IsLower(r)
}
