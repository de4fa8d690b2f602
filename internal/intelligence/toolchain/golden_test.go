package toolchain

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// stacks are repositories for each stack, as the files a contributor
// would find in them.
func stacks() map[string]fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return map[string]fstest.MapFS{
		"go": {
			"go.mod": f("module example.com/tool\n\ngo 1.22\n\ntoolchain go1.22.3\n"),
			".github/workflows/ci.yml": f(`on: [push]
jobs:
  test:
    strategy:
      matrix:
        go: ["1.21", "1.22"]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: ${{ matrix.go }}
      - run: make test
      - run: protoc --go_out=. api.proto
`),
			"Makefile": f("test:\n\tgo test ./...\n\ngen:\n\tdocker run --rm gen\n"),
		},
		"node": {
			"package.json": f(`{
  "name": "web",
  "engines": {
    "node": ">=18.17 <23",
    "pnpm": ">=8"
  },
  "packageManager": "pnpm@8.15.4+sha256.abc"
}
`),
			"pnpm-lock.yaml": f("lockfileVersion: '6.0'\n"),
			".nvmrc":         f("v20.11.1\n"),
			".github/workflows/ci.yml": f(`jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node-version: [18.x, 20.x]
        include:
          - node-version: 22.x
    steps:
      - uses: pnpm/action-setup@v3
        with:
          version: 8
      - uses: actions/setup-node@v4
        with:
          node-version: ${{ matrix.node-version }}
`),
		},
		"python": {
			".python-version": f("3.12\n"),
			"pyproject.toml": f(`[project]
name = "pkg"
requires-python = ">=3.9"

[project.optional-dependencies]
dev = ["pytest"]
`),
			".github/workflows/test.yml": f(`jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version:
          - "3.9"
          - "3.10"
          - "3.11"
          - "3.12"
          - "pypy3.10"
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: pip install -e .[dev]
      - run: pytest
`),
		},
		"rust": {
			"Cargo.toml":          f("[package]\nname = \"crate\"\nversion = \"0.1.0\"\nrust-version = \"1.70\"\n"),
			"rust-toolchain.toml": f("[toolchain]\nchannel = \"1.75.0\"\ncomponents = [\"clippy\"]\n"),
			".github/workflows/ci.yml": f(`jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: dtolnay/rust-toolchain@stable
      - run: cargo test
`),
		},
		"java-maven": {
			"pom.xml": f(`<project>
  <properties>
    <java.level>17</java.level>
    <maven.compiler.release>${java.level}</maven.compiler.release>
  </properties>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-enforcer-plugin</artifactId>
        <configuration>
          <rules>
            <requireJavaVersion>
              <version>[17,)</version>
            </requireJavaVersion>
          </rules>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
`),
			".java-version": f("17\n"),
			".github/workflows/ci.yml": f(`jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-java@v4
        with:
          distribution: temurin
          java-version: '21'
`),
		},
		"java-gradle": {
			"build.gradle.kts": f(`plugins { java }
java {
    sourceCompatibility = JavaVersion.VERSION_1_8
    toolchain {
        languageVersion.set(JavaLanguageVersion.of(11))
    }
}
`),
			"gradlew": f("#!/bin/sh\n"),
		},
		"ruby": {
			".ruby-version": f("ruby-3.2.2\n"),
			"Gemfile":       f("source \"https://rubygems.org\"\nruby \"~> 3.2\"\ngem \"rails\"\n"),
		},
		"managers": {
			".tool-versions": f("# tools\nnodejs 20.11.0\npython 3.11.7 3.10.13\ngolang 1.22.1\nterraform 1.7.0\n"),
			"mise.toml":      f("[tools]\nnode = \"20\"\nruby = [\"3.3\", \"3.2\"]\n\"npm:prettier\" = \"3\"\n"),
			".devcontainer/devcontainer.json": f(`{
  // the dev container
  "image": "mcr.microsoft.com/devcontainers/go:1-1.22-bookworm",
  "features": {
    "ghcr.io/devcontainers/features/node:1": { "version": "20" },
    "ghcr.io/devcontainers/features/docker-in-docker:2": {},
  },
}
`),
		},
		"bad-input": {
			"package.json":                 f("{\n  \"name\": \"x\",\n  \"engines\": {\"node\": \">=18\"}\n  \"scripts\": {}\n}\n"),
			".tool-versions":               f("nodejs 20\nfrobnicator 1.0\n"),
			".nvmrc":                       f("twenty\n"),
			"pyproject.toml":               f("[project]\nrequires-python = \">=3.banana\"\n"),
			"go.mod":                       f("module x\n\ngo 1.22\n"),
			".github/workflows/broken.yml": f("jobs:\n  test:\n    steps:\n      - uses: actions/setup-go@v5\n    with: [\n"),
			".github/workflows/expr.yml": f(`jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: ${{ matrix.go }}
`),
		},
	}
}

func TestDetectGolden(t *testing.T) {
	for name, fsys := range stacks() {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(Detect(fsys), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("detection differs from %s (go test -update rewrites it):\n%s", golden, got)
			}
		})
	}
}

// TestDetectFindings checks the facts the golden files hold that matter
// most, so that an -update cannot silently accept a regression.
func TestDetectFindings(t *testing.T) {
	s := stacks()
	goReq, _ := Detect(s["go"]).Tool("go")
	if len(goReq.Constraints) != 3 || goReq.Constraints[2].Range != "1.21 || 1.22" || goReq.Conflict == "" {
		t.Errorf("go: %+v; want go line, toolchain line and the matrix 1.21 || 1.22 flagged as conflicting with go 1.22", goReq)
	}
	py := Detect(s["python"])
	pr, _ := py.Tool("python")
	// .python-version's 3.12 is one of the versions CI tests, all of them
	// inside requires-python's >=3.9
	if pr.Conflict != "" || pr.CI == nil || pr.CI.Summary != "3.9 to 3.12" {
		t.Errorf("python: conflict %q, CI %+v; want no conflict and CI's 3.9 to 3.12", pr.Conflict, pr.CI)
	}
	bad := Detect(s["bad-input"])
	want := []string{"package.json:4", ".tool-versions:2: unknown tool frobnicator", ".nvmrc:1", "pyproject.toml:2", ".github/workflows/broken.yml",
		".github/workflows/expr.yml:9"}
	var all []string
	for _, w := range bad.Warnings {
		all = append(all, w.String())
	}
	joined := strings.Join(all, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("bad input: no warning naming %q in:\n%s", w, joined)
		}
	}
	if _, ok := bad.Tool("go"); !ok {
		t.Errorf("bad input: the rest of the report (go.mod) is missing")
	}
	node, _ := bad.Tool("node")
	if !node.Required {
		t.Errorf("bad input: node should still be required by package.json and .nvmrc")
	}
}
