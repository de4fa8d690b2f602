// Package plugins is `oss-dev plugins`: list, inspect, install, remove,
// enable and disable plugins.
package plugins

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/plugin"
)

// NewCmdPlugins builds the `plugins` group.
func NewCmdPlugins(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plugins <command>",
		Short: "List, inspect and manage plugins",
		Long: `Plugins add commands, workflow hooks and assistant tools. Built-in plugins
are compiled in and on unless disabled. An installed plugin is a folder with
a plugin.toml and a program, in $XDG_DATA_HOME/oss-dev/plugins (by default
~/.local/share/oss-dev/plugins) or a folder of plugins.dirs; it runs in its
own process, started only when used. An executable oss-dev-NAME on PATH or in
a plugin folder is a command-only extension: 'oss-dev NAME' runs it.
Only your own configuration adds, enables or configures plugins; a
repository's files never do. PLUGINS.md describes writing one.`,
		Example: `  $ oss-dev plugins list
  $ oss-dev plugins info hello
  $ oss-dev plugins disable dco`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newCmdList(f), newCmdInfo(f), newCmdInstall(f), newCmdRemove(f), newCmdToggle(f, true), newCmdToggle(f, false))
	return cmd
}

// Info is one plugin in the JSON of `plugins list` and `plugins info`.
type Info struct {
	Name        string   `json:"name"`
	Version     string   `json:"version"`
	Description string   `json:"description"`
	Source      string   `json:"source"`
	Path        string   `json:"path"`
	Status      string   `json:"status"`
	Reason      string   `json:"reason"`
	Commands    []string `json:"commands"`
	Hooks       []string `json:"hooks"`
	Tools       []string `json:"tools"`
	Needs       []string `json:"needs"`
}

// infoOf describes an entry; every text in it came from outside and is
// sanitised when printed.
func infoOf(e plugin.Entry) Info {
	in := Info{Name: e.Name, Source: string(e.Source), Status: string(e.Status), Reason: e.Reason,
		Path: e.Dir, Commands: []string{}, Hooks: []string{}, Tools: []string{}, Needs: []string{}}
	if in.Path == "" {
		in.Path = e.Exe
	}
	if e.Extension() {
		in.Commands = []string{e.Name}
		in.Description = "command-only extension " + e.Exe
	}
	if m := e.Manifest; m != nil {
		in.Version, in.Description = m.Version, m.Description
		for _, c := range m.Commands {
			in.Commands = append(in.Commands, c.Name)
		}
		for _, h := range m.Hooks {
			in.Hooks = append(in.Hooks, h.Event)
		}
		for _, t := range m.Tools {
			in.Tools = append(in.Tools, t.Name)
		}
		in.Needs = append(in.Needs, m.Needs...)
	}
	return in
}

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the plugins: built-in, installed and on PATH",
		Long: `List every plugin with its version, where it comes from (built-in, user,
PATH), its status (ok, disabled, failed with the reason) and what it adds.
No plugin is started.
With --json: {"plugins": [{"name", "version", "description", "source", "path",
"status", "reason", "commands", "hooks", "tools", "needs"}]}.`,
		Example: `  $ oss-dev plugins list
  $ oss-dev plugins list --jq '.plugins[] | select(.status == "failed") | .reason'`,
		Args: cmdutil.NoArgs,
		RunE: func(*cobra.Command, []string) error { return listRun(f) },
	}
}

// ListResult is the JSON of `plugins list`.
type ListResult struct {
	Plugins []Info `json:"plugins"`
}

func listRun(f *cmdutil.Factory) error {
	cat, err := f.Plugins()
	if err != nil {
		return err
	}
	res := ListResult{Plugins: []Info{}}
	for _, e := range cat.Entries {
		res.Plugins = append(res.Plugins, infoOf(e))
	}
	if f.Output.WantsJSON() {
		return f.Output.Export(f.IO.Out, res)
	}
	if len(res.Plugins) == 0 {
		fmt.Fprintln(f.IO.Out, "No plugins. 'oss-dev plugins install PATH' installs one.")
		return nil
	}
	t := cmdutil.NewTable(f.IO, "NAME", "VERSION", "SOURCE", "STATUS", "ADDS")
	t.Wrap(4)
	for _, in := range res.Plugins {
		t.AddRow(iostreams.Sanitize(in.Name), iostreams.Sanitize(in.Version), in.Source, statusText(in), adds(in))
	}
	return t.Render()
}

func statusText(in Info) string {
	if in.Reason == "" {
		return in.Status
	}
	return in.Status + ": " + iostreams.Sanitize(in.Reason)
}

// adds summarises what a plugin contributes.
func adds(in Info) string {
	var parts []string
	if len(in.Commands) > 0 {
		parts = append(parts, "commands "+strings.Join(in.Commands, ", "))
	}
	if len(in.Hooks) > 0 {
		parts = append(parts, "hooks "+strings.Join(in.Hooks, ", "))
	}
	if len(in.Tools) > 0 {
		parts = append(parts, "tools "+strings.Join(in.Tools, ", "))
	}
	return strings.Join(parts, "; ")
}

func newCmdInfo(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "info NAME",
		Short: "Show one plugin: where it is, its status and what it adds",
		Long: `Show one plugin: its version and description, where it comes from and its
folder, its status, and its commands, hooks and tools. No plugin is started.
With --json: the same object as one item of 'plugins list --json'.`,
		Example: `  $ oss-dev plugins info hello`,
		Args:    cmdutil.ExactArgs(1, "the plugin's name"),
		RunE:    func(_ *cobra.Command, args []string) error { return infoRun(f, args[0]) },
	}
}

func infoRun(f *cmdutil.Factory, name string) error {
	cat, err := f.Plugins()
	if err != nil {
		return err
	}
	e, ok := cat.Lookup(name)
	if !ok {
		return notFound(name)
	}
	in := infoOf(e)
	if f.Output.WantsJSON() {
		return f.Output.Export(f.IO.Out, in)
	}
	w := f.IO.Out
	fmt.Fprintf(w, "%s %s\n", iostreams.Sanitize(in.Name), iostreams.Sanitize(in.Version))
	if in.Description != "" {
		fmt.Fprintf(w, "%s\n", iostreams.Sanitize(in.Description))
	}
	fmt.Fprintf(w, "\nsource:   %s\n", in.Source)
	if in.Path != "" {
		fmt.Fprintf(w, "path:     %s\n", iostreams.Sanitize(in.Path))
	}
	fmt.Fprintf(w, "status:   %s\n", statusText(in))
	for _, l := range []struct {
		label string
		items []string
	}{{"commands", in.Commands}, {"hooks", in.Hooks}, {"tools", in.Tools}, {"needs", in.Needs}} {
		if len(l.items) > 0 {
			fmt.Fprintf(w, "%-9s %s\n", l.label+":", strings.Join(l.items, ", "))
		}
	}
	return nil
}

func notFound(name string) error {
	return errcode.Newf(errcode.PluginNotFound, "'oss-dev plugins list' shows the plugins there are",
		"there is no plugin named %q", iostreams.Sanitize(name))
}
