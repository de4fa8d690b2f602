package state

import (
	"os"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func TestMain(m *testing.M) { os.Exit(sharedtest.RunWithOwnState(m)) }

// testState is the state folder TestMain made for this run.
func testState() string { return config.ResolveDirs(nil).State }
