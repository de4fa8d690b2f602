// Command train builds the embedded issue-type model from labelled issues
// (the NLBSE'24 JSON lines) and records its held-out scores.
//
//	go run ./internal/intelligence/issue/train \
//	    -data ../shared/data/nlbse24-issues-train.jsonl \
//	    -out internal/intelligence/issue/model.json
//
// It holds out 20% of every (repository, label) group by a seeded hash of
// the issue id, chooses the design (features, learner, cost, or an
// ensemble) by cross-validation on the remaining 80% only, trains the
// chosen design on that 80%, and writes the model and
// testdata/eval_baseline.json (the held-out accuracy and macro-F1 that the
// package's Eval test guards). The same data and seed give the same bytes.
// Comparing every default design takes about ten minutes on two cores;
// -cv-only stops after the comparison, and -designs REGEXP compares only
// some (the model depends only on the design chosen, so
// -designs '^words\+ph\+cues/nbsvm$' rebuilds the same bytes in seconds).
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/intelligence/issue"
)

func main() {
	data := flag.String("data", "../shared/data/nlbse24-issues-train.jsonl", "labelled issues, JSON lines")
	out := flag.String("out", "internal/intelligence/issue/model.json", "where to write the model")
	baseline := flag.String("baseline", "", "where to write the held-out scores (default: testdata/eval_baseline.json beside -out)")
	seed := flag.Int64("seed", issue.DefaultSeed, "seed of the split, the folds and the learner")
	quiet := flag.Bool("q", false, "print only the final scores")
	cvOnly := flag.Bool("cv-only", false, "compare the designs by cross-validation and stop: no held-out score, nothing written")
	only := flag.String("designs", "", "compare only the designs whose name matches this regular expression (and the ensembles made of them)")
	flag.Parse()
	if *baseline == "" {
		*baseline = filepath.Join(filepath.Dir(*out), "testdata", "eval_baseline.json")
	}
	if err := run(*data, *out, *baseline, *seed, *quiet, *cvOnly, *only); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(dataPath, out, baselinePath string, seed int64, quiet, cvOnly bool, only string) error {
	f, err := os.Open(dataPath)
	if err != nil {
		return err
	}
	recs, err := issue.ReadRecords(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", dataPath, err)
	}
	trainSet, heldOut := issue.Split(recs, seed, issue.HoldOutFraction)
	opts := issue.DefaultTrainOptions(seed)
	if !quiet {
		opts.Log = os.Stderr
	}
	if only != "" {
		if err := filterDesigns(&opts, only); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "training on %d issues, holding out %d\n", len(trainSet), len(heldOut))
	m, cv, err := issue.Train(trainSet, opts)
	if err != nil {
		return err
	}
	if cvOnly {
		fmt.Printf("chosen by cv: %s (k-fold macro-F1 %.3f, leave-one-repo-out macro-F1 %.3f)\n", cv[0].Name, cv[0].KFold.MacroF1, cv[0].ByRepo.MacroF1)
		return nil
	}
	raw, err := m.Encode()
	if err != nil {
		return err
	}
	// Score the model as it will be embedded: decoded from its own bytes.
	decoded, err := issue.DecodeModel(raw)
	if err != nil {
		return err
	}
	rep := issue.Evaluate(decoded, heldOut)
	sum := sha256.Sum256(raw)
	b := issue.Baseline{
		Seed:            seed,
		HoldOutFraction: issue.HoldOutFraction,
		TrainIssues:     len(trainSet),
		HeldOutIssues:   len(heldOut),
		Accuracy:        rep.Overall.Accuracy,
		MacroF1:         rep.Overall.MacroF1,
		RepoMeanMacroF1: rep.RepoMacroF1,
		ThreeWay:        rep.ThreeWay,
		PerRepo:         rep.PerRepo,
		CVBest:          cv[0],
		ModelSHA256:     hex.EncodeToString(sum[:]),
		ModelBytes:      len(raw),
	}
	bj, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(out, raw); err != nil {
		return err
	}
	if err := writeAtomic(baselinePath, append(bj, '\n')); err != nil {
		return err
	}
	features := 0
	for _, p := range m.Parts {
		features += len(p.Buckets)
	}
	fmt.Printf("model: %s (%d bytes, %d parts, %d features, %d template lines)\n", out, len(raw), len(m.Parts), features, len(m.Boilerplate))
	fmt.Printf("chosen by cv: %s\n", cv[0].Name)
	fmt.Printf("cv (training part): k-fold macro-F1 %.3f, leave-one-repo-out macro-F1 %.3f\n", cv[0].KFold.MacroF1, cv[0].ByRepo.MacroF1)
	fmt.Printf("held-out (%d issues): accuracy %.3f, macro-F1 %.3f, mean per-repo macro-F1 %.3f (three-way before rules: acc %.3f F1 %.3f)\n",
		len(heldOut), rep.Overall.Accuracy, rep.Overall.MacroF1, rep.RepoMacroF1, rep.ThreeWay.Accuracy, rep.ThreeWay.MacroF1)
	for _, r := range sortedKeys(rep.PerRepo) {
		s := rep.PerRepo[r]
		fmt.Printf("  %-24s acc %.3f  macro-F1 %.3f\n", r, s.Accuracy, s.MacroF1)
	}
	return nil
}

// filterDesigns keeps the designs whose name matches expr and the
// ensembles whose members all remain.
func filterDesigns(opts *issue.TrainOptions, expr string) error {
	re, err := regexp.Compile(expr)
	if err != nil {
		return fmt.Errorf("-designs: %w", err)
	}
	kept := map[string]bool{}
	var ds []issue.Design
	for _, d := range opts.Designs {
		if re.MatchString(d.Name) {
			ds = append(ds, d)
			kept[d.Name] = true
		}
	}
	if len(ds) == 0 {
		return fmt.Errorf("-designs %q matches no design", expr)
	}
	var es [][]string
	for _, e := range opts.Ensembles {
		ok := true
		for _, n := range e {
			ok = ok && kept[n]
		}
		if ok {
			es = append(es, e)
		}
	}
	opts.Designs, opts.Ensembles = ds, es
	return nil
}

func sortedKeys(m map[string]issue.Scores) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}

// writeAtomic replaces path with data through a synced temporary file, so
// an interrupted run never leaves a half-written model.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return atomicfile.WriteFile(path, data, 0o644)
}
