package setup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/toolchain"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// writeTree writes files under a new temporary folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fakeProgram writes an executable shell script into dir.
func fakeProgram(t *testing.T, dir, name, script string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// isolated is an environment whose PATH is only bin (plus /bin and
// /usr/bin for sh and sleep when withSystem) and whose HOME holds no
// version manager.
func isolated(t *testing.T, bin string, withSystem bool) []string {
	path := bin
	if withSystem {
		path += string(os.PathListSeparator) + "/usr/bin" + string(os.PathListSeparator) + "/bin"
	}
	return []string{"PATH=" + path, "HOME=" + t.TempDir()}
}

func toolCheck(t *testing.T, r Report, tool string) ToolCheck {
	t.Helper()
	for _, c := range r.Tools {
		if c.Tool == tool {
			return c
		}
	}
	t.Fatalf("no check for %s in %+v", tool, r.Tools)
	return ToolCheck{}
}

// TestRealToolchains probes the toolchains this machine has, each against
// a repository whose range its version meets.
func TestRealToolchains(t *testing.T) {
	for _, tc := range []struct {
		program string
		tool    string
		files   map[string]string
	}{
		{"go", "go", map[string]string{"go.mod": "module x\n\ngo 1.21\n"}},
		{"node", "node", map[string]string{"package.json": `{"engines": {"node": ">=12"}}`, "package-lock.json": "{}"}},
		{"npm", "npm", map[string]string{"package.json": `{"engines": {"npm": ">=6"}}`}},
		{"python3", "python", map[string]string{"pyproject.toml": "[project]\nrequires-python = \">=3.6\"\n"}},
		{"cargo", "cargo", map[string]string{"Cargo.toml": "[package]\nname = \"x\"\nrust-version = \"1.56\"\n"}},
		{"rustc", "rust", map[string]string{"Cargo.toml": "[package]\nname = \"x\"\nrust-version = \"1.56\"\n"}},
		{"java", "java", map[string]string{"pom.xml": "<project>\n<maven.compiler.release>8</maven.compiler.release>\n</project>\n"}},
		{"mvn", "maven", map[string]string{"pom.xml": "<project/>\n"}},
		{"make", "make", map[string]string{"Makefile": "test:\n\ttrue\n", ".github/workflows/ci.yml": "jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"}},
	} {
		t.Run(tc.program, func(t *testing.T) {
			sharedtest.RequireTool(t, tc.program)
			root := writeTree(t, tc.files)
			r, err := (&Checker{Prober: Prober{Timeout: time.Minute}}).Check(context.Background(), root)
			if err != nil {
				t.Fatal(err)
			}
			c := toolCheck(t, r, tc.tool)
			if c.Status != OK || c.Path == "" {
				t.Fatalf("%s: %s %q (found %q at %q); want ok", tc.tool, c.Status, c.Message, c.Found, c.Path)
			}
			if len(c.Evidence) == 0 {
				t.Errorf("%s: no evidence", tc.tool)
			}
			if c.Found == "" {
				t.Errorf("%s: no version read", tc.tool)
			}
		})
	}
}

// TestRealVersionTooOld asks the real go for a version above its own.
func TestRealVersionTooOld(t *testing.T) {
	sharedtest.RequireTool(t, "go")
	root := writeTree(t, map[string]string{"go.mod": "module x\n\ngo 9.0\n"})
	r, err := Check(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	c := toolCheck(t, r, "go")
	if c.Status != Fail || !strings.Contains(c.Message, "does not meet 9.0") || c.Fix == "" {
		t.Fatalf("go: %s %q fix %q; want a failure against 9.0 with a fix", c.Status, c.Message, c.Fix)
	}
	if b := r.Blocking(); len(b) != 1 || b[0].Tool != "go" || !strings.Contains(b[0].String(), "go.mod:3") {
		t.Fatalf("blocking: %+v; want go with its evidence go.mod:3", b)
	}
}

func TestFakePrograms(t *testing.T) {
	bin := t.TempDir()
	fakeProgram(t, bin, "node", `echo v14.21.3`)
	fakeProgram(t, bin, "python3", `exec sleep 30`)
	fakeProgram(t, bin, "rustc", `printf '\001\002\377 segmentation fault'`)
	fakeProgram(t, bin, "ruby", `echo "ruby: broken" >&2; exit 3`)
	root := writeTree(t, map[string]string{
		".nvmrc":          "20\n",
		".python-version": "3.12\n",
		"rust-toolchain":  "1.75.0\n",
		".ruby-version":   "3.2.2\n",
		".tool-versions":  "golang 1.22.0\n",
	})
	c := &Checker{Prober: Prober{Env: isolated(t, bin, true), Timeout: 300 * time.Millisecond, GOOS: "linux"}, Managers: &toolchain.Managers{}}
	r, err := c.Check(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tool   string
		status Status
		says   string
	}{
		{"node", Fail, "14.21.3 is an older major"},
		{"python", Warn, "did not answer within 300ms"},
		{"rust", Warn, "printed no version"},
		{"ruby", Warn, "failed with status 3: ruby: broken"},
		{"go", Fail, "not installed"},
	} {
		got := toolCheck(t, r, tc.tool)
		if got.Status != tc.status || !strings.Contains(got.Message, tc.says) {
			t.Errorf("%s: %s %q; want %s saying %q", tc.tool, got.Status, got.Message, tc.status, tc.says)
		}
		if got.Status != OK && got.Fix == "" {
			t.Errorf("%s: no fix", tc.tool)
		}
	}
	if got := toolCheck(t, r, "python"); !strings.Contains(got.Message, filepath.Join(bin, "python3")) {
		t.Errorf("the hanging program is not named: %q", got.Message)
	}
	if got := toolCheck(t, r, "node"); got.Fix != "install Node.js 20 (https://nodejs.org, or nvm: nvm install 20)" {
		t.Errorf("node fix %q", got.Fix)
	}
}

func TestVersionManagerShims(t *testing.T) {
	home := t.TempDir()
	fakeProgram(t, filepath.Join(home, ".pyenv", "shims"), "python3", `echo Python 3.12.1`)
	fakeProgram(t, filepath.Join(home, ".nvm", "versions", "node", "v20.11.0", "bin"), "node", `echo v20.11.0`)
	fakeProgram(t, filepath.Join(home, ".nvm", "versions", "node", "v18.19.0", "bin"), "node", `echo v18.19.0`)
	fakeProgram(t, filepath.Join(home, ".ghcup", "bin"), "ghc", `echo 9.6.6`)
	root := writeTree(t, map[string]string{".python-version": "3.12\n", ".nvmrc": "20\n", "cabal.project": "with-compiler: ghc-9.6\n"})
	env := []string{"PATH=" + t.TempDir(), "HOME=" + home}
	r, err := (&Checker{Prober: Prober{Env: env, Timeout: 10 * time.Second}}).Check(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	py := toolCheck(t, r, "python")
	if py.Status != OK || py.Found != "3.12.1" || py.Via != "pyenv shim (not on PATH)" {
		t.Errorf("python: %+v; want 3.12.1 through the pyenv shim", py)
	}
	node := toolCheck(t, r, "node")
	if node.Status != OK || node.Found != "20.11.0" || node.Via != "nvm (not on PATH)" {
		t.Errorf("node: %+v; want nvm's newest, 20.11.0", node)
	}
	if ghc := toolCheck(t, r, "ghc"); ghc.Status != OK || ghc.Via != "ghcup (not on PATH)" {
		t.Errorf("ghc: %+v; want 9.6.6 from GHCup's folder", ghc)
	}
	m := (&Prober{Env: env}).Managers()
	if !m.Pyenv || !m.Nvm {
		t.Errorf("managers %+v; want pyenv and nvm", m)
	}
}

func TestBadInputStillReports(t *testing.T) {
	bin := t.TempDir()
	fakeProgram(t, bin, "go", `echo go version go1.22.5 linux/amd64`)
	root := writeTree(t, map[string]string{
		"package.json":   "{\"engines\": {\"node\": \">=18\"},,}",
		".tool-versions": "nodejs 20\nunknowntool 1.0\n",
		"go.mod":         "module x\n\ngo 1.22\n",
	})
	r, err := (&Checker{Prober: Prober{Env: isolated(t, bin, false)}, Managers: &toolchain.Managers{}}).Check(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(r.Warnings.Strings(), "\n")
	for _, want := range []string{"package.json:1", ".tool-versions:2: unknown tool unknowntool"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no warning %q in:\n%s", want, joined)
		}
	}
	if c := toolCheck(t, r, "go"); c.Status != OK {
		t.Errorf("go: %+v; the rest of the report should still be checked", c)
	}
}

func TestCheckErrors(t *testing.T) {
	_, err := Check(context.Background(), filepath.Join(t.TempDir(), "missing"))
	if !errcode.HasCode(err, errcode.InvalidInput) {
		t.Fatalf("err %v; want INVALID_INPUT", err)
	}
}

// manager approves by policy, as a configured user would.
func manager(policy config.Policy, root string, c contract.Confirmer) *approval.Manager {
	cfg := config.Default()
	m := &approval.Manager{Policy: policy, Env: approval.Environment{RepoRoot: root}, Sandbox: approvals.Sandbox(&cfg)}
	if c != nil {
		m.Confirmer = c
	}
	return m
}

// answer is a person at the prompt.
type answer struct {
	a     contract.Answer
	asked []string
}

func (a *answer) Confirm(_ context.Context, p contract.ApprovalPrompt) (contract.Answer, error) {
	a.asked = append(a.asked, p.Action)
	return a.a, nil
}

func TestPrepareGoModule(t *testing.T) {
	sharedtest.RequireTool(t, "go")
	root := writeTree(t, map[string]string{"go.mod": "module example.com/nodeps\n\ngo 1.21\n", "main.go": "package main\n\nfunc main() {}\n"})
	steps, err := Plan(context.Background(), root, "linux")
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 1 || steps[0].Command != "go mod download" {
		t.Fatalf("steps %+v", steps)
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local")
	var progress []string
	r := &Runner{Root: root, Approver: manager(config.PolicyAuto, root, nil), Env: env,
		Progress: func(i, n int, st Step, res *StepResult) {
			if res == nil {
				progress = append(progress, st.Command)
			}
		}}
	res, err := r.Run(context.Background(), steps)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Outcome != StepDone || len(progress) != 1 {
		t.Fatalf("results %+v progress %v", res, progress)
	}
}

func TestPreparePythonVenv(t *testing.T) {
	sharedtest.RequireTool(t, "python3")
	root := writeTree(t, map[string]string{"setup.py": "", "requirements-dev.txt": "# nothing to install\n"})
	steps, err := Plan(context.Background(), root, "linux")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"python3 -m venv .venv", ".venv/bin/pip install -r requirements-dev.txt"}
	if len(steps) != 2 || steps[0].Command != want[0] || steps[1].Command != want[1] {
		t.Fatalf("steps %+v; want %v", steps, want)
	}
	env := append(os.Environ(), "PIP_NO_INDEX=1", "PIP_DISABLE_PIP_VERSION_CHECK=1")
	res, err := (&Runner{Root: root, Approver: manager(config.PolicyAuto, root, nil), Env: env}).Run(context.Background(), steps)
	if err != nil {
		t.Fatalf("%v\n%+v", err, res)
	}
	if _, err := os.Stat(filepath.Join(root, ".venv", "bin", "python")); err != nil {
		t.Fatalf("no virtual environment: %v", err)
	}
}

func TestPrepareNpmCi(t *testing.T) {
	sharedtest.RequireTool(t, "npm")
	root := writeTree(t, map[string]string{
		"package.json":      `{"name": "nodeps", "version": "1.0.0"}`,
		"package-lock.json": `{"name": "nodeps", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "nodeps", "version": "1.0.0"}}}`,
	})
	steps, err := Plan(context.Background(), root, "linux")
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 1 || steps[0].Command != "npm ci" {
		t.Fatalf("steps %+v", steps)
	}
	env := append(os.Environ(), "npm_config_offline=true", "npm_config_audit=false", "npm_config_fund=false", "npm_config_update_notifier=false")
	if _, err := (&Runner{Root: root, Approver: manager(config.PolicyAuto, root, nil), Env: env}).Run(context.Background(), steps); err != nil {
		t.Fatal(err)
	}
}

func TestPrepareFailureShowsTail(t *testing.T) {
	root := t.TempDir()
	steps := []Step{
		{Command: "sh -c 'echo one; echo boom >&2; exit 3'", Args: []string{"sh", "-c", "echo one; echo boom >&2; exit 3"}, Source: toolchain.FromCI},
		{Command: "never", Args: []string{"true"}, Source: toolchain.FromConvention},
	}
	res, err := (&Runner{Root: root, Approver: manager(config.PolicyAuto, root, nil)}).Run(context.Background(), steps)
	if !errcode.HasCode(err, errcode.ChecksFailed) || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err %v; want a failure that shows the output's tail", err)
	}
	if len(res) != 1 || res[0].ExitCode != 3 || !strings.Contains(res[0].Tail, "one\nboom") {
		t.Fatalf("results %+v; want one failed step with status 3 and its output", res)
	}
}

func TestGlobalStepsNeedAPerson(t *testing.T) {
	root := t.TempDir()
	marker := filepath.Join(root, "ran")
	global := Step{Command: "touch ran", Args: []string{"touch", marker}, Global: true, Note: "installs a package globally"}
	// the policy approves everything, but no one can confirm: skipped
	res, err := (&Runner{Root: root, Approver: manager(config.PolicyAuto, root, nil)}).Run(context.Background(), []Step{global})
	if err != nil || res[0].Outcome != StepSkipped || !strings.Contains(res[0].Reason, "no one can be asked") {
		t.Fatalf("no confirmer: %v %+v; want skipped", err, res)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("a global step ran without a person's confirmation")
	}
	// a person says yes explicitly
	yes := &answer{a: contract.AnswerYes}
	res, err = (&Runner{Root: root, Approver: manager(config.PolicyAuto, root, yes), Confirmer: yes}).Run(context.Background(), []Step{global})
	if err != nil || res[0].Outcome != StepDone || len(yes.asked) != 1 || !strings.Contains(yes.asked[0], "outside the project") {
		t.Fatalf("confirmed: %v %+v asked %v", err, res, yes.asked)
	}
	// sudo is rejected by the approval manager whatever the policy
	res, err = (&Runner{Root: root, Approver: manager(config.PolicyYolo, root, yes), Confirmer: yes}).Run(context.Background(),
		[]Step{{Command: "sudo true", Args: []string{"sudo", "true"}, Global: true}})
	if !errcode.HasCode(err, errcode.ApprovalRejected) || res[0].Outcome != StepRejected {
		t.Fatalf("sudo: %v %+v; want rejected", err, res)
	}
}

func TestDeclinedStepIsSkipped(t *testing.T) {
	root := t.TempDir()
	no := &answer{a: contract.AnswerNo}
	res, err := (&Runner{Root: root, Approver: manager(config.PolicyOnRequest, root, no), Confirmer: no}).Run(context.Background(),
		[]Step{{Command: "touch x", Args: []string{"touch", "x"}}, {Command: "touch y", Args: []string{"touch", "y"}}})
	if err != nil || len(res) != 2 || res[0].Outcome != StepSkipped || len(no.asked) != 2 {
		t.Fatalf("declined: %v %+v asked %v; want both asked and skipped", err, res, no.asked)
	}
}
