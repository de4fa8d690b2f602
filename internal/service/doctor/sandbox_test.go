package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sandbox"
)

func TestSandboxCheck(t *testing.T) {
	home, env := isolate(t)
	env = append(env, "TMPDIR="+t.TempDir()) // beside the home folder, not around it
	run := func(goos string, st sandbox.Status) Check {
		r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: env, GOOS: goos, SandboxProbe: func() sandbox.Status { return st }}))
		return find(r, "sandbox")
	}
	if c := run("linux", sandbox.Status{Available: true, ABI: 6, NetworkRestrictable: true}); c.Status != OK || !strings.Contains(c.Message, "Landlock ABI 6") {
		t.Errorf("with Landlock: %+v", c)
	}
	c := run("linux", sandbox.Status{Reason: "the kernel has no Landlock"})
	if c.Status != Warn || !strings.Contains(c.Message, "no Landlock") || !strings.Contains(c.Fix, "enable Landlock") || !strings.Contains(c.Fix, "asked") {
		t.Errorf("without Landlock: %+v", c)
	}
	if c := run("darwin", sandbox.Status{Reason: "Landlock is a Linux feature"}); c.Status != Warn || !strings.Contains(c.Fix, "darwin") {
		t.Errorf("on macOS: %+v", c)
	}

	inTemp := append(env, "TMPDIR="+filepath.Dir(home))
	r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: inTemp, GOOS: "linux", SandboxProbe: func() sandbox.Status { return sandbox.Status{Available: true, ABI: 6} }}))
	if c := find(r, "sandbox"); c.Status != Warn || !strings.Contains(c.Message, filepath.Join(home, ".ssh")) || !strings.Contains(c.Fix, "TMPDIR") {
		t.Errorf("home folder inside the temp folder: %+v", c)
	}

	cfg := filepath.Join(home, ".config", "oss-dev", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("[sandbox]\nnetwork = false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c := run("linux", sandbox.Status{Available: true, ABI: 3}); c.Status != Warn || !strings.Contains(c.Message, "cannot forbid the network") {
		t.Errorf("network off on ABI 3: %+v", c)
	}
	if c := run("linux", sandbox.Status{Available: true, ABI: 4, NetworkRestrictable: true}); c.Status != OK || !strings.Contains(c.Message, "network forbidden") {
		t.Errorf("network off on ABI 4: %+v", c)
	}
}
