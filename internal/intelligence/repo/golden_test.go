package repo

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// gitRepo builds a repository in a temporary folder: the files in one
// commit with the first message, then an empty commit per further message.
func gitRepo(t testing.TB, files map[string]string, messages ...string) string {
	t.Helper()
	return sharedtest.GitRepo(t, files, messages...)
}

// checkGolden compares the report with testdata/golden/NAME.json.
func checkGolden(t *testing.T, name string, r *Report) {
	t.Helper()
	r.Root = "ROOT"
	got, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	file := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report differs from %s (go test -update rewrites it):\n%s", file, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("line " + jsonInt(i+1) + ":\n  want " + a + "\n  got  " + c + "\n")
			if shown++; shown == 8 {
				break
			}
		}
	}
	return b.String()
}

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }

// analyzeRepo analyses dir, and checks on the way that Commands, which
// reads only the files that define commands, finds what Analyze finds.
func analyzeRepo(t *testing.T, dir string) *Report {
	t.Helper()
	r, err := Analyze(context.Background(), Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	checkCommandsAgree(t, dir, r)
	return r
}

func checkCommandsAgree(t *testing.T, dir string, full *Report) {
	t.Helper()
	c, err := Commands(context.Background(), Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal([]any{full.Commands, full.TestCommand, full.Contribution.Contributing, full.Git})
	got, _ := json.Marshal([]any{c.Commands, c.TestCommand, c.Contribution.Contributing, c.Git})
	if !bytes.Equal(got, want) {
		t.Errorf("Commands disagrees with Analyze:\n%s", lineDiff(string(want), string(got)))
	}
}

const mitLicense = `MIT License

Copyright (c) 2024 Ada

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`

func TestGoldenGoModule(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"go.mod":                        "module example.com/hello\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n\tgithub.com/gin-gonic/gin v1.9.0 // indirect\n)\n",
		"cmd/hello/main.go":             "// Command hello greets.\npackage main\n\nimport \"fmt\"\n\n/* main\n   prints */\nfunc main() {\n\tfmt.Println(\"hi\") // greet\n}\n",
		"greet.go":                      "package hello\n\n// Greet says hi.\nfunc Greet() string { return \"hi\" }\n",
		"greet_test.go":                 "package hello\n\nimport \"testing\"\n\nfunc TestGreet(t *testing.T) {}\n",
		"Makefile":                      ".PHONY: build test lint\n\nGO ?= go\nVERSION := 1.0\n\nbuild:\n\t$(GO) build ./...\n\ntest: build\n\t@go test -race ./...\n\nlint:\n\tgolangci-lint run\n\n%.o: %.c\n\tcc -c $<\n",
		".github/workflows/ci.yml":      "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go mod download\n      - name: Test\n        run: |\n          echo testing\n          make test\n      - uses: golangci/golangci-lint-action@v6\n",
		"LICENSE":                       mitLicense,
		"CONTRIBUTING.md":               "# Contributing\n\nSend a pull request.\n\nEvery commit needs a Developer Certificate of Origin sign-off (git commit -s).\n",
		".github/ISSUE_TEMPLATE/bug.md": "---\nname: Bug\n---\n",
		"docs/usage.md":                 "# Usage\n\nRun hello.\n",
	}, "cmd/hello: print a greeting", "greet: add Greet", "all: tidy up", "Merge branch 'x'", "greet: fix typo\n\nSigned-off-by: Ada <ada@example.com>")
	checkGolden(t, "go-module", analyzeRepo(t, dir))
}

