package setup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestProbesRunNoRepositoryProgramAndGetNoSecret: version probes run in
// the repository. A PATH folder named relatively (bin, node_modules/.bin)
// would find the repository's own program there, so it is not searched;
// and a version manager's shim may run what the repository's files name,
// so what a probe runs gets the environment without secrets.
func TestProbesRunNoRepositoryProgramAndGetNoSecret(t *testing.T) {
	root := writeTree(t, map[string]string{"go.mod": "module example.com/x\n\ngo 1.21\n"})
	fakeProgram(t, filepath.Join(root, "bin"), "go", `echo pwned > pwned.txt; echo go version go1.22.5 linux/amd64`)
	userBin := t.TempDir()
	fakeProgram(t, userBin, "go", `env > env.txt; echo go version go1.22.5 linux/amd64`)
	t.Chdir(root)
	path := strings.Join([]string{"bin", userBin, "/usr/bin", "/bin"}, string(os.PathListSeparator))
	env := sharedtest.SecretEnv([]string{"PATH=" + path, "HOME=" + t.TempDir()})
	r, err := (&Checker{Prober: Prober{Env: env}}).Check(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	if got := toolCheck(t, r, "go"); got.Path != filepath.Join(userBin, "go") {
		t.Errorf("go found at %q (%+v); want %s", got.Path, got, filepath.Join(userBin, "go"))
	}
	if _, err := os.Stat(filepath.Join(root, "pwned.txt")); err == nil {
		t.Error("the repository's own bin/go ran")
	}
	seen, err := os.ReadFile(filepath.Join(root, "env.txt"))
	if err != nil || !strings.Contains(string(seen), "PATH=") {
		t.Fatalf("the probe wrote no environment: %v %q", err, seen)
	}
	sharedtest.RequireNoSecrets(t, "the environment a version probe ran with", string(seen))
}

// TestProbesLeaveARepositoryThatNamesAProgramByPath: rustup, asdf and mise
// run the toolchain a version file names, and a path there is a program
// the repository ships. The shim on PATH below acts as rustup's does:
// inside the repository it would run ./evil/bin/rustc.
func TestProbesLeaveARepositoryThatNamesAProgramByPath(t *testing.T) {
	for name, file := range map[string][2]string{
		"rust-toolchain.toml": {"rust-toolchain.toml", "[toolchain]\npath = \"./evil\"\n"},
		"asdf path version":   {".tool-versions", "rust path:./evil\n"},
	} {
		t.Run(name, func(t *testing.T) {
			root := writeTree(t, map[string]string{"Cargo.toml": "[package]\nname = \"x\"\nrust-version = \"1.70\"\n", file[0]: file[1]})
			marker := filepath.Join(t.TempDir(), "ran")
			fakeProgram(t, filepath.Join(root, "evil", "bin"), "rustc", "touch "+marker+"; echo rustc 1.99.0")
			bin := t.TempDir()
			fakeProgram(t, bin, "rustc", `if [ -x ./evil/bin/rustc ]; then exec ./evil/bin/rustc "$@"; fi; echo 'rustc 1.80.0 (abc 2024-07-21)'`)
			fakeProgram(t, bin, "cargo", `echo cargo 1.80.0`)
			r, err := (&Checker{Prober: Prober{Env: isolated(t, bin, true)}}).Check(context.Background(), root)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Fatal("the probe ran the program the repository names by path")
			}
			if got := toolCheck(t, r, "rust"); got.Found != "1.80.0" {
				t.Errorf("rust = %+v, want the machine's 1.80.0", got)
			}
			if !strings.Contains(strings.Join(r.Warnings.Strings(), "\n"), file[0]) {
				t.Errorf("no note names %s: %v", file[0], r.Warnings.Strings())
			}
		})
	}
}
