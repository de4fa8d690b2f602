package mentoring

import (
	"context"
	"io"
	"strings"

	"github.com/oss-dev/oss-dev/internal/core/workflow"
	"github.com/oss-dev/oss-dev/internal/model"
)

// maxPlanPrompt bounds the issue text sent to a model.
const maxPlanPrompt = 12000

// enrichPlan asks the configured language model, if there is one, to add
// to the offline plan; its answer is streamed to Stream as it comes and
// returned as a section of plan.md. No model means no section, no error.
func (ss *session) enrichPlan(ctx context.Context, st *workflow.State, plan string) (string, error) {
	if ss.svc.LLM == nil {
		return "", nil
	}
	llm, err := ss.svc.LLM()
	if err != nil || llm == nil {
		return "", err
	}
	var im issueMeta
	if _, err := issueField.read(st, &im); err != nil {
		return "", err
	}
	body := im.Body
	if len(body) > maxPlanPrompt {
		body = body[:maxPlanPrompt]
	}
	msgs := []model.Message{
		{Role: model.RoleSystem, Content: "You help a newcomer contribute to an open-source project. Be concrete and brief. Do not invent files: use the plan's files."},
		{Role: model.RoleUser, Content: "Issue: " + im.Title + "\n\n" + body + "\n\nThe plan so far:\n\n" + plan +
			"\n\nAdd what the plan misses: the likely cause, the change to make in which file, and the test to write. Answer in Markdown, at most 15 lines."},
	}
	ss.svc.progress("Asking " + llm.ModelName() + " to add to the plan")
	var out strings.Builder
	var usage *model.Usage
	for ev, err := range llm.ChatCompletion(ctx, msgs, nil) {
		if err != nil {
			return "", err
		}
		switch ev.Kind {
		case model.EventText:
			out.WriteString(ev.Text)
			if ss.svc.Stream != nil {
				io.WriteString(ss.svc.Stream, ev.Text)
			}
		case model.EventDone:
			usage = ev.Usage
		}
	}
	if ss.svc.Stream != nil {
		io.WriteString(ss.svc.Stream, "\n")
	}
	if usage == nil {
		n, _ := llm.CountTokens(ctx, msgs[1].Content+out.String())
		usage = &model.Usage{TotalTokens: n}
	}
	if err := addTokens(st, *usage); err != nil {
		return "", err
	}
	text := strings.TrimSpace(out.String())
	if text == "" {
		return "", nil
	}
	return "## Suggestions from " + llm.ModelName() + "\n\n" + text + "\n", nil
}

func addTokens(st *workflow.State, u model.Usage) error {
	var t Tokens
	if _, err := tokensField.read(st, &t); err != nil {
		return err
	}
	t.Calls++
	t.Input += u.InputTokens
	t.Output += u.OutputTokens
	total := u.TotalTokens
	if total == 0 {
		total = u.InputTokens + u.OutputTokens
	}
	t.Total += total
	return tokensField.write(st, t)
}
