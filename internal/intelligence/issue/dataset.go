package issue

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strconv"
)

// Record is one labelled issue of the training data (the NLBSE'24 JSON
// lines: id, repo, created_at, label, title, body).
type Record struct {
	ID        int    `json:"id"`
	Repo      string `json:"repo"`
	CreatedAt string `json:"created_at"`
	Label     string `json:"label"`
	Title     string `json:"title"`
	Body      string `json:"body"`
}

// ReadRecords reads JSON lines of Records. Blank lines are skipped; a line
// that is not a record is an error naming its line number.
func ReadRecords(r io.Reader) ([]Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var out []Record
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(trimSpaceBytes(b)) == 0 {
			continue
		}
		var rec Record
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return out, nil
}

func trimSpaceBytes(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// splitKey orders issues inside a (repository, label) group: a hash of the
// seed and the issue id, so the split depends on nothing else.
func splitKey(seed int64, id int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(seed, 10)))
	h.Write([]byte{':'})
	h.Write([]byte(strconv.Itoa(id)))
	return h.Sum64()
}

// Split holds out frac of every (repository, label) group: the issues whose
// seeded hash of the id ranks lowest in the group. It returns the training
// part and the held-out part, each in input order.
func Split(recs []Record, seed int64, frac float64) (train, heldOut []Record) {
	groups := map[string][]int{}
	for i, r := range recs {
		k := r.Repo + "\x00" + r.Label
		groups[k] = append(groups[k], i)
	}
	out := make([]bool, len(recs))
	for _, idx := range groups {
		sort.Slice(idx, func(a, b int) bool {
			ka, kb := splitKey(seed, recs[idx[a]].ID), splitKey(seed, recs[idx[b]].ID)
			if ka != kb {
				return ka < kb
			}
			return recs[idx[a]].ID < recs[idx[b]].ID
		})
		n := int(float64(len(idx))*frac + 0.5)
		for _, i := range idx[:n] {
			out[i] = true
		}
	}
	for i, r := range recs {
		if out[i] {
			heldOut = append(heldOut, r)
		} else {
			train = append(train, r)
		}
	}
	return train, heldOut
}

// Scores are accuracy and macro-F1 of predictions against gold labels.
type Scores struct {
	N        int                `json:"n"`
	Accuracy float64            `json:"accuracy"`
	MacroF1  float64            `json:"macro_f1"`
	F1       map[string]float64 `json:"f1,omitempty"`
}

// Score computes accuracy, per-label F1 and macro-F1 over labels.
func Score(gold, pred []string, labels []string) Scores {
	s := Scores{N: len(gold), F1: map[string]float64{}}
	correct := 0
	for i := range gold {
		if gold[i] == pred[i] {
			correct++
		}
	}
	if len(gold) > 0 {
		s.Accuracy = float64(correct) / float64(len(gold))
	}
	for _, l := range labels {
		var tp, fp, fn float64
		for i := range gold {
			switch {
			case gold[i] == l && pred[i] == l:
				tp++
			case gold[i] != l && pred[i] == l:
				fp++
			case gold[i] == l && pred[i] != l:
				fn++
			}
		}
		f := 0.0
		if tp > 0 {
			f = 2 * tp / (2*tp + fp + fn)
		}
		s.F1[l] = f
		s.MacroF1 += f / float64(len(labels))
	}
	return s
}
