package issue

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// TrainOptions controls Train. Every choice that affects the model is here
// or derived from Seed, so the same options and data give the same bytes.
type TrainOptions struct {
	Seed int64
	// Folds is the number of stratified cross-validation folds.
	Folds int
	// Designs are the single classifiers to compare, each with its costs.
	Designs []Design
	// Ensembles name designs (by Design.Name) whose probabilities are
	// averaged; each member uses the cost it scored best with alone.
	Ensembles [][]string
	// MinDF drops features seen in fewer training issues than this.
	MinDF int
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// Design is one classifier to cross-validate: features, learner, and the
// costs to try (for LearnerCNB, the smoothing).
type Design struct {
	Name     string        `json:"name"`
	Features FeatureConfig `json:"features"`
	Learner  string        `json:"learner"`
	Cs       []float64     `json:"cs,omitempty"`
}

// Template lines are lines of two or more words found in at least this
// share of a repository's training issues (and at least this many).
const (
	boilerplateShare = 0.05
	boilerplateDocs  = 5
)

// CVResult is the cross-validated score of one design (with its cost) or
// of one ensemble.
type CVResult struct {
	Name     string        `json:"name"`
	Features FeatureConfig `json:"features"`
	Learner  string        `json:"learner"`
	C        float64       `json:"c"`
	// Members are the designs of an ensemble, empty for a single design.
	Members []string `json:"members,omitempty"`
	// KFold is stratified k-fold over all training repositories; ByRepo
	// holds one repository out at a time, the closer estimate for projects
	// the model never saw.
	KFold  Scores  `json:"kfold"`
	ByRepo Scores  `json:"by_repo"`
	Mean   float64 `json:"mean_macro_f1"`

	// Out-of-fold probabilities (k-fold and by repository), temperature
	// included, for ensembles and calibration.
	temp   float64
	kProb  [][]float64
	rProb  [][]float64
	design Design
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
// and ensemble's cross-validated scores, best first. The criterion is the
// mean of stratified k-fold and leave-one-repository-out macro-F1.
func Train(recs []Record, opts TrainOptions) (*Model, []CVResult, error) {
	if len(recs) == 0 {
		return nil, nil, fmt.Errorf("no training issues")
	}
	if len(opts.Designs) == 0 {
		return nil, nil, fmt.Errorf("no designs to train")
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
	gold := make([]int, len(recs))
	for i, r := range recs {
		l, ok := labels[r.Label]
		if !ok {
			return nil, nil, fmt.Errorf("issue %d: unknown label %q", r.ID, r.Label)
		}
		gold[i] = l
	}
	kfold := stratifiedFolds(recs, opts.Folds, opts.Seed)
	byRepo := repoFolds(recs)

	var results []CVResult
	bestOf := map[string]int{}
	for _, d := range opts.Designs {
		cs := d.Cs
		if len(cs) == 0 {
			cs = []float64{1}
		}
		kOut, err := crossValidate(recs, d, cs, kfold, labels, opts)
		if err != nil {
			return nil, nil, err
		}
		rOut, err := crossValidate(recs, d, cs, byRepo, labels, opts)
		if err != nil {
			return nil, nil, err
		}
		for ci, c := range cs {
			temp := fitTemperature(kOut[ci], gold)
			res := CVResult{Name: d.Name, Features: d.Features, Learner: d.Learner, C: c, temp: temp, design: d}
			res.kProb = calibrate(kOut[ci], temp)
			res.rProb = calibrate(rOut[ci], temp)
			res.score(gold)
			results = append(results, res)
			logf("%-28s C=%-5g k-fold acc %.3f F1 %.3f | by-repo acc %.3f F1 %.3f | mean %.4f",
				d.Name, c, res.KFold.Accuracy, res.KFold.MacroF1, res.ByRepo.Accuracy, res.ByRepo.MacroF1, res.Mean)
			if b, ok := bestOf[d.Name]; !ok || res.Mean > results[b].Mean+1e-12 {
				bestOf[d.Name] = len(results) - 1
			}
		}
	}
	for _, names := range opts.Ensembles {
		res := CVResult{Name: strings.Join(names, " + "), Members: names}
		var members []CVResult
		for _, n := range names {
			b, ok := bestOf[n]
			if !ok {
				return nil, nil, fmt.Errorf("ensemble member %q is not a design", n)
			}
			members = append(members, results[b])
		}
		res.kProb = averageProbs(members, func(r CVResult) [][]float64 { return r.kProb })
		res.rProb = averageProbs(members, func(r CVResult) [][]float64 { return r.rProb })
		res.score(gold)
		results = append(results, res)
		logf("%-28s         k-fold acc %.3f F1 %.3f | by-repo acc %.3f F1 %.3f | mean %.4f",
			res.Name, res.KFold.Accuracy, res.KFold.MacroF1, res.ByRepo.Accuracy, res.ByRepo.MacroF1, res.Mean)
	}
	best := 0
	for i, r := range results {
		if r.Mean > results[best].Mean+1e-12 {
			best = i
		}
	}
	chosen := results[best]
	var parts []CVResult
	if len(chosen.Members) == 0 {
		parts = []CVResult{chosen}
	} else {
		for _, n := range chosen.Members {
			parts = append(parts, results[bestOf[n]])
		}
	}

	m := &Model{Labels: append([]string(nil), labelOrder...)}
	for _, p := range parts {
		if p.Features.StripBoilerplate {
			m.Boilerplate = learnBoilerplate(recs, boilerplateShare, boilerplateDocs)
			m.bp = newBoilerplate(m.Boilerplate)
			break
		}
	}
	all := make([]int, len(recs))
	for i := range all {
		all[i] = i
	}
	for _, p := range parts {
		docs := buildDocs(recs, p.Features, labels, m.bp)
		buckets, idf := buildVocab(docs, all, opts.MinDF)
		X, y := vectorsFor(p.Features, docs, all, buckets, idf)
		w, b, err := trainLinear(p.Learner, X, y, len(labelOrder), len(buckets), p.C, opts.Seed)
		if err != nil {
			return nil, nil, err
		}
		m.Parts = append(m.Parts, Part{Features: p.Features, Learner: p.Learner, C: p.C, Buckets: buckets, IDF: idf, Weights: w, Bias: b, Temperature: p.temp})
	}
	var names []string
	for _, p := range parts {
		names = append(names, fmt.Sprintf("%s (C=%g)", p.Name, p.C))
	}
	m.Meta = map[string]any{
		"design":         names,
		"min_df":         opts.MinDF,
		"train_issues":   len(recs),
		"seed":           opts.Seed,
		"cv_kfold_f1":    round4(chosen.KFold.MacroF1),
		"cv_by_repo_f1":  round4(chosen.ByRepo.MacroF1),
		"cv_folds":       opts.Folds,
		"selected_by":    "mean of stratified k-fold and leave-one-repository-out macro-F1 on the training part",
		"calibration_of": "softmax temperature per part fitted on out-of-fold scores; parts' probabilities averaged",
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].Mean > results[j].Mean })
	return m, results, nil
}

func (r *CVResult) score(gold []int) {
	r.KFold = scoreProbs(r.kProb, gold)
	r.ByRepo = scoreProbs(r.rProb, gold)
	r.Mean = (r.KFold.MacroF1 + r.ByRepo.MacroF1) / 2
}

func scoreProbs(probs [][]float64, gold []int) Scores {
	g := make([]string, len(gold))
	p := make([]string, len(gold))
	for i := range gold {
		g[i] = labelOrder[gold[i]]
		p[i] = labelOrder[argmax(probs[i])]
	}
	return Score(g, p, labelOrder)
}

func calibrate(scores [][]float64, temp float64) [][]float64 {
	out := make([][]float64, len(scores))
	for i, s := range scores {
		out[i] = softmax(s, temp)
	}
	return out
}

func averageProbs(members []CVResult, get func(CVResult) [][]float64) [][]float64 {
	n := len(get(members[0]))
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, len(labelOrder))
		for _, m := range members {
			for c, x := range get(m)[i] {
				out[i][c] += x / float64(len(members))
			}
		}
	}
	return out
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func buildDocs(recs []Record, cfg FeatureConfig, labels map[string]int, bp boilerplate) []doc {
	docs := make([]doc, len(recs))
	for i, r := range recs {
		fs := extractFeatures(cfg, bp, r.Title, r.Body)
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
// each fold and each cost; it returns the out-of-fold label scores per
// cost. Template lines, when the design drops them, are learned from the
// training folds only, so a held-out repository's template is unknown as
// it would be for a new project.
func crossValidate(recs []Record, d Design, cs []float64, fold []int, labels map[string]int, opts TrainOptions) ([][][]float64, error) {
	nf := 0
	for _, f := range fold {
		nf = max(nf, f+1)
	}
	out := make([][][]float64, len(cs))
	for ci := range out {
		out[ci] = make([][]float64, len(recs))
	}
	var docs []doc
	if !d.Features.StripBoilerplate {
		docs = buildDocs(recs, d.Features, labels, nil)
	}
	for f := 0; f < nf; f++ {
		var tr, te []int
		var trRecs []Record
		for i := range recs {
			if fold[i] == f {
				te = append(te, i)
			} else {
				tr = append(tr, i)
				trRecs = append(trRecs, recs[i])
			}
		}
		if len(te) == 0 || len(tr) == 0 {
			continue
		}
		if d.Features.StripBoilerplate {
			bp := newBoilerplate(learnBoilerplate(trRecs, boilerplateShare, boilerplateDocs))
			docs = buildDocs(recs, d.Features, labels, bp)
		}
		buckets, idf := buildVocab(docs, tr, opts.MinDF)
		X, y := vectorsFor(d.Features, docs, tr, buckets, idf)
		for ci, c := range cs {
			w, b, err := trainLinear(d.Learner, X, y, len(labelOrder), len(buckets), c, opts.Seed)
			if err != nil {
				return nil, err
			}
			p := &Part{Buckets: buckets, IDF: idf, Weights: w, Bias: b}
			for _, i := range te {
				out[ci][i] = p.scores(vectorize(d.Features, docs[i].feats, buckets, idf))
			}
		}
	}
	return out, nil
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

// fitTemperature picks the softmax temperature (on a log grid from 0.01 to
// 1000) that minimises the log loss of the out-of-fold scores, so
// probabilities mean roughly what they say and parts can be averaged.
func fitTemperature(scores [][]float64, gold []int) float64 {
	best, bestLoss := 1.0, math.Inf(1)
	for e := -200; e <= 300; e++ {
		t := math.Pow(10, float64(e)/100)
		var loss float64
		n := 0
		for i, s := range scores {
			if s == nil {
				continue
			}
			p := softmax(s, t)
			loss -= math.Log(math.Max(p[gold[i]], 1e-12))
			n++
		}
		if n > 0 && loss/float64(n) < bestLoss-1e-12 {
			best, bestLoss = t, loss/float64(n)
		}
	}
	return best
}
