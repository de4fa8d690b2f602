package assist_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/provider/git"
	"github.com/oss-dev/oss-dev/internal/provider/llm/llmtest"
	"github.com/oss-dev/oss-dev/internal/provider/llm/openai"
	"github.com/oss-dev/oss-dev/internal/service/approvals"
	"github.com/oss-dev/oss-dev/internal/service/assist"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

const helloGo = `package hello

// Greeting says hello.
func Greeting() string {
	return "hello"
}
`

// repo builds a git repository with files committed.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	return sharedtest.GitRepo(t, files)
}

// person answers approval prompts as told and remembers what was asked.
type person struct {
	mu     sync.Mutex
	answer contract.Answer
	asked  []contract.ApprovalPrompt
}

func (p *person) Confirm(_ context.Context, pr contract.ApprovalPrompt) (contract.Answer, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.asked = append(p.asked, pr)
	return p.answer, nil
}

// harness is one assistant run against the fake model server.
type harness struct {
	t      *testing.T
	root   string
	srv    *llmtest.OpenAI
	person *person
	audit  string
	events []assist.Event
	loop   *assist.Loop
}

func newHarness(t *testing.T, policy config.Policy, files map[string]string) *harness {
	t.Helper()
	root := repo(t, files)
	srv := llmtest.NewOpenAI(t)
	llm, err := openai.New(config.ModelConfig{Provider: "openai", Name: "gpt-4o-mini", BaseURL: srv.URL, APIKey: "sk-test-key-123456"}, openai.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	h := &harness{t: t, root: root, srv: srv, person: &person{answer: contract.AnswerYes}, audit: filepath.Join(t.TempDir(), "audit.jsonl")}
	m := &approval.Manager{Policy: policy, Env: approval.Environment{RepoRoot: root}, Sandbox: approvals.Sandbox(&cfg),
		Audit: &approval.AuditLog{Path: h.audit}, Confirmer: h.person}
	g, err := git.New(root)
	if err != nil {
		t.Fatal(err)
	}
	tools, err := assist.NewRegistry(assist.Builtins()...)
	if err != nil {
		t.Fatal(err)
	}
	ws := &assist.Workspace{Root: root, Workflow: "hello-1-abc123", Approver: m, Git: g, Network: true,
		Test: assist.Command{Command: "true"}}
	h.loop = &assist.Loop{LLM: llm, Tools: tools, WS: ws, Observe: func(e assist.Event) { h.events = append(h.events, e) },
		Brief: assist.Brief{IssueTitle: "Greeting should say hello, world", IssueBody: "The greeting is too short.",
			Requirements: []string{"Greeting returns \"hello, world\""}, Plan: "1. Change Greeting in hello.go."}}
	return h
}

func (h *harness) run(ctx context.Context) (assist.Outcome, *assist.Session, error) {
	s := assist.NewSession("hello-1-abc123", "", timeNow())
	out, err := h.loop.Run(ctx, s)
	return out, s, err
}

func (h *harness) file(name string) string {
	h.t.Helper()
	b, err := os.ReadFile(filepath.Join(h.root, name))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

func (h *harness) auditRecords() []approval.Record {
	h.t.Helper()
	recs, err := approval.ReadAudit(h.audit, "")
	if err != nil {
		h.t.Fatal(err)
	}
	return recs
}

func (h *harness) kinds() []string {
	var out []string
	for _, e := range h.events {
		if e.Kind != assist.EventText && e.Kind != assist.EventUsage {
			out = append(out, string(e.Kind)+":"+e.Tool)
		}
	}
	return out
}

// toolResults returns the tool messages the model was sent in request i.
func (h *harness) toolResults(i int) []string {
	h.t.Helper()
	reqs := h.srv.Requests()
	if i >= len(reqs) {
		h.t.Fatalf("request %d was never made (%d made)", i, len(reqs))
	}
	c, err := reqs[i].Chat()
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, m := range c.Messages {
		if m.Role == "tool" {
			out = append(out, m.Text())
		}
	}
	return out
}

func call(name string, args any) llmtest.ToolCall {
	b, _ := json.Marshal(args)
	return llmtest.ToolCall{Name: name, Arguments: string(b)}
}

func turn(calls ...llmtest.ToolCall) llmtest.Reply { return llmtest.Reply{ToolCalls: calls} }

func done(text string) llmtest.Reply { return llmtest.Reply{Text: []string{text}} }

func contains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// noOne takes the person away: approvals have no terminal to ask.
func noOne(h *harness) {
	h.loop.WS.Approver.(*approval.Manager).Confirmer = nil
}
