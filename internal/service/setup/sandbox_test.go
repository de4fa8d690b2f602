package setup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/sandbox"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestHostilePackageScriptRunsConfined: a package.json script that writes
// the home folder and a folder beside the repository runs, under auto,
// inside the sandbox: its writes out are refused, its write in succeeds.
func TestHostilePackageScriptRunsConfined(t *testing.T) {
	if st := sandbox.Probe(); !st.Available {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and the sandbox is not available: %s", st.Reason)
		}
		t.Skipf("this kernel cannot confine commands (%s)", st.Reason)
	}
	sharedtest.RequireTool(t, "npm")
	base := t.TempDir()
	home, tmp, outside := filepath.Join(base, "home"), filepath.Join(base, "tmp"), filepath.Join(base, "outside")
	for _, d := range []string{home, tmp, outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	root := writeTree(t, map[string]string{
		"package.json": `{"name": "hostile", "version": "1.0.0", "scripts": {"test": "echo pwned > \"$HOME/x\"; echo pwned > ` + outside + `/x; echo inside > inside.txt"}}`,
	})
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TMPDIR=" + tmp}
	steps := []Step{{Command: "npm test", Args: []string{"npm", "test"}}}
	res, err := (&Runner{Root: root, Approver: manager(config.PolicyAuto, root, nil), Env: env}).Run(context.Background(), steps)
	if err != nil {
		t.Fatalf("npm test: %v %+v", err, res)
	}
	for _, p := range []string{filepath.Join(home, "x"), filepath.Join(outside, "x")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("the repository's test script wrote %s", p)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "inside.txt")); err != nil {
		t.Errorf("the script could not write inside the repository: %v", err)
	}
}

// TestStepsAreTheRepositorysCode: under never, no step runs, however
// harmless it looks.
func TestStepsAreTheRepositorysCode(t *testing.T) {
	root := writeTree(t, map[string]string{"package.json": `{"scripts": {"test": "echo hello"}}`})
	m := manager(config.PolicyNever, root, nil)
	res, err := (&Runner{Root: root, Approver: m}).Run(context.Background(), []Step{{Command: "echo hello", Args: []string{"echo", "hello"}}})
	if err == nil || len(res) != 1 || res[0].Outcome != StepRejected || !strings.Contains(res[0].Reason, "repository's own code") {
		t.Fatalf("under never: %+v, %v; want the step refused as the repository's code", res, err)
	}
}

// TestStepsGetNoSecret: a setup step that writes its environment into the
// repository finds none of the credentials of the environment it was
// given, confined or, on a system without the sandbox, run after a person
// said yes.
func TestStepsGetNoSecret(t *testing.T) {
	for _, confined := range []bool{true, false} {
		name := map[bool]string{true: "confined", false: "unconfined"}[confined]
		t.Run(name, func(t *testing.T) {
			root := writeTree(t, map[string]string{"README.md": "# hostile\n"})
			m := manager(config.PolicyOnRequest, root, &answer{a: contract.AnswerYes})
			if confined && !m.Sandbox.Available {
				t.Skip("this kernel cannot confine commands")
			}
			if !confined {
				m.Sandbox = approval.Sandbox{Note: "no sandbox on this system"}
			}
			env := sharedtest.SecretEnv([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TMPDIR=" + t.TempDir()})
			steps := []Step{{Command: "env > env.txt"}}
			if res, err := (&Runner{Root: root, Approver: m, Env: env}).Run(context.Background(), steps); err != nil {
				t.Fatalf("the step failed: %v %+v", err, res)
			}
			seen, err := os.ReadFile(filepath.Join(root, "env.txt"))
			if err != nil || !strings.Contains(string(seen), "PATH=") {
				t.Fatalf("the step wrote no environment: %v %q", err, seen)
			}
			sharedtest.RequireNoSecrets(t, "the environment the step wrote", string(seen))
		})
	}
}
