package claim

import (
	"strings"
	"unicode/utf8"
)

// Verdict is what one comment says about its author and the issue.
type Verdict struct {
	Claim bool `json:"claim"`
	// Phrase is the part of the comment that decided, Source "command"
	// for a bot command or "model" for the classifier.
	Phrase string  `json:"phrase,omitempty"`
	Source string  `json:"source"`
	Prob   float64 `json:"probability"`
	// Release is set when the comment gives the issue up (an unassign or
	// abandon command, or a withdrawal in words).
	Release bool `json:"release,omitempty"`
}

// Detect reads one comment with the embedded model. It fails only when
// the embedded model cannot be read.
func Detect(body, author string) (Verdict, error) {
	m, err := DefaultModel()
	if err != nil {
		return Verdict{}, err
	}
	return m.Detect(body, author), nil
}

// Detect decides whether body, written by author, claims the issue.
func (m *Model) Detect(body, author string) Verdict {
	text := ownWords(body)
	if text == "" {
		return Verdict{Source: "model"}
	}
	norm := normalize(text)
	if botAuthor(author) {
		return Verdict{Source: "command", Phrase: ""}
	}
	if ok, phrase, decided := commandVerdict(norm, strings.ToLower(author)); decided {
		v := Verdict{Claim: ok, Phrase: phrase, Source: "command", Prob: 0}
		if ok {
			v.Prob = 1
		} else {
			v.Release = reRelease().MatchString(norm)
		}
		return v
	}
	p := m.Prob(text, author)
	names, phrase := cueMatches(norm)
	v := Verdict{Claim: decide(p, m.Threshold, names), Source: "model", Prob: p}
	if v.Claim {
		if phrase == "" {
			phrase = firstSentence(norm)
		}
		v.Phrase = clip(original(text, phrase), 120)
	}
	for _, n := range names {
		if n == "withdraw" && !v.Claim {
			v.Release = true
		}
	}
	return v
}

// settledByRule reports comments the rules decide without the model.
func settledByRule(text, author string) bool {
	if text == "" || botAuthor(author) {
		return true
	}
	_, _, decided := commandVerdict(normalize(text), strings.ToLower(author))
	return decided
}

// original finds phrase (matched on the normalised text) in text, so the
// phrase is shown as the commenter wrote it; otherwise phrase is kept.
func original(text, phrase string) string {
	i := strings.Index(strings.ToLower(text), phrase)
	if i < 0 || i+len(phrase) > len(text) || !strings.EqualFold(text[i:i+len(phrase)], phrase) {
		return phrase
	}
	// Run on to the end of the clause, so the phrase reads as a whole.
	end := i + len(phrase)
	if j := strings.IndexAny(text[end:], ".!?\n。！？"); j >= 0 && j <= 60 {
		end += j
		if r, size := utf8.DecodeRuneInString(text[end:]); r != '\n' {
			end += size
		}
	}
	return strings.TrimSpace(text[i:end])
}

// cueMargin is how far from the threshold the model may be overruled when
// the cues all point one way. The cues carry across languages better
// than the words the model was trained on: a comment in German saying
// the work is under way should not fall short for want of German
// training data.
const cueMargin = 0.35

// decide turns the model's probability into a verdict, letting the cues
// settle the comments the model is unsure about.
func decide(p, threshold float64, cueNames []string) bool {
	pos, neg := false, false
	for _, n := range cueNames {
		pos = pos || cueSide(n) == LabelClaim
	}
	for _, n := range cueNames {
		switch {
		case cueSide(n) == LabelClaim:
		case n == "thanks", pos && n == "status_question":
			// Thanks open many claims; a question about status next to
			// an offer is its condition ("is anyone on this? if not,
			// I'd like to take it").
		default:
			neg = true
		}
	}
	switch {
	case pos && !neg && p >= threshold-cueMargin:
		return true
	case neg && !pos && p < threshold+cueMargin:
		return false
	}
	return p >= threshold
}
