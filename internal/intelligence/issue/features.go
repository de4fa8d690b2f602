package issue

import (
	"hash/fnv"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FeatureConfig chooses which features the classifier reads. It is stored
// in the model file, so the features at prediction time are always the
// ones the weights were trained on.
type FeatureConfig struct {
	// Bits is log2 of the number of hash buckets.
	Bits int `json:"bits"`
	// WordBigrams adds pairs of adjacent words to single words.
	WordBigrams bool `json:"word_bigrams"`
	// CharMin and CharMax bound the character n-grams taken inside words
	// (0 disables them).
	CharMin int `json:"char_min"`
	CharMax int `json:"char_max"`
	// CharLimit caps how many characters of text feed character n-grams.
	CharLimit int `json:"char_limit"`
	// TitleWeight multiplies the counts of title features.
	TitleWeight float64 `json:"title_weight"`
	// KeepComments keeps HTML comments (issue template instructions) in the
	// text; dropping them keeps the model from learning one project's template.
	KeepComments bool `json:"keep_comments"`
	// Structure adds the structural features (code blocks, stack traces,
	// version strings, questions, expected/actual, reproduction steps,
	// template headings, length).
	Structure bool `json:"structure"`
	// CharWeight and StructWeight scale the character and structure blocks
	// against the word block; each block is normalised on its own first, so
	// the many character n-grams cannot drown the words.
	CharWeight   float64 `json:"char_weight,omitempty"`
	StructWeight float64 `json:"struct_weight,omitempty"`
}

// Feature blocks, kept in the top bits of a bucket number.
const (
	blockWords = iota
	blockChars
	blockStruct
)

// blockWeight is the scale of a block after its own L2 normalisation.
func (c FeatureConfig) blockWeight(block uint32) float64 {
	switch block {
	case blockChars:
		if c.CharWeight > 0 {
			return c.CharWeight
		}
	case blockStruct:
		if c.StructWeight > 0 {
			return c.StructWeight
		}
	}
	return 1
}

// feature is one hashed feature with its raw count.
type feature struct {
	bucket uint32
	count  float64
}

var (
	reFence      = lazyRegexp("(?s)```.*?(```|$)|~~~.*?(~~~|$)")
	reHTMLComm   = lazyRegexp(`(?s)<!--.*?(-->|$)`)
	reURL        = lazyRegexp(`https?://[^\s)>\]]+`)
	reInlineCode = lazyRegexp("`[^`\n]+`")
	reVersion    = lazyRegexp(`\bv?\d+\.\d+(\.\d+)?`)
	reStackLine  = lazyRegexp(`(?m)^\s*(at [\w$.<>]+ ?\(|File "[^"]+", line \d+|#\d+ +0x[0-9a-f]+|Traceback \(most recent call last\)|\w+(Error|Exception)(: |$)|panic: |Segmentation fault|core dumped)`)
	reHeading    = lazyRegexp(`(?m)^\s{0,3}(#{1,6}\s+(.+?)\s*#*\s*$|\*\*([^*\n]{3,60})\*\*:?\s*$)`)
	reNumbered   = lazyRegexp(`(?m)^\s*\d+[.)]\s+\S`)
	reQuestion   = lazyRegexp(`(?i)^(how|what|why|where|when|which|who|is|are|can|could|does|do|should|would|will|any)\b`)
)

// cleanText separates an issue's prose from its code and markup. It returns
// the prose used for word features.
func cleanText(body string, keepComments bool) string {
	if !keepComments {
		body = reHTMLComm().ReplaceAllString(body, " ")
	}
	body = reFence().ReplaceAllString(body, " ")
	body = reURL().ReplaceAllString(body, " ")
	body = reInlineCode().ReplaceAllString(body, " ")
	return body
}

// words splits text into lower-case words; runs of digits become "0" so
// version numbers and ids do not fragment the vocabulary.
func words(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	lastDigit := false
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || r == '_' || r == '\'':
			if r == '\'' {
				continue
			}
			b.WriteRune(unicode.ToLower(r))
			lastDigit = false
		case unicode.IsDigit(r):
			if !lastDigit {
				b.WriteByte('0')
			}
			lastDigit = true
		default:
			lastDigit = false
			flush()
		}
	}
	flush()
	return out
}

