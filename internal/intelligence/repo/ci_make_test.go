package repo

import "testing"

// CI that runs "make" and "make ci", as many Python projects do: the bare
// make is the first target (setup here), and the ci target is the test
// command CI runs, known by its recipe although its name says nothing.
func TestCIMakeTargets(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"Makefile":                    ".PHONY: docs\ninit:\n\tpython -m pip install -r requirements-dev.txt\ntest:\n\tpython -m pytest tests\n\nci:\n\tpython -m pytest tests --junitxml=report.xml\n",
		".github/workflows/tests.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          make\n      - run: python -m pip install pre-commit==4.6.0\n      - run: |\n          make ci\n",
		".github/workflows/lint.yml":  "on: push\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m pip install ruff\n      - run: ruff check .\n",
		"pkg/__init__.py":             "x = 1\n",
	})
	r := analyzeRepo(t, dir)
	first := map[string]Command{}
	all := map[string]Command{}
	for _, c := range r.Commands {
		if _, ok := first[c.Kind]; !ok {
			first[c.Kind] = c
		}
		all[c.Command] = c
	}
	if c := first[KindTest]; c.Command != "make ci" || !c.CI {
		t.Errorf("first test command %+v, want make ci run by CI", c)
	}
	if c := first[KindSetup]; c.Command != "make init" {
		t.Errorf("first setup command %+v, want make init from the workflow that runs the tests", c)
	}
	if c := all["make init"]; c.Kind != KindSetup || !c.CI {
		t.Errorf("make init %+v: a bare make in CI runs the first target", c)
	}
	if c := all["make test"]; c.CI {
		t.Errorf("make test %+v is not what CI runs", c)
	}
	if c := all["python -m pip install pre-commit==4.6.0"]; c.Kind != KindInstall {
		t.Errorf("installing a linter is a tool install, got %+v", c)
	}
}