func TestGoldenPythonPackage(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"pyproject.toml":                   "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n[project]\nname = \"acme\"\ndependencies = [\n  \"fastapi>=0.100\",\n  \"pydantic\",\n]\n\n[project.scripts]\nacme = \"acme.cli:main\"\n\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n\n[tool.ruff]\nline-length = 100\n",
		"tox.ini":                          "[tox]\nenvlist = py311, lint\n\n[testenv]\ncommands = pytest\n\n[testenv:lint]\ncommands = ruff check .\n",
		"src/acme/__init__.py":             "\"\"\"Acme.\"\"\"\n\n# version\n__version__ = \"1.0\"\n",
		"src/acme/cli.py":                  "def main():\n    \"\"\"Run.\n\n    Twice.\n    \"\"\"\n    print('hi')  # greet\n",
		"tests/test_cli.py":                "from acme.cli import main\n\n\ndef test_main():\n    main()\n",
		"noxfile.py":                       "import nox\n\n\n@nox.session\ndef tests(session):\n    session.run(\"pytest\")\n\n\n@nox.session(name=\"format\")\ndef fmt(session):\n    session.run(\"ruff\", \"format\")\n",
		"CODE_OF_CONDUCT.md":               "# Code of conduct\n",
		".github/SECURITY.md":              "# Security\n",
		".github/pull_request_template.md": "## What\n",
	}, "feat: first version", "fix(cli): print once", "docs: add readme", "chore!: drop py3.8")
	checkGolden(t, "python-package", analyzeRepo(t, dir))
}

func TestGoldenNpmWorkspace(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"package.json": `{
  "name": "acme",
  "private": true,
  "workspaces": ["packages/*"],
  "scripts": {
    "build": "tsc -b",
    "test": "vitest run",
    "lint": "eslint .",
    "format": "prettier --write ."
  },
  "devDependencies": {
    "typescript": "^5.0.0",
    "vitest": "^1.0.0"
  }
}
`,
		"package-lock.json": "{}\n",
		"packages/web/package.json": `{
  "name": "@acme/web",
  "bin": {"acme-web": "./bin/web.js"},
  "scripts": {"dev": "vite", "test": "vitest"},
  "dependencies": {"react": "^18.2.0", "next": "14.0.0"}
}
`,
		"packages/web/src/App.tsx":      "export function App() {\n  // render\n  return <div/>;\n}\n",
		"packages/web/src/App.test.tsx": "import { App } from './App';\ntest('renders', () => { App(); });\n",
		"packages/web/bin/web.js":       "#!/usr/bin/env node\nconsole.log('web');\n",
		".github/workflows/ci.yml":      "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: npm run build && npm test\n      - run: npx prettier --check .\n",
	}, "Add the workspace", "Fix the build", "Update deps")
	checkGolden(t, "npm-workspace", analyzeRepo(t, dir))
}

func TestGoldenCargoCrate(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"Cargo.toml":     "[package]\nname = \"acme\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ntokio = { version = \"1\", features = [\"full\"] }\nserde = \"1\"\n",
		"Cargo.lock":     "version = 3\n",
		"src/main.rs":    "//! Acme.\n\n/// Entry.\nfn main() {\n    /* say */\n    println!(\"hi\");\n}\n",
		"src/lib.rs":     "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n",
		"tests/add.rs":   "#[test]\nfn adds() {\n    assert_eq!(acme::add(1, 2), 3);\n}\n",
		".gitlab-ci.yml": "test:\n  image: rust\n  script:\n    - cargo test --all\n    - cargo clippy -- -D warnings\n",
	}, "Add the crate")
	checkGolden(t, "cargo-crate", analyzeRepo(t, dir))
}

func TestGoldenMavenProject(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"pom.xml":                             "<?xml version=\"1.0\"?>\n<project>\n  <modelVersion>4.0.0</modelVersion>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>\n    <dependency>\n      <artifactId>junit-jupiter</artifactId>\n    </dependency>\n  </dependencies>\n  <build><plugins><plugin><artifactId>maven-checkstyle-plugin</artifactId></plugin></plugins></build>\n</project>\n",
		"mvnw":                                "#!/bin/sh\nexec java -jar .mvn/wrapper.jar \"$@\"\n",
		"src/main/java/com/acme/App.java":     "package com.acme;\n\n/** App. */\npublic class App {\n    public static void main(String[] args) {\n        System.out.println(\"hi\");\n    }\n}\n",
		"src/test/java/com/acme/AppTest.java": "package com.acme;\n\nclass AppTest {\n    // nothing yet\n}\n",
		".circleci/config.yml":                "version: 2.1\njobs:\n  build:\n    steps:\n      - checkout\n      - run: ./mvnw -B verify\n      - run:\n          name: Style\n          command: ./mvnw checkstyle:check\n",
	}, "Add App", "Add a test")
	checkGolden(t, "maven-project", analyzeRepo(t, dir))
}