// extractFeatures turns an issue's title and body into hashed feature counts.
func extractFeatures(cfg FeatureConfig, title, body string) []feature {
	counts := map[uint32]float64{}
	mask := uint32(1)<<cfg.Bits - 1
	add := func(prefix, s string, w float64) {
		h := fnv.New32a()
		h.Write([]byte(prefix))
		h.Write([]byte(s))
		block := uint32(blockWords)
		switch prefix {
		case "c:":
			block = blockChars
		case "s:":
			block = blockStruct
		}
		counts[block<<cfg.Bits|h.Sum32()&mask] += w
	}
	tw := cfg.TitleWeight
	if tw == 0 {
		tw = 1
	}
	titleWords := words(title)
	addWords(cfg, "t", titleWords, tw, add)
	prose := cleanText(body, cfg.KeepComments)
	bodyWords := words(prose)
	addWords(cfg, "b", bodyWords, 1, add)
	if cfg.CharMax > 0 {
		addChars(cfg, title+" "+prose, add)
	}
	if cfg.Structure {
		for _, s := range structureTokens(title, body) {
			add("s:", s, 1)
		}
	}
	out := make([]feature, 0, len(counts))
	for b, c := range counts {
		out = append(out, feature{bucket: b, count: c})
	}
	return out
}

func addWords(cfg FeatureConfig, prefix string, ws []string, w float64, add func(string, string, float64)) {
	for i, x := range ws {
		add(prefix+"1:", x, w)
		if cfg.WordBigrams && i > 0 {
			add(prefix+"2:", ws[i-1]+" "+x, w)
		}
	}
}

// addChars adds character n-grams taken inside words padded with spaces,
// which carry morphology ("crash", "crashes", "crashing") across projects.
func addChars(cfg FeatureConfig, text string, add func(string, string, float64)) {
	if len(text) > cfg.CharLimit && cfg.CharLimit > 0 {
		cut := cfg.CharLimit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	for _, w := range words(text) {
		rs := []rune(" " + w + " ")
		for n := cfg.CharMin; n <= cfg.CharMax; n++ {
			for i := 0; i+n <= len(rs); i++ {
				add("c:", string(rs[i:i+n]), 1)
			}
		}
	}
}

// structureTokens names the structural signals of an issue: the shape of a
// bug report (code, traces, versions, expected/actual, steps) against a
// question or a request, and the template headings it follows.
func structureTokens(title, body string) []string {
	var out []string
	lower := strings.ToLower(body)
	if reFence().MatchString(body) {
		out = append(out, "codeblock")
	}
	if n := len(reStackLine().FindAllStringIndex(body, 20)); n > 0 {
		out = append(out, "stacktrace")
		if n > 3 {
			out = append(out, "stacktrace:long")
		}
	}
	if reVersion().MatchString(body) {
		out = append(out, "version")
	}
	t := strings.TrimSpace(title)
	if strings.HasSuffix(t, "?") {
		out = append(out, "title:q")
	}
	if reQuestion().MatchString(t) {
		out = append(out, "title:qword")
	}
	if q := strings.Count(cleanText(body, false), "?"); q > 0 {
		out = append(out, "body:q")
		if q > 2 {
			out = append(out, "body:qmany")
		}
	}
	for _, kw := range []string{"expected", "actual", "steps to reproduce", "repro", "workaround", "would be nice", "feature request", "proposal", "stack overflow", "stackoverflow"} {
		if strings.Contains(lower, kw) {
			out = append(out, "kw:"+kw)
		}
	}
	if reNumbered().MatchString(body) {
		out = append(out, "numbered")
	}
	for _, m := range reHeading().FindAllStringSubmatch(body, 30) {
		h := m[2]
		if h == "" {
			h = m[3]
		}
		hw := words(h)
		if len(hw) > 0 && len(hw) <= 8 {
			out = append(out, "h:"+strings.Join(hw, " "))
		}
	}
	out = append(out, "len:"+lengthBucket(len(body)))
	if strings.TrimSpace(body) == "" {
		out = append(out, "empty")
	}
	return out
}

func lengthBucket(n int) string {
	if n == 0 {
		return "0"
	}
	b := int(math.Log2(float64(n)))
	if b > 14 {
		b = 14
	}
	return string(rune('a' + b))
}
