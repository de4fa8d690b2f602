package issue

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
)

// TrainOptions controls Train. Every choice that affects the model is here
// or derived from Seed, so the same options and data give the same bytes.
type TrainOptions struct {
	Seed int64
	// Folds is the number of stratified cross-validation folds.
	Folds int
	// Candidates are the feature designs to compare; Cs the SVM costs.
	Candidates []FeatureConfig
	Cs         []float64
	// MinDF drops features seen in fewer training issues than this.
	MinDF int
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// CVResult is the cross-validated score of one design.
type CVResult struct {
	Features FeatureConfig `json:"features"`
	C        float64       `json:"c"`
	// KFold is stratified k-fold over all training repositories; ByRepo
	// holds one repository out at a time, the closer estimate for projects
	// the model never saw.
	KFold  Scores  `json:"kfold"`
	ByRepo Scores  `json:"by_repo"`
	Mean   float64 `json:"mean_macro_f1"`
}

// labelOrder is the three labels of the data, in model order.
var labelOrder = []string{"bug", "feature", "question"}

type doc struct {
	feats []feature
	label int
	repo  string
	id    int
}

// Train chooses a design by cross-validation on recs alone, then fits the
// chosen design on all of recs. It returns the model and every design's
// cross-validated scores, best first.
func Train(recs []Record, opts TrainOptions) (*Model, []CVResult, error) {
	if len(recs) == 0 {
		return nil, nil, fmt.Errorf("no training issues")
	}
	if opts.Folds < 2 {
		opts.Folds = 5
	}
	logf := func(format string, a ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", a...)
		}
	}
	labels := map[string]int{}
	for i, l := range labelOrder {
		labels[l] = i
	}
	for _, r := range recs {
		if _, ok := labels[r.Label]; !ok {
			return nil, nil, fmt.Errorf("issue %d: unknown label %q", r.ID, r.Label)
		}
	}
	kfold := stratifiedFolds(recs, opts.Folds, opts.Seed)
	byRepo := repoFolds(recs)

	var results []CVResult
	oof := map[int][][]float64{}
	for ci, cfg := range opts.Candidates {
		docs := buildDocs(recs, cfg, labels)
		for _, c := range opts.Cs {
			kScores, kOut := crossValidate(cfg, docs, kfold, c, opts)
			rScores, _ := crossValidate(cfg, docs, byRepo, c, opts)
			res := CVResult{Features: cfg, C: c, KFold: kScores, ByRepo: rScores, Mean: (kScores.MacroF1 + rScores.MacroF1) / 2}
			results = append(results, res)
			oof[len(results)-1] = kOut
			logf("design %d C=%g: k-fold acc %.3f F1 %.3f | by-repo acc %.3f F1 %.3f", ci, c, kScores.Accuracy, kScores.MacroF1, rScores.Accuracy, rScores.MacroF1)
		}
	}
	best := 0
	for i, r := range results {
		if r.Mean > results[best].Mean+1e-12 {
			best = i
		}
	}
	chosen := results[best]
	temp := fitTemperature(oof[best], recs, labels)

	docs := buildDocs(recs, chosen.Features, labels)
	all := make([]int, len(docs))
	for i := range all {
		all[i] = i
	}
	buckets, idf := buildVocab(docs, all, opts.MinDF)
	X, y := vectorsFor(chosen.Features, docs, all, buckets, idf)
	w, b := trainOVR(X, y, len(labelOrder), len(buckets), chosen.C, opts.Seed)
	m := &Model{
		Features:    chosen.Features,
		Labels:      append([]string(nil), labelOrder...),
		Buckets:     buckets,
		IDF:         idf,
		Weights:     w,
		Bias:        b,
		Temperature: temp,
		Meta: map[string]any{
			"learner":        "linear SVM, squared hinge, one-vs-rest, dual coordinate descent",
			"c":              chosen.C,
			"min_df":         opts.MinDF,
			"train_issues":   len(recs),
			"seed":           opts.Seed,
			"cv_kfold_f1":    round4(chosen.KFold.MacroF1),
			"cv_by_repo_f1":  round4(chosen.ByRepo.MacroF1),
			"cv_folds":       opts.Folds,
			"selected_by":    "mean of stratified k-fold and leave-one-repository-out macro-F1 on the training part",
			"vocabulary":     len(buckets),
			"calibration_of": "softmax temperature fitted on out-of-fold scores",
		},
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].Mean > results[j].Mean })
	return m, results, nil
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func buildDocs(recs []Record, cfg FeatureConfig, labels map[string]int) []doc {
	docs := make([]doc, len(recs))
	for i, r := range recs {
		fs := extractFeatures(cfg, r.Title, r.Body)
		// Map iteration order is random; sort so sums run in a fixed order
		// and the trained weights are byte-for-byte reproducible.
		sort.Slice(fs, func(a, b int) bool { return fs[a].bucket < fs[b].bucket })
		docs[i] = doc{feats: fs, label: labels[r.Label], repo: r.Repo, id: r.ID}
	}
	return docs
}

