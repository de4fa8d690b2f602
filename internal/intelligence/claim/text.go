package claim

import (
	"strings"
	"unicode"
)

var (
	reFence      = lazyRegexp("(?s)```.*?```")
	reHTMLNote   = lazyRegexp(`(?s)<!--.*?-->`)
	reWroteLine  = lazyRegexp(`(?im)^\s*on .{0,80}wrote:\s*$`)
	reOrigPosted = lazyRegexp(`(?im)^\s*_?originally posted by .*$`)
	reURL        = lazyRegexp(`https?://\S+`)
)

// ownWords keeps what the commenter wrote: quoted lines ("> ..."), e-mail
// quotes, code blocks and HTML comments are someone else's words or not
// words at all, so quoting a claim is not one.
func ownWords(body string) string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = reFence().ReplaceAllString(body, " ")
	body = reHTMLNote().ReplaceAllString(body, " ")
	if loc := reWroteLine().FindStringIndex(body); loc != nil {
		body = body[:loc[0]]
	}
	body = reOrigPosted().ReplaceAllString(body, " ")
	var keep []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), ">") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// normalize lower-cases, unifies apostrophes and drops URLs, so cues match
// "I’m" as "i'm".
func normalize(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "`", "", "*", "", "_", " ").Replace(s)
	s = reURL().ReplaceAllString(s, " url ")
	return strings.ToLower(s)
}

// tokens splits text into words; @mentions, #numbers and digits become
// placeholders and each Han, Hiragana, Katakana or Hangul character is a
// word of its own, so languages without spaces still give words.
func tokens(text string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, placeholder(cur.String()))
			cur.Reset()
		}
	}
	for _, r := range text {
		switch {
		case isIdeograph(r):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '@' || r == '#' || r == '-':
			cur.WriteRune(r)
		case r == '?' || r == '!':
			flush()
			out = append(out, string(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

func placeholder(w string) string {
	w = strings.Trim(w, "'-")
	switch {
	case strings.HasPrefix(w, "@"):
		return "<mention>"
	case strings.HasPrefix(w, "#"):
		return "<ref>"
	case w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0:
		return "<num>"
	}
	return w
}

func isIdeograph(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

var reSentence = lazyRegexp(`[.!?。！？\n]`)

// firstSentence is the phrase shown when the model decides without a cue.
func firstSentence(s string) string {
	if loc := reSentence().FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = s[:loc[1]]
	}
	return clip(strings.TrimSpace(s), 120)
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
