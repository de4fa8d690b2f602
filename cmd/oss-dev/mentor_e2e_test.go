package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/plugin/plugintest"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// These tests run the real oss-dev binary as separate processes, so one can
// be killed, two can race, and one can run in a real terminal.

var (
	mentorBinOnce sync.Once
	mentorBinDir  string
	mentorBin     string
	mentorBinErr  error
)

// mentorCleanup runs the package's tests, then removes the binary the
// tests built, which outlives any one test.
type mentorCleanup struct{ m *testing.M }

// Run runs the tests and removes the binary's folder.
func (c mentorCleanup) Run() int {
	code := c.m.Run()
	if mentorBinDir != "" {
		_ = os.RemoveAll(mentorBinDir)
	}
	plugintest.Cleanup()
	return code
}

// binary builds oss-dev once for the package's tests.
func mentorBinary(t *testing.T) string {
	t.Helper()
	sharedtest.RequireTool(t, "go")
	mentorBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "oss-dev-bin")
		if err != nil {
			mentorBinErr = err
			return
		}
		mentorBinDir = dir
		mentorBin = filepath.Join(dir, "oss-dev")
		out, err := exec.Command("go", "build", "-o", mentorBin, ".").CombinedOutput()
		if err != nil {
			mentorBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if mentorBinErr != nil {
		t.Fatal(mentorBinErr)
	}
	return mentorBin
}

// mentorRan is a finished process.
type mentorRan struct {
	code           int
	stdout, stderr string
}

