package toolchain

import (
	"strings"
	"testing"
	"testing/fstest"
)

func mustVersion(t *testing.T, s string) Version {
	t.Helper()
	v, ok := ParseVersion(s)
	if !ok {
		t.Fatalf("cannot parse %q", s)
	}
	return v
}

// Verdicts that agree with CI: a version CI tests or a manifest admits is
// never a failure; a pin that asks another makes it a warning; a version
// outside every source fails.
func TestVerdictsAgreeWithCI(t *testing.T) {
	wf := func(p string) []Location { return []Location{{Path: p, Line: 3}} }
	cases := []struct {
		name, tool, version string
		cs                  []Constraint
		want                Status
	}{
		{"a JDK the CI matrix tests, next to a newer one elsewhere", "java", "17.0.15", []Constraint{
			{Range: "17 || 21 || 11 || 25", Dialect: Exact, Role: Tested, Source: "setup-java (matrix)", Evidence: wf("build.yml")},
			{Range: "21", Dialect: Exact, Role: Tested, Source: "setup-java", Evidence: wf("release.yml")},
		}, OK},
		{"an early-access JDK in the matrix", "java", "27.0.1", []Constraint{
			{Range: "8 || 11 || 27-ea", Dialect: Exact, Role: Tested, Source: "setup-java (matrix)", Evidence: wf("ci.yml")},
		}, OK},
		{"node in engines and CI, another pinned", "node", "20.11.0", []Constraint{
			{Range: ">= 18", Dialect: Semver, Role: Requires, Source: "package.json engines.node", Evidence: wf("package.json")},
			{Range: "18 || 20 || 22", Dialect: Semver, Role: Tested, Source: "setup-node (matrix)", Evidence: wf("ci.yml")},
			{Range: "22", Dialect: Exact, Role: Pins, Source: ".node-version", Evidence: wf(".node-version")},
			{Range: "16 || 17", Dialect: Semver, Role: Tested, Source: "setup-node (matrix)", Evidence: wf("legacy.yml")},
		}, Warn},
		{"python tested by one workflow, newer in others", "python", "3.11.7", []Constraint{
			{Range: ">=3.10", Dialect: PEP440, Role: Requires, Source: "pyproject.toml requires-python", Evidence: wf("pyproject.toml")},
			{Range: "3.15", Dialect: Semver, Role: Tested, Source: "setup-python", Evidence: wf("lint.yml")},
			{Range: "3.10 || 3.11 || 3.12", Dialect: Semver, Role: Tested, Source: "setup-python (matrix)", Evidence: wf("test.yml")},
		}, OK},
		{"rust below the manifest's minimum, CI on stable", "rust", "1.70.0", []Constraint{
			{Range: "1.75", Dialect: Minimum, Role: Requires, Source: "Cargo.toml rust-version", Evidence: wf("Cargo.toml")},
			{Range: "1.75.0 || stable || nightly", Dialect: Exact, Role: Tested, Source: "rust-toolchain (matrix)", Evidence: wf("ci.yml")},
		}, Fail},
		{"a version outside every source", "java", "8.0.1", []Constraint{
			{Range: "17 || 21", Dialect: Exact, Role: Tested, Source: "setup-java (matrix)", Evidence: wf("ci.yml")},
			{Range: "[17,22)", Dialect: Java, Role: Requires, Source: "pom.xml requireJavaVersion", Evidence: wf("pom.xml")},
		}, Fail},
	}
	for _, c := range cases {
		got := Requirement{Tool: c.tool, Constraints: c.cs}.Check(mustVersion(t, c.version))
		if got.Status != c.want {
			t.Errorf("%s: %s %s is %s (%s), want %s", c.name, c.tool, c.version, got.Status, got.Reason, c.want)
		}
	}
}

