package issue

import (
	"time"

	"github.com/oss-dev/oss-dev/internal/model"
)

// Analysis is everything OSS-Dev reads from one issue.
type Analysis struct {
	Classification Classification `json:"classification"`
	Suitability    Suitability    `json:"suitability"`
	Requirements   Requirements   `json:"requirements"`
	Claim          Claim          `json:"claim"`
}

// Analyze classifies an issue, extracts its requirements, decides whether
// it is taken and scores it for a newcomer, as of now. It fails only when
// the embedded model cannot be read.
func Analyze(iss model.Issue, comments []model.Comment, now time.Time) (Analysis, error) {
	return AnalyzeWithin(iss, comments, now, ClaimWindow)
}

// AnalyzeWithin is Analyze with claims lapsing after window of inactivity.
func AnalyzeWithin(iss model.Issue, comments []model.Comment, now time.Time, window time.Duration) (Analysis, error) {
	m, err := DefaultModel()
	if err != nil {
		return Analysis{}, err
	}
	return m.analyze(iss, comments, now, window), nil
}

// Analyze is the package-level Analyze with this model.
func (m *Model) Analyze(iss model.Issue, comments []model.Comment, now time.Time) Analysis {
	return m.analyze(iss, comments, now, ClaimWindow)
}

func (m *Model) analyze(iss model.Issue, comments []model.Comment, now time.Time, window time.Duration) Analysis {
	var a Analysis
	a.Classification = m.Classify(iss)
	a.Requirements = ExtractRequirements(iss, comments)
	a.Claim = DetectClaim(iss, comments, now, window)
	a.Suitability = ScoreSuitability(iss, comments, a.Requirements, a.Classification.Type, a.Claim, now)
	return a
}
