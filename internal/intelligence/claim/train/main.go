// Command train builds the embedded claim model from the labelled comments
// and records its held-out scores.
//
//	go run ./internal/intelligence/claim/train
//
// The comments of a quarter of the repositories (chosen by a seeded hash
// of the repository's name) are held out; the model is fitted on the rest
// only, then scored, as it will be embedded, on the held-out comments.
// It writes model.json and testdata/baseline.json, which the package's
// test guards. The same data and seed give the same bytes. -v lists the
// held-out comments it gets wrong.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/intelligence/claim"
)

func main() {
	dir := flag.String("dir", "internal/intelligence/claim", "the claim package's directory")
	seed := flag.Int64("seed", claim.DefaultSeed, "seed of the held-out split")
	verbose := flag.Bool("v", false, "list the held-out comments the model gets wrong")
	flag.Parse()
	if err := run(*dir, *seed, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(dir string, seed int64, verbose bool) error {
	f, err := os.Open(filepath.Join(dir, "testdata", "comments.jsonl"))
	if err != nil {
		return err
	}
	recs, err := claim.ReadRecords(f)
	f.Close()
	if err != nil {
		return err
	}
	train, held := claim.Split(recs, seed)
	m, err := claim.Train(train, claim.DefaultTrainOptions)
	if err != nil {
		return err
	}
	m.Meta = map[string]any{"train_comments": len(train), "seed": seed, "learner": "class-balanced logistic regression, L2", "l2": claim.DefaultTrainOptions.L2, "epochs": claim.DefaultTrainOptions.Epochs}
	raw, err := m.Encode()
	if err != nil {
		return err
	}
	decoded, err := claim.DecodeModel(raw)
	if err != nil {
		return err
	}
	s := claim.Evaluate(decoded, held)
	repos := map[string]bool{}
	for _, r := range held {
		repos[r.Repo] = true
	}
	sum := sha256.Sum256(raw)
	b := claim.Baseline{Seed: seed, HoldOutRepos: len(repos), TrainComments: len(train), HeldOut: s, ModelSHA256: hex.EncodeToString(sum[:])}
	bj, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "model.json"), raw, 0o644); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "testdata", "baseline.json"), append(bj, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("model: %d bytes, %d features, trained on %d comments\n", len(raw), len(m.Buckets), len(train))
	fmt.Printf("held-out: %d comments (%d claims) from %d repositories: accuracy %.3f, precision %.3f, recall %.3f\n",
		s.N, s.Claims, len(repos), s.Accuracy, s.Precision, s.Recall)
	if verbose {
		for _, r := range held {
			v := decoded.Detect(r.Body, r.Author)
			if v.Claim != (r.Label == claim.LabelClaim) {
				fmt.Printf("  gold=%-5s p=%.2f %-7s %s\n", r.Label, v.Prob, v.Source, strings.ReplaceAll(r.Body, "\n", " ⏎ "))
			}
		}
	}
	return nil
}
