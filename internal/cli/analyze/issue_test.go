package analyze

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/cmdutil"
	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

func TestNewCmdIssueFlags(t *testing.T) {
	tests := []struct {
		args    string
		want    IssueOptions
		wantErr string
	}{
		{args: "cli/cli#1", want: IssueOptions{Ref: "cli/cli#1"}},
		{args: "--file x.md", want: IssueOptions{File: "x.md"}},
		{args: "-F - --batch", want: IssueOptions{File: "-", Batch: true}},
		{args: "", wantErr: "missing REF"},
		{args: "a/b#1 --file x", wantErr: "not both"},
		{args: "a/b#1 --batch", wantErr: "--batch needs --file"},
		{args: "a/b#1 c/d#2", wantErr: "at most 1"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IO: ios, Output: &cmdutil.Output{}}
			var got *IssueOptions
			cmd := NewCmdIssue(f, func(o *IssueOptions) error { got = o; return nil })
			cmd.SetArgs(strings.Fields(tt.args))
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !cmdutil.IsUsageError(err) {
					t.Fatalf("err = %v, want a usage error with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Ref != tt.want.Ref || got.File != tt.want.File || got.Batch != tt.want.Batch {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

func runIssue(t *testing.T, opts *IssueOptions, stdin string, tty bool) (string, error) {
	t.Helper()
	ios, in, out, _ := iostreams.Test()
	ios.SetStdoutTTY(tty)
	in.WriteString(stdin)
	opts.IO = ios
	if opts.Output == nil {
		opts.Output = &cmdutil.Output{}
	}
	opts.Now = func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }
	err := issueRun(context.Background(), opts)
	return out.String(), err
}

func TestIssueRunMarkdownFile(t *testing.T) {
	out, err := runIssue(t, &IssueOptions{File: "testdata/issue.md"}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Add a --json flag to the export command",
		"Type: feature (confidence 0.62, from the model)",
		"Newcomer suitability:",
		"Taken: no",
		"Acceptance criteria",
		"[x] The shape is documented in docs/export.md (body line 4)",
		"cmd/export/export.go (body line 6)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes in piped output")
	}
}

func TestIssueRunJSONFromStdin(t *testing.T) {
	body := `{"number":5,"title":"App crashes on start","body":"Steps to reproduce:\n1. run it","html_url":"https://github.com/o/r/issues/5","assignees":[{"login":"x"}],"labels":[]}`
	out, err := runIssue(t, &IssueOptions{File: "-", Output: &cmdutil.Output{JSON: true}}, body, false)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"issue", "classification", "suitability", "requirements", "claim"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	var claim struct {
		Taken  bool   `json:"taken"`
		Status string `json:"status"`
	}
	json.Unmarshal(got["claim"], &claim)
	if !claim.Taken || claim.Status != "assigned" {
		t.Errorf("claim = %+v", claim)
	}
	var info struct {
		Repo string `json:"repo"`
	}
	json.Unmarshal(got["issue"], &info)
	if info.Repo != "o/r" {
		t.Errorf("repo = %q", info.Repo)
	}
}

func TestIssueRunBatchSharedData(t *testing.T) {
	data, err := os.ReadFile(sharedtest.DataFile(t, "nlbse24-issues-train.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfterN(string(data), "\n", 6)[:5]
	out, err := runIssue(t, &IssueOptions{File: "-", Batch: true, Output: &cmdutil.Output{JSON: true}}, strings.Join(lines, ""), false)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	if len(got) != 5 {
		t.Fatalf("%d result lines for 5 issues:\n%s", len(got), out)
	}
	for _, l := range got {
		var r struct {
			Issue struct {
				GoldLabel string `json:"gold_label"`
			} `json:"issue"`
			Classification struct {
				Type string `json:"type"`
			} `json:"classification"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil || r.Issue.GoldLabel == "" || r.Classification.Type == "" {
			t.Errorf("line %q: %v", l, err)
		}
	}
	out, err = runIssue(t, &IssueOptions{File: "-", Batch: true}, strings.Join(lines, ""), false)
	if err != nil || strings.Count(out, "\n") != 5 || !strings.HasPrefix(out, "facebook/react/0\t") {
		t.Errorf("plain batch output (%v):\n%s", err, out)
	}
}

func TestIssueRunErrors(t *testing.T) {
	if _, err := runIssue(t, &IssueOptions{File: "testdata/missing.md"}, "", false); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := runIssue(t, &IssueOptions{File: "-"}, "{not json", false); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Errorf("bad JSON: %v", err)
	}
	if _, err := runIssue(t, &IssueOptions{Ref: "o/r#1"}, "", false); !errcode.HasCode(err, errcode.ProviderNotFound) {
		t.Errorf("no GitHub: %v", err)
	}
}

func TestTypeDetail(t *testing.T) {
	tests := []struct {
		typ, base, source string
		want              string
	}{
		{"bug", "bug", "model", "confidence 0.57, from the model"},
		{"documentation", "feature", "label", "refines feature, confidence 0.57, from the label"},
	}
	for _, tt := range tests {
		if got := typeDetail(tt.typ, tt.base, 0.57, tt.source); got != tt.want {
			t.Errorf("typeDetail(%q, %q) = %q, want %q", tt.typ, tt.base, got, tt.want)
		}
	}
}
