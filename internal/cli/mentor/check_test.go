package mentor

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/provider/github"
	"github.com/oss-dev/oss-dev/internal/service/mentoring"
	"github.com/oss-dev/oss-dev/internal/service/mentoring/mentoringtest"
)

func TestCheckArgs(t *testing.T) {
	tests := []struct {
		args    []string
		id      string
		numbers []int
		all     bool
		undo    bool
		wantErr string
	}{
		{args: nil},
		{args: []string{"2", "3"}, numbers: []int{2, 3}},
		{args: []string{"widget-7-abc", "2"}, id: "widget-7-abc", numbers: []int{2}},
		{args: []string{"widget-7-abc"}, id: "widget-7-abc"},
		{args: []string{"--all"}, all: true},
		{args: []string{"2", "--undo"}, numbers: []int{2}, undo: true},
		{args: []string{"2", "x"}, wantErr: `"x" is not a requirement number`},
		{args: []string{"0"}, wantErr: `"0" is not a requirement number`},
		{args: []string{"2", "--all"}, wantErr: "not both"},
		{args: []string{"--undo"}, wantErr: "--undo needs"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}}
			var got *CheckOptions
			cmd := NewCmdCheck(f, func(o *CheckOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !asFlagError(err, &fe) {
					t.Fatalf("err = %v, want a usage error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != tt.id || got.All != tt.all || got.Undo != tt.undo || len(got.Numbers) != len(tt.numbers) {
				t.Fatalf("options %+v", got)
			}
			for i, n := range tt.numbers {
				if got.Numbers[i] != n {
					t.Fatalf("numbers %v", got.Numbers)
				}
			}
		})
	}
}

func asFlagError(err error, fe **cmdutil.FlagError) bool {
	e, ok := err.(*cmdutil.FlagError)
	*fe = e
	return ok
}

// startedWorld is a workflow started in the test world, and the service
// as cmd/oss-dev wires it for a working directory.
func startedWorld(t *testing.T) (*mentoringtest.World, func(workDir string) *mentoring.Service) {
	w := mentoringtest.New(t)
	w.SetProcessEnv(t, "OSS_DEV_APPROVAL__POLICY=auto")
	gh, err := github.New(&http.Client{}, github.Options{APIURL: w.GitHub.APIURL(), Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	wired := func(workDir string) *mentoring.Service {
		s := &mentoring.Service{WorkDir: workDir, GitHub: func() (mentoring.GitHub, error) { return gh, nil },
			Dirs: config.ResolveDirs(nil), LoadConfig: func(dir string) (*config.Loaded, error) {
				return config.Load(config.LoadOptions{WorkDir: dir})
			}}
		s.OpenRepo = func(dir string) (mentoring.Repo, error) {
			r, err := git.New(dir)
			if err != nil {
				return nil, err
			}
			return r, nil
		}
		s.Clone = func(ctx context.Context, url, dir string, depth int) error {
			_, err := git.Clone(ctx, url, dir, git.CloneOptions{Depth: depth})
			return err
		}
		return s
	}
	if _, err := wired(w.Work).Start(context.Background(), mentoringtest.IssueID, ""); err != nil {
		t.Fatal(err)
	}
	return w, wired
}

// runIn runs the command newCmd builds in the clone and returns its output.
func runIn(w *mentoringtest.World, wired func(string) *mentoring.Service, newCmd func(*cmdutil.Factory) *cobra.Command, asJSON bool, args ...string) (string, error) {
	ios, _, out, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{JSON: asJSON}, WorkDir: w.Clone(),
		Mentoring: func() *mentoring.Service { return wired(w.Clone()) }}
	cmd := newCmd(f)
	cmd.SetArgs(args)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

// checkEnv is a started workflow in the test world and `mentor check` on it.
func checkEnv(t *testing.T) (*mentoringtest.World, func(json bool, args ...string) (string, error)) {
	w, wired := startedWorld(t)
	newCheck := func(f *cmdutil.Factory) *cobra.Command { return NewCmdCheck(f, nil) }
	return w, func(asJSON bool, args ...string) (string, error) {
		return runIn(w, wired, newCheck, asJSON, args...)
	}
}

func TestCheckRun(t *testing.T) {
	_, run := checkEnv(t)
	out, err := run(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  1. [ ] `ParseConfig` skips empty lines\n", "  2. [ ] a test covers it\n", "5 requirement(s) still to tick"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, err = run(false, "2", "3")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "  2. [x] a test covers it  (ticked by New Comer <newcomer@example.com> on ") || !strings.Contains(out, "3 requirement(s) still") {
		t.Fatalf("after ticking:\n%s", out)
	}
	out, err = run(true, "--all")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Unchecked int `json:"unchecked"`
		Items     []struct {
			Number    int    `json:"number"`
			Status    string `json:"status"`
			CheckedBy string `json:"checked_by"`
			CheckedAt string `json:"checked_at"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if list.Unchecked != 0 || len(list.Items) != 5 || list.Items[4].Number != 5 || list.Items[4].Status != "checked" || list.Items[4].CheckedAt == "" {
		t.Fatalf("json %+v", list)
	}
	if _, err := run(false, "9"); err == nil || !strings.Contains(err.Error(), "no requirement 9") {
		t.Fatalf("out of range: %v", err)
	}
}
