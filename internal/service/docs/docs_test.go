package docs_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/intelligence/repo"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	"github.com/oss-dev/oss-dev/internal/service/docs"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// gitRepo builds a repository in a temporary folder with the files in one
// commit; dates and identities are fixed.
func gitRepo(t testing.TB, files map[string]string) string {
	t.Helper()
	return sharedtest.GitRepo(t, files, "feat: first commit")
}

// goProject is a small Go project with the files a guide reads.
var goProject = map[string]string{
	"README.md": "# widget\n\n[![CI](https://example.com/badge.svg)](https://example.com)\n\n" +
		"Widget turns [configuration files](docs/config.md) into running services, one command at a time.\n\nMore text.\n",
	"go.mod":                           "module example.com/widget\n\ngo 1.22\n",
	"main.go":                          "package main\n\nimport \"example.com/widget/internal/x\"\n\nfunc main() { x.X() }\n",
	"internal/y/y.go":                  "package y\n\nimport \"example.com/widget/internal/x\"\n\nvar Y = x.X()\n",
	"internal/x/x.go":                  "package x\n\n// X is x.\nfunc X() int { return 1 }\n",
	"internal/x/x_test.go":             "package x\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {\n\tif X() != 1 {\n\t\tt.Fatal(\"x\")\n\t}\n}\n",
	"Makefile":                         ".PHONY: test build\n\nbuild:\n\tgo build ./...\n\ntest:\n\tgo test ./...\n",
	"CONTRIBUTING.md":                  "# Contributing\n\nSign off your commits (DCO): Signed-off-by.\n",
	"changelog.d/.keep":                "",
	".github/pull_request_template.md": "## What\n",
}

