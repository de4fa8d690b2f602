package openai

import (
	"context"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/model"
)

// FuzzEvents feeds arbitrary bytes to the stream decoder as a server's
// answer body. Whatever the server sends, the decoder must not panic, must
// end with exactly one Done or one error and nothing after it, and every
// tool call it hands on must have a name, an ID and JSON arguments.
func FuzzEvents(f *testing.F) {
	for _, seed := range []string{
		"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n",
		"data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}\n\n" +
			"data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":\"}}]}}]}\n\n" +
			"data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}}]}\n\n" +
			"data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}\n\ndata: [DONE]\n\n",
		"data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"x\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"},\"extra_content\":{\"google\":{\"thought_signature\":\"s\"}}}]},\"finish_reason\":\"stop\"}]}\r\n\r\n",
		": keep-alive\n\nevent: error\ndata: {\"error\":{\"message\":\"boom\"}}\n\n",
		"data: {\"error\":\"model not found\"}\n\n",
		"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\ndata: more\n\n",
		"data:{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"no space\"},\"finish_reason\":\"length\"}]}",
	} {
		f.Add([]byte(seed))
	}
	p, err := New(config.ModelConfig{Provider: "ollama"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var events []model.StreamEvent
		var errs []error
		s := &stream{p: p, caller: context.Background(), yield: func(ev model.StreamEvent, err error) bool {
			if err != nil {
				errs = append(errs, err)
			} else {
				events = append(events, ev)
			}
			if len(errs) > 0 && (len(errs) > 1 || err == nil) {
				t.Fatalf("an event followed an error: %+v %v", ev, errs)
			}
			return true
		}}
		s.events(strings.NewReader(string(body)))
		dones := 0
		for i, ev := range events {
			switch ev.Kind {
			case model.EventDone:
				dones++
				if i != len(events)-1 || ev.FinishReason == "" {
					t.Fatalf("Done at %d of %d, finish %q", i, len(events), ev.FinishReason)
				}
			case model.EventToolCall:
				c := ev.ToolCall
				// Arguments may be anything the model sent: the caller
				// validates them and answers the model with the error.
				if c == nil || c.Name == "" || c.ID == "" || c.Arguments == "" {
					t.Fatalf("tool call %+v", c)
				}
			}
		}
		if dones+len(errs) != 1 {
			t.Fatalf("%d Done events and %d errors; want exactly one end", dones, len(errs))
		}
	})
}
