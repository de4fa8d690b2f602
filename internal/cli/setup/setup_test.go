package setup

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/diag"
	svc "github.com/oss-dev/oss-dev/internal/service/setup"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func TestNewCmdSetupFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		check   bool
		dir     string
		timeout time.Duration
		wantErr string
	}{
		{args: nil, timeout: 10 * time.Second},
		{args: []string{"--check", "--dir", "../x", "--timeout", "2s"}, check: true, dir: "../x", timeout: 2 * time.Second},
		{args: []string{"extra"}, wantErr: "no arguments"},
		{args: []string{"--timeout", "0s"}, wantErr: "--timeout"},
	} {
		ios, _, _, _ := iostreams.Test()
		f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}, WorkDir: "/w"}
		var got *Options
		cmd := NewCmdSetup(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tc.args)
		cmd.SetOut(ios.Out)
		cmd.SetErr(ios.ErrOut)
		err := cmd.Execute()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: err %v; want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.Check != tc.check || got.Dir != tc.dir || got.Timeout != tc.timeout || got.WorkDir != "/w" {
			t.Errorf("%v: %+v %v", tc.args, got, err)
		}
	}
}

// yes is a person who approves everything.
type yes struct{ asked int }

func (y *yes) Confirm(context.Context, contract.ApprovalPrompt) (contract.Answer, error) {
	y.asked++
	return contract.AnswerYes, nil
}

func TestSetupRunPreparesAndReportsJSON(t *testing.T) {
	sharedtest.RequireTool(t, "go")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/nodeps\n\ngo 1.21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, _, stdout, stderr := iostreams.Test()
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "XDG_STATE_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+quietGoConfig(t))
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	person := &yes{}
	service := &svc.Service{StateDir: config.ResolveDirs(env).State, LoadConfig: func(dir string) (*config.Loaded, error) {
		return config.Load(config.LoadOptions{WorkDir: dir, Env: env})
	}}
	opts := &Options{IO: ios, Output: &cmdutil.Output{JSON: true}, WorkDir: dir, Env: env, Confirmer: person, Timeout: time.Minute,
		Service: func() *svc.Service { return service }}
	if err := setupRun(context.Background(), opts); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var got result
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if !got.Report.OK || len(got.Steps) != 1 || len(got.Results) != 1 || got.Results[0].Outcome != "done" {
		t.Fatalf("report ok %v, steps %+v, results %+v", got.Report.OK, got.Steps, got.Results)
	}
	if !strings.Contains(stderr.String(), "[1/1] go mod download") {
		t.Errorf("no progress on stderr: %q", stderr)
	}
}

// The summary counts the lines printed above it: failed and warned tools,
// and the warnings on files that could not be read.
func TestReportSummaryAgreesWithLines(t *testing.T) {
	r := svc.Report{
		Root: "/repo",
		Tools: []svc.ToolCheck{
			{Tool: "go", Required: true, Status: svc.OK, Message: "go 1.22 at /usr/bin/go"},
			{Tool: "node", Required: true, Status: svc.Warn, Message: "20 is older than .nvmrc's 22"},
			{Tool: "cmake", Required: true, Status: svc.Fail, Message: "cmake is not installed"},
		},
		Warnings: diag.List{
			diag.NewWarning("VERSION_NOT_CHECKED", "go-version is an expression").At(".github/workflows/a.yml", 3),
			diag.NewWarning("FILE_UNREADABLE", "cannot read").At(".nvmrc", 0),
		},
		Failed: 1,
		Warned: 1,
	}
	ios, _, out, _ := iostreams.Test()
	if err := printReport(ios, r); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	for _, l := range lines[1 : len(lines)-1] {
		if f := strings.Fields(l); len(f) > 0 {
			counts[f[0]]++
		}
	}
	want := fmt.Sprintf("3 tools: %d failed, %d with a warning; %d warnings on the files read", counts["fail"], counts["warn"], counts["!"])
	if last := lines[len(lines)-1]; last != want || counts["!"] != 2 {
		t.Errorf("summary %q, want %q from the lines above:\n%s", last, want, out)
	}
}

// quietGoConfig returns a config folder in which the go command's telemetry
// is off. With it on, go starts a child process that outlives the command
// and writes its counters into the config folder while the test removes it.
func quietGoConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mode := filepath.Join(dir, "go", "telemetry", "mode")
	if err := os.MkdirAll(filepath.Dir(mode), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mode, []byte("off"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}
