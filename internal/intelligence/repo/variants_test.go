package repo

import (
	"reflect"
	"strings"
	"testing"
)

// TestMatrixVariantsCollapse: the commands one matrix step runs under its
// combinations are one command with variants, with the step's line as
// evidence; other steps and other commands of the same line stay apart.
func TestMatrixVariantsCollapse(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"Cargo.toml": "[package]\nname = \"a\"\nversion = \"0.1.0\"\n",
		"src/lib.rs": "pub fn f() {}\n",
		".github/workflows/ci.yml": `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        target: [x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu, i686-unknown-linux-gnu]
    steps:
      - run: cargo test --target ${{ matrix.target }} --all
      - run: cargo test --lib --target ${{ matrix.target }} && cargo test --doc --target ${{ matrix.target }}
  other:
    runs-on: ubuntu-latest
    steps:
      - run: cargo test --features a
      - run: cargo test --features b
`,
	}, "Add the crate")
	byCommand := map[string]Command{}
	var tests []string
	for _, c := range analyzeRepo(t, dir).Commands {
		if c.Kind == KindTest {
			tests = append(tests, c.Command)
			byCommand[c.Command] = c
		}
	}
	head, ok := byCommand["cargo test --target x86_64-unknown-linux-gnu --all"]
	if !ok {
		t.Fatalf("no row for the first combination in %q", tests)
	}
	want := []string{"cargo test --target aarch64-unknown-linux-gnu --all", "cargo test --target i686-unknown-linux-gnu --all"}
	if !reflect.DeepEqual(head.Variants, want) {
		t.Errorf("variants %q, want %q", head.Variants, want)
	}
	if len(head.Sources) != 1 || head.Sources[0] != (Location{Path: ".github/workflows/ci.yml", Line: 9}) {
		t.Errorf("sources %v, want the step's line ci.yml:9", head.Sources)
	}
	for _, cmd := range []string{"cargo test --lib --target x86_64-unknown-linux-gnu", "cargo test --doc --target x86_64-unknown-linux-gnu",
		"cargo test --features a", "cargo test --features b"} {
		if _, ok := byCommand[cmd]; !ok {
			t.Errorf("%q is not a row of its own in %q", cmd, tests)
		}
	}
	for _, c := range tests {
		if strings.Contains(c, "aarch64") || strings.Contains(c, "i686") {
			t.Errorf("a variant is still a row of its own: %q", c)
		}
	}
}

func TestVariantSlots(t *testing.T) {
	cases := []struct {
		cmd      string
		variants []string
		want     []VariantSlot
	}{
		{"tox -e ci-py$(echo 3.10 | tr -d '.') -- -v", []string{"tox -e ci-py$(echo 3.11 | tr -d '.') -- -v"},
			[]VariantSlot{{"3.10", []string{"3.11"}}}},
		{"mvn verify javadoc:jar", []string{"mvn verify javadoc:jar -Denforcer.fail=false --projects x"},
			[]VariantSlot{{"", []string{"-Denforcer.fail=false --projects x"}}}},
		{"cargo test --target a --all", []string{"cargo test --target b --all", "cargo test --all"},
			[]VariantSlot{{"--target a", []string{"--target b", ""}}}},
		// two matrix keys: one slot each, each value once
		{"nox -s test-3.10 -- --group 1", []string{"nox -s test-3.10 -- --group 2", "nox -s test-3.14 -- --group 1", "nox -s test-3.14 -- --group 2"},
			[]VariantSlot{{"test-3.10", []string{"test-3.14"}}, {"1", []string{"2"}}}},
		// a quoted word is never cut in two
		{`./configure --host="x86_64-apple-darwin$(uname -r)" --disable-docs`, []string{`./configure --host="arm64-apple-darwin$(uname -r)" --disable-docs`},
			[]VariantSlot{{`--host="x86_64-apple-darwin$(uname -r)"`, []string{`--host="arm64-apple-darwin$(uname -r)"`}}}},
	}
	for _, c := range cases {
		got := Command{Command: c.cmd, Variants: c.variants}.VariantSlots()
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: %q, want %q", c.cmd, got, c.want)
		}
	}
}

