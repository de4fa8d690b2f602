package issue

import (
	"slices"
	"strings"
	"testing"
)

func TestPlaceholderText(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
		gone     []string
	}{
		{"code block", "see\n```\nx := 1\n```\nend", []string{"xxcode"}, []string{"x :="}},
		{"trace block", "```\nTraceback (most recent call last):\n  File \"a.py\", line 3\n```", []string{"xxtrace"}, []string{"Traceback"}},
		{"url", "at https://example.com/a/b?c=1 now", []string{"xxurl"}, []string{"example.com"}},
		{"inline code", "call `foo.Bar()` here", []string{"xxinline"}, []string{"foo.Bar"}},
		{"path", "edit src/lib/file.cc please", []string{"xxpath"}, []string{"src/lib"}},
		{"version", "since 2.13.0 it fails", []string{"xxversion"}, []string{"2.13"}},
		{"hex", "commit 3f2a9c1d broke it", []string{"xxhex"}, []string{"3f2a9c1d"}},
		{"comment", "<!-- template help -->text", nil, []string{"template help"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := placeholderText(tc.in, false)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("placeholderText(%q) = %q, want %q in it", tc.in, got, w)
				}
			}
			for _, w := range tc.gone {
				if strings.Contains(got, w) {
					t.Errorf("placeholderText(%q) = %q, still holds %q", tc.in, got, w)
				}
			}
		})
	}
}

func TestLearnAndStripBoilerplate(t *testing.T) {
	var recs []Record
	for i := 0; i < 20; i++ {
		body := "### Describe the bug\nit broke number " + strings.Repeat("x", i+1) + "\n### Expected behavior\nBug"
		recs = append(recs, Record{ID: i, Repo: "a/a", Label: "bug", Body: body})
	}
	recs = append(recs, Record{ID: 99, Repo: "b/b", Label: "bug", Body: "### Describe the bug\nonce"})
	got := learnBoilerplate(recs, 0.5, 5)
	want := []string{"describe the bug", "expected behavior"}
	if !slices.Equal(got, want) {
		t.Fatalf("learnBoilerplate = %q, want %q (one-word answers and one-off lines are not template lines)", got, want)
	}
	out := stripLines("### Describe the bug\nthe app crashes\n### Expected behavior\nBug", newBoilerplate(got))
	if out != "the app crashes\nBug" {
		t.Errorf("stripLines kept %q", out)
	}
}

func TestCueTokens(t *testing.T) {
	got := cueTokens("How do I load a model?", "I am trying to load it.\n- OS: Linux\n- Python version: 3.9\n")
	for _, w := range []string{"cue:first:how", "cue:title?", "cue:t:how do i", "cue:b:i am trying", "cue:envblock"} {
		if !slices.Contains(got, w) {
			t.Errorf("cueTokens lacks %q: %q", w, got)
		}
	}
	if got := cueTokens("Add an option to hide tabs", "It would be nice."); slices.Contains(got, "cue:title?") || !slices.Contains(got, "cue:b:would be nice") {
		t.Errorf("cueTokens of a request: %q", got)
	}
}

// TestLearnersFitSeparableData trains every learner on issues whose label
// is told by one word and checks each classifies its training issues.
func TestLearnersFitSeparableData(t *testing.T) {
	words := []string{"crash", "please add", "how"}
	cfg := FeatureConfig{Bits: 12, TitleWeight: 1}
	var docs []doc
	for i := 0; i < 30; i++ {
		l := i % 3
		fs := extractFeatures(cfg, nil, words[l]+" thing", strings.Repeat("common text ", 1+i%4))
		slices.SortFunc(fs, func(a, b feature) int { return int(a.bucket) - int(b.bucket) })
		docs = append(docs, doc{feats: fs, label: l})
	}
	rows := make([]int, len(docs))
	for i := range rows {
		rows[i] = i
	}
	buckets, idf := buildVocab(docs, rows, 1)
	X, y := vectorsFor(cfg, docs, rows, buckets, idf)
	for _, tc := range []struct {
		learner string
		c       float64
	}{{LearnerSVM, 1}, {LearnerNBSVM, 1}, {LearnerLR, 10}, {LearnerCNB, 0.3}} {
		w, b, err := trainLinear(tc.learner, X, y, 3, len(buckets), tc.c, 1)
		if err != nil {
			t.Fatal(err)
		}
		p := &Part{Buckets: buckets, IDF: idf, Weights: w, Bias: b}
		for i, x := range X {
			if got := argmax(p.scores(x)); got != y[i] {
				t.Errorf("%s: issue %d classified %d, want %d", tc.learner, i, got, y[i])
			}
		}
	}
	if _, _, err := trainLinear("nope", X, y, 3, len(buckets), 1, 1); err == nil {
		t.Error("an unknown learner was accepted")
	}
}
