package repo

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// A Rust workflow as projects write them: the tool and its toolchain in
// env, a matrix with include and exclude, a workflow_call input with a
// default, a docs job, a lock-file fix-up and a hook setup.
const rustWorkflow = `name: CI
on:
  push:
  workflow_call:
    inputs:
      profile:
        default: dev
env:
  CARGO: cargo
  RUSTFLAGS: -D warnings
jobs:
  test:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
        rust: [stable, "1.70"]
        exclude:
          - os: macos-latest
            rust: "1.70"
        include:
          - rust: stable
            features: --all-features
    env:
      TARGET_FLAGS: ""
    steps:
      - run: cargo update -p serde --precise 1.0.100
      - run: pre-commit install
      - run: ${{ env.CARGO }} check --all-targets
      - run: ${{ env.CARGO }} +${{ matrix.rust }} test --workspace ${{ matrix.features || '' }} --profile ${{ inputs.profile }}
      - run: cargo clippy --workspace --all-targets --all-features -- -D warnings
      - run: ctest -C ${{ matrix.config }} --output-on-failure
      - run: cmake -E make_directory ${{ runner.temp }}/build
      - run: |
          cat <<EOF > notes.json
          { "checks": { "make test": 1 } }
          EOF
          ./configure --enable-debug || { tail config.log; exit 1; }
          (cd sub && make test)
          LATEST=$(
              curl -Ls https://example.com/latest \
              | jq -r '.tag_name'
          )
          CFLAGS="-O2 -g" make check
  docs:
    runs-on: ubuntu-latest
    steps:
      - run: pip install -r docs/requirements.txt
      - run: make -C docs linkcheck
`

func TestWorkflowExpressionsResolved(t *testing.T) {
	steps := parseGitHubWorkflow([]byte(rustWorkflow))
	var got []string
	for _, s := range steps {
		line := s.Command
		if s.Dir != "" {
			line = s.Dir + ": " + line
		}
		if s.Unresolved != "" {
			line += "  [" + s.Unresolved + "]"
		}
		if s.Context != "" {
			line += "  (" + s.Context + ")"
		}
		got = append(got, line)
	}
	want := []string{
		"cargo update -p serde --precise 1.0.100",
		"pre-commit install",
		"cargo check --all-targets",
		"cargo +stable test --workspace --all-features --profile dev",
		"cargo +1.70 test --workspace --profile dev",
		"cargo clippy --workspace --all-targets --all-features -- -D warnings",
		"ctest -C ${{ matrix.config }} --output-on-failure  [${{ matrix.config }}]",
		"cmake -E make_directory ${{ runner.temp }}/build  [${{ runner.temp }}]",
		"cat <<EOF > notes.json",
		"./configure --enable-debug",
		"sub: make test",
		`CFLAGS="-O2 -g" make check`,
		"pip install -r docs/requirements.txt  (docs)",
		"make -C docs linkcheck  (docs)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("steps:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestMatrixCombos(t *testing.T) {
	src := "os: [linux, mac]\nv: [1, 2]\nexclude:\n  - os: mac\n    v: 1\ninclude:\n  - v: 2\n    extra: yes\n  - os: windows\n    v: 3\n"
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range matrixCombos(doc.Content[0]) {
		var parts []string
		for k, v := range c {
			parts = append(parts, k+"="+v.Value)
		}
		sort.Strings(parts)
		got = append(got, strings.Join(parts, ","))
	}
	want := []string{"os=linux,v=1", "extra=yes,os=linux,v=2", "extra=yes,os=mac,v=2", "os=windows,v=3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("combos = %v, want %v", got, want)
	}
}

func TestExpressionEval(t *testing.T) {
	sc := exprScope{env: map[string]string{"V": "${{ matrix.v }}", "EMPTY": ""}, inputs: map[string]string{"mode": "fast"}, runsOn: "ubuntu-22.04"}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("v: '3.12'\n"), &doc); err != nil {
		t.Fatal(err)
	}
	sc.matrix = map[string]*yaml.Node{"v": doc.Content[0].Content[1]}
	sc.matrixKeys = map[string]bool{"v": true, "other": true}
	tests := map[string]string{
		"python${{ env.V }} -m pytest":                             "python3.12 -m pytest",
		"run ${{ env.EMPTY || 'default' }}":                        "run default",
		"run ${{ github.event.inputs.mode }}":                      "run fast",
		"tox -e ${{ runner.os }}":                                  "tox -e Linux",
		"echo $V":                                                  "echo 3.12",
		"make ${{ matrix.other }}":                                 "make ",
		"make ${{ matrix.missing }}":                               "make ${{ matrix.missing }}",
		"cmake ${{ github.workspace }}":                            "cmake .",
		"cmake -S $GITHUB_WORKSPACE -B ${GITHUB_WORKSPACE}/b":      "cmake -S . -B ./b",
		"x ${{ startsWith(matrix.v, '3') && 'a' }}":                "x ${{ startsWith(matrix.v, '3') && 'a' }}",
		"go test ${{ secrets.FLAGS || '-race' }} ./..":             "go test ${{ secrets.FLAGS || '-race' }} ./..",
		"phpunit ${{ matrix.v == '3.12' && '--strict' || '' }} -v": "phpunit --strict -v",
		"phpunit ${{ matrix.v != '3.12' && '--strict' || '' }} -v": "phpunit  -v",
		"x ${{ (matrix.v == '3.11' || env.V == '3.12') && 'y' }}":  "x y",
		"x ${{ !(matrix.v == 'x') }} ${{ runner.os == 'LINUX' }}":  "x true true",
		"x ${{ matrix.v == secrets.V && 'a' || 'b' }}":             "x ${{ matrix.v == secrets.V && 'a' || 'b' }}",
		"x ${{ ')' == ')' }}":                                      "x true",
	}
	for in, want := range tests {
		if got, _ := resolveText(in, sc); got != want {
			t.Errorf("resolveText(%q) = %q, want %q", in, got, want)
		}
	}
}

// The repository-level view: CI's whole line ranks first and the default
// of the same tool stays as an alternative; a command that only CI can
// resolve comes last and says so; docs, lock-file and hook steps are
// their own kinds; cargo check is no test.
func TestCommandsAsCIRunsThem(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"Cargo.toml":               "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n",
		"src/lib.rs":               "pub fn f() {}\n",
		"sub/Makefile":             "test:\n\tcargo test\n",
		".github/workflows/ci.yml": rustWorkflow,
		".github/workflows/release.yml": "on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n" +
			"      - run: cargo build --release --locked\n      - run: cargo publish\n",
	})
	r := analyzeRepo(t, dir)
	byKind := map[string][]Command{}
	for _, c := range r.Commands {
		byKind[c.Kind] = append(byKind[c.Kind], c)
	}
	if tests := byKind[KindTest]; len(tests) == 0 || tests[0].Command != "cargo +stable test --workspace --all-features --profile dev" || !tests[0].CI {
		t.Fatalf("first test %+v, want CI's cargo test line", tests)
	}
	lint := byKind[KindLint]
	if len(lint) < 2 || lint[0].Command != "cargo clippy --workspace --all-targets --all-features -- -D warnings" || lint[1].Command != "cargo clippy" || lint[1].CI {
		t.Errorf("lint %+v: CI's whole clippy line first, the default as a non-CI alternative", lint)
	}
	last := byKind[KindTest][len(byKind[KindTest])-1]
	if last.Unresolved != "${{ matrix.config }}" || last.Runnable() {
		t.Errorf("last test %+v: the ctest line holds an expression only CI resolves", last)
	}
	for _, c := range byKind[KindTest] {
		if strings.Contains(c.Command, "cargo check") || strings.Contains(c.Command, "linkcheck") {
			t.Errorf("%q ranked as a test", c.Command)
		}
	}
	wantKind := map[string]string{
		"cargo update -p serde --precise 1.0.100": KindMaintenance,
		"pre-commit install":                      KindHooks,
		"make -C docs linkcheck":                  KindDocs,
		"pip install -r docs/requirements.txt":    KindDocs,
		"cargo check --all-targets":               KindBuild,
		"cargo build --release --locked":          KindRelease,
		"cargo publish":                           KindRelease,
	}
	for _, c := range r.Commands {
		if k, ok := wantKind[c.Command]; ok {
			if c.Kind != k {
				t.Errorf("%q is %s, want %s", c.Command, c.Kind, k)
			}
			delete(wantKind, c.Command)
		}
	}
	for c := range wantKind {
		t.Errorf("%q not reported", c)
	}
	if b := byKind[KindBuild]; len(b) == 0 || b[0].Command == "cargo build --release --locked" {
		t.Errorf("builds %+v: a release job's build is not the project's build", b)
	}
}

