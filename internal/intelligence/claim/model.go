package claim

import (
	_ "embed"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"sync"
)

// The trained model, written by ./train and decoded on first use.
//
//go:embed model.json
var embeddedModel []byte

var loadDefault = sync.OnceValues(func() (*Model, error) { return DecodeModel(embeddedModel) })

// DefaultModel returns the embedded model, decoding it on first use.
func DefaultModel() (*Model, error) { return loadDefault() }

// Model is a logistic regression over hashed features: the probability
// that a comment claims its issue is σ(bias + Σ weight·value).
type Model struct {
	Features Features
	Bias     float64
	// Buckets are the known hash buckets in increasing order; Weights is
	// indexed like it.
	Buckets []uint32
	Weights []float32
	// Threshold is the probability from which a comment is a claim.
	Threshold float64
	Meta      map[string]any
}

// Prob is the probability that text (the commenter's own words) claims.
func (m *Model) Prob(text, author string) float64 {
	s := m.Bias
	for _, e := range m.Features.vector(text, author) {
		i := sort.Search(len(m.Buckets), func(i int) bool { return m.Buckets[i] >= e.bucket })
		if i < len(m.Buckets) && m.Buckets[i] == e.bucket {
			s += float64(m.Weights[i]) * float64(e.value)
		}
	}
	return 1 / (1 + math.Exp(-s))
}

// modelFile is the stored shape: JSON with the buckets as base64 of
// delta-encoded uvarints and the weights as base64 of little-endian float32.
type modelFile struct {
	Format    int            `json:"format"`
	Features  Features       `json:"features"`
	Bias      float64        `json:"bias"`
	Threshold float64        `json:"threshold"`
	Buckets   string         `json:"buckets"`
	Weights   string         `json:"weights"`
	Meta      map[string]any `json:"meta,omitempty"`
}

// Encode writes the model in its stored shape; the same model gives the
// same bytes.
func (m *Model) Encode() ([]byte, error) {
	var buckets []byte
	prev := uint32(0)
	for _, b := range m.Buckets {
		buckets = binary.AppendUvarint(buckets, uint64(b-prev))
		prev = b
	}
	w := make([]byte, 4*len(m.Weights))
	for i, f := range m.Weights {
		binary.LittleEndian.PutUint32(w[4*i:], math.Float32bits(f))
	}
	f := modelFile{Format: 1, Features: m.Features, Bias: m.Bias, Threshold: m.Threshold,
		Buckets: base64.StdEncoding.EncodeToString(buckets), Weights: base64.StdEncoding.EncodeToString(w), Meta: m.Meta}
	out, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// DecodeModel reads a model written by Encode.
func DecodeModel(data []byte) (*Model, error) {
	var f modelFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("claim model: %w", err)
	}
	if f.Format != 1 {
		return nil, fmt.Errorf("claim model: unknown format %d", f.Format)
	}
	raw, err := base64.StdEncoding.DecodeString(f.Buckets)
	if err != nil {
		return nil, fmt.Errorf("claim model buckets: %w", err)
	}
	m := &Model{Features: f.Features, Bias: f.Bias, Threshold: f.Threshold, Meta: f.Meta}
	prev := uint64(0)
	for len(raw) > 0 {
		d, n := binary.Uvarint(raw)
		if n <= 0 {
			return nil, fmt.Errorf("claim model buckets: bad varint")
		}
		prev += d
		m.Buckets = append(m.Buckets, uint32(prev))
		raw = raw[n:]
	}
	w, err := base64.StdEncoding.DecodeString(f.Weights)
	if err != nil || len(w) != 4*len(m.Buckets) {
		return nil, fmt.Errorf("claim model weights: %d bytes for %d buckets (%v)", len(w), len(m.Buckets), err)
	}
	m.Weights = make([]float32, len(m.Buckets))
	for i := range m.Weights {
		m.Weights[i] = math.Float32frombits(binary.LittleEndian.Uint32(w[4*i:]))
	}
	return m, nil
}

// TrainOptions are the choices of Train; the same options and data give
// the same model.
type TrainOptions struct {
	Features Features
	// L2 is the penalty on the weights; Epochs the passes of gradient descent.
	L2     float64
	Epochs int
}

// DefaultTrainOptions are the options ./train uses.
var DefaultTrainOptions = TrainOptions{Features: DefaultFeatures, L2: 1e-3, Epochs: 400}

// Train fits the model on recs by full-batch gradient descent with
// Nesterov momentum on the class-balanced logistic loss, so the rarer class
// weighs as much as the other.
func Train(recs []Record, opts TrainOptions) (*Model, error) {
	if len(recs) == 0 {
		return nil, fmt.Errorf("no training comments")
	}
	var X [][]entry
	var y []float64
	var pos float64
	for _, r := range recs {
		text := ownWords(r.Body)
		if settledByRule(text, r.Author) {
			continue // the model never sees what the rules decide
		}
		label := 0.0
		if r.Label == LabelClaim {
			label = 1
		}
		X, y = append(X, opts.Features.vector(text, r.Author)), append(y, label)
		if names, _ := cueMatches(normalize(text)); len(names) > 0 {
			X, y = append(X, opts.Features.sideVector(text, r.Author)), append(y, label)
		}
	}
	for _, l := range y {
		pos += l
	}
	n := float64(len(X))
	if pos == 0 || pos == n {
		return nil, fmt.Errorf("training comments hold one class only")
	}
	cw := [2]float64{n / (2 * (n - pos)), n / (2 * pos)}
	dim := 1 << opts.Features.Bits
	w := make([]float64, dim+1) // the last slot is the bias
	v := make([]float64, dim+1)
	grad := make([]float64, dim+1)
	const rate, momentum = 0.5, 0.9
	look := make([]float64, dim+1)
	for epoch := 0; epoch < opts.Epochs; epoch++ {
		for j := range look {
			look[j] = w[j] + momentum*v[j]
		}
		clear(grad)
		for i, x := range X {
			s := look[dim]
			for _, e := range x {
				s += look[e.bucket] * float64(e.value)
			}
			p := 1 / (1 + math.Exp(-s))
			g := (p - y[i]) * cw[int(y[i])] / n
			for _, e := range x {
				grad[e.bucket] += g * float64(e.value)
			}
			grad[dim] += g
		}
		for j := 0; j < dim; j++ {
			grad[j] += opts.L2 * look[j]
		}
		for j := range w {
			v[j] = momentum*v[j] - rate*grad[j]
			w[j] += v[j]
		}
	}
	return sparseModel(w, X, opts), nil
}

// sparseModel keeps the weights of the buckets the training data used.
func sparseModel(w []float64, X [][]entry, opts TrainOptions) *Model {
	dim := 1 << opts.Features.Bits
	used := map[uint32]bool{}
	for _, x := range X {
		for _, e := range x {
			used[e.bucket] = true
		}
	}
	m := &Model{Features: opts.Features, Bias: round6(w[dim]), Threshold: 0.5}
	for b := range used {
		m.Buckets = append(m.Buckets, b)
	}
	sort.Slice(m.Buckets, func(i, j int) bool { return m.Buckets[i] < m.Buckets[j] })
	for _, b := range m.Buckets {
		m.Weights = append(m.Weights, float32(w[b]))
	}
	return m
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
