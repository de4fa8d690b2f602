package setup

import (
	"os"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sandbox"
)

// TestMain lets this test binary be the sandbox's launcher, as the
// oss-dev binary is: the repository commands the tests run are confined.
func TestMain(m *testing.M) {
	sandbox.Main(os.Args, nil)
	os.Exit(m.Run())
}
