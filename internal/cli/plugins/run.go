package plugins

import (
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/plugin"
)

// GroupID is the help heading plugin commands are listed under.
const GroupID = "plugins"

// Commands returns a command for each command the plugins in use add, for
// the root to register; taken reports the names the root already has,
// which a plugin cannot replace. Only manifests are read: a plugin starts
// when its command runs. Without a usable configuration there are none
// (the command that runs reports the configuration's error).
func Commands(f *cmdutil.Factory, taken func(name string) bool) []*cobra.Command {
	if f.Plugins == nil {
		return nil
	}
	cat, err := f.Plugins()
	if err != nil {
		return nil
	}
	var out []*cobra.Command
	seen := map[string]bool{}
	add := func(name, summary string) {
		if taken(name) || seen[name] {
			return
		}
		seen[name] = true
		out = append(out, newCmdPluginCommand(f, name, summary))
	}
	for _, e := range cat.Entries {
		if e.Status != plugin.StatusOK {
			continue
		}
		if e.Extension() {
			add(e.Name, "Extension "+e.Name)
			continue
		}
		for _, c := range e.Manifest.Commands {
			add(c.Name, c.Summary+" (plugin "+e.Name+")")
		}
	}
	return out
}

// newCmdPluginCommand runs a plugin's command with every argument as given:
// flags, --help included, are the plugin's.
func newCmdPluginCommand(f *cmdutil.Factory, name, summary string) *cobra.Command {
	return &cobra.Command{
		Use:                name,
		Short:              iostreams.Sanitize(summary),
		GroupID:            GroupID,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPluginCommand(cmd, f, name, args)
		},
	}
}

func runPluginCommand(cmd *cobra.Command, f *cmdutil.Factory, name string, args []string) error {
	h, err := f.PluginHost()
	if err != nil {
		return err
	}
	stdio := plugin.Stdio{
		In: f.IO.In, Out: sanitized{f.IO.Out}, ErrOut: sanitized{f.IO.ErrOut},
		RawIn: os.Stdin, RawOut: os.Stdout, RawErr: os.Stderr,
		TTY: f.IO.IsStdoutTTY(), Dir: f.WorkDir,
	}
	if _, isFile := f.IO.In.(*os.File); !isFile {
		// Not the process's own terminal (a test's buffers): no raw pass-through.
		stdio.RawIn, stdio.RawOut, stdio.RawErr = nil, nil, nil
	}
	code, err := h.RunCommand(cmd.Context(), name, args, stdio)
	if err != nil {
		return err
	}
	if code != 0 {
		return &cmdutil.ExitStatus{Status: code}
	}
	return nil
}

// sanitized makes a plugin's output inert on a terminal: what a plugin
// prints is outside text.
type sanitized struct{ w io.Writer }

func (s sanitized) Write(b []byte) (int, error) {
	if _, err := io.WriteString(s.w, iostreams.Sanitize(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}
