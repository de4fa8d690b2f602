package analyze

import (
	"testing"

	"github.com/oss-dev/oss-dev/internal/service/analysis"
)

func TestSourcesTextNamesEachFileOnce(t *testing.T) {
	got := sourcesText([]analysis.RepoLocation{
		{Path: "Makefile", Line: 7},
		{Path: ".github/workflows/test.yml", Line: 39},
		{Path: ".github/workflows/test.yml", Line: 61},
		{Path: "pyproject.toml"},
	})
	if want := "Makefile:7, .github/workflows/test.yml:39,61, pyproject.toml"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
