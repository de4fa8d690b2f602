package issue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func readShared(tb testing.TB) []Record {
	tb.Helper()
	f, err := os.Open(sharedtest.DataFile(tb, "nlbse24-issues-train.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := ReadRecords(f)
	if err != nil {
		tb.Fatal(err)
	}
	return recs
}

func readBaseline(t *testing.T) Baseline {
	t.Helper()
	raw, err := os.ReadFile("testdata/eval_baseline.json")
	if err != nil {
		t.Fatal(err)
	}
	var b Baseline
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEvalHeldOut rebuilds the held-out split and scores the embedded model
// on it; it fails when accuracy or macro-F1 drops more than one point below
// what the training program recorded.
func TestEvalHeldOut(t *testing.T) {
	recs := readShared(t)
	b := readBaseline(t)
	_, held := Split(recs, b.Seed, b.HoldOutFraction)
	if len(held) != b.HeldOutIssues {
		t.Fatalf("held-out split has %d issues, the baseline was measured on %d", len(held), b.HeldOutIssues)
	}
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	rep := Evaluate(m, held)
	t.Logf("held-out: accuracy %.3f (baseline %.3f), macro-F1 %.3f (baseline %.3f)", rep.Overall.Accuracy, b.Accuracy, rep.Overall.MacroF1, b.MacroF1)
	for repo, s := range rep.PerRepo {
		t.Logf("  %-22s accuracy %.3f macro-F1 %.3f", repo, s.Accuracy, s.MacroF1)
	}
	if rep.Overall.Accuracy < b.Accuracy-0.01 {
		t.Errorf("accuracy %.4f is more than one point below the recorded %.4f", rep.Overall.Accuracy, b.Accuracy)
	}
	if rep.Overall.MacroF1 < b.MacroF1-0.01 {
		t.Errorf("macro-F1 %.4f is more than one point below the recorded %.4f", rep.Overall.MacroF1, b.MacroF1)
	}
}

// TestEvalSplitKeepsHeldOutApart checks the split: 20% of every group,
// disjoint from training, and the same ids for the same seed.
func TestEvalSplitKeepsHeldOutApart(t *testing.T) {
	recs := readShared(t)
	train, held := Split(recs, DefaultSeed, HoldOutFraction)
	if len(train)+len(held) != len(recs) {
		t.Fatalf("split lost issues: %d + %d != %d", len(train), len(held), len(recs))
	}
	inTrain := map[int]bool{}
	for _, r := range train {
		inTrain[r.ID] = true
	}
	groups := map[string]int{}
	for _, r := range held {
		if inTrain[r.ID] {
			t.Fatalf("issue %d is both trained on and held out", r.ID)
		}
		groups[r.Repo+" "+r.Label]++
	}
	for g, n := range groups {
		if n != 20 {
			t.Errorf("group %s: %d held out, want 20", g, n)
		}
	}
	_, again := Split(recs, DefaultSeed, HoldOutFraction)
	_, other := Split(recs, DefaultSeed+1, HoldOutFraction)
	same, diff := true, false
	for i := range held {
		same = same && held[i].ID == again[i].ID
		diff = diff || held[i].ID != other[i].ID
	}
	if !same || !diff {
		t.Errorf("split must depend on the seed and nothing else: same seed equal=%v, other seed differs=%v", same, diff)
	}
}

// TestTrainingIsReproducible trains twice on a small subset with the same
// seed and compares the model bytes; a different seed must change them.
func TestTrainingIsReproducible(t *testing.T) {
	recs := readShared(t)
	var subset []Record
	for i, r := range recs {
		if i%10 == 0 {
			subset = append(subset, r)
		}
	}
	opts := DefaultTrainOptions(7)
	opts.Designs = opts.Designs[:2]
	opts.Ensembles = nil
	opts.Folds = 3
	encode := func(o TrainOptions) []byte {
		m, _, err := Train(subset, o)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := m.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	a, b := encode(opts), encode(opts)
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings with the same seed gave different model bytes")
	}
	opts.Seed = 8
	if bytes.Equal(a, encode(opts)) {
		t.Error("a different seed gave the same model bytes; is the seed used?")
	}
	m, err := DecodeModel(a)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := m.Encode()
	if !bytes.Equal(a, again) {
		t.Error("decode then encode changed the model bytes")
	}
}

func TestEmbeddedModelMatchesBaseline(t *testing.T) {
	b := readBaseline(t)
	if len(embeddedModel) != b.ModelBytes {
		t.Errorf("embedded model is %d bytes, baseline recorded %d: rerun the training program", len(embeddedModel), b.ModelBytes)
	}
}

func TestDecodeModelRejectsCorruptFiles(t *testing.T) {
	for name, in := range map[string]string{
		"not json":     "{",
		"wrong format": `{"format":99}`,
		"no labels":    `{"format":2,"labels":[],"parts":[]}`,
		"no parts":     `{"format":2,"labels":["a"],"parts":[]}`,
		"bad sizes":    `{"format":2,"labels":["a"],"parts":[{"features":{"bits":4},"bias":[0],"buckets":"AQ==","idf":"","weights":""}]}`,
		"bad base64":   `{"format":2,"labels":["a"],"parts":[{"features":{"bits":4},"bias":[0],"buckets":"!!","idf":"","weights":""}]}`,
		"bad bits":     `{"format":2,"labels":["a"],"parts":[{"features":{"bits":0},"bias":[0],"buckets":"","idf":"","weights":""}]}`,
	} {
		if _, err := DecodeModel([]byte(in)); err == nil {
			t.Errorf("%s: DecodeModel accepted %q", name, in)
		}
	}
}

func BenchmarkLoadModel(b *testing.B) {
	b.SetBytes(int64(len(embeddedModel)))
	for b.Loop() {
		if _, err := DecodeModel(embeddedModel); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClassify(b *testing.B) {
	recs := readShared(b)
	m, err := DefaultModel()
	if err != nil {
		b.Fatal(err)
	}
	r := recs[len(recs)/2]
	iss := issueOf(r)
	b.ResetTimer()
	for b.Loop() {
		m.Classify(iss)
	}
}

// TestBenchmarksRecordTheBaseline keeps BENCHMARKS.md's held-out figures
// equal to the baseline the evaluation enforces, so the threshold CI applies
// is the one the project publishes.
func TestBenchmarksRecordTheBaseline(t *testing.T) {
	b := readBaseline(t)
	raw, err := os.ReadFile(filepath.Join(sharedtest.ModuleRoot(t), "BENCHMARKS.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("| all %d held-out issues | %.3f | %.3f |", b.HeldOutIssues, b.Accuracy, b.MacroF1)
	if !strings.Contains(string(raw), want) {
		t.Fatalf("BENCHMARKS.md does not record the baseline; want the row %q", want)
	}
}
