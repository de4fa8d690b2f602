package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// heavyAtStartup are packages whose init costs every oss-dev process
// milliseconds and megabytes of allocation (`GODEBUG=inittrace=1 oss-dev
// --help`): glamour brings chroma's lexer and style registries and
// bluemonday's policies; goldmark's extension and HTML renderer packages
// cost more at init than its parser. Markdown is rendered by
// internal/cli/markdown on goldmark's parser alone. The vendor SDKs of
// language models (openai-go, genai and the grpc, protobuf, cloud auth and
// opencensus stack genai brings) were most of the binary's code and build
// time for one streaming call; internal/provider/llm/openai speaks the
// chat completions API on net/http.
var heavyAtStartup = []string{
	"github.com/openai/openai-go",
	"google.golang.org/genai",
	"google.golang.org/grpc",
	"google.golang.org/protobuf",
	"cloud.google.com/go",
	"go.opencensus.io",
	// Test helpers have no place in the release binary (genai linked both).
	"testing",
	"net/http/httptest",
	"github.com/charmbracelet/glamour",
	"github.com/alecthomas/chroma",
	"github.com/microcosm-cc/bluemonday",
	"github.com/yuin/goldmark/extension",
	"github.com/yuin/goldmark/renderer",
}

// TestNoHeavyDependencies fails when the binary links a package known to
// be heavy at start-up, naming it and the package that imports it.
func TestNoHeavyDependencies(t *testing.T) {
	goTool := sharedtest.RequireTool(t, "go")
	cmd := exec.Command(goTool, "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, ".")
	cmd.Dir = sharedtest.ModuleRoot(t) + "/cmd/oss-dev"
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	importers := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		for _, imp := range fields[1:] {
			importers[imp] = append(importers[imp], fields[0])
		}
		importers[fields[0]] = append(importers[fields[0]], "")
	}
	if len(importers) < 10 {
		t.Fatalf("go list -deps listed too little to be right:\n%s", out)
	}
	for pkg, by := range importers {
		for _, heavy := range heavyAtStartup {
			if pkg == heavy || strings.HasPrefix(pkg, heavy+"/") {
				t.Errorf("oss-dev links %s (imported by %s): it is heavy at start-up", pkg, strings.TrimSpace(strings.Join(by, " ")))
			}
		}
	}
}

// TestOneYAMLModule keeps the binary on one YAML implementation.
// gopkg.in/yaml.v3 is the one the GitHub CLI's config package (go-gh,
// for the stored login) links, so our own readers use it too;
// go.yaml.in/yaml/v3 stays in go.mod only for other modules' tests.
func TestOneYAMLModule(t *testing.T) {
	goTool := sharedtest.RequireTool(t, "go")
	cmd := exec.Command(goTool, "list", "-deps", ".")
	cmd.Dir = sharedtest.ModuleRoot(t) + "/cmd/oss-dev"
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "go.yaml.in/yaml/") || strings.HasPrefix(pkg, "sigs.k8s.io/yaml") || strings.HasPrefix(pkg, "gopkg.in/yaml.v2") {
			t.Errorf("oss-dev links %s besides gopkg.in/yaml.v3", pkg)
		}
	}
}
