package issue

import (
	_ "embed"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sync"
)

// The trained model, written by ./train. It is decoded on the first
// classification, never at start-up.
//
//go:embed model.json
var embeddedModel []byte

// loadDefault decodes the embedded model once; the sync.OnceValues value is
// the cache, filled on first use.
var loadDefault = sync.OnceValues(func() (*Model, error) { return DecodeModel(embeddedModel) })

// DefaultModel returns the embedded model, decoding it on first use.
func DefaultModel() (*Model, error) { return loadDefault() }

// Model is one linear classifier over hashed TF-IDF features, or an
// ensemble of several whose probabilities are averaged.
type Model struct {
	Labels []string
	// Parts are the classifiers; a model of one part is a plain linear model.
	Parts []Part
	// Boilerplate lists the template lines (normLine form) of the training
	// repositories, dropped from the body by parts with StripBoilerplate.
	Boilerplate []string
	// Meta records how the model was trained.
	Meta map[string]any

	bp boilerplate
}

// Part is one linear classifier: for each known hash bucket its inverse
// document frequency and one weight per label.
type Part struct {
	Features FeatureConfig
	// Learner and C say how the weights were fitted (see the Learner
	// constants); they are a record, prediction does not need them.
	Learner string
	C       float64
	// Buckets holds the known hash buckets in increasing order; IDF and
	// Weights are indexed like it (Weights has one value per label and bucket).
	Buckets []uint32
	IDF     []float32
	Weights []float32
	Bias    []float32
	// Temperature scales the scores before the softmax that turns them
	// into probabilities; it was fitted on cross-validated scores.
	Temperature float64
}

// modelFile is the on-disk shape: small JSON with the arrays as base64 of
// little-endian float32 (buckets as delta-encoded uvarints).
type modelFile struct {
	Format      int            `json:"format"`
	Labels      []string       `json:"labels"`
	Parts       []partFile     `json:"parts"`
	Boilerplate []string       `json:"boilerplate,omitempty"`
	Meta        map[string]any `json:"meta,omitempty"`
}

type partFile struct {
	Features    FeatureConfig `json:"features"`
	Learner     string        `json:"learner"`
	C           float64       `json:"c"`
	Bias        []float32     `json:"bias"`
	Temperature float64       `json:"temperature"`
	Buckets     string        `json:"buckets"`
	IDF         string        `json:"idf"`
	Weights     string        `json:"weights"`
}

const modelFormat = 2

// Encode serialises the model. The output is a deterministic function of
// the model (map keys of Meta are sorted by encoding/json).
func (m *Model) Encode() ([]byte, error) {
	f := modelFile{Format: modelFormat, Labels: m.Labels, Boilerplate: m.Boilerplate, Meta: m.Meta}
	for _, p := range m.Parts {
		var idx []byte
		prev := uint32(0)
		for _, b := range p.Buckets {
			idx = binary.AppendUvarint(idx, uint64(b-prev))
			prev = b
		}
		f.Parts = append(f.Parts, partFile{
			Features:    p.Features,
			Learner:     p.Learner,
			C:           p.C,
			Bias:        p.Bias,
			Temperature: p.Temperature,
			Buckets:     base64.StdEncoding.EncodeToString(idx),
			IDF:         base64.StdEncoding.EncodeToString(floatsToBytes(p.IDF)),
			Weights:     base64.StdEncoding.EncodeToString(floatsToBytes(p.Weights)),
		})
	}
	out, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// DecodeModel parses a model written by Encode and checks its consistency.
func DecodeModel(data []byte) (*Model, error) {
	var f modelFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("issue model: %w", err)
	}
	if f.Format != modelFormat {
		return nil, fmt.Errorf("issue model: format %d, want %d", f.Format, modelFormat)
	}
	k := len(f.Labels)
	if k == 0 || len(f.Parts) == 0 {
		return nil, fmt.Errorf("issue model: %d labels and %d parts", k, len(f.Parts))
	}
	m := &Model{Labels: f.Labels, Boilerplate: f.Boilerplate, Meta: f.Meta}
	for i, pf := range f.Parts {
		p, err := decodePart(pf, k)
		if err != nil {
			return nil, fmt.Errorf("issue model part %d: %w", i, err)
		}
		m.Parts = append(m.Parts, p)
	}
	m.bp = newBoilerplate(m.Boilerplate)
	return m, nil
}

