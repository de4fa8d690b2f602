package assist_test

import (
	"os"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sandbox"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestMain lets this test binary be the sandbox's launcher, as the
// oss-dev binary is, and keeps what the tests write to the state folder
// (the signing key) out of the user's.
func TestMain(m *testing.M) {
	sandbox.Main(os.Args, nil)
	os.Exit(sharedtest.RunWithOwnState(m))
}