// stratifiedFolds assigns each issue a fold, balanced inside every
// (repository, label) group, from the seeded hash of its id.
func stratifiedFolds(recs []Record, k int, seed int64) []int {
	groups := map[string][]int{}
	for i, r := range recs {
		groups[r.Repo+"\x00"+r.Label] = append(groups[r.Repo+"\x00"+r.Label], i)
	}
	fold := make([]int, len(recs))
	for _, idx := range groups {
		sort.Slice(idx, func(a, b int) bool {
			ka, kb := splitKey(seed+1, recs[idx[a]].ID), splitKey(seed+1, recs[idx[b]].ID)
			if ka != kb {
				return ka < kb
			}
			return recs[idx[a]].ID < recs[idx[b]].ID
		})
		for rank, i := range idx {
			fold[i] = rank % k
		}
	}
	return fold
}

// repoFolds gives each repository its own fold.
func repoFolds(recs []Record) []int {
	var repos []string
	seen := map[string]int{}
	for _, r := range recs {
		if _, ok := seen[r.Repo]; !ok {
			seen[r.Repo] = 0
			repos = append(repos, r.Repo)
		}
	}
	sort.Strings(repos)
	for i, r := range repos {
		seen[r] = i
	}
	fold := make([]int, len(recs))
	for i, r := range recs {
		fold[i] = seen[r.Repo]
	}
	return fold
}

// crossValidate trains on all folds but one and scores the one left, for
// each fold; it returns the pooled scores and the out-of-fold label scores.
func crossValidate(cfg FeatureConfig, docs []doc, fold []int, c float64, opts TrainOptions) (Scores, [][]float64) {
	nf := 0
	for _, f := range fold {
		nf = max(nf, f+1)
	}
	out := make([][]float64, len(docs))
	gold := make([]string, len(docs))
	pred := make([]string, len(docs))
	for f := 0; f < nf; f++ {
		var tr, te []int
		for i := range docs {
			if fold[i] == f {
				te = append(te, i)
			} else {
				tr = append(tr, i)
			}
		}
		if len(te) == 0 || len(tr) == 0 {
			continue
		}
		buckets, idf := buildVocab(docs, tr, opts.MinDF)
		X, y := vectorsFor(cfg, docs, tr, buckets, idf)
		w, b := trainOVR(X, y, len(labelOrder), len(buckets), c, opts.Seed)
		m := &Model{Labels: labelOrder, Buckets: buckets, IDF: idf, Weights: w, Bias: b}
		for _, i := range te {
			v := vectorize(cfg, docs[i].feats, buckets, idf)
			s := m.scores(v)
			out[i] = s
			gold[i] = labelOrder[docs[i].label]
			pred[i] = labelOrder[argmax(s)]
		}
	}
	return Score(gold, pred, labelOrder), out
}

func argmax(s []float64) int {
	best := 0
	for i, x := range s {
		if x > s[best] {
			best = i
		}
	}
	return best
}

