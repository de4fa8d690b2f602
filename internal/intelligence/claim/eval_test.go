package claim

import (
	"encoding/json"
	"os"
	"testing"
)

func readData(t *testing.T) []Record {
	t.Helper()
	f, err := os.Open("testdata/comments.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := ReadRecords(f)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestHeldOutBaseline scores the embedded model on the held-out
// repositories and fails when accuracy falls below what ./train recorded.
func TestHeldOutBaseline(t *testing.T) {
	raw, err := os.ReadFile("testdata/baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	var b Baseline
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	_, held := Split(readData(t), b.Seed)
	if len(held) != b.HeldOut.N {
		t.Fatalf("the held-out split has %d comments, the baseline was measured on %d", len(held), b.HeldOut.N)
	}
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	s := Evaluate(m, held)
	t.Logf("held-out: accuracy %.3f (baseline %.3f), precision %.3f, recall %.3f", s.Accuracy, b.HeldOut.Accuracy, s.Precision, s.Recall)
	if s.Accuracy < b.HeldOut.Accuracy-1e-9 {
		t.Errorf("accuracy %.4f is below the recorded %.4f", s.Accuracy, b.HeldOut.Accuracy)
	}
}

// TestSplitKeepsRepositoriesApart checks that no repository has comments
// on both sides and that both sides hold both labels.
func TestSplitKeepsRepositoriesApart(t *testing.T) {
	recs := readData(t)
	if len(recs) < 400 {
		t.Errorf("%d labelled comments; the data set must hold at least 400", len(recs))
	}
	train, held := Split(recs, DefaultSeed)
	side := map[string]bool{}
	for _, r := range train {
		side[r.Repo] = true
	}
	labels := map[string]int{}
	for _, r := range held {
		if side[r.Repo] {
			t.Fatalf("repository %s is in both the training and the held-out part", r.Repo)
		}
		labels[r.Label]++
	}
	if labels[LabelClaim] == 0 || labels[LabelOther] == 0 {
		t.Errorf("held-out labels %v: both classes must be there", labels)
	}
}

// TestModelRoundTrip checks that the stored shape keeps every weight.
func TestModelRoundTrip(t *testing.T) {
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeModel(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Buckets) != len(m.Buckets) || back.Bias != m.Bias {
		t.Fatalf("round trip changed the model: %d/%d buckets", len(back.Buckets), len(m.Buckets))
	}
	for _, body := range []string{"Can I work on this?", "Is anyone on this?"} {
		if a, b := m.Prob(body, "x"), back.Prob(body, "x"); a != b {
			t.Errorf("Prob(%q) changed from %v to %v", body, a, b)
		}
	}
}
