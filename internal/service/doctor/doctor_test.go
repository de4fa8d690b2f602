package doctor

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// isolate points every XDG folder and HOME into a temporary folder.
func isolate(t *testing.T) (home string, env []string) {
	t.Helper()
	home = t.TempDir()
	vars := map[string]string{
		"HOME":            home,
		"XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_CACHE_HOME":  filepath.Join(home, ".cache"),
		"XDG_STATE_HOME":  filepath.Join(home, ".local", "state"),
		"XDG_CONFIG_DIRS": filepath.Join(home, "etc"),
		"GH_CONFIG_DIR":   filepath.Join(home, "gh"),
		"GH_TOKEN":        "",
		"GITHUB_TOKEN":    "",
		"PATH":            os.Getenv("PATH"),
	}
	for k, v := range vars {
		t.Setenv(k, v)
		env = append(env, k+"="+v)
	}
	return home, env
}

func find(r Report, name string) Check {
	for _, c := range r.Checks {
		if c.Name == name {
			return c
		}
	}
	return Check{}
}

func TestHealthyMachine(t *testing.T) {
	sharedtest.RequireTool(t, "git")
	home, env := isolate(t)
	r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: env}))
	if !r.OK {
		t.Fatalf("report not ok: %+v", r.Checks)
	}
	if c := find(r, "git"); c.Status != OK || !strings.HasPrefix(c.Message, "git ") {
		t.Fatalf("git check %+v", c)
	}
	if c := find(r, "token"); c.Status != Warn || !strings.Contains(c.Fix, "GH_TOKEN") {
		t.Fatalf("token check %+v", c)
	}
}

func TestTokenSourceIsNamedNeverShown(t *testing.T) {
	home, env := isolate(t)
	secret := "ghp_" + strings.Repeat("x", 36)
	t.Setenv("GH_TOKEN", secret)
	env = append(env, "GH_TOKEN="+secret)
	r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: env}))
	c := find(r, "token")
	if c.Status != OK || !strings.Contains(c.Message, "GH_TOKEN") {
		t.Fatalf("token check %+v", c)
	}
	for _, c := range r.Checks {
		if strings.Contains(c.Message+c.Fix, secret) {
			t.Fatalf("token leaked in %+v", c)
		}
	}
}

func TestMissingGitFails(t *testing.T) {
	home, env := isolate(t)
	noGit := func(name string) (string, error) {
		if name == "git" {
			return "", exec.ErrNotFound
		}
		return exec.LookPath(name)
	}
	r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: env, LookPath: noGit}))
	if c := find(r, "git"); c.Status != Fail || c.Fix == "" {
		t.Fatalf("git check %+v", c)
	}
	if r.OK || r.Failed == 0 {
		t.Fatalf("report %+v", r)
	}
}

func TestHangingToolIsBounded(t *testing.T) {
	home, env := isolate(t)
	bin := t.TempDir()
	script := filepath.Join(bin, "gh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nsleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	look := func(name string) (string, error) {
		if name == "gh" {
			return script, nil
		}
		return exec.LookPath(name)
	}
	r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: env, LookPath: look, Timeout: 200 * time.Millisecond}))
	if c := find(r, "gh"); c.Status != Warn || !strings.Contains(c.Message, "did not answer") {
		t.Fatalf("gh check %+v", c)
	}
}

func TestInvalidConfigFails(t *testing.T) {
	home, env := isolate(t)
	dir := filepath.Join(home, ".config", "oss-dev")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte("[approval]\npolicy = \"sometimes\"\n"), 0o644)
	r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: env}))
	c := find(r, "layers")
	if c.Status != Fail || !strings.Contains(c.Message, "approval.policy") {
		t.Fatalf("config check %+v", c)
	}
}

func TestFolderThatIsAFile(t *testing.T) {
	home, env := isolate(t)
	os.MkdirAll(filepath.Join(home, ".local"), 0o755)
	os.WriteFile(filepath.Join(home, ".local", "state"), []byte("x"), 0o644)
	r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: env}))
	if c := find(r, "state"); c.Status != Fail || !strings.Contains(c.Message, "is a file") {
		t.Fatalf("state check %+v", c)
	}
	if _, err := os.Stat(filepath.Join(home, ".cache", "oss-dev")); !os.IsNotExist(err) {
		t.Fatalf("doctor created the cache folder")
	}
}

