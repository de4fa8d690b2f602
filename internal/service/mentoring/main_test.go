package mentoring_test

import (
	"os"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/sandbox"
)

// TestMain lets this test binary be the sandbox's launcher, as the
// oss-dev binary is: the repository commands the tests run are confined,
// and cannot read oss-dev's own folders.
func TestMain(m *testing.M) {
	sandbox.Main(os.Args, func() []string { return config.ResolveDirs(nil).Private() })
	os.Exit(m.Run())
}
