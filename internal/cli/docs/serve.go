package docs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/service/analysis"
	svc "github.com/oss-dev/oss-dev/internal/service/docs"
)

// ServeOptions holds what `docs serve` needs.
type ServeOptions struct {
	IO       *iostreams.IOStreams
	Output   *cmdutil.Output
	WorkDir  string
	Services services

	Target string
	Port   int
	Open   bool
	NoLLM  bool
	// Listening is told the page's address once it is served (tests wait
	// for it); nil prints it only.
	Listening func(url string)
	// OpenBrowser opens url in the user's browser; nil uses the system's
	// opener.
	OpenBrowser func(url string) error
}

// NewCmdServe builds `docs serve`.
func NewCmdServe(f *cmdutil.Factory, runF func(*ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{IO: f.IO, Output: f.Output, WorkDir: f.WorkDir, Services: servicesFrom(f)}
	cmd := &cobra.Command{
		Use:   "serve [PATH]",
		Short: "Serve the repository's guide as a page on this machine",
		Long: `Serve a page made from the same facts as START_HERE.md: what the project is,
its languages as a chart, its layout, toolchains, the commands to set up,
build and test (with copy buttons), a getting-started per stack, the
dependency graph drawn here without any network, the contribution rules and
where to start reading.

The page is served from memory on 127.0.0.1 only, on a free port unless
--port says which, and its address is printed. No file of the repository or
of this machine is served: any other path is 404, and there are no folder
listings. The text is usable without JavaScript, and the page follows the
system's light or dark scheme. Ctrl-C stops it.

With --json, {"url", "name"} is printed once the page is served.`,
		Example: `  $ oss-dev docs serve
  $ oss-dev docs serve ../some-checkout --port 8088 --open`,
		Args: cmdutil.MaximumArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Target = args[0]
			}
			if opts.Port < 0 || opts.Port > 65535 {
				return cmdutil.UsageErrorf("--port must be between 0 and 65535, got %d", opts.Port)
			}
			if runF != nil {
				return runF(opts)
			}
			return serveRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Port, "port", 0, "Serve on `PORT` of 127.0.0.1 (default: a free one)")
	cmd.Flags().BoolVar(&opts.Open, "open", false, "Open the page in the browser")
	cmd.Flags().BoolVar(&opts.NoLLM, "no-llm", false, "Leave out the language model's overview")
	return cmd
}

// serveResult is the --json shape.
type serveResult struct {
	URL  string `json:"url"`
	Name string `json:"name"`
}

func serveRun(ctx context.Context, opts *ServeOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	target, err := analysis.ParseRepoTarget(opts.Target, opts.WorkDir)
	if err != nil {
		return err
	}
	if target.Remote() {
		return cmdutil.UsageErrorf("docs serve reads a folder; clone %s first, or use 'oss-dev docs generate %s --stdout'", target.Display(), opts.Target)
	}
	res, err := build(ctx, opts.IO, opts.Services, svc.Request{Target: target, Deps: true, NoLLM: opts.NoLLM})
	if err != nil {
		return err
	}
	printNotes(opts.IO, res.Notes)
	site, err := svc.NewSite(res)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(opts.Port)))
	if err != nil {
		return errcode.Wrap(errcode.InvalidInput, err, "cannot listen on 127.0.0.1:"+strconv.Itoa(opts.Port)+": "+err.Error(),
			"choose another --port, or leave it out for a free one")
	}
	port := ln.Addr().(*net.TCPAddr).Port
	site.AllowHosts("127.0.0.1:"+strconv.Itoa(port), "localhost:"+strconv.Itoa(port))
	url := "http://127.0.0.1:" + strconv.Itoa(port) + "/"
	if err := announce(opts, url, res.Guide.Name); err != nil {
		ln.Close()
		return err
	}
	if opts.Open {
		open := opts.OpenBrowser
		if open == nil {
			open = openBrowser
		}
		if err := open(url); err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "%s could not open a browser (%v); open %s yourself\n", opts.IO.ColorScheme().WarningIcon(), err, url)
		}
	}
	return serve(ctx, ln, site)
}

func announce(opts *ServeOptions, url, name string) error {
	if opts.Output.WantsJSON() {
		if err := opts.Output.Export(opts.IO.Out, serveResult{URL: url, Name: name}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(opts.IO.Out, "Serving the guide to %s at %s\n", name, url)
		fmt.Fprintln(opts.IO.ErrOut, "Press Ctrl-C to stop.")
	}
	if opts.Listening != nil {
		opts.Listening(url)
	}
	return nil
}

// serve answers on ln until ctx is cancelled (Ctrl-C), then lets the
// requests in flight finish.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 16 << 10}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return errcode.Wrap(errcode.InvalidInput, err, "the page stopped being served: "+err.Error(), "run it again")
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// openBrowser asks the system to open url: our own address, never text
// from the repository.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
