package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/redact"
)

// InitTimeout bounds a plugin's answer to initialize.
const InitTimeout = 5 * time.Second

// shutdownGrace is how long a plugin has to exit after shutdown.
const shutdownGrace = 2 * time.Second

// Runtime is what the host gives external plugins.
type Runtime struct {
	// Env is the host's environment; the plugin gets it without secrets.
	Env []string
	// Token returns the GitHub token, passed as GH_TOKEN only to a plugin
	// whose manifest needs it and that the user granted it at install.
	Token func() string
	// Granted reports whether the user granted name its needs at install.
	Granted func(name string) bool
	// Approver decides the plugin's approval requests; nil rejects them.
	Approver Approver
	// Log receives the plugin's stderr and log notifications, at debug level.
	Log *slog.Logger
	// HookTimeout bounds a hook; 0 means 60 s.
	HookTimeout time.Duration
	// InitTimeout bounds initialize; 0 means InitTimeout.
	InitTimeout time.Duration
}

// External is a plugin in its own process, spoken to with protocol 1. It
// is started by Init, never before; once it fails it stays failed, and
// every later call says why at once.
type External struct {
	found Found
	rt    *Runtime

	mu   sync.Mutex
	cmd  *exec.Cmd
	conn *conn
	// waited is closed when the process has exited, exited once its exit
	// has been accounted for.
	waited, exited chan struct{}
	failed         error
	// out receives output notifications while a command runs.
	out map[string]io.Writer
}

// NewExternal returns the plugin f describes (it must have a manifest).
func NewExternal(f Found, rt *Runtime) *External {
	return &External{found: f, rt: rt}
}

// Manifest returns the plugin's manifest.
func (p *External) Manifest() *Manifest { return p.found.Manifest }

func (p *External) name() string { return p.found.Name }

// initParams and initResult are initialize's shapes.
type initParams struct {
	Protocol      int            `json:"protocol"`
	OSSDevVersion string         `json:"oss_dev_version"`
	Config        map[string]any `json:"config"`
}

type initResult struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Protocol, when given, must be the host's.
	Protocol int `json:"protocol"`
}

// Init starts the plugin in in.Dir and initialises it. It fails with
// PLUGIN_LOAD_FAILED when the plugin cannot start, does not answer within
// the init timeout, or speaks another protocol.
func (p *External) Init(ctx context.Context, in Init) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed != nil {
		return p.failed
	}
	if p.conn != nil {
		return nil
	}
	if err := p.start(ctx, in.Dir); err != nil {
		return p.markFailed(errcode.PluginLoadFailed, "it could not start: "+err.Error())
	}
	cfg := in.Config
	if cfg == nil {
		cfg = map[string]any{}
	}
	tctx, cancel := context.WithTimeout(ctx, orDefault(p.rt.InitTimeout, InitTimeout))
	defer cancel()
	var res initResult
	err := p.conn.call(tctx, "initialize", initParams{Protocol: Protocol, OSSDevVersion: in.HostVersion, Config: cfg}, &res)
	if err != nil {
		return p.markFailed(errcode.PluginLoadFailed, p.why("initialize", err, orDefault(p.rt.InitTimeout, InitTimeout)))
	}
	if res.Protocol != 0 && res.Protocol != Protocol {
		return p.markFailed(errcode.PluginLoadFailed, fmt.Sprintf("it speaks protocol %d; this oss-dev speaks protocol %d", res.Protocol, Protocol))
	}
	if res.Name != p.name() {
		return p.markFailed(errcode.PluginLoadFailed, fmt.Sprintf("it calls itself %s", quoteStart([]byte(res.Name))))
	}
	return nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// start runs the executable in dir with its own process group, reading its
// stdout as protocol and its stderr into the debug log.
func (p *External) start(ctx context.Context, dir string) error {
	cmd := exec.Command(p.found.Exe)
	cmd.Dir = dir
	cmd.Env = p.env()
	ownGroup(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	// Our own pipe rather than StdoutPipe: reading ends when every
	// writer has gone, and Wait does not close it under the reader.
	pr, pw, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd.Stdout = pw
	cmd.Stderr = &logWriter{log: p.rt.logger(), plugin: p.name()}
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return err
	}
	pw.Close()
	p.cmd, p.exited, p.waited = cmd, make(chan struct{}), make(chan struct{})
	p.conn = newConn(stdin)
	p.conn.notify = p.notified
	p.conn.serve = p.served
	readDone := make(chan struct{})
	go p.read(context.WithoutCancel(ctx), pr, readDone)
	go p.wait(pr, readDone)
	return nil
}

// read serves the plugin's output; a plugin that breaks the protocol, or
// closes its output and does not exit, is stopped.
func (p *External) read(ctx context.Context, pr *os.File, done chan struct{}) {
	defer close(done)
	if err := p.conn.read(ctx, pr); err != nil {
		killGroup(p.cmd)
		return
	}
	select {
	case <-p.waited:
	case <-time.After(time.Second):
		p.conn.close(errors.New("it closed its output"))
		killGroup(p.cmd)
	}
}

