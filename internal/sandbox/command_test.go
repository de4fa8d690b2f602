package sandbox

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// modes are the two ways a repository's command runs: confined where the
// kernel allows, and unconfined after a person said yes where it does not.
func modes(t *testing.T, run func(t *testing.T, confined bool)) {
	for _, confined := range []bool{true, false} {
		t.Run(map[bool]string{true: "confined", false: "unconfined"}[confined], func(t *testing.T) {
			if confined {
				requireLandlock(t)
			}
			run(t, confined)
		})
	}
}

func TestCommandHandsNoSecretToTheCommand(t *testing.T) {
	modes(t, func(t *testing.T, confined bool) {
		l := newLayout(t)
		cmd, err := Command(context.Background(), Spec{Root: l.repo, Argv: []string{"sh", "-c", "env > env.txt; env"},
			Env: sharedtest.SecretEnv(l.env()), Confined: confined, Network: true})
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		written, err := os.ReadFile(filepath.Join(l.repo, "env.txt"))
		if err != nil {
			t.Fatalf("the command did not run in the repository: %v", err)
		}
		for what, text := range map[string]string{"the environment written": string(written), "the output": string(out)} {
			sharedtest.RequireNoSecrets(t, what, text)
			for _, kv := range append(l.env(), sharedtest.Toolchain()...) {
				if !strings.Contains(text, kv+"\n") {
					t.Errorf("%s lacks %s, which builds need", what, kv)
				}
			}
		}
		if got := strings.Contains(string(out), childEnv+"=1"); got != confined {
			t.Errorf("confined %v, yet the launch marker was set=%v", confined, got)
		}
	})
}

func TestCommandRunsInDir(t *testing.T) {
	modes(t, func(t *testing.T, confined bool) {
		l := newLayout(t)
		sub := filepath.Join(l.repo, "sub")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd, err := Command(context.Background(), Spec{Root: l.repo, Dir: sub, Argv: []string{"touch", "here"}, Env: l.env(), Confined: confined})
		if err != nil {
			t.Fatal(err)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if _, err := os.Stat(filepath.Join(sub, "here")); err != nil {
			t.Fatalf("the command did not run in Dir: %v", err)
		}
	})
}

// TestCancellingKillsWhatTheCommandStarted: a command that leaves a
// process behind (a test runner's worker, a server) loses it when the
// context is cancelled. The process left behind would print "survived"
// on the shared output after a while; the output ends at once instead,
// since every process holding it is dead.
func TestCancellingKillsWhatTheCommandStarted(t *testing.T) {
	modes(t, func(t *testing.T, confined bool) {
		l := newLayout(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		cmd, err := Command(ctx, Spec{Root: l.repo, Argv: []string{"sh", "-c", "(sleep 20; echo survived) & echo started; wait"},
			Env: l.env(), Confined: confined})
		if err != nil {
			t.Fatal(err)
		}
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		cmd.Stdout, cmd.Stderr = w, w
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		w.Close()
		out := bufio.NewReader(r)
		if line, err := out.ReadString('\n'); line != "started\n" {
			t.Fatalf("the command did not start: %q %v", line, err)
		}
		cancel()
		_ = cmd.Wait()
		rest, _ := io.ReadAll(out)
		if strings.Contains(string(rest), "survived") {
			t.Fatal("a process the command started outlived the cancellation")
		}
	})
}

func TestConfinedCommandMustBeOnAnAbsolutePathFolder(t *testing.T) {
	l := newLayout(t)
	bin := filepath.Join(l.repo, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "tool"), []byte("#!/bin/sh\necho pwned\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=bin:" + os.Getenv("PATH"), "HOME=" + l.home}
	for _, prog := range []string{"tool", "no-such-program-here"} {
		_, err := Command(context.Background(), Spec{Root: l.repo, Argv: []string{prog}, Env: env, Confined: true})
		if !errors.Is(err, exec.ErrNotFound) {
			t.Errorf("%s: %v; want it not found (a relative PATH folder is not searched)", prog, err)
		}
	}
}

func TestCommandNeedsAProgram(t *testing.T) {
	if _, err := Command(context.Background(), Spec{Root: t.TempDir()}); err == nil {
		t.Fatal("an empty command was accepted")
	}
}

func TestWithoutSecrets(t *testing.T) {
	keep := []string{"PATH=/usr/bin", "HOME=/home/ada", "GOPATH=/home/ada/go", "GOCACHE=/c", "LANG=C.UTF-8", "TERM=xterm",
		"HTTPS_PROXY=http://proxy.example:3128", "GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com", "KEYBOARD_LAYOUT=dvorak",
		"PWD=/repo", "XAUTHORITY=/run/user/1000/xauth", "MONKEY=1", "EMPTY="}
	drop := []string{"GH_TOKEN=x", "GITHUB_TOKEN=x", "GH_ENTERPRISE_TOKEN=x", "OPENAI_API_KEY=x", "GEMINI_API_KEY=x",
		"GOOGLE_API_KEY=x", "OSS_DEV_MODEL__API_KEY=x", "AWS_SECRET_ACCESS_KEY=x", "AWS_ACCESS_KEY_ID=x", "AWS_SESSION_TOKEN=x",
		"NPM_TOKEN=x", "npm_config__authToken=x", "SSH_AUTH_SOCK=/tmp/agent", "GPG_AGENT_INFO=/run/gpg", "GIT_ASKPASS=/x",
		"SSH_ASKPASS=/x", "VSCODE_GIT_IPC_HANDLE=/run/x.sock", "GOOGLE_APPLICATION_CREDENTIALS=/c.json", "DB_PASSWORD=x",
		"MYSQL_PWD_PASSWD=x", "SIGNING_KEY=x", "HF_TOKEN=x", "CI_JOB_JWT=x", "REGISTRY_AUTH=x", "PASSPHRASE=x", "MY_SECRETS=x",
		"https_proxy=http://ada:pw@proxy.example:3128", "GOPROXY=https://ada:pw@goproxy.example", "NOTE=ghp_" + strings.Repeat("a", 36)}
	got := WithoutSecrets(append(append([]string(nil), keep...), drop...))
	if strings.Join(got, "\n") != strings.Join(keep, "\n") {
		t.Fatalf("WithoutSecrets kept\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(keep, "\n"))
	}
}
