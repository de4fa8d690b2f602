package issue

import (
	"hash/fnv"
	"math"
	"sort"
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
	// Placeholders keeps code blocks, stack traces, URLs, paths, versions
	// and hex numbers as one placeholder word each instead of dropping
	// them, so "a trace follows" is a word the model can weigh.
	Placeholders bool `json:"placeholders,omitempty"`
	// StripBoilerplate drops from the word features the body lines that
	// are the issue template of a training repository (the model's
	// Boilerplate list), so the words learned are the reporter's.
	StripBoilerplate bool `json:"strip_boilerplate,omitempty"`
	// Cues adds structural features that carry across repositories: the
	// title's first word, "how do I", "is it possible", "would be nice",
	// "expected behavior", error and exception words, version reports.
	Cues bool `json:"cues,omitempty"`
	// NoWords leaves out the word block, for a model of character n-grams
	// (and structure) alone.
	NoWords bool `json:"no_words,omitempty"`
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
	rePath       = lazyRegexp(`(?:[\w.@~-]*/)+[\w.@-]+|\b[\w-]+\.(?:py|js|jsx|ts|tsx|cc|cpp|c|h|hpp|go|java|json|md|txt|yml|yaml|sh|so|dll|exe|log|cfg|conf|xml|html|css)\b`)
	reHex        = lazyRegexp(`(?i)\b0x[0-9a-f]+\b|\b[0-9a-f]*\d[0-9a-f]*[a-f][0-9a-f]*\b|\b[0-9a-f]*[a-f][0-9a-f]*\d[0-9a-f]*\b`)
	reEnvLine    = lazyRegexp(`(?im)^\s*[-*]?\s*(\*\*)?[\w /.()-]{0,30}(version|os|platform|browser|python|node|cuda|gpu|compiler|distribution|build|commit)[\w /.()-]{0,20}(\*\*)?\s*:`)
)

// placeholderText is cleanText that keeps each dropped piece as a
// placeholder word: xxtrace for code with a stack trace, xxcode for other
// code blocks, xxurl, xxinline, xxpath, xxhex and xxversion.
func placeholderText(body string, keepComments bool) string {
	if !keepComments {
		body = reHTMLComm().ReplaceAllString(body, " ")
	}
	body = reFence().ReplaceAllStringFunc(body, func(code string) string {
		if reStackLine().MatchString(code) {
			return " xxtrace "
		}
		return " xxcode "
	})
	body = reStackLine().ReplaceAllString(body, " xxtrace ")
	body = reURL().ReplaceAllString(body, " xxurl ")
	body = reInlineCode().ReplaceAllString(body, " xxinline ")
	body = rePath().ReplaceAllString(body, " xxpath ")
	body = reVersion().ReplaceAllString(body, " xxversion ")
	body = reHex().ReplaceAllString(body, " xxhex ")
	return body
}

// Boilerplate is a set of normalised template lines (normLine) to drop.
type boilerplate map[string]bool

// normLine is a line reduced to its lower-case words, how template lines
// are compared; lines of fewer than two words are never template lines, so
// a one-word answer ("Bug") under a template heading stays.
func normLine(line string) string {
	ws := words(line)
	if len(ws) < 2 || len(ws) > 40 {
		return ""
	}
	return strings.Join(ws, " ")
}

// stripLines removes the lines of body that are in bp.
func stripLines(body string, bp boilerplate) string {
	if len(bp) == 0 {
		return body
	}
	lines := strings.Split(body, "\n")
	out := lines[:0]
	for _, l := range lines {
		if n := normLine(l); n != "" && bp[n] {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// learnBoilerplate finds each repository's template lines: lines of at
// least two words found in at least minShare of the repository's issues
// (and in at least minDocs of them), whatever their label.
func learnBoilerplate(recs []Record, minShare float64, minDocs int) []string {
	perRepo := map[string]map[string]int{}
	size := map[string]int{}
	for _, r := range recs {
		df := perRepo[r.Repo]
		if df == nil {
			df = map[string]int{}
			perRepo[r.Repo] = df
		}
		size[r.Repo]++
		seen := map[string]bool{}
		for _, l := range strings.Split(r.Body, "\n") {
			if n := normLine(l); n != "" && !seen[n] {
				seen[n] = true
				df[n]++
			}
		}
	}
	set := map[string]bool{}
	for repo, df := range perRepo {
		need := max(minDocs, int(math.Ceil(minShare*float64(size[repo]))))
		for l, n := range df {
			if n >= need {
				set[l] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for l := range set {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

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

// extractFeatures turns an issue's title and body into hashed feature
// counts; bp holds the template lines to drop when cfg.StripBoilerplate.
func extractFeatures(cfg FeatureConfig, bp boilerplate, title, body string) []feature {
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
	if !cfg.NoWords {
		addWords(cfg, "t", words(title), tw, add)
	}
	text := body
	if cfg.StripBoilerplate {
		text = stripLines(body, bp)
	}
	var prose string
	if cfg.Placeholders {
		prose = placeholderText(text, cfg.KeepComments)
	} else {
		prose = cleanText(text, cfg.KeepComments)
	}
	if !cfg.NoWords {
		addWords(cfg, "b", words(prose), 1, add)
	}
	if cfg.CharMax > 0 {
		addChars(cfg, title+" "+prose, add)
	}
	if cfg.Structure {
		for _, s := range structureTokens(title, body) {
			add("s:", s, 1)
		}
	}
	if cfg.Cues {
		for _, s := range cueTokens(title, body) {
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

// cuePhrases are phrases whose meaning does not depend on the project.
var cuePhrases = []string{
	"how do i", "how can i", "how to", "is it possible", "is there a way", "is there any", "any idea", "any help",
	"please help", "thanks in advance", "i am trying", "i'm trying", "trying to", "i wonder", "wondering",
	"feature request", "would be nice", "would be great", "it would be", "would like", "proposal", "suggest",
	"add support", "support for", "option to", "allow", "ability to", "instead of", "enhancement",
	"expected behavior", "expected behaviour", "expected result", "actual behavior", "actual result",
	"steps to reproduce", "to reproduce", "reproduce", "regression", "crash", "error", "exception", "traceback",
	"fails", "failed", "doesn't work", "does not work", "not working", "broken", "wrong", "incorrect", "unexpected",
	"question", "documentation", "stack overflow", "stackoverflow",
}

// cueTokens names the project-independent cues of an issue: how the title
// starts and ends, the cue phrases of title and body, and the shape of a
// bug report (a trace, a version report).
func cueTokens(title, body string) []string {
	var out []string
	t := strings.ToLower(strings.TrimSpace(title))
	tw := words(t)
	if len(tw) > 0 && reQuestion().MatchString(tw[0]) {
		out = append(out, "cue:first:"+tw[0])
	}
	if strings.Contains(t, "?") {
		out = append(out, "cue:title?")
	}
	b := strings.ToLower(cleanText(body, false))
	for _, p := range cuePhrases {
		if strings.Contains(t, p) {
			out = append(out, "cue:t:"+p)
		}
		if strings.Contains(b, p) {
			out = append(out, "cue:b:"+p)
		}
	}
	if n := len(reEnvLine().FindAllStringIndex(body, 10)); n >= 2 {
		out = append(out, "cue:envblock")
	}
	if reStackLine().MatchString(body) {
		out = append(out, "cue:trace")
	}
	return out
}