// buildVocab keeps the buckets seen in at least minDF of the given issues,
// with smoothed inverse document frequencies.
func buildVocab(docs []doc, rows []int, minDF int) ([]uint32, []float32) {
	df := map[uint32]int{}
	for _, i := range rows {
		for _, f := range docs[i].feats {
			df[f.bucket]++
		}
	}
	var buckets []uint32
	for b, n := range df {
		if n >= minDF {
			buckets = append(buckets, b)
		}
	}
	sort.Slice(buckets, func(a, b int) bool { return buckets[a] < buckets[b] })
	idf := make([]float32, len(buckets))
	n := float64(len(rows))
	for i, b := range buckets {
		idf[i] = float32(math.Log((1+n)/(1+float64(df[b]))) + 1)
	}
	return buckets, idf
}

func vectorsFor(cfg FeatureConfig, docs []doc, rows []int, buckets []uint32, idf []float32) ([]sparseVec, []int) {
	X := make([]sparseVec, len(rows))
	y := make([]int, len(rows))
	for j, i := range rows {
		X[j] = vectorize(cfg, docs[i].feats, buckets, idf)
		y[j] = docs[i].label
	}
	return X, y
}

// trainOVR fits one squared-hinge linear SVM per label against the rest by
// dual coordinate descent (Hsieh et al., 2008, as in LIBLINEAR), with the
// bias learned as the weight of a constant feature. Weights come back laid
// out bucket-major (dim*k), as Model stores them.
func trainOVR(X []sparseVec, y []int, k, dim int, c float64, seed int64) ([]float32, []float32) {
	W := make([]float32, dim*k)
	B := make([]float32, k)
	for cls := 0; cls < k; cls++ {
		w, b := trainBinarySVM(X, y, cls, dim, c, seed)
		for j := 0; j < dim; j++ {
			W[j*k+cls] = float32(w[j])
		}
		B[cls] = float32(b)
	}
	return W, B
}

func trainBinarySVM(X []sparseVec, y []int, cls, dim int, c float64, seed int64) ([]float64, float64) {
	const (
		maxIter = 300
		eps     = 0.01
	)
	n := len(X)
	w := make([]float64, dim)
	var b float64
	alpha := make([]float64, n)
	diag := 0.5 / c
	qd := make([]float64, n)
	sign := make([]float64, n)
	for i, x := range X {
		var ss float64
		for _, v := range x.val {
			ss += float64(v) * float64(v)
		}
		qd[i] = ss + 1 + diag
		sign[i] = -1
		if y[i] == cls {
			sign[i] = 1
		}
	}
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(cls)+1))
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for iter := 0; iter < maxIter; iter++ {
		rng.Shuffle(n, func(a, bb int) { order[a], order[bb] = order[bb], order[a] })
		pgMax, pgMin := math.Inf(-1), math.Inf(1)
		for _, i := range order {
			x := X[i]
			dot := b
			for j, id := range x.idx {
				dot += w[id] * float64(x.val[j])
			}
			g := sign[i]*dot - 1 + diag*alpha[i]
			pg := g
			if alpha[i] == 0 && g > 0 {
				pg = 0
			}
			pgMax = math.Max(pgMax, pg)
			pgMin = math.Min(pgMin, pg)
			if math.Abs(pg) < 1e-12 {
				continue
			}
			old := alpha[i]
			alpha[i] = math.Max(old-g/qd[i], 0)
			d := (alpha[i] - old) * sign[i]
			for j, id := range x.idx {
				w[id] += d * float64(x.val[j])
			}
			b += d
		}
		if pgMax-pgMin < eps {
			break
		}
	}
	return w, b
}

// fitTemperature picks the softmax temperature that minimises the log loss
// of the out-of-fold scores, so confidences mean roughly what they say.
func fitTemperature(scores [][]float64, recs []Record, labels map[string]int) float64 {
	best, bestLoss := 1.0, math.Inf(1)
	for t := 0.5; t <= 30; t += 0.25 {
		var loss float64
		n := 0
		for i, s := range scores {
			if s == nil {
				continue
			}
			p := softmax(s, t)
			loss -= math.Log(math.Max(p[labels[recs[i].Label]], 1e-12))
			n++
		}
		if n > 0 && loss/float64(n) < bestLoss-1e-12 {
			best, bestLoss = t, loss/float64(n)
		}
	}
	return best
}
