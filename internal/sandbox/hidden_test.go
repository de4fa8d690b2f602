package sandbox

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// Variables of the attack's parent process (see attackParent).
const (
	attackRootEnv     = "SANDBOX_TEST_ATTACK_ROOT"
	attackConfinedEnv = "SANDBOX_TEST_ATTACK_CONFINED"
	controlSecret     = "control-secret-Qe71Zu"
)

// secretFiles are the credentials a contributor's home folder holds, each
// with a value found nowhere else, and oss-dev's own files.
var secretFiles = map[string]string{
	".ssh/id_ed25519":                       "ssh-key-Bv38Tq",
	".config/gh/hosts.yml":                  "gh-hosts-Rn04Ka",
	".aws/credentials":                      "aws-cred-Lp56Wd",
	".netrc":                                "netrc-Xs21Jm",
	".git-credentials":                      "git-cred-Hc93Fe",
	".npmrc":                                "npmrc-Ty47Og",
	".pypirc":                               "pypirc-Ud62Ni",
	".docker/config.json":                   "docker-Wk15Cr",
	".kube/config":                          "kube-Mz80Sb",
	".gnupg/private-keys-v1.d/key":          "gnupg-Ea29Yh",
	".cargo/credentials.toml":               "cargo-Io74Pv",
	".local/share/keyrings/login.keyring":   "keyring-Fg58Dl",
	".config/gcloud/credentials.db":         "gcloud-Nq36Xw",
	".config/oss-dev/config.toml":           "own-config-Sj42Mu",
	".local/state/oss-dev/state.key":        "own-state-Ob97Lc",
	".local/share/oss-dev/plugins/p/secret": "own-data-Az13Vk",
	".cache/oss-dev/github/answer.json":     "own-cache-Ck68Ht",
}

// plainFiles are beside them and hold nothing secret: builds read them.
var plainFiles = map[string]string{
	".gitconfig":                    "plain-gitconfig",
	".config/other/settings":        "plain-xdg-config",
	".local/share/other/data":       "plain-xdg-data",
	".cargo/config.toml":            "plain-cargo-config",
	".cache/go-build/entry":         "plain-go-cache",
	"notes.txt":                     "plain-notes",
	".local/state/other/state.json": "plain-state",
}

// attackScript is a hostile test command: it prints and copies into the
// repository every file given, then the environment of each process
// above it, then that of the process $1, which holds controlSecret.
const attackScript = `
for f in "$@"; do cat "$f"; cat "$f" >> stolen.txt; done 2>/dev/null
p=$PPID
while [ "$p" -gt 1 ]; do
	tr '\0' '\n' < /proc/$p/environ
	p=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$p/status)
done 2>/dev/null
tr '\0' '\n' < /proc/$CONTROL_PID/environ 2>/dev/null
exit 0
`

// TestMain's hook: this test binary becomes the process that starts the
// repository's command (the oss-dev process), with secrets in the
// environment it was started with, as /proc shows it.
func attackParent() int {
	if err := ProtectProcess(); err != nil {
		fmt.Println("protect:", err)
		return 1
	}
	control := exec.Command("sleep", "60")
	control.Env = []string{"CONTROL=" + controlSecret}
	if err := control.Start(); err != nil {
		fmt.Println("control:", err)
		return 1
	}
	defer control.Process.Kill()
	argv := append([]string{"sh", "-c", attackScript, "sh"}, os.Args[1:]...)
	root := os.Getenv(attackRootEnv)
	cmd, err := Command(context.Background(), Spec{Root: root, Argv: argv, Confined: os.Getenv(attackConfinedEnv) == "1", Network: true,
		Env: append(os.Environ(), "CONTROL_PID="+strconv.Itoa(control.Process.Pid))})
	if err != nil {
		fmt.Println("command:", err)
		return 1
	}
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stdout
	if err := cmd.Run(); err != nil {
		fmt.Println("run:", err)
		return 1
	}
	return 0
}

