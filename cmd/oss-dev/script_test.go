package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/oss-dev/oss-dev/internal/plugin/plugintest"
	"github.com/oss-dev/oss-dev/internal/sandbox"
)

// TestMain lets the scripts run the real binary as "oss-dev".
func TestMain(m *testing.M) {
	sandbox.Main(os.Args, ownFolders) // the launcher of confined commands, as in main
	testscript.Main(mentorCleanup{m}, map[string]func(){
		"oss-dev": func() { os.Exit(run(os.Args[1:])) },
	})
}

// TestScripts runs every testdata/script/*.txtar session against the real
// command tree, each in a fresh temporary HOME with no GitHub token.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exits":         cmdExits,
			"gh-issue":      cmdGitHubIssue,
			"gh-repo":       cmdGitHubRepo,
			"gh-body":       cmdGitHubBody,
			"gh-requests":   cmdGitHubRequests,
			"gh-echo-token": cmdGitHubEcho,
			"gh-hostile":    cmdGitHubHostile,
			"hostile-repo":  cmdHostileRepo,
			"inert":         cmdInert,
			"hello-plugin":  cmdHelloPlugin,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "landlock" { // the kernel can confine commands
				return sandbox.Probe().Available, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			home := env.WorkDir + "/home"
			if tb, ok := env.T().(testing.TB); ok {
				env.Values[tbKey{}] = tb
			}
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", home+"/.config")
			env.Setenv("XDG_CACHE_HOME", home+"/.cache")
			env.Setenv("XDG_STATE_HOME", home+"/.local/state")
			env.Setenv("XDG_CONFIG_DIRS", env.WorkDir+"/etc/xdg")
			env.Setenv("GH_TOKEN", "")
			env.Setenv("GITHUB_TOKEN", "")
			env.Setenv("NO_COLOR", "1")
			startFakeGitHub(env)
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			env.Setenv("GIT_AUTHOR_NAME", "Test Author")
			env.Setenv("GIT_AUTHOR_EMAIL", "author@example.com")
			env.Setenv("GIT_COMMITTER_NAME", "Test Author")
			env.Setenv("GIT_COMMITTER_EMAIL", "author@example.com")
			return nil
		},
	})
}

// tbKey keeps the script's test in its values, for commands that build.
type tbKey struct{}

// cmdHelloPlugin installs the sample plugin, built from
// examples/plugins/hello, into the folder given: "hello-plugin DIR".
func cmdHelloPlugin(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: hello-plugin DIR")
	}
	tb, ok := ts.Value(tbKey{}).(testing.TB)
	if !ok {
		ts.Fatalf("hello-plugin: the script's test is not at hand")
	}
	plugintest.Hello(tb, ts.MkAbs(args[0]))
}

// cmdExits runs a program and checks its exit status:
// "exits 2 oss-dev bogus" passes when oss-dev exits with status 2.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits STATUS PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}
