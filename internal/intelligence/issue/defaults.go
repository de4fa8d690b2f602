package issue

// DefaultSeed is the seed of the published split and model.
const DefaultSeed = 2024

// HoldOutFraction is the share of every (repository, label) group kept out
// of training and used only to report the model's quality.
const HoldOutFraction = 0.2

// Baseline is the held-out evaluation the training program records in
// testdata/eval_baseline.json; the Eval test fails when the embedded model
// scores more than one point below it.
type Baseline struct {
	Seed            int64             `json:"seed"`
	HoldOutFraction float64           `json:"hold_out_fraction"`
	TrainIssues     int               `json:"train_issues"`
	HeldOutIssues   int               `json:"held_out_issues"`
	Accuracy        float64           `json:"accuracy"`
	MacroF1         float64           `json:"macro_f1"`
	RepoMeanMacroF1 float64           `json:"repo_mean_macro_f1"`
	ThreeWay        Scores            `json:"three_way"`
	PerRepo         map[string]Scores `json:"per_repo"`
	CVBest          CVResult          `json:"cv_best"`
	ModelSHA256     string            `json:"model_sha256"`
	ModelBytes      int               `json:"model_bytes"`
}

// DefaultTrainOptions are the designs the training program compares: word
// uni/bigrams with and without character n-grams, structural features, the
// weight of the title, template comments kept or dropped, and the SVM cost.
func DefaultTrainOptions(seed int64) TrainOptions {
	words := FeatureConfig{Bits: 20, WordBigrams: true, TitleWeight: 2, Structure: true, StructWeight: 0.5}
	wordsStruct := words
	wordsStruct.StructWeight = 1
	chars := words
	chars.CharMin, chars.CharMax, chars.CharLimit, chars.CharWeight = 2, 5, 3000, 0.4
	comments := chars
	comments.KeepComments = true
	return TrainOptions{
		Seed:       seed,
		Folds:      5,
		Candidates: []FeatureConfig{words, wordsStruct, chars, comments},
		Cs:         []float64{0.5, 1, 2},
		MinDF:      2,
	}
}