func build(t *testing.T, root string, s *docs.Service) *docs.Result {
	t.Helper()
	if s == nil {
		s = &docs.Service{}
	}
	if s.Repos == nil {
		s.Repos = repos()
	}
	res, err := s.Build(context.Background(), docs.Request{Target: analysis.RepoTarget{Local: root}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// repos is the analysis service as the binary builds it, on real git.
func repos() *analysis.RepoService {
	return &analysis.RepoService{OpenRepo: func(dir string) (analysis.Repo, error) {
		r, err := git.New(dir)
		if err != nil {
			return nil, err
		}
		return r, nil
	}}
}

func markdown(t *testing.T, g *docs.Guide) string {
	t.Helper()
	md, err := docs.Markdown(g)
	if err != nil {
		t.Fatal(err)
	}
	return string(md)
}

func TestGuideSaysHowToBuildAndTestWithEvidence(t *testing.T) {
	root := gitRepo(t, goProject)
	res := build(t, root, nil)
	md := markdown(t, res.Guide)
	for _, want := range []string{
		"# Start here: widget", // the README's title, not the folder's name
		"Widget turns configuration files into running services, one command at a time. (from `README.md:5`)",
		"Primary language: **Go**",
		"- go: asks `1.22` (`go.mod:3`)\n",
		"### Test\n\n```sh\nmake test\n```\nFrom `Makefile:6`.",
		"### Build\n\n```sh\nmake build\n```\nFrom `Makefile:3`.",
		"## Getting started with go modules",
		"```sh\ngo mod download\n```\nThe usual step for `go.mod`.",
		"- Contributing guide: `CONTRIBUTING.md`",
		"- Changelog fragments: `changelog.d/`",
		"- Pull request templates: `.github/pull_request_template.md`",
		"- go-main `.` at `main.go:1`",
		"- `internal/x` (package): imported by 2 files, first at `internal/y/y.go:3`",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("START_HERE.md lacks %q:\n%s", want, md)
		}
	}
	if first := res.Guide.First(repo.KindTest); first == nil || first.Command != res.Report.TestCommand.Command {
		t.Errorf("the first test command is %+v, want the analysis's %+v", first, res.Report.TestCommand)
	}
	if strings.Contains(md, root) || strings.Contains(md, "${{") {
		t.Errorf("START_HERE.md holds the machine path %s or a CI expression:\n%s", root, md)
	}
}

// TestToolchainDeclaredApartFromCI: what go.mod declares is said apart
// from the versions CI tests, which are merged over every job and
// workflow into one sorted phrase.
func TestToolchainDeclaredApartFromCI(t *testing.T) {
	files := map[string]string{}
	for k, v := range goProject {
		files[k] = v
	}
	files[".github/workflows/ci.yml"] = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        go: ["1.24", "1.22", "1.23"]
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: ${{ matrix.go }}
      - run: go test ./...
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: "1.24"
      - uses: actions/setup-go@v5
        with:
          go-version: "1.25rc1"
`
	md := markdown(t, build(t, gitRepo(t, files), nil).Guide)
	want := "- go: asks `1.22` (`go.mod:3`); CI tests 1.22 to 1.24, and 1.25rc1 (`.github/workflows/ci.yml:7` and 2 more)\n"
	if !strings.Contains(md, want) {
		t.Errorf("START_HERE.md lacks %q:\n%s", want, md)
	}
}

// TestMatrixVariantsOneCommand: the commands a CI matrix step runs are
// one command, with what the matrix changes named once.
func TestMatrixVariantsOneCommand(t *testing.T) {
	files := map[string]string{}
	for k, v := range goProject {
		files[k] = v
	}
	files[".github/workflows/ci.yml"] = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        tags: [sqlite, postgres, mysql]
    steps:
      - run: go test -tags ${{ matrix.tags }} ./...
`
	md := markdown(t, build(t, gitRepo(t, files), nil).Guide)
	want := "```sh\ngo test -tags sqlite ./...\n```\nFrom `.github/workflows/ci.yml:9`; CI runs it. CI's matrix also runs it with `postgres`, `mysql` in place of `sqlite`.\n"
	if !strings.Contains(md, want) || strings.Contains(md, "\ngo test -tags mysql ./...\n") {
		t.Errorf("START_HERE.md lacks %q or lists a variant apart:\n%s", want, md)
	}
}

// TestSameTreeSameBytes: a copy of the tree in another folder, built again,
// gives the same file byte for byte.
func TestSameTreeSameBytes(t *testing.T) {
	a := build(t, gitRepo(t, goProject), nil)
	b := build(t, gitRepo(t, goProject), nil)
	a.Guide.Name, b.Guide.Name = "widget", "widget" // the folder names differ
	if ma, mb := markdown(t, a.Guide), markdown(t, b.Guide); ma != mb {
		t.Fatalf("two builds of one tree differ:\n%s\n---\n%s", ma, mb)
	}
}

// TestGuideNamesItsGitHubRepository: a local tree whose origin is on
// GitHub is named OWNER/REPO, and its upstream wins over origin.
func TestGuideNamesItsGitHubRepository(t *testing.T) {
	root := gitRepo(t, goProject)
	s := &docs.Service{Remotes: func(context.Context, string) ([]model.Remote, error) {
		return []model.Remote{{Name: "origin", FetchURL: "git@github.com:me/widget.git"}, {Name: "upstream", FetchURL: "https://github.com/acme/widget.git"}}, nil
	}}
	if g := build(t, root, s).Guide; g.Name != "acme/widget" {
		t.Errorf("name %q, want acme/widget", g.Name)
	}
}

func TestEmptyRepositoryStillGivesAGuide(t *testing.T) {
	root := gitRepo(t, map[string]string{"notes.txt": "nothing here\n"})
	md := markdown(t, build(t, root, nil).Guide)
	for _, want := range []string{"No set-up, build or test command was found.", "No entry point", "has no README paragraph"} {
		if !strings.Contains(md, want) {
			t.Errorf("lacks %q:\n%s", want, md)
		}
	}
	if !bytes.HasSuffix([]byte(md), []byte("\n")) || strings.Contains(md, "\n\n\n") {
		t.Errorf("blank lines not tidied:\n%q", md)
	}
}

// TestNoticeComesFirst: a README that says the project moved is quoted
// above what the project is, in START_HERE.md and on the page.
func TestNoticeComesFirst(t *testing.T) {
	files := map[string]string{}
	for k, v := range goProject {
		files[k] = v
	}
	files["README.md"] = "> [!IMPORTANT]\n> This repository is no longer maintained; development has moved to https://example.com/widget2.\n\n" + goProject["README.md"]
	res := build(t, gitRepo(t, files), nil)
	md := markdown(t, res.Guide)
	notice := "> **Notice from the README:** This repository is no longer maintained; development has moved to https://example.com/widget2. (from `README.md:2`)"
	if i, j := strings.Index(md, notice), strings.Index(md, "## What this project is"); i < 0 || i > j {
		t.Errorf("START_HERE.md lacks %q before what the project is:\n%s", notice, md)
	}
}