func TestGoldenMonorepo(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"backend/go.mod":         "module example.com/backend\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.0\n",
		"backend/main.go":        "package main\n\nfunc main() {}\n",
		"backend/server_test.go": "package main\n\nimport \"testing\"\n\nfunc TestServer(t *testing.T) {}\n",
		"frontend/package.json":  "{\n  \"name\": \"frontend\",\n  \"scripts\": {\n    \"test\": \"jest\",\n    \"build\": \"vite build\"\n  },\n  \"dependencies\": {\n    \"vue\": \"^3.0.0\"\n  }\n}\n",
		"frontend/yarn.lock":     "# yarn lockfile v1\n",
		"frontend/src/main.ts":   "import { createApp } from 'vue';\n/* start */\ncreateApp({}).mount('#app');\n",
		"frontend/src/App.vue":   "<template>\n  <div>hi</div>\n</template>\n<!-- comment -->\n",
		"README.md":              "# Mono\n",
		"justfile":               "set shell := [\"bash\", \"-c\"]\n\n# run everything\ntest: test-backend\n    cd frontend && yarn test\n\ntest-backend:\n    cd backend && go test ./...\n\nfmt:\n    gofmt -w backend\n",
		".gitlab-ci.yml":         "stages: [test]\nbackend:\n  script:\n    - cd backend && go test ./...\nfrontend:\n  before_script:\n    - cd frontend && yarn install\n  script:\n    - cd frontend && yarn test\n",
	}, "backend: add server", "frontend: add app")
	checkGolden(t, "monorepo", analyzeRepo(t, dir))
}

func TestGoldenAttributesAndVendored(t *testing.T) {
	big := strings.Repeat("int f(void) { return 1; }\n", 200)
	dir := gitRepo(t, map[string]string{
		".gitattributes": "# linguist overrides\n" +
			"third_party/** linguist-vendored\n" +
			"*.gen.go linguist-generated\n" +
			"*.inc linguist-language=PHP\n" +
			"scripts/*.sh linguist-detectable=false\n" +
			"vendor/keep/** -linguist-vendored\n" +
			"docs/** linguist-documentation=false\n" +
			"tools linguist-vendored\n",
		"main.go":                    "package main\n\nfunc main() {}\n",
		"api.gen.go":                 "package main\n\nvar generated = 1\n",
		"parser.pb.go":               "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage main\n",
		"third_party/lib.c":          big,
		"vendor/github.com/x/x.go":   "package x\n" + strings.Repeat("var _ = 1\n", 300),
		"vendor/keep/keep.go":        "package keep\n\nvar Keep = 1\n",
		"page.inc":                   "<?php echo 'hi'; ?>\n",
		"scripts/build.sh":           "#!/bin/sh\necho build\n" + strings.Repeat("echo x\n", 100),
		"docs/conf.py":               "project = 'x'\n",
		"tools/gen.py":               "print('gen')\n",
		"node_modules/left/index.js": "module.exports = 1;\n",
	}, "Initial commit")
	r := analyzeRepo(t, dir)
	checkGolden(t, "attributes", r)
	shares := map[string]Language{}
	for _, l := range r.Languages {
		shares[l.Name] = l
	}
	// third_party (vendored by attribute), vendor/github.com (by linguist's
	// own rules), node_modules and generated files are out; the keep
	// override brings vendor/keep back; the .inc file counts as PHP; the
	// shell script is not detectable; docs/conf.py counts again.
	if _, ok := shares["C"]; ok {
		t.Errorf("vendored C counted: %+v", r.Languages)
	}
	if _, ok := shares["Shell"]; ok {
		t.Errorf("undetectable shell counted: %+v", r.Languages)
	}
	if got := shares["Go"].Files; got != 2 {
		t.Errorf("Go files = %d, want 2 (main.go and vendor/keep/keep.go)", got)
	}
	if shares["PHP"].Files != 1 || shares["Python"].Files != 2 {
		t.Errorf("PHP or Python miscounted: %+v", r.Languages)
	}
}
