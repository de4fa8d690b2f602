package cmdutil

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/spf13/cobra"
)

func TestExport(t *testing.T) {
	data := map[string]any{"name": "oss-dev", "tags": []string{"a", "b"}}
	var buf bytes.Buffer
	if err := (&Output{JSON: true}).Export(&buf, data); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\n  \"name\": \"oss-dev\"") {
		t.Fatalf("not indented JSON: %s", buf.String())
	}
	buf.Reset()
	if err := (&Output{JQ: ".tags[]"}).Export(&buf, data); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "a\nb\n" {
		t.Fatalf("--jq strings print raw, one a line: %q", buf.String())
	}
	buf.Reset()
	if err := (&Output{JQ: "{n: .name}"}).Export(&buf, data); err != nil || buf.String() != "{\"n\":\"oss-dev\"}\n" {
		t.Fatalf("--jq objects print compact JSON: %q %v", buf.String(), err)
	}
	err := (&Output{JQ: ".[["}).Export(&buf, data)
	if !IsUsageError(err) {
		t.Fatalf("a bad --jq expression is a usage error: %v", err)
	}
	err = (&Output{JQ: ".name | error"}).Export(&buf, data)
	if !errcode.HasCode(err, errcode.InvalidInput) {
		t.Fatalf("a failing --jq expression: %v", err)
	}
}

func TestReportsAndExitStatuses(t *testing.T) {
	cases := []struct {
		err    error
		code   errcode.Code
		status int
	}{
		{errcode.New(errcode.NotFound, "no issue 9", "check the number"), errcode.NotFound, ExitError},
		{fmt.Errorf("wrapped: %w", errcode.New(errcode.ConfigInvalid, "bad key", "fix it")), errcode.ConfigInvalid, ExitError},
		{UsageErrorf("missing REF"), errcode.Usage, ExitUsage},
		{errors.New("unknown flag: --nope"), errcode.Usage, ExitUsage},
		{context.Canceled, errcode.Canceled, ExitError},
		{errors.New("something odd"), errcode.Unknown, ExitError},
	}
	for _, c := range cases {
		ios, _, _, errOut := iostreams.Test()
		status := PrintError(ios, c.err, &Output{})
		if status != c.status {
			t.Errorf("%v: status %d, want %d", c.err, status, c.status)
		}
		if !strings.HasPrefix(errOut.String(), "error ["+string(c.code)+"]") {
			t.Errorf("%v: printed %q", c.err, errOut.String())
		}
		if strings.Contains(errOut.String(), "goroutine") {
			t.Errorf("a stack trace reached the user: %q", errOut.String())
		}
	}
}

func TestDebugShowsTheCauseChain(t *testing.T) {
	err := errcode.Wrap(errcode.ProviderUnavailable, errors.New("dial tcp: refused"), "GitHub could not be reached", "check the network")
	ios, _, _, errOut := iostreams.Test()
	PrintError(ios, err, &Output{})
	if strings.Contains(errOut.String(), "refused") || !strings.Contains(errOut.String(), "--debug") {
		t.Fatalf("without --debug: %q", errOut.String())
	}
	ios, _, _, errOut = iostreams.Test()
	PrintError(ios, err, &Output{Debug: true})
	if !strings.Contains(errOut.String(), "cause: dial tcp: refused") || !strings.Contains(errOut.String(), "fix: check the network") {
		t.Fatalf("with --debug: %q", errOut.String())
	}
	ios, _, _, errOut = iostreams.Test()
	PrintError(ios, err, &Output{JSON: true})
	if !strings.Contains(errOut.String(), `"code": "PROVIDER_UNAVAILABLE"`) {
		t.Fatalf("with --json: %q", errOut.String())
	}
}

