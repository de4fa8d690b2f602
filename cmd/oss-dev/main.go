// Command oss-dev is the composition root: it builds the real dependencies,
// runs the command tree and turns errors into exit statuses.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/cli/root"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/sandbox"
)

func main() {
	sandbox.Main(os.Args, ownFolders) // the launcher of confined commands: before anything else, so it starts fast
	os.Exit(run(os.Args[1:]))
}

// ownFolders are oss-dev's own folders for the environment of a command
// the launcher confines, which it may not read.
func ownFolders() []string { return config.ResolveDirs(nil).Private() }

func run(args []string) (status int) {
	// The process holds the GitHub token and the model's key in its
	// environment: no other process of the user's (a repository's command
	// run without the sandbox) may read it through /proc or trace it.
	_ = sandbox.ProtectProcess() // nothing to do when the kernel refuses: /proc stays as it was
	ios := iostreams.System()
	ios.Redactor().AddEnv(os.Environ())
	defer ios.Flush()
	f, plugins := newFactory(ios)
	defer func() {
		if r := recover(); r != nil {
			err := errcode.New(errcode.Unknown, fmt.Sprintf("unexpected internal failure: %v", r),
				"please report this with the command you ran and the output of 'oss-dev --version'")
			status = cmdutil.PrintError(ios, err, f.Output)
		}
	}()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	start := time.Now()
	cmd := root.NewCmdRoot(f)
	root.AddPluginCommands(cmd, f, args)
	cmd.SetArgs(args)
	ran, err := cmd.ExecuteContextC(ctx)
	plugins.shutdown()
	status = cmdutil.ExitOK
	if err != nil {
		status = cmdutil.PrintError(ios, err, f.Output)
	}
	recordCommand(f, ran, time.Since(start), status, err)
	return status
}
