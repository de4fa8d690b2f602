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
	"strconv"
	"strings"
	"time"

	"github.com/oss-dev/oss-dev/internal/atomicfile"
	"github.com/oss-dev/oss-dev/internal/intelligence/claim"
)

func main() {
	dir := flag.String("dir", "internal/intelligence/claim", "the claim package's directory")
	seed := flag.Int64("seed", claim.DefaultSeed, "seed of the held-out split")
	verbose := flag.Bool("v", false, "list the held-out comments the model gets wrong")
	export := flag.String("export", "", "write each held-out comment into `DIR` as an issue in gh's JSON shape (and DIR/gold.tsv), train nothing")
	flag.Parse()
	var err error
	if *export != "" {
		err = exportHeldOut(*dir, *seed, *export)
	} else {
		err = run(*dir, *seed, *verbose)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func readData(dir string) ([]claim.Record, error) {
	f, err := os.Open(filepath.Join(dir, "testdata", "comments.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return claim.ReadRecords(f)
}

func run(dir string, seed int64, verbose bool) error {
	recs, err := readData(dir)
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

// ghIssue is the shape `gh issue view N --json
// title,body,comments,labels,assignees,author,state,url,number,createdAt`
// writes.
type ghIssue struct {
	Title     string      `json:"title"`
	Body      string      `json:"body"`
	Number    int         `json:"number"`
	State     string      `json:"state"`
	URL       string      `json:"url"`
	CreatedAt string      `json:"createdAt"`
	Author    ghLogin     `json:"author"`
	Labels    []ghLabel   `json:"labels"`
	Assignees []ghLogin   `json:"assignees"`
	Comments  []ghComment `json:"comments"`
}

type ghLogin struct {
	Login string `json:"login"`
}

type ghLabel struct {
	Name string `json:"name"`
}

type ghComment struct {
	ID                string  `json:"id"`
	Author            ghLogin `json:"author"`
	AuthorAssociation string  `json:"authorAssociation"`
	Body              string  `json:"body"`
	CreatedAt         string  `json:"createdAt"`
	URL               string  `json:"url"`
}

// exportHeldOut writes each held-out comment as the only comment, made a
// day ago, on an open, unassigned issue, for measuring through the binary.
func exportHeldOut(dir string, seed int64, out string) error {
	recs, err := readData(dir)
	if err != nil {
		return err
	}
	_, held := claim.Split(recs, seed)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	now := time.Now().UTC()
	var gold strings.Builder
	for _, r := range held {
		iss := ghIssue{
			Title: "Saved issue for comment " + strconv.Itoa(r.ID), Body: "See the comment.", Number: r.ID, State: "OPEN",
			URL: r.URL, CreatedAt: now.Add(-72 * time.Hour).Format(time.RFC3339), Author: ghLogin{"reporter"},
			Labels: []ghLabel{}, Assignees: []ghLogin{},
			Comments: []ghComment{{ID: "IC_" + strconv.Itoa(r.ID), Author: ghLogin{r.Author}, AuthorAssociation: "NONE", Body: r.Body,
				CreatedAt: now.Add(-24 * time.Hour).Format(time.RFC3339), URL: r.URL + "#issuecomment-" + strconv.Itoa(r.ID)}},
		}
		raw, err := json.MarshalIndent(iss, "", "  ")
		if err != nil {
			return err
		}
		name := fmt.Sprintf("comment-%04d.json", r.ID)
		if err := os.WriteFile(filepath.Join(out, name), raw, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&gold, "%s\t%v\n", name, r.Label == claim.LabelClaim)
	}
	return os.WriteFile(filepath.Join(out, "gold.tsv"), []byte(gold.String()), 0o644)
}
