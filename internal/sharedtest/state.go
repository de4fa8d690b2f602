package sharedtest

import (
	"os"
	"testing"
)

// RunWithOwnState runs a package's tests with XDG_STATE_HOME in a fresh
// temporary folder, so that what they write there (the workflow signing
// key, the record of trusted project configs) is never the user's, and
// returns the exit code for os.Exit.
func RunWithOwnState(m *testing.M) int {
	dir, err := os.MkdirTemp("", "oss-dev-state")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_STATE_HOME", dir)
	return m.Run()
}
