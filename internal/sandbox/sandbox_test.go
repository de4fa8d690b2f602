package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
)

func TestMain(m *testing.M) {
	Main(os.Args, func() []string { return config.ResolveDirs(nil).Private() })
	if os.Getenv(attackRootEnv) != "" {
		os.Exit(attackParent())
	}
	if addr := os.Getenv("SANDBOX_TEST_DIAL"); addr != "" {
		// the child of TestNetworkOff: try to reach the parent's listener
		c, err := net.Dial("tcp", addr)
		if err != nil {
			fmt.Println("dial:", err)
			os.Exit(3)
		}
		c.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// requireLandlock skips on a kernel without Landlock, except in CI, where
// the sandbox must be there.
func requireLandlock(t *testing.T) {
	t.Helper()
	if st := Probe(); !st.Available {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and the sandbox is not available: %s", st.Reason)
		}
		t.Skipf("this kernel cannot confine commands (%s); the sandbox is not tested here", st.Reason)
	}
}

// layout is an attacker's target: a repository, a temp folder, a home
// folder and a folder beside them, all fresh.
type layout struct{ repo, tmp, home, outside string }

func newLayout(t *testing.T) layout {
	base := t.TempDir()
	l := layout{filepath.Join(base, "repo"), filepath.Join(base, "tmp"), filepath.Join(base, "home"), filepath.Join(base, "outside")}
	for _, d := range []string{l.repo, l.tmp, l.home, l.outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

func (l layout) env() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + l.home, "TMPDIR=" + l.tmp}
}

// runConfined runs a shell script confined as a repository command of
// l.repo is, and returns its exit status and output.
func runConfined(t *testing.T, l layout, script string, args ...string) (int, string) {
	t.Helper()
	cmd, err := Command(context.Background(), Spec{Root: l.repo, Argv: append([]string{"sh", "-c", script, "sh"}, args...), Env: l.env(), Confined: true, Network: true})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("the launcher did not start: %v", err)
	}
	return cmd.ProcessState.ExitCode(), out.String()
}

func TestConfinedCommandWritesOnlyWhereAllowed(t *testing.T) {
	requireLandlock(t)
	l := newLayout(t)
	realHome, _ := os.UserHomeDir()
	escape := filepath.Join(realHome, ".oss-dev-sandbox-test-"+filepath.Base(filepath.Dir(filepath.Dir(l.repo))))
	t.Cleanup(func() { os.Remove(escape) })

	for _, target := range []string{filepath.Join(l.home, "x"), filepath.Join(l.outside, "x"), escape} {
		code, out := runConfined(t, l, `echo pwned > "$1"`, target)
		if code == 0 {
			t.Errorf("a confined command wrote %s (output %q)", target, out)
		}
		if _, err := os.Stat(target); err == nil {
			t.Errorf("%s exists after the confined command", target)
		}
	}
	code, out := runConfined(t, l, `echo ok > "$HOME/x"`)
	if code == 0 {
		t.Errorf("a confined command wrote $HOME/x: %q", out)
	}

	for _, target := range []string{filepath.Join(l.repo, "build", "out"), filepath.Join(l.tmp, "scratch")} {
		code, out := runConfined(t, l, `mkdir -p "$(dirname "$1")" && echo ok > "$1" && cat "$1" >/dev/null`, target)
		if code != 0 {
			t.Errorf("a confined command could not write %s: status %d, %s", target, code, out)
		}
	}
}

