package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"

	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Host runs the plugins of one command: it starts each on first use (never
// before), initialises it with its own config section, and shuts down
// every started one at the end.
type Host struct {
	Catalog *Catalog
	Runtime *Runtime
	// Version is oss-dev's version, told to plugins.
	Version string
	// Dir is the plugins' working folder: the repository, else the
	// command's folder.
	Dir string
	// ConfigDir holds the plugins' config sections, one NAME.toml each,
	// in the user's config folder; "" gives every plugin an empty one.
	ConfigDir string

	mu      sync.Mutex
	started map[string]Plugin
}

// Plugin returns the plugin named name, started and initialised. A plugin
// that is disabled is PLUGIN_NOT_FOUND; one that cannot load is
// PLUGIN_LOAD_FAILED.
func (h *Host) Plugin(ctx context.Context, name string) (Plugin, error) {
	return h.pluginIn(ctx, name, h.Dir)
}

// pluginIn is Plugin for a plugin that, if it starts now, works in dir.
func (h *Host) pluginIn(ctx context.Context, name, dir string) (Plugin, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if p, ok := h.started[name]; ok {
		return p, nil
	}
	e, ok := h.Catalog.Lookup(name)
	if !ok || e.Status == StatusDisabled {
		return nil, errcode.Newf(errcode.PluginNotFound, "'oss-dev plugins list' shows the plugins and their status", "plugin %s is not installed or not enabled", name)
	}
	if e.Status == StatusFailed || e.Extension() {
		return nil, errcode.Newf(errcode.PluginLoadFailed, "'oss-dev plugins info "+name+"' says more", "plugin %s cannot load: %s", name, e.Reason)
	}
	p := e.Plugin
	if p == nil {
		p = NewExternal(e.Found, h.Runtime)
	}
	cfg, err := h.config(name)
	if err != nil {
		return nil, err
	}
	if err := p.Init(ctx, Init{HostVersion: h.Version, Config: cfg, Dir: dir}); err != nil {
		return nil, err
	}
	if h.started == nil {
		h.started = map[string]Plugin{}
	}
	h.started[name] = p
	return p, nil
}

// maxPluginConfig bounds a plugin's config file.
const maxPluginConfig = 256 << 10

// config reads the plugin's own config section, NAME.toml in ConfigDir.
// Nothing of the repository is read: a repository cannot configure a plugin.
func (h *Host) config(name string) (map[string]any, error) {
	if h.ConfigDir == "" {
		return map[string]any{}, nil
	}
	file := filepath.Join(h.ConfigDir, name+".toml")
	data, err := safefile.ReadFile(file, maxPluginConfig)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]any{}, nil
	}
	if err != nil {
		return nil, errcode.Wrap(errcode.ConfigInvalid, err, "plugin "+name+"'s config "+file+" cannot be read: "+err.Error(), "fix or delete "+file)
	}
	cfg := map[string]any{}
	if err := toml.Unmarshal(data, &cfg); err != nil {
		return nil, errcode.Wrap(errcode.ConfigInvalid, err, file+": invalid TOML: "+strings.TrimPrefix(err.Error(), "toml: "), "fix the TOML syntax of "+file)
	}
	return cfg, nil
}

// Shutdown stops every started plugin.
func (h *Host) Shutdown(ctx context.Context) {
	h.mu.Lock()
	started := h.started
	h.started = nil
	h.mu.Unlock()
	for _, p := range started {
		_ = p.Shutdown(ctx)
	}
}

// RunCommand runs the command name of the plugin in use that adds it and
// returns its exit status. A command-only extension runs with the
// terminal passed through; a manifest plugin's output arrives through
// stdout and stderr, which the caller sanitises.
func (h *Host) RunCommand(ctx context.Context, name string, args []string, stdio Stdio) (int, error) {
	e, ok := h.Catalog.CommandOwner(name)
	if !ok {
		return 1, errcode.Newf(errcode.PluginNotFound, "'oss-dev plugins list' shows the plugins and their commands", "no plugin in use adds the command %s", name)
	}
	if e.Extension() {
		return h.runExtension(ctx, e, args, stdio)
	}
	p, err := h.Plugin(ctx, e.Name)
	if err != nil {
		return 1, err
	}
	return p.RunCommand(ctx, CommandCall{Name: name, Args: args, Dir: stdio.Dir, TTY: stdio.TTY, Stdout: stdio.Out, Stderr: stdio.ErrOut})
}

// Stdio is the terminal a command runs on.
type Stdio struct {
	In          io.Reader
	Out, ErrOut io.Writer
	// Raw are the process's own streams, handed to an extension as they
	// are (so it can see the terminal); nil uses In, Out and ErrOut.
	RawIn          *os.File
	RawOut, RawErr *os.File
	TTY            bool
	Dir            string
}

