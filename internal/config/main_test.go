package config

import (
	"os"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func TestMain(m *testing.M) { os.Exit(sharedtest.RunWithOwnState(m)) }
