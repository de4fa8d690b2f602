package config

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// env is a home folder and a repository in a temporary directory.
type env struct {
	home, repo string
	vars       []string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	root := t.TempDir()
	e := &env{home: filepath.Join(root, "home"), repo: filepath.Join(root, "repo")}
	for _, d := range []string{e.home, filepath.Join(e.repo, ".git")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Writes record project configs in the state folder of the process.
	t.Setenv("XDG_STATE_HOME", filepath.Join(root, "state"))
	e.vars = []string{"HOME=" + e.home, "XDG_CONFIG_HOME=" + filepath.Join(e.home, ".config"), "XDG_CONFIG_DIRS=" + filepath.Join(root, "etc"),
		"XDG_STATE_HOME=" + filepath.Join(root, "state")}
	return e
}

func (e *env) load() (*config.Loaded, error) {
	return config.Load(config.LoadOptions{WorkDir: e.repo, Env: e.vars})
}

func (e *env) paths() config.Paths { return config.ResolvePaths(e.repo, e.vars) }

func TestNewCmdSetParsesArguments(t *testing.T) {
	tests := []struct {
		args    string
		key     string
		value   string
		project bool
		usage   bool
	}{
		{args: "approval.policy auto", key: "approval.policy", value: "auto"},
		{args: "ui.color never --user", key: "ui.color", value: "never"},
		{args: "ui.color never --project", key: "ui.color", value: "never", project: true},
		{args: "ui.color", usage: true},
		{args: "a b c", usage: true},
		{args: "a b --user --project", usage: true},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}}
			var got *SetOptions
			cmd := NewCmdSet(f, func(o *SetOptions) error { got = o; return nil })
			cmd.SetArgs(strings.Fields(tt.args))
			cmd.SetOut(ios.Out)
			cmd.SetErr(ios.ErrOut)
			err := cmd.Execute()
			if tt.usage {
				if err == nil || !cmdutil.IsUsageError(err) {
					t.Fatalf("err = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Key != tt.key || got.Value != tt.value || got.Project != tt.project {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

func TestShowJSONShape(t *testing.T) {
	e := newEnv(t)
	e.vars = append(e.vars, "OSS_DEV_APPROVAL__POLICY=auto", "OSS_DEV_MODEL__API_KEY=sk-secret")
	ios, _, out, _ := iostreams.Test()
	err := showRun(&ShowOptions{IO: ios, Output: &cmdutil.Output{JSON: true}, Load: e.load})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "sk-secret") {
		t.Fatal("the API key is shown")
	}
	var got struct {
		Config struct {
			Approval struct{ Policy string }
			Model    struct {
				APIKey  string `json:"api_key"`
				Timeout string
			}
		}
		Origins map[string]struct {
			Layer, Variable string
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if got.Config.Approval.Policy != "auto" || got.Config.Model.APIKey != config.Masked || got.Config.Model.Timeout != "2m" {
		t.Errorf("config = %+v", got.Config)
	}
	if o := got.Origins["approval.policy"]; o.Layer != "env" || o.Variable != "OSS_DEV_APPROVAL__POLICY" {
		t.Errorf("origin = %+v", o)
	}
	if o := got.Origins["ui.color"]; o.Layer != "default" {
		t.Errorf("origin of ui.color = %+v", o)
	}
}

func TestGetUnknownKeyEvenWhenAFileIsBroken(t *testing.T) {
	e := newEnv(t)
	e.vars = append(e.vars, "OSS_DEV_NOPE=1")
	ios, _, _, _ := iostreams.Test()
	err := getRun(&GetOptions{IO: ios, Output: &cmdutil.Output{}, Load: e.load, Key: "approval.polcy"})
	if !errcode.HasCode(err, errcode.ConfigInvalid) || !strings.Contains(err.Error(), `did you mean "approval.policy"`) {
		t.Errorf("err = %v", err)
	}
}

func TestSetRunOutput(t *testing.T) {
	tests := []struct {
		name    string
		tty     bool
		json    bool
		project bool
		want    string
	}{
		{name: "piped prints nothing", want: ""},
		{name: "terminal confirms", tty: true, want: "✓ Set ui.color in "},
		{name: "json", json: true, want: `"layer": "user"`},
		{name: "project", json: true, project: true, want: `"layer": "project"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			ios, _, out, _ := iostreams.Test()
			ios.SetStdoutTTY(tt.tty)
			opts := &SetOptions{IO: ios, Output: &cmdutil.Output{JSON: tt.json}, Paths: e.paths, Load: e.load,
				Key: "ui.color", Value: "never", Project: tt.project}
			if err := setRun(opts); err != nil {
				t.Fatal(err)
			}
			if tt.want == "" && out.Len() > 0 || !strings.Contains(out.String(), tt.want) {
				t.Errorf("output %q, want %q", out, tt.want)
			}
			l, err := e.load()
			if err != nil {
				t.Fatal(err)
			}
			if l.Config.UI.Color != "never" {
				t.Errorf("ui.color = %q after set", l.Config.UI.Color)
			}
		})
	}
}

func TestSetProjectOutsideRepository(t *testing.T) {
	e := newEnv(t)
	ios, _, _, _ := iostreams.Test()
	paths := func() config.Paths { return config.ResolvePaths(e.home, e.vars) }
	err := setRun(&SetOptions{IO: ios, Output: &cmdutil.Output{}, Paths: paths, Key: "ui.color", Value: "never", Project: true})
	if !errcode.HasCode(err, errcode.ConfigNotFound) {
		t.Errorf("err = %v, want CONFIG_NOT_FOUND", err)
	}
}

func TestUnsetRunReportsAbsentKey(t *testing.T) {
	e := newEnv(t)
	ios, _, out, errOut := iostreams.Test()
	err := unsetRun(&UnsetOptions{IO: ios, Output: &cmdutil.Output{}, Paths: e.paths, Key: "ui.color"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Len() > 0 || !strings.Contains(errOut.String(), "ui.color was not set") {
		t.Errorf("stdout %q stderr %q", out, errOut)
	}
	if _, err := os.Stat(filepath.Join(e.home, ".config")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("unset created the config folder")
	}
}

func TestPathRunTerminal(t *testing.T) {
	e := newEnv(t)
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	ios.SetTerminalWidth(200)
	if err := pathRun(&PathOptions{IO: ios, Output: &cmdutil.Output{}, Paths: e.paths}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"LAYER", "system", "user", "project", "config set writes here", "config set --project writes here", "missing"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}
