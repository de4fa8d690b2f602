package docs

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	svc "github.com/oss-dev/oss-dev/internal/service/docs"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// project is a small Go repository with a symbolic link to a file outside.
func project(t *testing.T) string {
	t.Helper()
	sharedtest.RequireTool(t, "git")
	dir := t.TempDir()
	files := map[string]string{
		"README.md": "# widget\n\nWidget turns configuration files into running services.\n",
		"go.mod":    "module example.com/widget\n\ngo 1.22\n",
		"main.go":   "// Command widget runs services.\npackage main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"widget\")\n}\n",
		"Makefile":  ".PHONY: test\n\ntest:\n\tgo test ./...\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "passwd-link")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "first"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// startServe runs `docs serve` on dir until the test ends, and returns
// the page's address and a func that stops it (as Ctrl-C does) and
// returns what serve returned.
func startServe(t *testing.T, dir string) (string, func() error) {
	t.Helper()
	ios, _, _, _ := iostreams.Test()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	opts := &ServeOptions{IO: ios, Output: &cmdutil.Output{}, WorkDir: dir, Services: services{Docs: func() *svc.Service { return &svc.Service{Repos: &analysis.RepoService{ReposDir: t.TempDir()}} }}, NoLLM: true,
		Listening: func(u string) { urls <- u }}
	done := make(chan error, 1)
	go func() { done <- serveRun(ctx, opts) }()
	var u string
	select {
	case u = <-urls:
	case err := <-done:
		cancel()
		t.Fatalf("serve stopped before listening: %v", err)
	}
	var stopped bool
	var result error
	stop := func() error {
		if !stopped {
			stopped = true
			cancel()
			result = <-done
		}
		return result
	}
	t.Cleanup(func() { _ = stop() })
	return u, stop
}

// rawStatus sends the request line as written, with no cleaning of the
// path by a client, and returns the status code.
func rawStatus(t *testing.T, base, path string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("GET " + path + " HTTP/1.1\r\nHost: " + u.Host + "\r\nConnection: close\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(line)
}

func TestServeAnswersOnLoopbackAndStops(t *testing.T) {
	u, stop := startServe(t, project(t))
	if !strings.HasPrefix(u, "http://127.0.0.1:") || strings.HasSuffix(u, ":0/") {
		t.Fatalf("address %s", u)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, p := range []string{"/../../etc/passwd", "/passwd-link", "/README.md", "/%2e%2e/%2e%2e/etc/passwd", "/./", "/internal/"} {
		if got := rawStatus(t, u, p); got != "HTTP/1.1 404 Not Found" {
			t.Errorf("GET %s: %s, want 404", p, got)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("serve returned %v after the interrupt", err)
	}
	c := &http.Client{Timeout: 2 * time.Second}
	if resp, err := c.Get(u); err == nil {
		resp.Body.Close()
		t.Fatal("the page is still served after the interrupt")
	}
}

func TestServeFlags(t *testing.T) {
	f := &cmdutil.Factory{Output: &cmdutil.Output{}}
	f.IO, _, _, _ = iostreams.Test()
	var got *ServeOptions
	cmd := NewCmdServe(f, func(o *ServeOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"some/dir", "--port", "8088", "--open"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Target != "some/dir" || got.Port != 8088 || !got.Open {
		t.Errorf("options %+v", got)
	}
	for _, args := range [][]string{{"--port", "70000"}, {"--port", "-1"}, {"a", "b"}} {
		cmd := NewCmdServe(f, func(*ServeOptions) error { return nil })
		cmd.SetArgs(args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		if err := cmd.Execute(); !cmdutil.IsUsageError(err) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

func TestGenerateFlags(t *testing.T) {
	f := &cmdutil.Factory{Output: &cmdutil.Output{}}
	f.IO, _, _, _ = iostreams.Test()
	var got *GenerateOptions
	cmd := NewCmdGenerate(f, func(o *GenerateOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"acme/widget", "--stdout", "--verify", "--no-llm"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Target != "acme/widget" || !got.Stdout || !got.Verify || !got.NoLLM || got.Out != "" {
		t.Errorf("options %+v", got)
	}
	cmd = NewCmdGenerate(f, func(*GenerateOptions) error { return nil })
	cmd.SetArgs([]string{"--stdout", "--out", "x.md"})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	if err := cmd.Execute(); !cmdutil.IsUsageError(err) {
		t.Errorf("--stdout with --out: %v, want a usage error", err)
	}
}