func decodePart(f partFile, k int) (Part, error) {
	p := Part{Features: f.Features, Learner: f.Learner, C: f.C, Bias: f.Bias, Temperature: f.Temperature}
	if p.Features.Bits < 1 || p.Features.Bits > 28 {
		return Part{}, fmt.Errorf("hash bits %d out of range", p.Features.Bits)
	}
	idx, err := base64.StdEncoding.DecodeString(f.Buckets)
	if err != nil {
		return Part{}, fmt.Errorf("buckets: %w", err)
	}
	p.Buckets = make([]uint32, 0, len(idx))
	prev := uint64(0)
	for len(idx) > 0 {
		d, n := binary.Uvarint(idx)
		if n <= 0 || prev+d > math.MaxUint32 {
			return Part{}, fmt.Errorf("corrupt bucket list")
		}
		prev += d
		p.Buckets = append(p.Buckets, uint32(prev))
		idx = idx[n:]
	}
	if p.IDF, err = decodeFloats(f.IDF); err != nil {
		return Part{}, fmt.Errorf("idf: %w", err)
	}
	if p.Weights, err = decodeFloats(f.Weights); err != nil {
		return Part{}, fmt.Errorf("weights: %w", err)
	}
	if len(p.Bias) != k || len(p.IDF) != len(p.Buckets) || len(p.Weights) != len(p.Buckets)*k {
		return Part{}, fmt.Errorf("inconsistent sizes (%d labels, %d buckets, %d idf, %d weights)", k, len(p.Buckets), len(p.IDF), len(p.Weights))
	}
	for i := 1; i < len(p.Buckets); i++ {
		if p.Buckets[i] <= p.Buckets[i-1] {
			return Part{}, fmt.Errorf("buckets out of order")
		}
	}
	return p, nil
}

func newBoilerplate(lines []string) boilerplate {
	if len(lines) == 0 {
		return nil
	}
	bp := make(boilerplate, len(lines))
	for _, l := range lines {
		bp[l] = true
	}
	return bp
}

func floatsToBytes(fs []float32) []byte {
	out := make([]byte, 0, 4*len(fs))
	for _, f := range fs {
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(f))
	}
	return out
}

func decodeFloats(s string) ([]float32, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	if len(raw)%4 != 0 {
		return nil, fmt.Errorf("length %d is not a multiple of 4", len(raw))
	}
	out := make([]float32, len(raw)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return out, nil
}

// sparseVec is a TF-IDF vector over the model's known buckets.
type sparseVec struct {
	idx []int32
	val []float32
}

// vectorize maps raw feature counts to the L2-normalised TF-IDF vector over
// the given vocabulary; buckets it does not know are dropped.
func vectorize(cfg FeatureConfig, feats []feature, buckets []uint32, idf []float32) sparseVec {
	var v sparseVec
	for _, f := range feats {
		i, ok := slices.BinarySearch(buckets, f.bucket)
		if !ok {
			continue
		}
		v.idx = append(v.idx, int32(i))
		v.val = append(v.val, float32((1+math.Log(f.count))*float64(idf[i])))
	}
	normalize(cfg, &v, buckets)
	return v
}

// normalize scales each feature block to unit length times its weight,
// then the whole vector to unit length.
func normalize(cfg FeatureConfig, v *sparseVec, buckets []uint32) {
	var ss [3]float64
	for j, x := range v.val {
		ss[blockOf(cfg, buckets[v.idx[j]])] += float64(x) * float64(x)
	}
	var scale [3]float64
	var total float64
	for b := range ss {
		if ss[b] > 0 {
			w := cfg.blockWeight(uint32(b))
			scale[b] = w / math.Sqrt(ss[b])
			total += w * w
		}
	}
	if total == 0 {
		return
	}
	for b := range scale {
		scale[b] /= math.Sqrt(total)
	}
	for j := range v.val {
		v.val[j] = float32(float64(v.val[j]) * scale[blockOf(cfg, buckets[v.idx[j]])])
	}
}

func blockOf(cfg FeatureConfig, bucket uint32) int {
	b := int(bucket >> cfg.Bits)
	if b > blockStruct {
		return blockStruct
	}
	return b
}

// scores returns one linear score per label.
func (p *Part) scores(v sparseVec) []float64 {
	k := len(p.Bias)
	out := make([]float64, k)
	for c := range out {
		out[c] = float64(p.Bias[c])
	}
	for j, i := range v.idx {
		x := float64(v.val[j])
		row := p.Weights[int(i)*k : int(i)*k+k]
		for c := range out {
			out[c] += x * float64(row[c])
		}
	}
	return out
}

// Predict returns the probability of each label for an issue's title and
// body, in the order of m.Labels: the mean of the parts' probabilities.
func (m *Model) Predict(title, body string) []float64 {
	out := make([]float64, len(m.Labels))
	for i := range m.Parts {
		p := &m.Parts[i]
		v := vectorize(p.Features, extractFeatures(p.Features, m.bp, title, body), p.Buckets, p.IDF)
		for c, x := range softmax(p.scores(v), p.Temperature) {
			out[c] += x / float64(len(m.Parts))
		}
	}
	return out
}

func softmax(s []float64, t float64) []float64 {
	if t <= 0 {
		t = 1
	}
	out := make([]float64, len(s))
	mx := math.Inf(-1)
	for _, x := range s {
		mx = math.Max(mx, x)
	}
	var sum float64
	for i, x := range s {
		out[i] = math.Exp((x - mx) * t)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}
