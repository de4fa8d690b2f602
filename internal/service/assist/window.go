package assist

import (
	"fmt"

	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/llm"
)

// messageOverhead is what a message costs besides its text (role, framing).
const messageOverhead = 4

func cost(m model.Message) int {
	n := messageOverhead + llm.EstimateTokens(m.Content)
	for _, c := range m.ToolCalls {
		n += messageOverhead + llm.EstimateTokens(c.Name) + llm.EstimateTokens(c.Arguments)
	}
	return n
}

func costOf(ms []model.Message) int {
	n := 0
	for _, m := range ms {
		n += cost(m)
	}
	return n
}

// group is one turn of the history: a user message, or an assistant
// message with the results of its tool calls. A turn is kept or dropped
// whole, since a tool result without its call is an error for the server.
type group []model.Message

func groups(history []model.Message) []group {
	var out []group
	for _, m := range history {
		if m.Role == model.RoleTool && len(out) > 0 {
			out[len(out)-1] = append(out[len(out)-1], m)
			continue
		}
		out = append(out, group{m})
	}
	return out
}

// shortened is what an old tool result becomes when the window is full.
const shortened = "(this earlier tool output was removed to fit the context window; call the tool again if you need it)"

// fit returns the messages of a call within budget tokens: the system
// message and the brief always, then the history. When it does not fit,
// the outputs of older tool calls are shortened first, oldest first; then
// the oldest turns are dropped, with a note saying so. The latest turn
// (the newest tool results) is always kept whole.
func fit(budget int, head []model.Message, history []model.Message) []model.Message {
	gs := groups(history)
	total := costOf(head) + costOf(history)
	for i := 0; i < len(gs)-1 && total > budget; i++ {
		g := append(group(nil), gs[i]...)
		for j, m := range g {
			if m.Role == model.RoleTool && m.Content != shortened {
				total -= cost(m)
				m.Content = shortened
				g[j] = m
				total += cost(m)
			}
		}
		gs[i] = g
	}
	dropped := 0
	for dropped < len(gs)-1 && total > budget {
		total -= costOf(gs[dropped])
		dropped++
	}
	out := append([]model.Message(nil), head...)
	if dropped > 0 {
		out = append(out, model.Message{Role: model.RoleUser,
			Content: fmt.Sprintf("(%d earlier turns of this session were dropped to fit the context window.)", dropped)})
	}
	for _, g := range gs[dropped:] {
		out = append(out, g...)
	}
	return out
}
