package issue

import (
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

func FuzzExtract(f *testing.F) {
	for _, seed := range []string{
		"### Steps to reproduce\n1. a\n2. b\n### Expected\nx\n### Actual\ny",
		"- [ ] one\n- [x] two\n**Environment**\n- OS: Linux",
		"```\nunterminated", "<!-- open comment", "**bold", "Key: value\n`Foo.bar()` src/a.go:3 #12 https://x.y/z",
		"\r\n\r\n# \r\n", "~~~\n~~~\n```", "1) step\n\n> quoted should",
	} {
		f.Add("title", seed, "comment")
	}
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, body, comment string) {
		iss := model.Issue{Title: title, Body: body}
		cs := []model.Comment{{Author: "m", AuthorAssociation: "MEMBER", Body: comment, CreatedAt: now}, {Author: "x", Body: comment, CreatedAt: now}}
		req := ExtractRequirements(iss, cs)
		for _, list := range [][]Item{req.AcceptanceCriteria, req.ReproductionSteps, req.Files, req.Symbols, req.Links, req.Environment} {
			for _, it := range list {
				if it.Source == "" {
					t.Fatalf("item without a source: %+v", it)
				}
			}
		}
		c := DetectClaim(iss, cs, now, ClaimWindow)
		s := ScoreSuitability(iss, cs, req, TypeBug, c, now)
		if s.Score < 0 || s.Score > 100 {
			t.Fatalf("score %d", s.Score)
		}
		structureTokens(title, body)
		all := FeatureConfig{Bits: 16, WordBigrams: true, CharMin: 3, CharMax: 5, CharLimit: 500, Structure: true, Placeholders: true, StripBoilerplate: true, Cues: true}
		extractFeatures(all, boilerplate{"steps to reproduce": true}, title, body)
	})
}