// runExtension runs an oss-dev-NAME executable as gh runs its extensions:
// the arguments, the terminal and the exit status passed through. Its
// environment has no secrets, as a plugin's.
func (h *Host) runExtension(ctx context.Context, e Entry, args []string, stdio Stdio) (int, error) {
	cmd := exec.CommandContext(ctx, e.Exe, args...)
	cmd.Dir = stdio.Dir
	cmd.Env = (&External{found: e.Found, rt: h.Runtime}).env()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdio.In, stdio.Out, stdio.ErrOut
	if stdio.RawIn != nil {
		cmd.Stdin, cmd.Stdout, cmd.Stderr = stdio.RawIn, stdio.RawOut, stdio.RawErr
	}
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if code := ee.ExitCode(); code >= 0 {
			return code, nil
		}
		return 1, errcode.Newf(errcode.PluginFailed, "", "extension %s was stopped: %v", e.Name, err)
	}
	if err != nil {
		return 1, errcode.Wrap(errcode.PluginLoadFailed, err, fmt.Sprintf("extension %s could not start: %v", e.Name, err), "check that "+e.Exe+" can run")
	}
	return 0, nil
}

// RegisterHooks registers the hook points of every plugin in use on reg.
// Nothing starts now: a plugin starts when one of its hooks first runs.
// A before hook that answers ok false stops the phase with its message; a
// plugin that fails (crash, timeout, garbage) is reported through warn and
// the workflow goes on without it.
func (h *Host) RegisterHooks(reg contract.HookRegistry, warn func(error)) error {
	for _, e := range h.Catalog.Entries {
		if e.Status != StatusOK || e.Manifest == nil {
			continue
		}
		for _, hs := range e.Manifest.Hooks {
			ev, err := contract.ParseHookEvent(hs.Event)
			if err != nil {
				return err
			}
			if err := reg.Register(ev, e.Name, h.hookFunc(e.Name, hs.Event, warn)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (h *Host) hookFunc(name, event string, warn func(error)) contract.HookFunc {
	return func(ctx context.Context, hc contract.HookContext) error {
		res, err := h.runHook(ctx, name, event, hc)
		if err != nil {
			if errcode.HasCode(err, errcode.Canceled) || hc.Event.When == contract.HookAfter {
				return err // after a phase, the workflow makes it a warning of the run
			}
			if warn != nil {
				warn(err)
			}
			return nil
		}
		if !res.OK {
			msg := res.Message
			if msg == "" {
				msg = "it gave no reason"
			}
			return fmt.Errorf("plugin %s: %s", name, msg)
		}
		return nil
	}
}

func (h *Host) runHook(ctx context.Context, name, event string, hc contract.HookContext) (HookResult, error) {
	dir := hc.Repository
	if dir == "" {
		dir = h.Dir
	}
	p, err := h.pluginIn(ctx, name, dir)
	if err != nil {
		return HookResult{}, err
	}
	wf := Workflow{ID: hc.WorkflowID, Phase: hc.Phase, IssueURL: hc.IssueURL, RepositoryPath: hc.Repository, Branch: hc.Branch}
	return p.RunHook(ctx, event, wf)
}

// Tool is a plugin's tool as the assistant sees it: described by the
// manifest, called through the plugin (started on the first call).
type Tool struct {
	Plugin string
	Spec   ToolSpec
	host   *Host
}

// Tools lists the tools of every plugin in use.
func (h *Host) Tools() []Tool {
	var out []Tool
	for _, e := range h.Catalog.Entries {
		if e.Status != StatusOK || e.Manifest == nil {
			continue
		}
		for _, t := range e.Manifest.Tools {
			out = append(out, Tool{Plugin: e.Name, Spec: t, host: h})
		}
	}
	return out
}

// Call runs the tool with the model's arguments. A tool whose manifest
// says it mutates is approved first, through the approval manager.
func (t Tool) Call(ctx context.Context, args json.RawMessage) (string, error) {
	if t.Spec.Mutates {
		req := ApprovalRequest{Plugin: t.Plugin, Tool: t.Spec.Name, Reason: "call the tool " + t.Spec.Name + " with " + quoteStart(args)}
		if err := t.host.approve(ctx, req); err != nil {
			return "", err
		}
	}
	p, err := t.host.Plugin(ctx, t.Plugin)
	if err != nil {
		return "", err
	}
	return p.CallTool(ctx, t.Spec.Name, args)
}

func (h *Host) approve(ctx context.Context, req ApprovalRequest) error {
	if h.Runtime == nil || h.Runtime.Approver == nil {
		return errcode.Newf(errcode.ApprovalNotConfigured, "run it where the approval manager can ask you", "%s of plugin %s needs approval and no one can give it", req.Tool, req.Plugin)
	}
	ok, err := h.Runtime.Approver.Approve(ctx, req)
	if ok {
		return nil
	}
	if err == nil {
		err = errcode.Newf(errcode.ApprovalRejected, "nothing was changed", "%s of plugin %s was rejected", req.Tool, req.Plugin)
	}
	return err
}
