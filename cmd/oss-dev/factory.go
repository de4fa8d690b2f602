package main

import (
	"os"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
)

// newFactory wires the real dependencies. Each is built on first use, so a
// command pays only for what it touches.
func newFactory(ios *iostreams.IOStreams) *cmdutil.Factory {
	wd, _ := os.Getwd()
	f := &cmdutil.Factory{
		IO:         ios,
		AppVersion: versionString(),
		WorkDir:    wd,
		Output:     &cmdutil.Output{},
	}
	return f
}
