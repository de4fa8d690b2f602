package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/plugin/plugintest"
)

// TestMentorRunsPluginHooks drives a real mentor run on the fake GitHub
// with the sample plugin's before:VALIDATION hook: the hook stops
// VALIDATION with its message like a failed guard, and once it agrees the
// workflow goes on to the pull request. A plugin that crashes in its hook
// is a warning, and the workflow goes on without it.
func TestMentorRunsPluginHooks(t *testing.T) {
	auto := []string{"OSS_DEV_APPROVAL__POLICY=auto", "OSS_DEV_PLUGINS__ENABLED=hello,crash"}
	w := mentorStarted(t, auto)
	plugins := filepath.Join(w.Home, ".local", "share", "oss-dev", "plugins")
	plugintest.Hello(t, plugins)
	plugintest.Script(t, plugins, "crash", plugintest.CrashLater, "before:VERIFICATION")
	clone := w.Clone()
	mentorMust(t, os.WriteFile(filepath.Join(clone, ".hello-stop"), []byte("the changelog is frozen this week\n"), 0o644))
	mentorMust(t, os.WriteFile(filepath.Join(clone, ".git", "info", "exclude"), []byte(".hello-stop\n"), 0o644))

	r := mentorRun(t, mentorCmd(t, w, clone, auto, "mentor", "next"))
	if r.code != 1 || !strings.Contains(r.stderr, "WORKFLOW_GUARD_FAILED") || !strings.Contains(r.stderr, "plugin hello: the changelog is frozen this week") {
		t.Fatalf("with the stop file: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "plugin crash failed: it exited: exit status 4") {
		t.Errorf("the crashing plugin's hook is not a warning:\n%s", r.stderr)
	}
	if phase, _ := mentorPhase(t, clone); phase != "VALIDATION" {
		t.Fatalf("phase %s, want VALIDATION kept by the hook", phase)
	}

	mentorMust(t, os.Remove(filepath.Join(clone, ".hello-stop")))
	r = mentorRun(t, mentorCmd(t, w, clone, auto, "mentor", "next", "--json"))
	if r.code != 0 {
		t.Fatalf("after the stop file went: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if phase, _ := mentorPhase(t, clone); phase == "VALIDATION" {
		t.Fatalf("the workflow stayed in VALIDATION:\n%s", r.stderr)
	}
}
