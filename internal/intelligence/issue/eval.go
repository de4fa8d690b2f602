package issue

import (
	"sort"

	"github.com/oss-dev/oss-dev/internal/model"
)

// EvalReport is a model's quality on labelled issues. Overall maps the
// seven-type output back to the data's three labels (Type.BaseLabel);
// ThreeWay scores the model's base label alone.
type EvalReport struct {
	Overall  Scores            `json:"overall"`
	ThreeWay Scores            `json:"three_way"`
	PerRepo  map[string]Scores `json:"per_repo"`
	// RepoMacroF1 is the mean of the per-repository macro-F1, the figure
	// the NLBSE'24 baselines report.
	RepoMacroF1 float64 `json:"repo_mean_macro_f1"`
}

// Evaluate classifies every record (title and body only, as the data has
// no labels or comments) and scores the result.
func Evaluate(m *Model, recs []Record) EvalReport {
	gold := make([]string, len(recs))
	pred := make([]string, len(recs))
	base := make([]string, len(recs))
	byRepo := map[string][]int{}
	for i, r := range recs {
		c := m.Classify(model.Issue{Title: r.Title, Body: r.Body})
		gold[i], pred[i], base[i] = r.Label, c.Type.BaseLabel(), c.Base
		byRepo[r.Repo] = append(byRepo[r.Repo], i)
	}
	rep := EvalReport{
		Overall:  Score(gold, pred, labelOrder),
		ThreeWay: Score(gold, base, labelOrder),
		PerRepo:  map[string]Scores{},
	}
	repos := make([]string, 0, len(byRepo))
	for r := range byRepo {
		repos = append(repos, r)
	}
	sort.Strings(repos)
	for _, r := range repos {
		var g, p []string
		for _, i := range byRepo[r] {
			g, p = append(g, gold[i]), append(p, pred[i])
		}
		s := Score(g, p, labelOrder)
		rep.PerRepo[r] = s
		rep.RepoMacroF1 += s.MacroF1 / float64(len(repos))
	}
	return rep
}
