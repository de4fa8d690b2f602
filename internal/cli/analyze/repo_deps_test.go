package analyze

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
)

func TestRepoDepsFlags(t *testing.T) {
	tests := []struct {
		args    string
		output  cmdutil.Output
		deps    bool
		graph   string
		wantErr string
	}{
		{args: "--deps", deps: true},
		{args: ". --graph dot", graph: "dot"},
		{args: "--graph MERMAID", graph: "MERMAID"},
		{args: "--graph json", output: cmdutil.Output{JQ: ".summary"}, graph: "json"},
		{args: "--graph svg", wantErr: `invalid --graph "svg"`},
		{args: "--graph dot", output: cmdutil.Output{JSON: true}, wantErr: "--graph dot prints the graph alone"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			out := tt.output
			f := &cmdutil.Factory{IO: ios, Output: &out}
			var got *RepoOptions
			cmd := NewCmdRepo(f, func(o *RepoOptions) error { got = o; return nil })
			cmd.SetArgs(strings.Fields(tt.args))
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !cmdutil.IsUsageError(err) {
					t.Fatalf("err = %v, want a usage error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Deps != tt.deps || got.Graph != tt.graph {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

// depsProject writes a small npm project outside any git repository.
func depsProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"package.json": `{"dependencies": {"@scope/ui": "^1.0.0"}}`,
		"package-lock.json": `{"lockfileVersion": 3, "packages": {
  "": {"dependencies": {"@scope/ui": "^1.0.0"}},
  "node_modules/@scope/ui": {"version": "1.2.0", "dependencies": {"tslib": "^2"}},
  "node_modules/tslib": {"version": "2.6.2"}}}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRepoDepsRun(t *testing.T) {
	dir := depsProject(t)
	run := func(opts *RepoOptions) string {
		t.Helper()
		ios, _, out, _ := iostreams.Test()
		opts.IO, opts.WorkDir, opts.Target, opts.Service = ios, dir, ".", testAnalysis(t)
		if opts.Output == nil {
			opts.Output = &cmdutil.Output{}
		}
		if err := repoRun(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}

	text := run(&RepoOptions{Deps: true})
	for _, want := range []string{"Dependencies: 2 packages (1 direct, 1 transitive), 1 edge", "@scope/ui", "package.json:1", "Size  1 file, "} {
		if !strings.Contains(text, want) {
			t.Errorf("--deps output lacks %q:\n%s", want, text)
		}
	}

	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(run(&RepoOptions{Deps: true, Output: &cmdutil.Output{JSON: true}})), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["dependencies"]; !ok {
		t.Error("--deps --json has no dependencies key")
	}
	if _, ok := doc["languages"]; !ok {
		t.Error("--deps --json lost the repository report")
	}

	dot := run(&RepoOptions{Graph: "dot"})
	if !strings.Contains(dot, `"npm:@scope/ui@1.2.0" -> "npm:tslib@2.6.2";`) {
		t.Errorf("--graph dot output:\n%s", dot)
	}
	if got := strings.TrimSpace(run(&RepoOptions{Graph: "json", Output: &cmdutil.Output{JQ: ".edges[0].to"}})); got != "npm:tslib@2.6.2" {
		t.Errorf("--graph json --jq = %q", got)
	}
}
