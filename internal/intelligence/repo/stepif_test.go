package repo

import (
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestSkippedFor(t *testing.T) {
	node := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	sc := exprScope{
		env:        map[string]string{"MODE": "full"},
		matrix:     map[string]*yaml.Node{"python-version": node("pypy3.11"), "os": node("ubuntu-latest")},
		matrixKeys: map[string]bool{"python-version": true, "os": true},
		runsOn:     "${{ matrix.os }}",
	}
	cases := []struct {
		cond string
		skip bool
	}{
		{"", false},
		{"!startsWith(matrix.python-version, 'pypy')", true},
		{"startsWith(matrix.python-version, 'pypy')", false},
		{"${{ !startsWith(matrix.python-version, 'PyPy') }}", true},
		{"matrix.os == 'windows-latest'", true},
		{"matrix.os != 'windows-latest' && env.MODE == 'full'", false},
		{"matrix.os == 'windows-latest' || env.MODE == 'full'", false},
		{"(matrix.os == 'windows-latest' || env.MODE == 'quick') && true", true},
		{"runner.os == 'Linux'", false},
		{"runner.os == 'macOS'", true},
		{"contains(matrix.os, 'mac')", true},
		{"endsWith(matrix.os, 'latest')", false},
		// what only the run knows keeps the step
		{"github.event_name == 'push'", false},
		{"success() && matrix.os == 'ubuntu-latest'", false},
		{"failure()", false},
		{"matrix.os == 'windows-latest' && github.event_name == 'push'", true},
	}
	for _, c := range cases {
		if got := skippedFor(c.cond, sc); got != c.skip {
			t.Errorf("skippedFor(%q) = %v, want %v", c.cond, got, c.skip)
		}
	}
}

// TestIncludeOnlyMatrix: each entry of a matrix made of include entries
// only is a job of its own, so a step that runs for one of them is read.
func TestIncludeOnlyMatrix(t *testing.T) {
	src := "include:\n  - language: java\n    mode: manual\n  - language: actions\n    mode: none\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range matrixCombos(doc.Content[0]) {
		got = append(got, c["language"].Value+"/"+c["mode"].Value)
	}
	if want := []string{"java/manual", "actions/none"}; !reflect.DeepEqual(got, want) {
		t.Errorf("combos = %v, want %v", got, want)
	}
	wf := `jobs:
  analyze:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        include:
          - language: java
          - language: actions
    steps:
      - if: ${{ matrix.language == 'java' }}
        run: mvn compile
      - if: matrix.language == 'go'
        run: go build ./...
`
	var cmds []string
	for _, s := range parseGitHubWorkflow([]byte(wf)) {
		cmds = append(cmds, s.Command)
	}
	if want := []string{"mvn compile"}; !reflect.DeepEqual(cmds, want) {
		t.Errorf("commands = %q, want %q", cmds, want)
	}
}
