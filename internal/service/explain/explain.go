// Package explain is the use case behind `oss-dev explain`: it builds the
// structural explanation of a file, folder or symbol and, when a language
// model is configured, a streamed explanation in prose from that context,
// packed to fit the model's context window.
package explain

import (
	"context"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
	intel "github.com/oss-dev/oss-dev/internal/intelligence/explain"
	"github.com/oss-dev/oss-dev/internal/model"
)

// Request says what to explain. Refs and History cap the references and
// commits listed (0: the defaults, negative: none).
type Request struct {
	Path    string
	Symbol  string
	WorkDir string
	Refs    int
	History int
	// Ctags is the ctags program; empty looks "ctags" up on PATH.
	Ctags string
}

// Result is the structural report with, when a model wrote one, its
// explanation. In JSON the report's fields come first, then "explanation".
type Result struct {
	*intel.Report
	Explanation *Explanation `json:"explanation,omitempty"`
}

// Explanation is what the language model said and what it was given.
type Explanation struct {
	Model string `json:"model"`
	// Question is what the contributor asked (--ask); empty for an
	// explanation.
	Question string      `json:"question,omitempty"`
	Text     string      `json:"text"`
	Usage    model.Usage `json:"usage"`
	// Context describes the packed prompt.
	Context ContextInfo `json:"context"`
}

// ContextInfo tells how the prompt was packed into the model's window.
type ContextInfo struct {
	// Window is the model's context window; Budget the part of it the
	// prompt may use (the rest is kept for the answer).
	Window int `json:"window"`
	Budget int `json:"budget"`
	// PromptTokens is the prompt's size as the provider counts it.
	PromptTokens int `json:"prompt_tokens"`
	// Included lists the sections sent whole, Truncated those cut short
	// (with what was kept), Omitted those left out for space.
	Included  []string `json:"included"`
	Truncated []string `json:"truncated"`
	Omitted   []string `json:"omitted"`
}

// Service explains code. Its zero value works without git: references
// and history are then skipped.
type Service struct {
	// OpenRepo opens the git working tree at dir.
	OpenRepo func(dir string) (intel.Repo, error)
	// LLM returns the configured model, nil when there is none.
	LLM func() (contract.LLM, error)
}

// Model returns the name of the configured model, "" when there is none.
// A model that is misconfigured is an error here, so the caller can show
// the offline report first and the error after it.
func (s *Service) Model() (string, error) {
	llm, err := s.llm()
	if llm == nil || err != nil {
		return "", err
	}
	return llm.ModelName(), nil
}

// Ask streams the configured model's answer to question about res, or its
// explanation of res when question is empty (see the package function Ask).
func (s *Service) Ask(ctx context.Context, res *Result, question string, onText func(string)) (*Explanation, error) {
	llm, err := s.llm()
	if err != nil {
		return nil, err
	}
	if llm == nil {
		return nil, errcode.New(errcode.ProviderNotFound, "no language model is configured", "set model.provider, or run without the explanation")
	}
	return Ask(ctx, llm, res, question, onText)
}

func (s *Service) llm() (contract.LLM, error) {
	if s.LLM == nil {
		return nil, nil
	}
	return s.LLM()
}

// Explain builds the structural report.
func (s *Service) Explain(ctx context.Context, req Request) (*Result, error) {
	rep, err := intel.Analyze(ctx, intel.Options{
		Path: req.Path, Symbol: req.Symbol, WorkDir: req.WorkDir,
		Refs: req.Refs, History: req.History, Ctags: req.Ctags, OpenRepo: s.OpenRepo,
	})
	if err != nil {
		return nil, err
	}
	return &Result{Report: rep}, nil
}

// Narrate asks llm to explain the report, calling onText with each piece
// of the answer as it streams (onText may be nil). The explanation is
// attached to res and returned.
func Narrate(ctx context.Context, llm contract.LLM, res *Result, onText func(string)) (*Explanation, error) {
	return Ask(ctx, llm, res, "", onText)
}

// Ask is Narrate answering question, with the same context; an empty
// question asks for the explanation.
func Ask(ctx context.Context, llm contract.LLM, res *Result, question string, onText func(string)) (*Explanation, error) {
	msgs, info, err := pack(ctx, llm, res.Report, question)
	if err != nil {
		return nil, err
	}
	exp := &Explanation{Model: llm.ModelName(), Question: question, Context: info}
	var text strings.Builder
	for ev, err := range llm.ChatCompletion(ctx, msgs, nil) {
		if err != nil {
			return nil, err
		}
		switch ev.Kind {
		case model.EventText:
			text.WriteString(ev.Text)
			if onText != nil {
				onText(ev.Text)
			}
		case model.EventDone:
			if ev.Usage != nil {
				exp.Usage = *ev.Usage
			}
		}
	}
	exp.Text = text.String()
	if strings.TrimSpace(exp.Text) == "" {
		return nil, errcode.New(errcode.ProviderBadResponse, "the model "+llm.ModelName()+" answered with no text",
			"try again, or run with --no-llm for the structural explanation alone")
	}
	res.Explanation = exp
	return exp, nil
}
