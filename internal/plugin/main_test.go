package plugin_test

import (
	"os"
	"testing"

	"github.com/oss-dev/oss-dev/internal/plugin/plugintest"
)

// TestMain removes the sample plugin's build after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	plugintest.Cleanup()
	os.Exit(code)
}
