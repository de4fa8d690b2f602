package claim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
)

// The labels of the training data.
const (
	LabelClaim = "claim"
	LabelOther = "other"
)

// Record is one labelled comment: its repository and thread, who wrote it,
// its text, and whether it claims the issue for its author.
type Record struct {
	ID     int    `json:"id"`
	Repo   string `json:"repo"`
	URL    string `json:"url"`
	Author string `json:"author"`
	Label  string `json:"label"`
	Body   string `json:"body"`
}

// ReadRecords reads JSON lines of Records; a bad line is an error naming it.
func ReadRecords(r io.Reader) ([]Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	var out []Record
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var rec Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if rec.Label != LabelClaim && rec.Label != LabelOther {
			return nil, fmt.Errorf("line %d: label %q is neither %q nor %q", line, rec.Label, LabelClaim, LabelOther)
		}
		out = append(out, rec)
	}
	return out, sc.Err()
}

// DefaultSeed and HoldOutPercent fix the held-out split.
const (
	DefaultSeed    = 17
	HoldOutPercent = 25
)

// HeldOut reports whether a repository's comments are held out: a seeded
// hash of its name, so whole repositories stay apart from training and
// the score says how the model does on projects it never saw.
func HeldOut(repo string, seed int64) bool {
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(seed, 10) + ":" + repo))
	return h.Sum64()%100 < HoldOutPercent
}

// Split divides recs into training and held-out comments by repository.
func Split(recs []Record, seed int64) (train, held []Record) {
	for _, r := range recs {
		if HeldOut(r.Repo, seed) {
			held = append(held, r)
		} else {
			train = append(train, r)
		}
	}
	return train, held
}

// Scores are the held-out figures, claims being the positive class.
type Scores struct {
	N         int     `json:"n"`
	Claims    int     `json:"claims"`
	Accuracy  float64 `json:"accuracy"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

// Evaluate scores Detect on recs.
func Evaluate(m *Model, recs []Record) Scores {
	var s Scores
	var tp, fp, fn, correct float64
	for _, r := range recs {
		gold := r.Label == LabelClaim
		pred := m.Detect(r.Body, r.Author).Claim
		switch {
		case gold && pred:
			tp++
		case !gold && pred:
			fp++
		case gold && !pred:
			fn++
		}
		if gold == pred {
			correct++
		}
		if gold {
			s.Claims++
		}
	}
	s.N = len(recs)
	if s.N > 0 {
		s.Accuracy = correct / float64(s.N)
	}
	if tp+fp > 0 {
		s.Precision = tp / (tp + fp)
	}
	if tp+fn > 0 {
		s.Recall = tp / (tp + fn)
	}
	return s
}

// Baseline is what ./train records and the package's test guards.
type Baseline struct {
	Seed          int64  `json:"seed"`
	HoldOutRepos  int    `json:"held_out_repos"`
	TrainComments int    `json:"train_comments"`
	HeldOut       Scores `json:"held_out"`
	ModelSHA256   string `json:"model_sha256"`
}
