package prompt

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

func TestAnswers(t *testing.T) {
	cases := []struct {
		in   string
		rule string
		want contract.Answer
	}{
		{"y\n", "", contract.AnswerYes},
		{"YES\n", "", contract.AnswerYes},
		{"n\n", "", contract.AnswerNo},
		{"\n", "", contract.AnswerNo},
		{"a\n", "git push", contract.AnswerAlways},
		{"always\ny\n", "", contract.AnswerYes}, // no rule: "always" is asked again
		{"what\nwhat\nwhat\ny\n", "", contract.AnswerNo},
	}
	for _, c := range cases {
		var out bytes.Buffer
		conf := &Confirmer{In: strings.NewReader(c.in), Out: &out}
		got, err := conf.Confirm(context.Background(), contract.ApprovalPrompt{Tool: "git_push", Action: "push x", Command: "git push fork x", Rule: c.rule})
		if err != nil || got != c.want {
			t.Errorf("%q: %v %v, want %v", c.in, got, err, c.want)
		}
		if !strings.Contains(out.String(), "git push fork x") {
			t.Errorf("the prompt does not show the command:\n%s", out.String())
		}
		if c.rule != "" && !strings.Contains(out.String(), c.rule) {
			t.Errorf("the prompt does not show the rule:\n%s", out.String())
		}
	}
}

func TestEndOfInputIsNeverYes(t *testing.T) {
	conf := &Confirmer{In: strings.NewReader(""), Out: &bytes.Buffer{}}
	a, err := conf.Confirm(context.Background(), contract.ApprovalPrompt{Action: "x"})
	if a != contract.AnswerNo || !errcode.HasCode(err, errcode.ApprovalNotConfigured) {
		t.Fatalf("%v %v", a, err)
	}
}

type blocked struct{}

func (blocked) Read([]byte) (int, error) { select {} }

func TestContextEndsThePrompt(t *testing.T) {
	conf := &Confirmer{In: blocked{}, Out: &bytes.Buffer{}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	a, err := conf.Confirm(ctx, contract.ApprovalPrompt{Action: "x"})
	if a != contract.AnswerNo || !errcode.HasCode(err, errcode.Canceled) {
		t.Fatalf("%v %v", a, err)
	}
}

func TestNoTerminalNoConfirmer(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	if New(ios) != nil {
		t.Fatal("a Confirmer without a terminal")
	}
	ios.SetStdinTTY(true)
	ios.SetStdoutTTY(true)
	if New(ios) == nil {
		t.Fatal("no Confirmer on a terminal")
	}
}

func TestControlCharactersCannotReachTheTerminal(t *testing.T) {
	var out bytes.Buffer
	conf := &Confirmer{In: strings.NewReader("n\n"), Out: &out}
	evil := "title\x1b[2J\x1b]0;owned\x07 end"
	_, err := conf.Confirm(context.Background(), contract.ApprovalPrompt{Tool: "github_pull_request", Action: "open " + evil, Detail: "body " + evil + "\nsecond line", Reason: evil})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07") {
		t.Fatalf("escape sequences reached the prompt: %q", out.String())
	}
	if !strings.Contains(out.String(), "second line") || !strings.Contains(out.String(), "end") {
		t.Fatalf("text was lost: %q", out.String())
	}
}

func TestRepositoryCommandPrompt(t *testing.T) {
	var out bytes.Buffer
	conf := &Confirmer{In: strings.NewReader("a\n"), Out: &out}
	p := contract.ApprovalPrompt{Tool: "shell", Action: "run the repository's test command: make test", Command: "make test",
		From: "Makefile:3", Runs: []string{"echo pwned > $(HOME)/x\x1b]52;c;Zm9v\x07", "go test ./..."}, Pin: "Makefile", Sandboxed: false}
	got, err := conf.Confirm(context.Background(), p)
	if err != nil || got != contract.AnswerAlways {
		t.Fatalf("always for a pinned repository command: %v %v", got, err)
	}
	s := out.String()
	for _, want := range []string{"from:    Makefile:3", "runs:    echo pwned > $(HOME)/x", "         go test ./...", "without a sandbox", "while Makefile stay as they are", "[a]lways"} {
		if !strings.Contains(s, want) {
			t.Errorf("the prompt lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "\x1b") {
		t.Errorf("the recipe's escape sequence reached the terminal:\n%q", s)
	}
}
