package config

import (
	"os"
	"testing"
)

// TestMain gives the tests their own state folder, so the record of
// project configs they write is not the user's.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "config-state")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_STATE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