// A Go module whose CI tests one end-to-end package in one workflow and
// the whole module in another: go test ./... is the first test.
func TestGoModuleTestOverEndToEnd(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"go.mod":                      "module example.com/m\n\ngo 1.22\n",
		"main.go":                     "package main\n\nfunc main() {}\n",
		".github/workflows/a-e2e.yml": "on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -v ./internal/e2etest\n",
		".github/workflows/checks.yml": "on: push\njobs:\n  unit:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        go: ['1.22', '1.23']\n" +
			"    steps:\n      - run: go test -race ./...\n",
	})
	r := analyzeRepo(t, dir)
	for _, c := range r.Commands {
		if c.Kind == KindTest {
			if c.Command != "go test -race ./..." {
				t.Errorf("first test %q, want go test -race ./...", c.Command)
			}
			return
		}
	}
	t.Error("no test command")
}

func TestAutotoolsAndMultiplatform(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"configure.ac":                   "AC_PREREQ([2.69])\nAC_INIT([demo], [1.0])\n",
		"autogen.sh":                     "#!/bin/sh\nautoreconf -fi\n",
		"Makefile.am":                    "SUBDIRS = src\n",
		"src/demo.c":                     "int main(void) { return 0; }\n",
		"lib/build.gradle.kts":           "plugins {\n    kotlin(\"multiplatform\")\n}\n",
		"lib/gradlew":                    "#!/bin/sh\n",
		"lib/src/commonMain/kotlin/A.kt": "class A\n",
	})
	r := analyzeRepo(t, dir)
	var got []string
	for _, c := range r.Commands {
		got = append(got, c.Kind+" "+c.Command)
	}
	for _, want := range []string{"setup ./autogen.sh", "setup ./configure", "build make", "test make check", "test ./gradlew allTests"} {
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("%q missing from %v", want, got)
		}
	}
}

// An expression the line break cuts in two is still named as unresolved.
func TestUnresolvedAcrossLines(t *testing.T) {
	src := "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        strip: [true, false]\n    steps:\n" +
		"      - run: |\n          pyinstaller -F ${{ secrets.strip\n            && '--strip' || '' }} main.py\n"
	steps := parseGitHubWorkflow([]byte(src))
	if len(steps) == 0 || !strings.HasPrefix(steps[0].Command, "pyinstaller") || steps[0].Unresolved == "" {
		t.Errorf("steps %+v: the pyinstaller line holds an expression only CI resolves", steps)
	}
}