func TestTable(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	tb := NewTable(ios, "NUMBER", "TITLE")
	tb.AddRow("7", "Crash\ton empty\nconfig")
	tb.AddRow("12", "title with \x1b[31mescape")
	if err := tb.Render(); err != nil {
		t.Fatal(err)
	}
	// Piped output is sanitised too: a script reading it may print it.
	if out.String() != "7\tCrash on empty config\n12\ttitle with escape\n" {
		t.Fatalf("piped: %q", out.String())
	}

	ios, _, out, _ = iostreams.Test()
	ios.SetStdoutTTY(true)
	ios.SetTerminalWidth(30)
	tb = NewTable(ios, "NUMBER", "TITLE")
	tb.AddRow("7", "a title far longer than the terminal is wide")
	tb.AddRow("12", "title with \x1b[31mescape")
	if err := tb.Render(); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
		if n := len([]rune(l)); n > 30 {
			t.Errorf("line %q is %d wide on a 30-column terminal", l, n)
		}
	}
	if strings.Contains(out.String(), "\x1b") || !strings.Contains(out.String(), "…") {
		t.Fatalf("terminal: %q", out.String())
	}
}

func TestGroupRunESuggests(t *testing.T) {
	group := &cobra.Command{Use: "analyze", RunE: GroupRunE}
	group.AddCommand(&cobra.Command{Use: "repo", Run: func(*cobra.Command, []string) {}})
	group.AddCommand(&cobra.Command{Use: "issue", Run: func(*cobra.Command, []string) {}})
	tests := []struct{ arg, want string }{
		{"repoo", `unknown command "repoo" for "analyze"; did you mean "repo"?`},
		{"rpo", `unknown command "rpo" for "analyze"; did you mean "repo"?`},
		{"zzzzzz", `unknown command "zzzzzz" for "analyze"`},
	}
	for _, tt := range tests {
		err := GroupRunE(group, []string{tt.arg})
		if !IsUsageError(err) || err.Error() != tt.want {
			t.Errorf("GroupRunE(%q) = %v, want usage error %q", tt.arg, err, tt.want)
		}
	}
}

// JSON carries outside text with every control escaped: C0 by
// encoding/json, and DEL, C1, U+2028 and U+2029 by Export, so that printing
// the JSON on a terminal does nothing but print it.
func TestExportEscapesControls(t *testing.T) {
	title := "a\x1b]0;t\x07b\u009b2J\u0085\x7f\u2028\u2029c"
	for _, o := range []*Output{{JSON: true}, {JQ: "."}, {JQ: "[.title]"}} {
		var out strings.Builder
		if err := o.Export(&out, map[string]string{"title": title}); err != nil {
			t.Fatal(err)
		}
		for _, r := range out.String() {
			if r != '\n' && (r < 0x20 || r >= 0x7f && r <= 0x9f || r == 0x2028 || r == 0x2029) {
				t.Fatalf("%+v: raw %U in %q", o, r, out.String())
			}
		}
		if !strings.Contains(out.String(), `\u009b`) {
			t.Fatalf("%+v: %q", o, out.String())
		}
		var back map[string]any
		if o.JQ != "[.title]" {
			if err := json.Unmarshal([]byte(out.String()), &back); err != nil || back["title"] != title {
				t.Fatalf("%+v: does not decode to the title: %v %q", o, err, back["title"])
			}
		}
	}
}

// A wrapped column keeps every word of its text on a narrow terminal.
func TestTableWrap(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	ios.SetStdoutTTY(true)
	ios.SetTerminalWidth(40)
	tb := NewTable(ios, "KIND", "COMMAND", "FROM")
	tb.Wrap(1)
	cmd := "cargo clippy --workspace --all-targets --all-features -- -D warnings"
	tb.AddRow("lint", cmd, "ci.yml:12")
	if err := tb.Render(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	var words []string
	for _, l := range lines[1:] {
		if n := len([]rune(l)); n > 40 {
			t.Errorf("line %q is %d wide on a 40-column terminal", l, n)
		}
		f := strings.Fields(l)
		if len(f) > 0 && f[0] == "lint" {
			f = f[1:]
		}
		if len(f) > 0 && f[len(f)-1] == "ci.yml:12" {
			f = f[:len(f)-1]
		}
		words = append(words, f...)
	}
	if got := strings.Join(words, " "); got != cmd {
		t.Errorf("wrapped command reads %q, want %q\n%s", got, cmd, out.String())
	}
	if len(lines) < 3 || strings.Contains(out.String(), "…") {
		t.Errorf("the command was cut instead of wrapped:\n%s", out.String())
	}
}
