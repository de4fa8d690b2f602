// Package sharedtest locates the shared test data that lives beside the
// project (../shared/data). Tests skip with a clear message when it is
// absent, and fail when it is absent under CI=true.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// ModuleRoot returns the directory holding the module's go.mod, found by
// walking up from the test's working directory.
func ModuleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatalf("getwd: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatalf("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// DataDir returns ../shared/data beside the module root. OSS_DEV_SHARED_DATA
// overrides the location.
func DataDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("OSS_DEV_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join(filepath.Dir(ModuleRoot(tb)), "shared", "data")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared test data missing at %s (required under CI=true): %v", dir, err)
		}
		tb.Skipf("shared test data not found at %s; put the project's shared/ folder beside the repository to run this test", dir)
	}
	return dir
}

// DataFile returns the path of one file under the shared data folder,
// skipping or failing like DataDir when it is absent.
func DataFile(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(DataDir(tb), name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared test data file missing: %s", p)
		}
		tb.Skipf("shared test data file not found: %s", p)
	}
	return p
}

// RequireTool skips the test when the named program is not on PATH, and
// fails it under CI=true, where .ci/run must have installed it.
func RequireTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := lookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is required under CI=true but was not found on PATH", name)
		}
		tb.Skipf("%s not found on PATH; install it to run this test", name)
	}
	return p
}
