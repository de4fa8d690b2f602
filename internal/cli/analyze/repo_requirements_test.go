package analyze

import (
	"encoding/json"
	"testing"
)

// TestRepoJSONCarriesRequirements: --json has the toolchains the
// repository asks for, with evidence, without probing the machine.
func TestRepoJSONCarriesRequirements(t *testing.T) {
	dir := sampleRepo(t)
	out, err := runRepo(t, dir, false, true)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		PrimaryLanguage string `json:"primary_language"`
		Requirements    struct {
			Tools []struct {
				Tool        string `json:"tool"`
				Required    bool   `json:"required"`
				Constraints []struct {
					Range    string `json:"range"`
					Role     string `json:"role"`
					Evidence []struct {
						Path string `json:"path"`
						Line int    `json:"line"`
					} `json:"evidence"`
				} `json:"constraints"`
			} `json:"tools"`
			Warnings []any `json:"warnings"`
		} `json:"requirements"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.PrimaryLanguage != "Go" || len(got.Requirements.Tools) == 0 {
		t.Fatalf("report %+v; want the Go report with requirements", got)
	}
	g := got.Requirements.Tools[0]
	if g.Tool != "go" || !g.Required || len(g.Constraints) == 0 || g.Constraints[0].Range != "1.22" ||
		g.Constraints[0].Evidence[0].Path != "go.mod" || g.Constraints[0].Evidence[0].Line != 3 {
		t.Fatalf("go requirement %+v; want go 1.22 from go.mod:3", g)
	}
	if got.Requirements.Warnings == nil {
		t.Errorf("warnings should be a list, even empty")
	}
}