// TestMatrixHeadIsTheCommonMachine: a matrix over target triples is shown
// by its x86_64 Linux cell whatever its order, and a CI line piped into a
// log formatter is the command without the pipe.
func TestMatrixHeadIsTheCommonMachine(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"Cargo.toml": "[package]\nname = \"a\"\nversion = \"0.1.0\"\n",
		"src/lib.rs": "pub fn f() {}\n",
		".github/workflows/ci.yml": `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        target: [aarch64-unknown-linux-musl, x86_64-pc-windows-msvc, x86_64-unknown-linux-gnu, i686-unknown-linux-gnu]
    steps:
      - run: cargo build --release --target=${{ matrix.target }}
      - run: cargo test --workspace 2>&1 | tee test.log
`,
	}, "Add the crate")
	var builds, tests []Command
	for _, c := range analyzeRepo(t, dir).Commands {
		switch c.Kind {
		case KindBuild:
			builds = append(builds, c)
		case KindTest:
			tests = append(tests, c)
		}
	}
	if len(builds) == 0 || builds[0].Command != "cargo build --release --target=x86_64-unknown-linux-gnu" || len(builds[0].Variants) != 3 {
		t.Errorf("first build %+v, want the x86_64-unknown-linux-gnu cell with the 3 others as variants", builds)
	}
	if len(tests) == 0 || tests[0].Command != "cargo test --workspace" {
		t.Errorf("first test %+v, want cargo test --workspace", tests)
	}
}

func TestDropOutputPipe(t *testing.T) {
	for in, want := range map[string]string{
		"swift test -c debug 2>&1 | xcbeautify --renderer github-actions": "swift test -c debug",
		"go test ./... | tee out.txt":                                     "go test ./...",
		"cargo test | grep -v ok":                                         "cargo test | grep -v ok",
		`echo "a | tee" x`:                                                `echo "a | tee" x`,
		"make test | tee log | grep FAIL":                                 "make test | tee log | grep FAIL",
		"pytest":                                                          "pytest",
	} {
		if got := dropOutputPipe(in); got != want {
			t.Errorf("dropOutputPipe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCommandsOfOtherSystemsRankLater: a test line CI runs only on Windows
// (its runner named through the matrix) or for a cross-compiled target
// ranks after the one CI runs on Linux, whatever the workflows' names.
func TestCommandsOfOtherSystemsRankLater(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"meson.build": "project('a', 'c')\n",
		"a.c":         "int main(void) { return 0; }\n",
		".github/workflows/a-cross.yml": `on: push
jobs:
  cross:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        arch: [32, 64]
    steps:
      - run: meson devenv -Cbuild-win${{ matrix.arch }} meson test
`,
		".github/workflows/b-msvc.yml": `on: push
jobs:
  msvc:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [windows-2025]
    steps:
      - run: meson test --suite=a -Cbuild
        shell: bash
`,
		".github/workflows/c-linux.yml": `on: push
jobs:
  linux:
    runs-on: ubuntu-latest
    steps:
      - run: meson test -Cbuild
`,
	}, "Add the project")
	r := analyzeRepo(t, dir)
	if r.TestCommand == nil || r.TestCommand.Command != "meson test -Cbuild" {
		t.Errorf("test command %+v, want Linux's meson test -Cbuild", r.TestCommand)
	}
}

// TestShellCommentCut: a comment after a command is no part of it,
// whatever file the shell lines come from; a # inside quotes or a word
// stays.
func TestShellCommentCut(t *testing.T) {
	for in, want := range map[string]string{
		"poetry remove --lock poetry-core # use whatever poetry uses": "poetry remove --lock poetry-core",
		`echo "a # b" x#y`: `echo "a # b" x#y`,
	} {
		steps := splitShell(in+"\n# a line of its own\n", 1, "")
		if len(steps) != 1 || steps[0].Command != want {
			t.Errorf("splitShell(%q) = %+v, want the one command %q", in, steps, want)
		}
	}
}