// wait reaps the plugin; when it exits, whatever it started goes too, and
// the reading of its output ends.
func (p *External) wait(pr *os.File, readDone chan struct{}) {
	err := p.cmd.Wait()
	close(p.waited)
	killGroup(p.cmd)
	why := "it exited"
	if err != nil {
		why = "it exited: " + err.Error()
	}
	// Let the reader take what the plugin wrote before it exited; the
	// group is dead, so the pipe's end comes soon.
	select {
	case <-readDone:
	case <-time.After(time.Second):
	}
	p.conn.close(errors.New(why))
	close(p.exited)
	pr.Close() // ends the reading if a program that left the group holds the pipe
}

// env is the host's environment without secrets; GH_TOKEN only for a
// plugin that needs it and was granted it.
func (p *External) env() []string {
	var out []string
	for _, kv := range p.rt.Env {
		k, _, _ := strings.Cut(kv, "=")
		if redact.IsSecretEnvName(k) || k == "GH_TOKEN" || k == "GITHUB_TOKEN" || k == "GH_ENTERPRISE_TOKEN" {
			continue
		}
		out = append(out, kv)
	}
	out = append(out, "OSS_DEV_PLUGIN="+p.name())
	m := p.found.Manifest
	if m != nil && slices.Contains(m.Needs, NeedGitHubToken) && p.rt.Granted != nil && p.rt.Granted(p.name()) && p.rt.Token != nil {
		if t := p.rt.Token(); t != "" {
			out = append(out, "GH_TOKEN="+t)
		}
	}
	return out
}

// why explains a failed call: the plugin's own error, a timeout, or what
// ended the connection.
func (p *External) why(method string, err error, limit time.Duration) string {
	var re errRemote
	switch {
	case errors.As(err, &re):
		return method + " failed: " + re.Message
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("it did not answer %s within %s", method, limit)
	case errors.Is(err, context.Canceled):
		return method + " was interrupted"
	}
	return err.Error()
}

// markFailed stops the plugin and keeps why it failed; p.mu is held.
func (p *External) markFailed(code errcode.Code, why string) error {
	p.failed = errcode.Newf(code, "'oss-dev plugins info "+p.name()+"' shows the plugin; run with --debug to see what it wrote to stderr, or disable it ('oss-dev plugins disable "+p.name()+"')",
		"plugin %s failed: %s", p.name(), why)
	p.kill()
	return p.failed
}

func (p *External) kill() {
	if p.cmd == nil {
		return
	}
	killGroup(p.cmd)
	<-p.exited
}

// Failed returns why the plugin failed, nil while it works.
func (p *External) Failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed
}

// ready returns the connection of a started plugin that has not failed.
func (p *External) ready() (*conn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed != nil {
		return nil, p.failed
	}
	if p.conn == nil {
		return nil, errcode.Newf(errcode.PluginFailed, "", "plugin %s was not initialised", p.name())
	}
	return p.conn, nil
}

