package roadmap_test

import (
	"os"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func TestMain(m *testing.M) { os.Exit(sharedtest.RunWithOwnState(m)) }

// stateDir is the state folder of the test's environment, as cmd/oss-dev
// resolves it.
func stateDir() string { return config.ResolveDirs(nil).State }
