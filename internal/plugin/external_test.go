package plugin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/plugin"
	"github.com/oss-dev/oss-dev/internal/plugin/plugintest"
)

// host discovers the plugins in dir, all enabled, with a debug log in logBuf.
func host(t *testing.T, dir string, rt *plugin.Runtime) *plugin.Host {
	t.Helper()
	found := plugin.Discover([]string{dir}, "")
	var names []string
	for _, f := range found {
		if f.Err != nil {
			t.Fatalf("%s: %v", f.Name, f.Err)
		}
		names = append(names, f.Name)
	}
	if rt.Env == nil {
		rt.Env = os.Environ()
	}
	h := &plugin.Host{Catalog: plugin.NewCatalog(nil, found, plugin.Selection{Enabled: names}), Runtime: rt, Version: "test", Dir: t.TempDir()}
	t.Cleanup(func() { h.Shutdown(context.Background()) })
	return h
}

func TestSamplePlugin(t *testing.T) {
	dir := t.TempDir()
	plugintest.Hello(t, dir)
	var logBuf bytes.Buffer
	rt := &plugin.Runtime{Log: slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	h := host(t, dir, rt)
	h.ConfigDir = t.TempDir()
	os.WriteFile(filepath.Join(h.ConfigDir, "hello.toml"), []byte("greeting = \"Hi\"\n"), 0o644)

	var out, errOut bytes.Buffer
	code, err := h.RunCommand(context.Background(), "hello", []string{"Ada", "Grace"}, plugin.Stdio{Out: &out, ErrOut: &errOut, Dir: h.Dir})
	if err != nil || code != 0 || out.String() != "Hi, Ada and Grace!\n" {
		t.Fatalf("hello: %d, %v, %q %q", code, err, out.String(), errOut.String())
	}
	if !strings.Contains(logBuf.String(), "hello is ready") {
		t.Errorf("the plugin's log notification is not in the debug log:\n%s", logBuf.String())
	}

	os.WriteFile(filepath.Join(h.Dir, "notes.txt"), []byte("one two three\nfour"), 0o644)
	tools := h.Tools()
	if len(tools) != 1 || tools[0].Spec.Name != "word_count" {
		t.Fatalf("tools %+v", tools)
	}
	content, err := tools[0].Call(context.Background(), json.RawMessage(`{"path":"notes.txt"}`))
	if err != nil || content != "4 words" {
		t.Fatalf("word_count: %q, %v", content, err)
	}
	if _, err := tools[0].Call(context.Background(), json.RawMessage(`{"path":"../x"}`)); !errcode.HasCode(err, errcode.PluginFailed) || !strings.Contains(err.Error(), "outside the repository") {
		t.Fatalf("word_count outside: %v", err)
	}
}

// hooks collects what RegisterHooks registers.
type hooks map[string]contract.HookFunc

func (h hooks) Register(ev contract.HookEvent, name string, fn contract.HookFunc) error {
	h[ev.String()+" "+name] = fn
	return nil
}

func TestSampleHookStopsAPhaseWithItsMessage(t *testing.T) {
	dir := t.TempDir()
	plugintest.Hello(t, dir)
	h := host(t, dir, &plugin.Runtime{})
	reg := hooks{}
	var warned []error
	if err := h.RegisterHooks(reg, func(err error) { warned = append(warned, err) }); err != nil {
		t.Fatal(err)
	}
	fn := reg["before:VALIDATION hello"]
	if len(reg) != 1 || fn == nil {
		t.Fatalf("registered %v", reg)
	}
	hc := contract.HookContext{Event: contract.HookEvent{When: contract.HookBefore, Phase: "VALIDATION"}, WorkflowID: "w1", Phase: "VALIDATION", Repository: h.Dir, Branch: "oss-dev/1-x"}
	if err := fn(context.Background(), hc); err != nil {
		t.Fatalf("hook: %v", err)
	}
	os.WriteFile(filepath.Join(h.Dir, ".hello-stop"), []byte("the changelog is frozen\n"), 0o644)
	err := fn(context.Background(), hc)
	if err == nil || err.Error() != "plugin hello: the changelog is frozen" {
		t.Fatalf("hook: %v", err)
	}
	if len(warned) != 0 {
		t.Fatalf("warnings %v", warned)
	}
}

// TestMisbehavingPlugins starts plugins that crash, hang, speak protocol
// 2 and print garbage: each fails with a code naming it and why, its
// processes are gone, and a working plugin next to it keeps working.
func TestMisbehavingPlugins(t *testing.T) {
	cases := []struct {
		name, body string
		code       errcode.Code
		want       string
		child      bool
	}{
		{"crash", plugintest.Crash, errcode.PluginLoadFailed, "plugin crash failed: it exited: exit status 3", false},
		{"hang", plugintest.Hang, errcode.PluginLoadFailed, "plugin hang failed: it did not answer initialize within 300ms", true},
		{"two", plugintest.Protocol2, errcode.PluginLoadFailed, "plugin two failed: it speaks protocol 2; this oss-dev speaks protocol 1", false},
		{"garbage", plugintest.Garbage, errcode.PluginLoadFailed, `plugin garbage failed: it wrote something that is not a JSON-RPC 2.0 message: "Hello there! \x1b[2J"`, false},
		{"late-crash", plugintest.CrashLater, errcode.PluginFailed, "plugin late-crash failed: it exited: exit status 4", false},
		{"late-hang", plugintest.HangLater, errcode.PluginFailed, "plugin late-hang failed: it did not answer hook.run within 300ms", true},
	}
	dir := t.TempDir()
	plugintest.Hello(t, dir)
	for _, c := range cases {
		plugintest.Script(t, dir, c.name, c.body, "before:PLANNING")
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	rt := &plugin.Runtime{Env: append(os.Environ(), "PLUGIN_PIDFILE="+pidFile), InitTimeout: 300 * time.Millisecond, HookTimeout: 300 * time.Millisecond}
	h := host(t, dir, rt)
	reg := hooks{}
	var warned []error
	if err := h.RegisterHooks(reg, func(err error) { warned = append(warned, err) }); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			os.Remove(pidFile)
			warned = nil
			hc := contract.HookContext{Event: contract.HookEvent{When: contract.HookBefore, Phase: "PLANNING"}, Repository: h.Dir}
			if err := reg["before:PLANNING "+c.name](context.Background(), hc); err != nil {
				t.Fatalf("a failed plugin stopped the phase: %v", err)
			}
			if len(warned) != 1 || errcode.CodeOf(warned[0]) != c.code || warned[0].Error() != c.want {
				t.Fatalf("warned %v (code %s), want %s %q", warned, errcode.CodeOf(firstErr(warned)), c.code, c.want)
			}
			if c.child {
				assertGone(t, pidFile)
			}
			// Failed stays failed, and says why at once.
			if _, err := h.RunCommand(context.Background(), c.name, nil, plugin.Stdio{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}); err == nil || err.Error() != c.want {
				t.Fatalf("after failing: %v", err)
			}
			var out bytes.Buffer
			if code, err := h.RunCommand(context.Background(), "hello", nil, plugin.Stdio{Out: &out, ErrOut: &out}); err != nil || code != 0 || out.String() != "Hello, world!\n" {
				t.Fatalf("the sample plugin next to it: %d %v %q", code, err, out.String())
			}
		})
	}
}

