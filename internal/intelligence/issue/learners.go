package issue

import (
	"fmt"
	"math"
)

// The learners Train can fit. Each gives a linear score per label over the
// same TF-IDF vectors, so every model is stored the same way (a weight per
// bucket and label, and a bias per label).
const (
	// LearnerSVM is one-vs-rest squared-hinge linear SVMs.
	LearnerSVM = "svm"
	// LearnerNBSVM is NB-SVM (Wang and Manning, 2012): one-vs-rest SVMs
	// over features scaled by their naive Bayes log-count ratio; the ratio
	// is folded into the stored weights.
	LearnerNBSVM = "nbsvm"
	// LearnerLR is multinomial (softmax) logistic regression with an L2
	// penalty, fitted by accelerated gradient descent.
	LearnerLR = "lr"
	// LearnerCNB is complement naive Bayes (Rennie et al., 2003) with
	// normalised weights; C is its smoothing.
	LearnerCNB = "cnb"
)

// trainLinear fits the named learner; weights come back bucket-major
// (dim*k) as Model stores them.
func trainLinear(learner string, X []sparseVec, y []int, k, dim int, c float64, seed int64) ([]float32, []float32, error) {
	switch learner {
	case LearnerSVM, "":
		w, b := trainOVR(X, y, k, dim, c, seed)
		return w, b, nil
	case LearnerNBSVM:
		w, b := trainNBSVM(X, y, k, dim, c, seed)
		return w, b, nil
	case LearnerLR:
		w, b := trainSoftmax(X, y, k, dim, c)
		return w, b, nil
	case LearnerCNB:
		w, b := trainCNB(X, y, k, dim, c)
		return w, b, nil
	}
	return nil, nil, fmt.Errorf("unknown learner %q", learner)
}

// trainNBSVM computes, for each label against the rest, the log-count
// ratio r of binarised features (smoothing 1) and fits an SVM on x∘r; the
// stored weight of bucket j is r_j·w_j, so prediction needs no ratio.
func trainNBSVM(X []sparseVec, y []int, k, dim int, c float64, seed int64) ([]float32, []float32) {
	W := make([]float32, dim*k)
	B := make([]float32, k)
	for cls := 0; cls < k; cls++ {
		p := make([]float64, dim)
		q := make([]float64, dim)
		for i := range p {
			p[i], q[i] = 1, 1
		}
		for i, x := range X {
			t := q
			if y[i] == cls {
				t = p
			}
			for _, id := range x.idx {
				t[id]++
			}
		}
		var sp, sq float64
		for i := range p {
			sp += p[i]
			sq += q[i]
		}
		r := make([]float64, dim)
		for i := range r {
			r[i] = math.Log((p[i] / sp) / (q[i] / sq))
		}
		Xr := make([]sparseVec, len(X))
		for i, x := range X {
			v := sparseVec{idx: x.idx, val: make([]float32, len(x.val))}
			for j, id := range x.idx {
				v.val[j] = float32(float64(x.val[j]) * r[id])
			}
			Xr[i] = v
		}
		w, b := trainBinarySVM(Xr, y, cls, dim, c, seed)
		for j := 0; j < dim; j++ {
			W[j*k+cls] = float32(w[j] * r[j])
		}
		B[cls] = float32(b)
	}
	return W, B
}

// trainSoftmax minimises the mean cross-entropy plus ||W||²/(2·C·n) by
// Nesterov-accelerated gradient descent with the step 1/L of the
// normalised vectors' Lipschitz bound; the bias is not penalised.
func trainSoftmax(X []sparseVec, y []int, k, dim int, c float64) ([]float32, []float32) {
	const iters = 400
	n := float64(len(X))
	lambda := 1 / (c * n)
	step := 1 / (1 + lambda)
	w := make([]float64, dim*k)
	b := make([]float64, k)
	wPrev := make([]float64, dim*k)
	bPrev := make([]float64, k)
	gw := make([]float64, dim*k)
	gb := make([]float64, k)
	yw := make([]float64, dim*k)
	yb := make([]float64, k)
	s := make([]float64, k)
	t := 1.0
	for it := 0; it < iters; it++ {
		tNext := (1 + math.Sqrt(1+4*t*t)) / 2
		mom := (t - 1) / tNext
		for i := range yw {
			yw[i] = w[i] + mom*(w[i]-wPrev[i])
		}
		for i := range yb {
			yb[i] = b[i] + mom*(b[i]-bPrev[i])
		}
		for i := range gw {
			gw[i] = lambda * yw[i]
		}
		for i := range gb {
			gb[i] = 0
		}
		for i, x := range X {
			copy(s, yb)
			for j, id := range x.idx {
				v := float64(x.val[j])
				row := yw[int(id)*k : int(id)*k+k]
				for cl := range s {
					s[cl] += v * row[cl]
				}
			}
			p := softmax(s, 1)
			p[y[i]]--
			for cl := range p {
				p[cl] /= n
				gb[cl] += p[cl]
			}
			for j, id := range x.idx {
				v := float64(x.val[j])
				row := gw[int(id)*k : int(id)*k+k]
				for cl := range p {
					row[cl] += v * p[cl]
				}
			}
		}
		copy(wPrev, w)
		copy(bPrev, b)
		for i := range w {
			w[i] = yw[i] - step*gw[i]
		}
		for i := range b {
			b[i] = yb[i] - step*gb[i]
		}
		t = tNext
	}
	W := make([]float32, dim*k)
	for i := range w {
		W[i] = float32(w[i])
	}
	B := make([]float32, k)
	for i := range b {
		B[i] = float32(b[i])
	}
	return W, B
}

// trainCNB estimates, for each label, the feature distribution of the
// other labels' issues with smoothing alpha, and scores a label by minus
// the issue's log-likelihood under it, with the weights normalised to unit
// L1 per label (Rennie et al.'s weight normalisation) and scaled by dim so
// scores are of order one.
func trainCNB(X []sparseVec, y []int, k, dim int, alpha float64) ([]float32, []float32) {
	W := make([]float32, dim*k)
	B := make([]float32, k)
	for cls := 0; cls < k; cls++ {
		cnt := make([]float64, dim)
		var total float64
		for i, x := range X {
			if y[i] == cls {
				continue
			}
			for j, id := range x.idx {
				cnt[id] += float64(x.val[j])
				total += float64(x.val[j])
			}
		}
		lw := make([]float64, dim)
		var l1 float64
		for j := range cnt {
			lw[j] = math.Log((alpha + cnt[j]) / (alpha*float64(dim) + total))
			l1 += math.Abs(lw[j])
		}
		for j := range lw {
			W[j*k+cls] = float32(-lw[j] / l1 * float64(dim))
		}
	}
	return W, B
}
