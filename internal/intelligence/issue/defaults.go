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

// DefaultTrainOptions are the designs the training program compares.
// Feature sets: the earlier word model (title and body word uni/bigrams
// and structure), then with placeholders for code, traces, URLs, paths,
// versions and hex, without each repository's template lines, with the
// cross-project cues, and character 3-5-grams inside words alone. Learners:
// linear SVM, NB-SVM, multinomial logistic regression and complement
// naive Bayes, each over a small grid of costs. Ensembles average a word
// model's and a character model's calibrated probabilities. The data are
// balanced (as many issues of each label in each repository), so no class
// weights are needed.
func DefaultTrainOptions(seed int64) TrainOptions {
	base := FeatureConfig{Bits: 20, WordBigrams: true, TitleWeight: 2, Structure: true, StructWeight: 0.5}
	oldChars := base
	oldChars.CharMin, oldChars.CharMax, oldChars.CharLimit, oldChars.CharWeight = 2, 5, 3000, 0.4
	ph := base
	ph.Placeholders = true
	strip := ph
	strip.StripBoilerplate = true
	cues := strip
	cues.Cues = true
	chars := FeatureConfig{Bits: 20, NoWords: true, CharMin: 3, CharMax: 5, CharLimit: 3000, TitleWeight: 2, Structure: true, StructWeight: 0.5, Placeholders: true, StripBoilerplate: true, Cues: true}
	svm := []float64{0.1, 0.3, 1}
	lr := []float64{3, 10, 30, 100}
	nb := []float64{0.1, 0.3, 1}
	var designs []Design
	add := func(name string, f FeatureConfig) {
		designs = append(designs,
			Design{Name: name + "/svm", Features: f, Learner: LearnerSVM, Cs: svm},
			Design{Name: name + "/nbsvm", Features: f, Learner: LearnerNBSVM, Cs: svm},
			Design{Name: name + "/lr", Features: f, Learner: LearnerLR, Cs: lr},
			Design{Name: name + "/cnb", Features: f, Learner: LearnerCNB, Cs: nb},
		)
	}
	designs = append(designs, Design{Name: "words+chars2-5/svm", Features: oldChars, Learner: LearnerSVM, Cs: []float64{0.5}})
	add("words", base)
	add("words+ph", ph)
	add("words+ph-tmpl", strip)
	add("words+ph-tmpl+cues", cues)
	add("chars3-5", chars)
	wcues := base
	wcues.Cues = true
	add("words+cues", wcues)
	phcues := ph
	phcues.Cues = true
	add("words+ph+cues", phcues)
	ccues := oldChars
	ccues.Cues = true
	add("words+chars2-5+cues", ccues)
	var ensembles [][]string
	for _, l := range []string{"svm", "nbsvm", "lr", "cnb"} {
		for _, l2 := range []string{"svm", "lr", "nbsvm"} {
			ensembles = append(ensembles, []string{"words+ph-tmpl+cues/" + l, "chars3-5/" + l2})
			ensembles = append(ensembles, []string{"words+cues/" + l, "chars3-5/" + l2})
		}
	}
	return TrainOptions{
		Seed:      seed,
		Folds:     5,
		Designs:   designs,
		Ensembles: ensembles,
		MinDF:     2,
	}
}