func mentorCmd(t *testing.T, w *mentoringtest.World, dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(mentorBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(w.Env(), env...)
	return cmd
}

func mentorRun(t *testing.T, cmd *exec.Cmd) mentorRan {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := mentorRan{stdout: out.String(), stderr: errOut.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	return r
}

// storedPhase reads the workflow's phase from its file, as another
// process would.
func mentorPhase(t *testing.T, repo string) (string, map[string]json.RawMessage) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(repo, ".oss-dev", "workflows", "*.json"))
	if len(files) != 1 {
		t.Fatalf("workflow files: %v", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Phase    string                     `json:"phase"`
		Metadata map[string]json.RawMessage `json:"metadata"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatalf("the workflow file does not parse: %v\n%s", err, data)
	}
	return st.Phase, st.Metadata
}

// waitFor polls until cond holds; the bound only keeps a broken run from
// hanging the suite.
func mentorWait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

func mentorRunning(w *mentoringtest.World) int {
	data, _ := os.ReadFile(filepath.Join(w.Tmp, "running"))
	return strings.Count(string(data), "\n")
}

// startedWorld is a world where `mentor start` mentorRan and the fix is written.
func mentorStarted(t *testing.T, auto []string) *mentoringtest.World {
	w := mentoringtest.New(t)
	r := mentorRun(t, mentorCmd(t, w, w.Work, auto, "mentor", "start", mentoringtest.IssueID))
	if r.code != 0 {
		t.Fatalf("start: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	w.Write("status.txt", "fixed\n")
	// VALIDATION cannot match every requirement to this fix, and there is
	// no terminal to ask: the person ticks them first.
	if r := mentorRun(t, mentorCmd(t, w, w.Clone(), nil, "mentor", "check", "--all")); r.code != 0 {
		t.Fatalf("check: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	return w
}

func TestMentorNextNamesTheRequirementsToTick(t *testing.T) {
	auto := []string{"OSS_DEV_APPROVAL__POLICY=auto"}
	w := mentoringtest.New(t)
	if r := mentorRun(t, mentorCmd(t, w, w.Work, auto, "mentor", "start", mentoringtest.IssueID)); r.code != 0 {
		t.Fatalf("start: exit %d\n%s", r.code, r.stderr)
	}
	w.Write("status.txt", "fixed\n")
	r := mentorRun(t, mentorCmd(t, w, w.Clone(), auto, "mentor", "next"))
	if r.code != 1 || !strings.Contains(r.stderr, "WORKFLOW_GUARD_FAILED") || !strings.Contains(r.stderr, "oss-dev mentor check 1 2 3 4 5") ||
		!strings.Contains(r.stdout, "  2. [ ] a test covers it") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if phase, _ := mentorPhase(t, w.Clone()); phase != "VALIDATION" {
		t.Fatalf("phase %s", phase)
	}
}

func TestMentorKilledMidPhaseResumes(t *testing.T) {
	auto := []string{"OSS_DEV_APPROVAL__POLICY=auto"}
	w := mentorStarted(t, auto)
	mentorMust(t, os.WriteFile(filepath.Join(w.Tmp, "slow"), nil, 0o644))
	next := mentorCmd(t, w, w.Clone(), auto, "mentor", "next")
	mentorMust(t, next.Start())
	mentorWait(t, "the tests to start", func() bool { return mentorRunning(w) >= 1 })
	phase, meta := mentorPhase(t, w.Clone())
	if phase != "VERIFICATION" {
		t.Fatalf("phase while the tests run: %s", phase)
	}
	mentorMust(t, next.Process.Kill())
	_ = next.Wait()

	after, metaAfter := mentorPhase(t, w.Clone())
	if after != "VERIFICATION" || len(metaAfter) != len(meta) {
		t.Fatalf("after the kill: %s with %d metadata keys, want VERIFICATION with %d", after, len(metaAfter), len(meta))
	}
	mentorMust(t, os.Remove(filepath.Join(w.Tmp, "slow")))
	r := mentorRun(t, mentorCmd(t, w, w.Clone(), auto, "mentor", "resume", "--json"))
	if r.code != 0 {
		t.Fatalf("resume: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	var res struct {
		Workflow struct{ Phase string } `json:"workflow"`
		PR       *struct{ Number int }  `json:"pull_request"`
	}
	mentorMust(t, json.Unmarshal([]byte(r.stdout), &res))
	if res.Workflow.Phase != "COMPLETE" || res.PR == nil || len(w.PullRequests()) != 1 {
		t.Fatalf("after resume: %s\n%s", r.stdout, r.stderr)
	}
	_, metaEnd := mentorPhase(t, w.Clone())
	for k := range meta {
		if _, ok := metaEnd[k]; !ok {
			t.Errorf("metadata %q was lost", k)
		}
	}
}

func TestMentorTwoProcessesOneWins(t *testing.T) {
	auto := []string{"OSS_DEV_APPROVAL__POLICY=auto"}
	w := mentorStarted(t, auto)
	mentorMust(t, os.WriteFile(filepath.Join(w.Tmp, "slow"), nil, 0o644))
	cmds := []*exec.Cmd{mentorCmd(t, w, w.Clone(), auto, "mentor", "next"), mentorCmd(t, w, w.Clone(), auto, "mentor", "next")}
	results := make([]mentorRan, 2)
	var wg sync.WaitGroup
	var finished atomic.Int32
	for i, c := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = mentorRun(t, c)
			finished.Add(1)
		}()
	}
	// Either both read the workflow and run the tests before either saves,
	// or one saved its first step while the other was still reading, and
	// the other has already lost; both are the race this test is about.
	mentorWait(t, "both test runs", func() bool { return mentorRunning(w) >= 2 || finished.Load() > 0 })
	mentorMust(t, os.Remove(filepath.Join(w.Tmp, "slow")))
	wg.Wait()
	won, lost := 0, 0
	for _, r := range results {
		switch {
		case r.code == 0:
			won++
		case r.code == 1 && strings.Contains(r.stderr, "STATE_VERSION_MISMATCH"):
			lost++
		default:
			t.Errorf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
	}
	if won != 1 || lost != 1 {
		t.Fatalf("%d won, %d lost", won, lost)
	}
	if phase, _ := mentorPhase(t, w.Clone()); phase != "COMPLETE" || len(w.PullRequests()) != 1 {
		t.Fatalf("phase %s, %d pull requests", phase, len(w.PullRequests()))
	}
}

func TestMentorWithoutTerminalStopsAtFirstApproval(t *testing.T) {
	w := mentoringtest.New(t)
	r := mentorRun(t, mentorCmd(t, w, w.Work, nil, "mentor", "start", mentoringtest.IssueID))
	if r.code != 1 || !strings.Contains(r.stderr, "APPROVAL_NOT_CONFIGURED") || !strings.Contains(r.stderr, "git clone") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(w.Clone()); !os.IsNotExist(err) {
		t.Fatalf("something was cloned: %v", err)
	}
}

// mentorInTerminal runs oss-dev with args in dir inside a real terminal
// (tmux), answering each approval prompt with answer(action), and returns
// the screen once the command has exited.
func mentorInTerminal(t *testing.T, w *mentoringtest.World, dir string, env []string, answer func(action string) string, args ...string) string {
	t.Helper()
	tmux := sharedtest.RequireTool(t, "tmux")
	bin := mentorBinary(t)
	sock := "oss-dev-test-" + filepath.Base(w.Dir) + "-" + args[1]
	var envs []string
	for _, kv := range append(w.Env(), env...) {
		envs = append(envs, mentorQuote(kv))
	}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = mentorQuote(a)
	}
	script := fmt.Sprintf("cd %s && env -i %s %s %s; echo EXIT=$?; sleep 60",
		mentorQuote(dir), strings.Join(envs, " "), mentorQuote(bin), strings.Join(quoted, " "))
	tm := func(args ...string) string {
		out, err := exec.Command(tmux, append([]string{"-L", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tm("new-session", "-d", "-s", "mentor", "-x", "200", "-y", "60", "sh", "-c", script)
	t.Cleanup(func() { _ = exec.Command(tmux, "-L", sock, "kill-server").Run() })
	answered := map[string]bool{}
	var screen string
	mentorWait(t, "the run to finish", func() bool {
		screen = tm("capture-pane", "-p", "-S", "-200", "-t", "mentor")
		if strings.Contains(screen, "EXIT=") {
			return true
		}
		lines := strings.Split(strings.TrimRight(screen, "\n "), "\n")
		last := lines[len(lines)-1]
		if !strings.Contains(last, "Allow it?") {
			return false
		}
		action := ""
		for i := len(lines) - 1; i >= 0; i-- {
			if strings.Contains(lines[i], "Approve: ") {
				action = lines[i]
				break
			}
		}
		key := fmt.Sprintf("%d:%s", strings.Count(screen, "Allow it?"), action)
		if answered[key] {
			return false
		}
		answered[key] = true
		tm("send-keys", "-t", "mentor", answer(action), "Enter")
		return false
	})
	return screen
}

// TestMentorPromptInTerminal answers the approval prompts of `mentor start`
// in a real terminal under the default policy (on_request): yes to each,
// and "always" to the branch, which writes an allow rule.
func TestMentorPromptInTerminal(t *testing.T) {
	w := mentoringtest.New(t)
	screen := mentorInTerminal(t, w, w.Work, nil, func(action string) string {
		if strings.Contains(action, "create the branch") {
			return "a"
		}
		return "y"
	}, "mentor", "start", mentoringtest.IssueID)
	if !strings.Contains(screen, "EXIT=0") {
		t.Fatalf("mentor start failed in the terminal:\n%s", screen)
	}
	for _, want := range []string{"Approve: clone acme/widget", "Approve: fork acme/widget", "Approve: create the branch", "[y]es / [n]o / [a]lways", "IMPLEMENTATION"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the terminal did not show %q:\n%s", want, screen)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(w.Clone(), ".oss-dev", "config.toml"))
	if err != nil || !strings.Contains(string(cfg), "[[approval.allow]]") || !strings.Contains(string(cfg), `program = "git"`) {
		t.Fatalf("no allow rule was written: %v\n%s", err, cfg)
	}
	if status := w.Git(w.Clone(), "status", "--porcelain"); status != "" {
		t.Errorf("oss-dev's files show as changes:\n%s", status)
	}
}

// TestMentorRequirementsConfirmedInTerminal: VALIDATION asks a person at
// the terminal about the requirements it could not match; yes ticks them
// in that person's name and the pull request's checklist shows them.
func TestMentorRequirementsConfirmedInTerminal(t *testing.T) {
	auto := []string{"OSS_DEV_APPROVAL__POLICY=auto"}
	w := mentoringtest.New(t)
	if r := mentorRun(t, mentorCmd(t, w, w.Work, auto, "mentor", "start", mentoringtest.IssueID)); r.code != 0 {
		t.Fatalf("start: exit %d\n%s", r.code, r.stderr)
	}
	w.Write("status.txt", "fixed\n")
	var asked []string
	screen := mentorInTerminal(t, w, w.Clone(), auto, func(action string) string {
		asked = append(asked, action)
		return "y"
	}, "mentor", "next")
	if !strings.Contains(screen, "EXIT=0") || len(asked) != 1 || !strings.Contains(asked[0], "confirm that your change does what the issue asks") {
		t.Fatalf("asked %q\n%s", asked, screen)
	}
	for _, want := range []string{"2. a test covers it", "[y]es / [n]o", "ticked by New Comer <newcomer@example.com>", "COMPLETE"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the terminal did not show %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "[a]lways") {
		t.Errorf("a person's word on requirements cannot become a rule:\n%s", screen)
	}
	body, _ := w.PullRequests()[0]["body"].(string)
	if !strings.Contains(body, "- [x] a test covers it") {
		t.Errorf("pull request body:\n%s", body)
	}
}

func mentorQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func mentorMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestMentorBlocksOnAMissingToolchain: the repository asks for a tool this
// machine lacks, so VERIFICATION blocks instead of running tests that cannot
// pass; unblock checks again, and succeeds once the tool is on PATH.
func TestMentorBlocksOnAMissingToolchain(t *testing.T) {
	auto := []string{"OSS_DEV_APPROVAL__POLICY=auto"}
	w := mentorStarted(t, auto)
	w.Write(".tool-versions", "bun 1.1.0\n")

	r := mentorRun(t, mentorCmd(t, w, w.Clone(), auto, "mentor", "next", "--json"))
	var res struct {
		Workflow struct {
			Phase   string
			Blocked string `json:"blocked_reason"`
		} `json:"workflow"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("next: exit %d, %v\n%s\n%s", r.code, err, r.stdout, r.stderr)
	}
	if res.Workflow.Phase != "BLOCKED" || !strings.Contains(res.Workflow.Blocked, "bun 1.1.0 (.tool-versions:1)") {
		t.Fatalf("next: %+v\n%s", res.Workflow, r.stderr)
	}
	if phase, _ := mentorPhase(t, w.Clone()); phase != "BLOCKED" {
		t.Fatalf("stored phase %s", phase)
	}

	r = mentorRun(t, mentorCmd(t, w, w.Clone(), auto, "mentor", "unblock"))
	if r.code != 1 || !strings.Contains(r.stderr, "still missing") {
		t.Fatalf("unblock without bun: exit %d\n%s", r.code, r.stderr)
	}

	bin := t.TempDir()
	mentorMust(t, os.WriteFile(filepath.Join(bin, "bun"), []byte("#!/bin/sh\necho 1.1.0\n"), 0o755))
	withBun := append(auto, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	r = mentorRun(t, mentorCmd(t, w, w.Clone(), withBun, "mentor", "unblock"))
	if r.code != 0 {
		t.Fatalf("unblock with bun: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if phase, _ := mentorPhase(t, w.Clone()); phase != "VERIFICATION" {
		t.Fatalf("after unblock: %s, want VERIFICATION", phase)
	}
}