func TestLLMSettings(t *testing.T) {
	home, env := isolate(t)
	cases := []struct {
		env    []string
		status Status
		want   string
	}{
		{[]string{"OSS_DEV_MODEL__PROVIDER=openai"}, Fail, "API key"},
		{[]string{"OSS_DEV_MODEL__PROVIDER=openai", "OPENAI_API_KEY=sk-test"}, OK, "settings complete"},
		{[]string{"OSS_DEV_MODEL__PROVIDER=gemini"}, Fail, "API key"},
		{[]string{"OSS_DEV_MODEL__PROVIDER=ollama"}, OK, "settings complete"},
	}
	for _, c := range cases {
		e := append(append([]string(nil), env...), c.env...)
		unreachable := func(context.Context, string) error { return errors.New("connection refused") }
		r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: e, Probe: unreachable}))
		got := find(r, "provider")
		if got.Status != c.status || !strings.Contains(got.Message, c.want) {
			t.Errorf("%v: %+v", c.env, got)
		}
		if c.status == OK {
			if reach := find(r, "reachable"); reach.Status != Warn || !strings.Contains(reach.Message, "connection refused") {
				t.Errorf("%v: reachability %+v", c.env, reach)
			}
		}
	}
}

func TestPlugins(t *testing.T) {
	home, env := isolate(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "oss-dev-hello"), []byte("#!/bin/sh\n"), 0o755)
	os.MkdirAll(filepath.Join(dir, "broken"), 0o755)
	os.WriteFile(filepath.Join(dir, "broken", "plugin.toml"), []byte("name = \"broken\"\nprotocol = 2\n"), 0o644)
	e := append(env, "OSS_DEV_PLUGINS__ENABLED=hello,missing,broken", "OSS_DEV_PLUGINS__DIRS="+dir)
	r := Run(context.Background(), fromEnv(Options{WorkDir: home, Env: e}))
	if c := find(r, "hello"); c.Status != OK || !strings.Contains(c.Message, dir) {
		t.Errorf("present plugin %+v", c)
	}
	if c := find(r, "missing"); c.Status != Fail || !strings.Contains(c.Message, "not installed") {
		t.Errorf("missing plugin %+v", c)
	}
	if c := find(r, "broken"); c.Status != Fail || !strings.Contains(c.Message, "plugin.toml") {
		t.Errorf("broken plugin %+v", c)
	}
}

// fakeCtags writes a ctags that prints Debian's version line, and for any
// other call the JSON line given.
func fakeCtags(t *testing.T, tag string) string {
	t.Helper()
	script := filepath.Join(t.TempDir(), "ctags")
	body := "#!/bin/sh\nif [ \"$1\" = --version ]; then\n" +
		"echo 'Universal Ctags 5.9.0, Copyright (C) 2015 Universal Ctags Team'\necho 'Universal Ctags is derived from Exuberant Ctags.'\nexit 0\nfi\n" +
		"echo '" + tag + "'\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script
}

func ctagsCheck(t *testing.T, script string) Check {
	t.Helper()
	home, env := isolate(t)
	look := func(name string) (string, error) {
		if name == "ctags" {
			return script, nil
		}
		return exec.LookPath(name)
	}
	return find(Run(context.Background(), fromEnv(Options{WorkDir: home, Env: env, LookPath: look})), "ctags")
}

func TestCtagsLineHasNoCopyright(t *testing.T) {
	script := fakeCtags(t, `{"_type": "tag", "name": "probe", "line": 1, "kind": "function", "end": 3}`)
	if c := ctagsCheck(t, script); c.Status != OK || c.Message != "Universal Ctags 5.9.0 ("+script+")" {
		t.Fatalf("ctags check %+v", c)
	}
}

func TestCtagsWithoutEndLinesIsAWarningNamingTheFallback(t *testing.T) {
	script := fakeCtags(t, `{"_type": "tag", "name": "probe", "line": 1, "kind": "function"}`)
	c := ctagsCheck(t, script)
	if c.Status != Warn || !strings.Contains(c.Message, "gives no end lines") || !strings.Contains(c.Message, "braces or indentation") {
		t.Fatalf("ctags check %+v", c)
	}
}

// fromEnv gives o the folders and the configuration of its environment,
// as the composition root does for the process's.
func fromEnv(o Options) Options {
	o.Dirs = config.ResolveDirs(o.Env)
	o.LoadConfig = func(dir string) (*config.Loaded, error) {
		return config.Load(config.LoadOptions{WorkDir: dir, Env: o.Env})
	}
	return o
}
