package repo

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// referenceMatchLine runs the phrase's expression over the whole text.
func referenceMatchLine(data []byte, p guidePhrase) int {
	loc := regexp.MustCompile(p.expr).FindIndex(data)
	if loc == nil {
		return 0
	}
	return strings.Count(string(data[:loc[0]]), "\n") + 1
}

// phrasePieces are what random guides are made of: the phrases' own
// words in several cases, the letters case folding matches with K and s,
// and the text around them.
var phrasePieces = []string{
	"Developer Certificate of Origin", "developer certificate of\norigin", "DCO", "dco", "xDCO", "DCO_",
	"Signed-off-by", "ſigned-off-by", "SIGNED-OFF-BY", "git commit -s", "git commit -S", "git commit -sx",
	"--signoff", "--ſignoff", "Contributor License Agreement", "contributor licen\u212Ae agreement", "CLA", "cla",
	"CLAs", "cla-assistant", "cla.developers.google.com", "claXdevelopers.google.com", "EasyCLA",
	" ", "\n", "\r\n", "-", ".", "_", "a", "Please ", "sign ", "\u00e9", "\xff",
}

func TestMatchLineMatchesWholeText(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var sb strings.Builder
		for range r.IntN(12) {
			sb.WriteString(phrasePieces[r.IntN(len(phrasePieces))])
		}
		data := []byte(sb.String())
		for _, p := range []guidePhrase{dcoPhrase, claPhrase} {
			if got, want := matchLine(data, p), referenceMatchLine(data, p); got != want {
				t.Fatalf("%q in %q: line %d, want %d", p.expr, data, got, want)
			}
		}
	}
}

func FuzzMatchLine(f *testing.F) {
	f.Add("Please sign the CLA.\nSigned-off-by: a")
	f.Add("git commit -ſ\nDCO")
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range []guidePhrase{dcoPhrase, claPhrase} {
			if got, want := matchLine([]byte(text), p), referenceMatchLine([]byte(text), p); got != want {
				t.Fatalf("%q in %q: line %d, want %d", p.expr, text, got, want)
			}
		}
	})
}
