package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkHelpProcess measures a whole `oss-dev --help` process, start to
// exit, the figure DESIGN.md compares with `gh --help`.
func BenchmarkHelpProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "oss-dev")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if out, err := exec.Command(bin, "--help").CombinedOutput(); err != nil {
			b.Fatalf("oss-dev --help: %v\n%s", err, out)
		}
	}
}
