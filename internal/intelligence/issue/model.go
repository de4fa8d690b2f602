package issue

import (
	_ "embed"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
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

// Model is a linear classifier over hashed TF-IDF features: for each known
// hash bucket its inverse document frequency and one weight per label.
type Model struct {
	Features FeatureConfig
	Labels   []string
	// Buckets holds the known hash buckets in increasing order; IDF and
	// Weights are indexed like it (Weights has len(Labels) values per bucket).
	Buckets []uint32
	IDF     []float32
	Weights []float32
	Bias    []float32
	// Temperature scales the scores before the softmax that turns them
	// into confidences; it was fitted on cross-validated scores.
	Temperature float64
	// Meta records how the model was trained.
	Meta map[string]any
}

// modelFile is the on-disk shape: small JSON with the arrays as base64 of
// little-endian float32 (buckets as delta-encoded uvarints).
type modelFile struct {
	Format      int            `json:"format"`
	Features    FeatureConfig  `json:"features"`
	Labels      []string       `json:"labels"`
	Bias        []float32      `json:"bias"`
	Temperature float64        `json:"temperature"`
	Buckets     string         `json:"buckets"`
	IDF         string         `json:"idf"`
	Weights     string         `json:"weights"`
	Meta        map[string]any `json:"meta,omitempty"`
}

const modelFormat = 1

// Encode serialises the model. The output is a deterministic function of
// the model (map keys of Meta are sorted by encoding/json).
func (m *Model) Encode() ([]byte, error) {
	var idx []byte
	prev := uint32(0)
	for _, b := range m.Buckets {
		idx = binary.AppendUvarint(idx, uint64(b-prev))
		prev = b
	}
	f := modelFile{
		Format:      modelFormat,
		Features:    m.Features,
		Labels:      m.Labels,
		Bias:        m.Bias,
		Temperature: m.Temperature,
		Buckets:     base64.StdEncoding.EncodeToString(idx),
		IDF:         base64.StdEncoding.EncodeToString(floatsToBytes(m.IDF)),
		Weights:     base64.StdEncoding.EncodeToString(floatsToBytes(m.Weights)),
		Meta:        m.Meta,
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
	idx, err := base64.StdEncoding.DecodeString(f.Buckets)
	if err != nil {
		return nil, fmt.Errorf("issue model buckets: %w", err)
	}
	m := &Model{Features: f.Features, Labels: f.Labels, Bias: f.Bias, Temperature: f.Temperature, Meta: f.Meta}
	prev := uint64(0)
	for len(idx) > 0 {
		d, n := binary.Uvarint(idx)
		if n <= 0 {
			return nil, fmt.Errorf("issue model: corrupt bucket list")
		}
		prev += d
		m.Buckets = append(m.Buckets, uint32(prev))
		idx = idx[n:]
	}
	if m.IDF, err = decodeFloats(f.IDF); err != nil {
		return nil, fmt.Errorf("issue model idf: %w", err)
	}
	if m.Weights, err = decodeFloats(f.Weights); err != nil {
		return nil, fmt.Errorf("issue model weights: %w", err)
	}
	k := len(m.Labels)
	if k == 0 || len(m.Bias) != k || len(m.IDF) != len(m.Buckets) || len(m.Weights) != len(m.Buckets)*k {
		return nil, fmt.Errorf("issue model: inconsistent sizes (%d labels, %d buckets, %d idf, %d weights)", k, len(m.Buckets), len(m.IDF), len(m.Weights))
	}
	if !sort.SliceIsSorted(m.Buckets, func(i, j int) bool { return m.Buckets[i] < m.Buckets[j] }) {
		return nil, fmt.Errorf("issue model: buckets out of order")
	}
	return m, nil
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
func (m *Model) scores(v sparseVec) []float64 {
	k := len(m.Labels)
	out := make([]float64, k)
	for c := range out {
		out[c] = float64(m.Bias[c])
	}
	for j, i := range v.idx {
		x := float64(v.val[j])
		row := m.Weights[int(i)*k : int(i)*k+k]
		for c := range out {
			out[c] += x * float64(row[c])
		}
	}
	return out
}

// Predict returns the probability of each label for an issue's title and
// body, in the order of m.Labels.
func (m *Model) Predict(title, body string) []float64 {
	v := vectorize(m.Features, extractFeatures(m.Features, title, body), m.Buckets, m.IDF)
	return softmax(m.scores(v), m.Temperature)
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