func firstErr(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errs[0]
}

// assertGone checks that the child the plugin started was killed with it.
func assertGone(t *testing.T, pidFile string) {
	t.Helper()
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("the plugin recorded no child: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	// The child is reaped by init once killed; until then it is a zombie,
	// which kill -0 still finds, so look at its state.
	for range 100 {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil || strings.Contains(string(stat), ") Z ") {
			return
		}
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the plugin's child %d is still running", pid)
}

// TestPluginEnvironment: no secret reaches a plugin, nor the token unless
// the manifest needs it and the user granted it; the working folder is
// the host's.
func TestPluginEnvironment(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(t.TempDir(), "env")
	pd := plugintest.Script(t, dir, "envy", plugintest.Env)
	base := append(os.Environ(), "PLUGIN_ENVFILE="+envFile, "GH_TOKEN=ghp_secretvalue123456", "OPENAI_API_KEY=sk-abcdefgh12345678")
	for _, c := range []struct {
		needs, granted, token bool
	}{{false, true, false}, {true, false, false}, {true, true, true}} {
		manifest := "name = \"envy\"\nversion = \"1\"\nprotocol = 1\nexecutable = \"run.sh\"\n"
		if c.needs {
			manifest += "needs = [\"github_token\"]\n"
		}
		os.WriteFile(filepath.Join(pd, "plugin.toml"), []byte(manifest), 0o644)
		granted := c.granted
		rt := &plugin.Runtime{Env: base, Token: func() string { return "ghp_secretvalue123456" }, Granted: func(string) bool { return granted }}
		h := host(t, dir, rt)
		if _, err := h.Plugin(context.Background(), "envy"); err != nil {
			t.Fatal(err)
		}
		h.Shutdown(context.Background())
		env, _ := os.ReadFile(envFile)
		if strings.Contains(string(env), "sk-abcdefgh") {
			t.Errorf("a secret reached the plugin:\n%s", env)
		}
		if got := strings.Contains(string(env), "GH_TOKEN=ghp_secretvalue123456"); got != c.token {
			t.Errorf("needs %v granted %v: token passed %v", c.needs, c.granted, got)
		}
		if !strings.HasSuffix(strings.TrimSpace(string(env)), h.Dir) {
			t.Errorf("working folder is not %s:\n%s", h.Dir, env)
		}
	}
}