// The files CI and native builds name are read: a version file given to
// setup-python or setup-node, rust-toolchain files of sub-crates, CMake's
// and autoconf's minimums, a gemspec's Ruby and the C/C++ compilers.
func TestDetectVersionSources(t *testing.T) {
	fsys := fstest.MapFS{
		".github/workflows/ci.yml": {Data: []byte("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n" +
			"      - uses: actions/setup-python@v5\n        with:\n          python-version-file: pyproject.toml\n" +
			"      - uses: actions/setup-node@v4\n        with:\n          node-version-file: package.json\n" +
			"      - uses: actions/setup-java@v4\n        with:\n          distribution: temurin\n          java-version: |\n            11\n            17\n")},
		"pyproject.toml":           {Data: []byte("[project]\nname = \"demo\"\nrequires-python = \">=3.9\"\n")},
		"package.json":             {Data: []byte("{\"name\": \"demo\", \"engines\": {\"node\": \">=18\"}}\n")},
		"fuzz/rust-toolchain.toml": {Data: []byte("[toolchain]\nchannel = \"1.80.0\"\n")},
		"CMakeLists.txt":           {Data: []byte("cmake_minimum_required(VERSION 3.16...3.28)\nproject(demo LANGUAGES CXX)\n")},
		"configure.ac":             {Data: []byte("AC_PREREQ([2.69])\nAC_INIT([demo], [1.0])\n")},
		"demo.gemspec":             {Data: []byte("Gem::Specification.new do |s|\n  s.required_ruby_version = \">= 3.0\"\nend\n")},
	}
	r := Detect(fsys)
	want := map[string]string{
		"python":   "tested >=3.9 pep440",
		"node":     "tested >=18 semver",
		"rust":     "pins 1.80.0 exact",
		"cmake":    "requires 3.16 minimum",
		"autoconf": "requires 2.69 minimum",
		"ruby":     "requires >= 3.0 gem",
		"java":     "tested 11 || 17 exact",
		"cc":       "uses  ",
		"c++":      "uses  ",
	}
	for tool, w := range want {
		req, ok := r.Tool(tool)
		if !ok {
			t.Errorf("%s: no requirement", tool)
			continue
		}
		found := false
		var got []string
		for _, c := range req.Constraints {
			s := string(c.Role) + " " + c.Range + " " + string(c.Dialect)
			got = append(got, s)
			found = found || s == w
		}
		if !found {
			t.Errorf("%s: constraints %q, want one %q", tool, got, w)
		}
	}
	if req, _ := r.Tool("autoconf"); req.Required {
		t.Error("autoconf required although CMakeLists.txt builds the project too")
	}
	for _, w := range r.Warnings {
		if strings.Contains(w.Summary, "[project]") {
			t.Errorf("pyproject.toml read as a version file: %s", w)
		}
	}
}

func TestFixNamesAnInstallerTheMachineHas(t *testing.T) {
	bare := Managers{Probed: true}
	if f := Fix("uv", "", "linux", bare); strings.Contains(f, "pipx") {
		t.Errorf("fix %q names pipx on a machine without it", f)
	}
	if f := Fix("uv", "", "linux", Managers{Probed: true, Pipx: true}); f != "pipx install uv" {
		t.Errorf("fix %q, want pipx install uv where pipx is there", f)
	}
	if f := Fix("cmake", "", "linux", Managers{Probed: true, Dnf: true}); f != "sudo dnf install cmake" {
		t.Errorf("fix %q on a dnf machine", f)
	}
	if f := Fix("cmake", "", "linux", Managers{Probed: true, Apt: true}); f != "sudo apt-get install cmake" {
		t.Errorf("fix %q on an apt machine", f)
	}
}

// A plain Makefile over C sources asks for a C compiler, and not for C++.
func TestPlainMakefileCProject(t *testing.T) {
	r := Detect(fstest.MapFS{
		"Makefile":   {Data: []byte("all:\n\tcc -o demo src/demo.c\n")},
		"src/demo.c": {Data: []byte("int main(void) { return 0; }\n")},
	})
	if req, ok := r.Tool("cc"); !ok || !req.Required {
		t.Errorf("no required C compiler in %+v", r.Tools)
	}
	if _, ok := r.Tool("c++"); ok {
		t.Error("a C++ compiler asked of a C project")
	}
	if _, ok := Detect(fstest.MapFS{"Makefile": {Data: []byte("all:\n\tgo build\n")}, "main.go": {Data: []byte("package main\n")}}).Tool("cc"); ok {
		t.Error("a C compiler asked of a Go project with a Makefile")
	}
}
