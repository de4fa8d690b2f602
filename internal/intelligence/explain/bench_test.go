package explain

import (
	"context"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// BenchmarkExplainFile explains a file of this repository: outline,
// imports, references (git grep), tests and history (git log).
func BenchmarkExplainFile(b *testing.B) {
	root := sharedtest.ModuleRoot(b)
	sharedtest.RequireTool(b, "git")
	for _, c := range []struct{ name, path, symbol string }{
		{"file", "internal/core/workflow/machine.go", ""},
		{"symbol", "internal/core/workflow/machine.go", "Fire"},
		{"folder", "internal/provider/git", ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Analyze(context.Background(), Options{OpenRepo: openGit, Path: c.path, Symbol: c.symbol, WorkDir: root}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
