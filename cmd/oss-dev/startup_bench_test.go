package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
)

func buildBinary(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "oss-dev")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkHelpProcess measures a whole `oss-dev --help` process, start to
// exit, the figure DESIGN.md compares with `gh --help`.
func BenchmarkHelpProcess(b *testing.B) {
	bin := buildBinary(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if out, err := exec.Command(bin, "--help").CombinedOutput(); err != nil {
			b.Fatalf("oss-dev --help: %v\n%s", err, out)
		}
	}
}

// BenchmarkCachedIssueViewProcess measures a whole `oss-dev issues view`
// process whose answers are fresh in the on-disk cache (DESIGN.md: under
// 50 ms); the fake GitHub proves no request is made.
func BenchmarkCachedIssueViewProcess(b *testing.B) {
	bin := buildBinary(b)
	s := githubtest.NewServer(b)
	s.AddIssue("octo", "demo", githubtest.Issue{Number: 7, Title: "Crash on empty config", Body: "Steps:\n1. run it", Author: "octocat"})
	home := b.TempDir()
	env := append(os.Environ(),
		"HOME="+home, "XDG_CACHE_HOME="+filepath.Join(home, "cache"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"GH_TOKEN=", "GITHUB_TOKEN=", "GH_CONFIG_DIR="+filepath.Join(home, "gh"),
		"OSS_DEV_GITHUB__API_URL="+s.APIURL(), "OSS_DEV_GITHUB__CACHE_TTL=1h")
	run := func() {
		cmd := exec.Command(bin, "issues", "view", "octo/demo#7", "--json")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("issues view: %v\n%s", err, out)
		}
	}
	run()
	primed := len(s.Requests())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run()
	}
	b.StopTimer()
	if n := len(s.Requests()); n != primed {
		b.Fatalf("cached runs made %d requests", n-primed)
	}
}