func TestConfinedCommandReadsOutsideTheRepository(t *testing.T) {
	requireLandlock(t)
	l := newLayout(t)
	secret := filepath.Join(l.outside, "readme")
	if err := os.WriteFile(secret, []byte("readable"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := runConfined(t, l, `cat "$1"`, secret)
	if code != 0 || !strings.Contains(out, "readable") {
		t.Fatalf("reading outside the repository should work: status %d, %q", code, out)
	}
}

func TestLauncherRefusesToStartFromInsideALaunch(t *testing.T) {
	requireLandlock(t)
	t.Setenv(childEnv, "1")
	if _, err := Command(context.Background(), Spec{Root: t.TempDir(), Argv: []string{"true"}, Confined: true}); err == nil {
		t.Fatal("a launch from inside a launch was accepted")
	}
}

func TestLauncherArgumentsRoundTrip(t *testing.T) {
	p := Policy{Writable: []string{"/r", "--", "/t"}, Hidden: []string{"/h/.ssh", "--write"}, Network: false}
	argv := []string{"make", "--no-network", "test"}
	args := launchArgs(p, argv)
	if args[0] != Arg {
		t.Fatalf("first argument %q, want %q", args[0], Arg)
	}
	gotP, gotArgv, err := parseArgs(args[1:])
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotP, p) || !reflect.DeepEqual(gotArgv, argv) {
		t.Fatalf("round trip gave %+v %q, want %+v %q", gotP, gotArgv, p, argv)
	}
	for _, bad := range [][]string{{"--write"}, {"--hide"}, {"--bogus", "--", "x"}, {"--"}, {}} {
		if _, _, err := parseArgs(bad); err == nil {
			t.Errorf("parseArgs(%q) accepted", bad)
		}
	}
}

func TestLaunchFailsClosedOnBadArguments(t *testing.T) {
	var stderr bytes.Buffer
	if code := launch([]string{"--bogus"}, nil, &stderr); code != ExitSetup || !strings.Contains(stderr.String(), "oss-dev sandbox") {
		t.Fatalf("launch with bad arguments: status %d, %q", code, stderr.String())
	}
}

func TestCachesFollowTheEnvironment(t *testing.T) {
	env := []string{"HOME=/h", "GOCACHE=/gc", "CARGO_HOME=/c", "XDG_CACHE_HOME=/xc"}
	got := map[string]bool{}
	for _, c := range Caches(env) {
		got[c.Path] = true
	}
	for _, want := range []string{"/gc", "/h/go/pkg/mod", "/c/registry", "/xc/pip", "/h/.m2/repository", "/h/.npm", "/h/.gradle/caches"} {
		if !got[want] {
			t.Errorf("caches miss %s: %v", want, got)
		}
	}
	for _, never := range []string{"/h", "/h/.m2", "/h/.gradle", "/c", "/h/go"} {
		if got[never] {
			t.Errorf("caches include %s, which holds configuration or programs", never)
		}
	}
}

func TestNetworkOffForbidsTCP(t *testing.T) {
	requireLandlock(t)
	if !Probe().NetworkRestrictable {
		t.Skipf("this kernel's Landlock (ABI %d) cannot restrict TCP; doctor says so", Probe().ABI)
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback TCP here: %v", err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	l := newLayout(t)
	for _, network := range []bool{true, false} {
		cmd, err := Command(context.Background(), Spec{Root: l.repo, Argv: []string{self}, Env: append(l.env(), "SANDBOX_TEST_DIAL="+ln.Addr().String()),
			Confined: true, Network: network})
		if err != nil {
			t.Fatal(err)
		}
		out, _ := cmd.CombinedOutput()
		if got := cmd.ProcessState.ExitCode() == 0; got != network {
			t.Errorf("network %v: the confined dial succeeded=%v (%s)", network, got, out)
		}
	}
}

func TestWritableCreatesTheCachesOfInstalledToolchains(t *testing.T) {
	home := t.TempDir()
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "npm"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	env := []string{"HOME=" + home, "PATH=" + bin}
	w := Writable("/repo", env, []string{"~/.cache/pre-commit", "/opt/x"}, []string{"make", "test"})
	if _, err := os.Stat(filepath.Join(home, ".npm")); err != nil {
		t.Errorf("the cache of an installed toolchain was not created for make test: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, ".m2")); err == nil {
		t.Errorf("the cache of a toolchain that is not installed was created")
	}
	joined := strings.Join(w, " ")
	for _, want := range []string{"/repo", filepath.Join(home, ".cache", "pre-commit"), "/opt/x"} {
		if !strings.Contains(joined, want) {
			t.Errorf("writable %v lacks %s", w, want)
		}
	}
}