// plant writes files under dir and returns their paths.
func plant(t *testing.T, dir string, files map[string]string) []string {
	t.Helper()
	var paths []string
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// attack runs attackScript from a parent process holding sharedtest's
// secrets in its environment, reading paths, and returns what the script
// printed and what it wrote into the repository.
func attack(t *testing.T, l layout, confined bool, extraEnv []string, paths []string) (out, stolen string) {
	t.Helper()
	if os.Geteuid() == 0 {
		sharedtest.RequireTool(t, "setpriv")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, paths...)
	if os.Geteuid() == 0 {
		// root's capabilities open every process's /proc; this parent, the
		// command and the control process are a user's, without them
		cmd = exec.Command("setpriv", append([]string{"--inh-caps=-all", "--bounding-set=-all", self}, paths...)...)
	}
	env := append(l.env(), attackRootEnv+"="+l.repo, attackConfinedEnv+"="+map[bool]string{true: "1", false: "0"}[confined])
	cmd.Env = append(sharedtest.SecretEnv(env), extraEnv...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the attack's parent failed: %v\n%s", err, b)
	}
	s, _ := os.ReadFile(filepath.Join(l.repo, "stolen.txt"))
	return string(b), string(s)
}

// TestConfinedCommandCannotReadSecrets: a repository's test command that
// reads the credentials of the home folder, oss-dev's own files, a file a
// credential variable names, the same through symbolic links, and the
// environment of oss-dev's process gets none of them, and can still read
// what builds need beside them.
func TestConfinedCommandCannotReadSecrets(t *testing.T) {
	requireLandlock(t)
	l := newLayout(t)
	secrets := plant(t, l.home, secretFiles)
	plain := plant(t, l.home, plainFiles)
	creds := filepath.Join(l.outside, "gcloud.json")
	if err := os.WriteFile(creds, []byte("adc-Ri35Gy\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	links := []string{filepath.Join(l.repo, "key"), filepath.Join(l.home, "dotfiles")}
	for i, target := range []string{filepath.Join(l.home, ".ssh", "id_ed25519"), l.home} {
		if err := os.Symlink(target, links[i]); err != nil {
			t.Fatal(err)
		}
	}
	paths := append(append(append([]string{}, secrets...), plain...), creds, links[0], filepath.Join(links[1], ".netrc"))

	out, stolen := attack(t, l, true, []string{"GOOGLE_APPLICATION_CREDENTIALS=" + creds}, paths)
	for what, text := range map[string]string{"the output": out, "what it wrote into the repository": stolen} {
		for name, value := range secretFiles {
			if strings.Contains(text, value) {
				t.Errorf("%s holds ~/%s", what, name)
			}
		}
		if strings.Contains(text, "adc-Ri35Gy") {
			t.Errorf("%s holds the file GOOGLE_APPLICATION_CREDENTIALS names", what)
		}
		sharedtest.RequireNoSecrets(t, what+" (environments read through /proc)", text)
		if strings.Contains(text, controlSecret) {
			t.Errorf("%s holds the environment of a process outside the sandbox", what)
		}
		for name, value := range plainFiles {
			if !strings.Contains(text, value) {
				t.Errorf("%s lacks ~/%s, which is no secret", what, name)
			}
		}
	}
}

// TestUnconfinedCommandCannotReadTheParentsEnvironment: a command run
// without the sandbox (a person said yes) reads the user's files, but not
// the environment of the oss-dev process, which is not dumpable; the
// environment of a dumpable process of the same user shows the reading
// works.
func TestUnconfinedCommandCannotReadTheParentsEnvironment(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux shows a process's environment through /proc")
	}
	l := newLayout(t)
	out, _ := attack(t, l, false, nil, nil)
	sharedtest.RequireNoSecrets(t, "the environments read through /proc", out)
	if !strings.Contains(out, controlSecret) {
		t.Fatalf("the command could not read a dumpable process's environment either, so this proves nothing:\n%s", out)
	}
}

func TestReadableExceptTakesHiddenPathsOut(t *testing.T) {
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(base, "home")
	plant(t, home, map[string]string{".ssh/id": "", ".config/gh/hosts.yml": "", ".config/go/env": "", "src/x.go": "", ".bashrc": ""})
	if err := os.Symlink(filepath.Join(home, ".config"), filepath.Join(base, "config-link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop", filepath.Join(home, "loop")); err != nil {
		t.Fatal(err)
	}
	r := ReadableExcept([]string{filepath.Join(home, ".ssh"), filepath.Join(home, ".config", "gh")})
	for _, want := range []string{filepath.Join(home, "src"), filepath.Join(home, ".config", "go"), "/usr"} {
		if !slices.Contains(r.Dirs, want) {
			t.Errorf("%s is not readable: %v", want, r.Dirs)
		}
	}
	if !slices.Contains(r.Files, filepath.Join(home, ".bashrc")) {
		t.Errorf("~/.bashrc is not readable: %v", r.Files)
	}
	for _, p := range append(r.Dirs, r.Files...) {
		for _, never := range []string{home, filepath.Join(home, ".config"), filepath.Join(home, ".ssh"), filepath.Join(home, ".config", "gh"), base, "/"} {
			if within(never, p) {
				t.Errorf("%s is granted, and so %s", p, never)
			}
		}
	}
}

func TestHiddenFollowsTheEnvironment(t *testing.T) {
	env := []string{"HOME=/h", "XDG_CONFIG_HOME=/xc", "XDG_STATE_HOME=/xs", "CARGO_HOME=/c", "KUBECONFIG=/k1:/k2",
		"GOOGLE_APPLICATION_CREDENTIALS=/g.json", "GH_TOKEN=not-a-path", "GOPATH=/go"}
	got := Hidden(env)
	for _, want := range []string{"/h/.ssh", "/h/.netrc", "/xc/gh", "/c/credentials.toml", "/k1", "/k2", "/g.json"} {
		if !slices.Contains(got, want) {
			t.Errorf("Hidden lacks %s: %v", want, got)
		}
	}
	for _, p := range got {
		if !filepath.IsAbs(p) || p == "/go" || p == "/h" || p == "/h/.cache" {
			t.Errorf("Hidden holds %q", p)
		}
	}
}

// BenchmarkLaunchRules measures what the launcher does before each
// confined command: list the hidden places of this environment and the
// readable rest of the file system.
func BenchmarkLaunchRules(b *testing.B) {
	env := os.Environ()
	for b.Loop() {
		ReadableExcept(append(Hidden(env), config.ResolveDirs(env).Private()...))
	}
}

// TestToolchainsWorkConfined: with the credentials of the home folder
// hidden, a confined go build, go test and git status of a repository
// work as they do unconfined.
func TestToolchainsWorkConfined(t *testing.T) {
	requireLandlock(t)
	goBin := sharedtest.RequireTool(t, "go")
	l := newLayout(t)
	plant(t, l.home, secretFiles)
	l.repo = sharedtest.GitRepo(t, map[string]string{
		"go.mod":        "module example.com/hello\n\ngo 1.21\n",
		"hello.go":      "package hello\n\n// Hello greets.\nfunc Hello() string { return \"hello\" }\n",
		"hello_test.go": "package hello\n\nimport \"testing\"\n\nfunc TestHello(t *testing.T) {\n\tif Hello() != \"hello\" {\n\t\tt.Fatal(Hello())\n\t}\n}\n",
	})
	goEnv := func(name string) string {
		out, err := exec.Command(goBin, "env", name).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	// the machine's own caches, so that the standard library is not built again
	env := append(l.env(), "GOCACHE="+goEnv("GOCACHE"), "GOMODCACHE="+goEnv("GOMODCACHE"), "GOTOOLCHAIN=local", "GIT_CONFIG_NOSYSTEM=1")
	script := "go build ./... && go vet ./... && go test -count=1 ./... && echo changed >> hello.go && git status --porcelain"
	cmd, err := Command(context.Background(), Spec{Root: l.repo, Argv: []string{"sh", "-c", script}, Env: env, Confined: true})
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok  \texample.com/hello") || !strings.Contains(string(out), " M hello.go") {
		t.Fatalf("go and git confined: %v\n%s", err, out)
	}
}
