// Package plugintest builds the plugins tests start: the sample plugin of
// examples/plugins/hello, built with go build, and small shell programs
// that crash, hang, speak another protocol or print garbage.
package plugintest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

var (
	buildOnce sync.Once
	built     string
	buildErr  error
)

// Hello installs the sample plugin as dir/hello (its manifest and the
// program built into bin/hello) and returns the plugin's folder. The
// program is built once per test binary, into a folder Cleanup removes.
func Hello(tb testing.TB, dir string) string {
	tb.Helper()
	root := sharedtest.ModuleRoot(tb)
	buildOnce.Do(func() {
		out, err := os.MkdirTemp("", "oss-dev-hello-")
		if err != nil {
			buildErr = err
			return
		}
		built = filepath.Join(out, "hello")
		cmd := exec.Command("go", "build", "-o", built, "./examples/plugins/hello")
		cmd.Dir = root
		if b, err := cmd.CombinedOutput(); err != nil {
			buildErr = &buildError{string(b)}
		}
	})
	if buildErr != nil {
		tb.Fatalf("building the sample plugin: %v", buildErr)
	}
	pd := filepath.Join(dir, "hello")
	manifest, err := os.ReadFile(filepath.Join(root, "examples", "plugins", "hello", "plugin.toml"))
	if err != nil {
		tb.Fatal(err)
	}
	write(tb, filepath.Join(pd, "plugin.toml"), string(manifest), 0o644)
	bin, err := os.ReadFile(built)
	if err != nil {
		tb.Fatal(err)
	}
	write(tb, filepath.Join(pd, "bin", "hello"), string(bin), 0o755)
	return pd
}

// Cleanup removes the sample plugin's build; a TestMain calls it after
// the tests.
func Cleanup() {
	if built != "" {
		_ = os.RemoveAll(filepath.Dir(built))
	}
}

type buildError struct{ out string }

func (e *buildError) Error() string { return e.out }

// Script installs a plugin named name whose program is the shell script
// body, with a manifest adding the command name and the hooks events.
func Script(tb testing.TB, dir, name, body string, events ...string) string {
	tb.Helper()
	pd := filepath.Join(dir, name)
	var m strings.Builder
	m.WriteString("name = \"" + name + "\"\nversion = \"1.0.0\"\nprotocol = 1\nexecutable = \"run.sh\"\n")
	m.WriteString("[[commands]]\nname = \"" + name + "\"\nsummary = \"Run " + name + "\"\n")
	for _, e := range events {
		m.WriteString("[[hooks]]\nevent = \"" + e + "\"\n")
	}
	write(tb, filepath.Join(pd, "plugin.toml"), m.String(), 0o644)
	write(tb, filepath.Join(pd, "run.sh"), "#!/bin/sh\n"+body, 0o755)
	return pd
}

// The misbehaving plugins' programs. Each answers initialize (id 1) as
// named, then does what it is named for.
const (
	// Crash exits as soon as it is asked anything.
	Crash = "read line\nexit 3\n"
	// CrashLater initialises, then exits on the next request.
	CrashLater = "read line\necho '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"name\":\"'\"$OSS_DEV_PLUGIN\"'\",\"version\":\"1\"}}'\nread line\nexit 4\n"
	// Hang starts a child that would outlive it, records its pid in
	// $PLUGIN_PIDFILE, and never answers.
	Hang = "sleep 300 &\necho $! > \"$PLUGIN_PIDFILE\"\nwhile read line; do :; done\nwait\n"
	// HangLater initialises, then never answers again.
	HangLater = "read line\necho '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"name\":\"'\"$OSS_DEV_PLUGIN\"'\",\"version\":\"1\"}}'\nsleep 300 &\necho $! > \"$PLUGIN_PIDFILE\"\nwhile read line; do :; done\n"
	// Protocol2 answers initialize saying it speaks protocol 2.
	Protocol2 = "read line\necho '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"name\":\"'\"$OSS_DEV_PLUGIN\"'\",\"version\":\"2.0.0\",\"protocol\":2}}'\nwhile read line; do :; done\n"
	// Garbage prints text that is not JSON-RPC.
	Garbage = "read line\necho 'Hello there! \\033[2J'\nwhile read line; do :; done\n"
	// Env initialises after writing its environment to $PLUGIN_ENVFILE.
	// It answers the next request (shutdown) and exits.
	Env = "env > \"$PLUGIN_ENVFILE\"\npwd >> \"$PLUGIN_ENVFILE\"\nread line\necho '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"name\":\"'\"$OSS_DEV_PLUGIN\"'\",\"version\":\"1\"}}'\nread line\necho '{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}'\n"
)

func write(tb testing.TB, path, data string, perm os.FileMode) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), perm); err != nil {
		tb.Fatal(err)
	}
}
