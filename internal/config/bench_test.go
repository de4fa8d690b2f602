package config

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoadAllLayers loads a config with every layer present: two
// system files, the user file, the project file (found by walking up from
// a subfolder of the repository) and OSS_DEV_ variables. Goal: < 1 ms.
func BenchmarkLoadAllLayers(b *testing.B) {
	root := b.TempDir()
	write := func(path, content string) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	sys1, sys2 := filepath.Join(root, "etc1"), filepath.Join(root, "etc2")
	home := filepath.Join(root, "home")
	repo := filepath.Join(root, "repo")
	work := filepath.Join(repo, "internal", "pkg", "deep")
	write(filepath.Join(sys1, "oss-dev", "config.toml"), "# site policy\n[approval]\npolicy = \"on_request\"\n\n[[approval.deny]]\nprogram = \"rm\"\nargs = [\"-rf\", \"/\"]\nreason = \"never\"\n")
	write(filepath.Join(sys2, "oss-dev", "config.toml"), "[github]\nhost = \"github.com\"\ntimeout = \"30s\"\n")
	write(filepath.Join(home, ".config", "oss-dev", "config.toml"), `# my settings
schema_version = 1

[model]
provider = "ollama"
name = "qwen2.5-coder"
base_url = "http://localhost:11434"
temperature = 0.1
timeout = "2m"

[github]
max_retries = 4
cache_ttl = "5m"

[ui]
color = "auto"
pager = "less -R"

[profile]
languages = ["go", "rust", "python"]
interests = ["cli", "developer tools"]
`)
	write(filepath.Join(repo, ".oss-dev", "config.toml"), `[approval]
policy = "on_failure"

[approval.tools]
run_tests = "auto"
git_commit = "on_request"

[[approval.allow]]
program = "go"
subcommand = "test"
args = ["./..."]

[workflow]
branch_prefix = "fix/"
`)
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		b.Fatal(err)
	}
	opts := LoadOptions{WorkDir: work, Env: []string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_CONFIG_DIRS=" + sys1 + string(filepath.ListSeparator) + sys2,
		"OSS_DEV_APPROVAL__POLICY=auto",
		"OSS_DEV_GITHUB__CACHE_TTL=10m",
		"OSS_DEV_MODEL__API_KEY=sk-bench",
		"PATH=/usr/bin:/bin",
	}}
	l, err := Load(opts)
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range l.Files {
		if !f.Exists {
			b.Fatalf("%s missing", f.Path)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Load(opts); err != nil {
			b.Fatal(err)
		}
	}
}