// request makes one call; a failure other than the plugin's own answer
// (a crash, garbage, a timeout) fails the plugin for good.
func (p *External) request(ctx context.Context, method string, params, result any, limit time.Duration) error {
	c, err := p.ready()
	if err != nil {
		return err
	}
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if limit > 0 {
		cctx, cancel = context.WithTimeout(ctx, limit)
	}
	defer cancel()
	err = c.call(cctx, method, params, result)
	var re errRemote
	if err == nil || errors.As(err, &re) {
		return err
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return errcode.Wrap(errcode.Canceled, err, "interrupted while plugin "+p.name()+" worked", "")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed != nil {
		return p.failed
	}
	return p.markFailed(errcode.PluginFailed, p.why(method, err, limit))
}

// remoteError turns the plugin's own error answer into PLUGIN_FAILED; it
// does not fail the plugin.
func (p *External) remoteError(method string, err error) error {
	var re errRemote
	if errors.As(err, &re) {
		return errcode.Newf(errcode.PluginFailed, "see what the plugin reports; run with --debug for its log",
			"plugin %s: %s failed: %s", p.name(), method, re.Message)
	}
	return err
}

type commandParams struct {
	Name string   `json:"name"`
	Args []string `json:"args"`
	Cwd  string   `json:"cwd"`
	TTY  bool     `json:"tty"`
}

// RunCommand runs one of the plugin's commands; the plugin's output
// notifications go to call.Stdout and call.Stderr as they come.
func (p *External) RunCommand(ctx context.Context, call CommandCall) (int, error) {
	p.setOutput(map[string]io.Writer{"stdout": call.Stdout, "stderr": call.Stderr})
	defer p.setOutput(nil)
	var res struct {
		ExitCode int `json:"exit_code"`
	}
	args := call.Args
	if args == nil {
		args = []string{}
	}
	err := p.request(ctx, "command.run", commandParams{Name: call.Name, Args: args, Cwd: call.Dir, TTY: call.TTY}, &res, 0)
	if err != nil {
		return 1, p.remoteError("command "+call.Name, err)
	}
	return res.ExitCode, nil
}

func (p *External) setOutput(m map[string]io.Writer) {
	p.mu.Lock()
	p.out = m
	p.mu.Unlock()
}

type hookParams struct {
	Event    string   `json:"event"`
	Workflow Workflow `json:"workflow"`
}

// RunHook runs the plugin's hook for event; it fails the plugin when no
// answer comes within the hook timeout.
func (p *External) RunHook(ctx context.Context, event string, wf Workflow) (HookResult, error) {
	var res HookResult
	err := p.request(ctx, "hook.run", hookParams{Event: event, Workflow: wf}, &res, orDefault(p.rt.HookTimeout, 60*time.Second))
	return res, p.remoteError("hook "+event, err)
}

// CallTool calls one of the plugin's tools with the model's arguments.
func (p *External) CallTool(ctx context.Context, name string, args json.RawMessage) (string, error) {
	var res struct {
		Content string `json:"content"`
	}
	if len(args) == 0 {
		args = json.RawMessage("{}")
	}
	params := struct {
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	}{name, args}
	err := p.request(ctx, "tool.call", params, &res, orDefault(p.rt.HookTimeout, 60*time.Second))
	return res.Content, p.remoteError("tool "+name, err)
}

// Shutdown asks the plugin to stop, then stops it.
func (p *External) Shutdown(ctx context.Context) error {
	p.mu.Lock()
	c, failed := p.conn, p.failed
	p.mu.Unlock()
	if c == nil || failed != nil {
		return nil
	}
	sctx, cancel := context.WithTimeout(ctx, shutdownGrace)
	defer cancel()
	_ = c.call(sctx, "shutdown", struct{}{}, nil)
	select {
	case <-p.exited:
	case <-sctx.Done():
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.kill()
	p.failed = errcode.Newf(errcode.PluginFailed, "", "plugin %s was shut down", p.name())
	return nil
}

// notified handles the plugin's notifications: output while a command
// runs, and log lines.
func (p *External) notified(method string, params json.RawMessage) {
	switch method {
	case "output":
		var o struct {
			Stream string `json:"stream"`
			Text   string `json:"text"`
		}
		if json.Unmarshal(params, &o) != nil {
			return
		}
		p.mu.Lock()
		w := p.out[o.Stream]
		p.mu.Unlock()
		if w != nil {
			_, _ = io.WriteString(w, o.Text)
		}
	case "log":
		var l struct {
			Level   string `json:"level"`
			Message string `json:"message"`
		}
		if json.Unmarshal(params, &l) == nil {
			p.rt.logger().Debug("plugin log", "plugin", p.name(), "level", l.Level, "message", l.Message)
		}
	}
}

// served answers the plugin's requests: approval.request only.
func (p *External) served(ctx context.Context, method string, params json.RawMessage) (any, *rpcError) {
	if method != "approval.request" {
		return nil, &rpcError{Code: codeMethodNotFound, Message: "the host has no method " + quoteStart([]byte(method))}
	}
	var req ApprovalRequest
	if err := json.Unmarshal(params, &req); err != nil || req.Tool == "" || req.Reason == "" {
		return nil, &rpcError{Code: codeInvalidParams, Message: "approval.request needs tool and reason"}
	}
	req.Plugin = p.name()
	type decision struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason,omitempty"`
	}
	if p.rt.Approver == nil {
		return decision{"rejected", "no approval manager in this command"}, nil
	}
	ok, err := p.rt.Approver.Approve(ctx, req)
	if ok {
		return decision{Decision: "approved"}, nil
	}
	why := "rejected"
	if err != nil {
		why = err.Error()
	}
	return decision{"rejected", why}, nil
}

func (rt *Runtime) logger() *slog.Logger {
	if rt.Log != nil {
		return rt.Log
	}
	return slog.New(slog.DiscardHandler)
}

// logWriter puts a plugin's stderr into the debug log, line by line.
type logWriter struct {
	log    *slog.Logger
	plugin string
	mu     sync.Mutex
	buf    []byte
}

func (w *logWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, b...)
	for {
		i := slices.Index(w.buf, '\n')
		if i < 0 {
			if len(w.buf) > 4096 {
				i = len(w.buf)
			} else {
				return len(b), nil
			}
		}
		w.log.Debug("plugin stderr", "plugin", w.plugin, "line", string(w.buf[:i]))
		w.buf = w.buf[min(i+1, len(w.buf)):]
	}
}
