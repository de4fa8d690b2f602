package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// GitTraps makes the repository at dir try to run a program at every
// place a reading git could start one: its own .git/config names an
// fsmonitor, and a clean filter, a textconv and an external diff for every
// file, and its hooks folder a hook that runs when the index is rewritten.
// A work tree copied from someone else carries such a .git. Each program
// appends to the returned marker file, outside the repository: see
// NoTrapRan.
func GitTraps(tb testing.TB, dir string) (marker string) {
	tb.Helper()
	marker = filepath.Join(tb.TempDir(), "ran")
	trap := filepath.Join(tb.TempDir(), "trap")
	script := "#!/bin/sh\necho \"$0 $*\" >> '" + marker + "'\ncat\n"
	if err := os.WriteFile(trap, []byte(script), 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, kv := range [][2]string{
		{"core.fsmonitor", trap}, {"filter.trap.clean", trap}, {"filter.trap.smudge", trap},
		{"filter.trap.required", "true"}, {"diff.trap.textconv", trap}, {"diff.external", trap},
	} {
		Git(tb, dir, "config", kv[0], kv[1])
	}
	writeExec(tb, filepath.Join(dir, ".git", "info", "attributes"), "* filter=trap diff=trap\n")
	writeExec(tb, filepath.Join(dir, ".git", "hooks", "post-index-change"), script)
	touchAll(tb, dir)
	return marker
}

func writeExec(tb testing.TB, p, body string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
		tb.Fatal(err)
	}
}

// touchAll moves the file times of the work tree forward, so that git
// looks at the content of every file again instead of trusting the index.
func touchAll(tb testing.TB, dir string) {
	tb.Helper()
	later := time.Now().Add(time.Hour)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == ".git":
			return filepath.SkipDir
		case d.Type().IsRegular():
			return os.Chtimes(p, later, later)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// NoTrapRan fails the test when a program GitTraps planted has run; what
// names the step that was just done.
func NoTrapRan(tb testing.TB, marker, what string) {
	tb.Helper()
	if b, err := os.ReadFile(marker); err == nil {
		tb.Fatalf("%s ran a program the repository's git configuration names:\n%s", what, b)
	}
}
