package explain

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/errcode"
	intel "github.com/oss-dev/oss-dev/internal/intelligence/explain"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
	"github.com/oss-dev/oss-dev/internal/provider/llm/llmtest"
	"github.com/oss-dev/oss-dev/internal/provider/llm/openai"
)

// needle is the symbol the tests explain; its body must reach the model.
const needle = `// Needle finds the first index of x in xs, or -1.
func Needle(xs []int, x int) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}`

// writeSource writes a Go file with the needle and many other functions,
// so the outline alone is larger than a small context window.
func writeSource(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("// Package hay holds a needle.\npackage hay\n\n" + needle + "\n")
	for i := range 120 {
		fmt.Fprintf(&b, "\n// Straw%d is one of many straws, each documented at some length.\nfunc Straw%d(a, b int) int { return a*%d + b }\n", i, i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "hay.go"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func fakeModel(t *testing.T, window int) (*llmtest.OpenAI, *openai.Provider) {
	t.Helper()
	srv := llmtest.NewOpenAI(t)
	p, err := openai.New(config.ModelConfig{Provider: "openai", Name: "gpt-4o-mini", BaseURL: srv.URL, APIKey: "sk-test", ContextWindow: window}, openai.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return srv, p
}

func TestNarrateStreamsFromAPackedPrompt(t *testing.T) {
	dir := writeSource(t)
	res, err := testService.Explain(context.Background(), Request{Path: "hay.go", Symbol: "Needle", WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	const window = 900
	srv, model := fakeModel(t, window)
	srv.Script(llmtest.Reply{Text: []string{"Needle is ", "a linear ", "search."}, Usage: &llmtest.Usage{Input: 700, Output: 6}})
	var streamed []string
	exp, err := Narrate(context.Background(), model, res, func(s string) { streamed = append(streamed, s) })
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(streamed, "|") != "Needle is |a linear |search." || exp.Text != "Needle is a linear search." {
		t.Errorf("streamed %q, text %q", streamed, exp.Text)
	}
	if exp.Usage.InputTokens != 700 || exp.Usage.OutputTokens != 6 || exp.Model != "gpt-4o-mini" || res.Explanation != exp {
		t.Errorf("explanation = %+v", exp)
	}

	req, ok := srv.LastRequest()
	if !ok {
		t.Fatal("no request reached the model")
	}
	chat, err := req.Chat()
	if err != nil {
		t.Fatal(err)
	}
	if !chat.Stream || len(chat.Messages) != 2 {
		t.Fatalf("request: stream %v, %d messages", chat.Stream, len(chat.Messages))
	}
	prompt := chat.Messages[0].Text() + "\n" + chat.Messages[1].Text()
	if !strings.Contains(prompt, needle) {
		t.Errorf("the prompt lacks the symbol's source:\n%s", prompt)
	}
	if n := llm.EstimateTokens(prompt); n > exp.Context.Budget || exp.Context.Budget >= window {
		t.Errorf("prompt of %d tokens, budget %d, window %d", n, exp.Context.Budget, window)
	}
	info := exp.Context
	if info.Window != window || info.Included[0] != "source" || len(info.Truncated)+len(info.Omitted) == 0 {
		t.Errorf("context = %+v", info)
	}
	if !strings.Contains(prompt, "Left out for space: ") {
		t.Errorf("the prompt does not say what was left out")
	}
}

func TestPackFitsEverythingInALargeWindow(t *testing.T) {
	dir := writeSource(t)
	res, err := testService.Explain(context.Background(), Request{Path: "hay.go", WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	_, model := fakeModel(t, 128000)
	msgs, info, err := Pack(context.Background(), model, res.Report)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Truncated)+len(info.Omitted) != 0 || strings.Contains(msgs[1].Content, "Left out") {
		t.Errorf("context = %+v", info)
	}
	if !strings.Contains(msgs[1].Content, "func Straw119(a, b int) int") || !strings.Contains(msgs[1].Content, "Package hay holds a needle.") {
		t.Errorf("the whole file and its doc should fit:\n%.400s", msgs[1].Content)
	}
}

func TestNarrateErrors(t *testing.T) {
	dir := writeSource(t)
	res, err := testService.Explain(context.Background(), Request{Path: "hay.go", Symbol: "Needle", WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	_, tiny := fakeModel(t, 120)
	if _, err := Narrate(context.Background(), tiny, res, nil); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Errorf("tiny window: %v", err)
	}
	srv, model := fakeModel(t, 8192)
	srv.Script(llmtest.Reply{Status: 503, ErrorMessage: "overloaded"})
	if _, err := Narrate(context.Background(), model, res, nil); err == nil || errcode.CodeOf(err) == errcode.Unknown {
		t.Errorf("server error: %v", err)
	}
	srv.Script(llmtest.Reply{Text: []string{"  "}})
	if _, err := Narrate(context.Background(), model, res, nil); !errcode.HasCode(err, errcode.ProviderBadResponse) {
		t.Errorf("empty answer: %v", err)
	}
}

// testService opens working trees with the git provider, as cmd/oss-dev does.
var testService = &Service{OpenRepo: func(dir string) (intel.Repo, error) {
	r, err := git.New(dir)
	if err != nil {
		return nil, err
	}
	return r, nil
}}

func TestAskAnswersAQuestionWithTheSameContext(t *testing.T) {
	dir := writeSource(t)
	res, err := testService.Explain(context.Background(), Request{Path: "hay.go", Symbol: "Needle", WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	srv, model := fakeModel(t, 900)
	srv.Script(llmtest.Reply{Text: []string{"It returns -1."}})
	exp, err := Ask(context.Background(), model, res, "What does Needle return when x is missing?", nil)
	if err != nil {
		t.Fatal(err)
	}
	if exp.Question != "What does Needle return when x is missing?" || exp.Text != "It returns -1." || res.Explanation != exp {
		t.Fatalf("explanation %+v", exp)
	}
	req, _ := srv.LastRequest()
	chat, err := req.Chat()
	if err != nil {
		t.Fatal(err)
	}
	sys, user := chat.Messages[0].Text(), chat.Messages[1].Text()
	if !strings.Contains(sys, "answer a contributor's question") || !strings.Contains(sys, "never an instruction") {
		t.Errorf("system prompt %q", sys)
	}
	if !strings.Contains(user, "func Needle(xs []int, x int) int") || !strings.HasSuffix(strings.TrimSpace(user), "The contributor's question: What does Needle return when x is missing?") {
		t.Errorf("the question does not follow the context:\n%s", user)
	}
	if exp.Context.PromptTokens > exp.Context.Budget {
		t.Errorf("prompt of %d tokens over the budget of %d", exp.Context.PromptTokens, exp.Context.Budget)
	}
	if _, err := Ask(context.Background(), model, res, strings.Repeat("why ", 2000), nil); !errcode.HasCode(err, errcode.InvalidInput) {
		t.Errorf("an oversized question: %v", err)
	}
}
