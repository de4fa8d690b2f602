package llmtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestOpenAIStreamWireFormat(t *testing.T) {
	s := NewOpenAI(t)
	s.Script(Reply{Text: []string{"Hi"}, ToolCalls: []ToolCall{{ID: "call_1", Name: "f", Arguments: `{"a":1}`}}})
	code, body := post(t, s.URL+"/chat/completions",
		`{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}`)
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	events := strings.Split(strings.TrimSpace(body), "\n\n")
	if events[len(events)-1] != "data: [DONE]" {
		t.Errorf("last event = %q", events[len(events)-1])
	}
	var sawUsage, sawFinish bool
	var args string
	for _, ev := range events[:len(events)-1] {
		var c struct {
			Object  string `json:"object"`
			Choices []struct {
				Delta struct {
					ToolCalls []struct {
						Index    int    `json:"index"`
						ID       string `json:"id"`
						Function struct {
							Arguments string `json:"arguments"`
						} `json:"function"`
					} `json:"tool_calls"`
				} `json:"delta"`
				FinishReason *string `json:"finish_reason"`
			} `json:"choices"`
			Usage *struct {
				TotalTokens int `json:"total_tokens"`
			} `json:"usage"`
		}
		if err := json.Unmarshal([]byte(strings.TrimPrefix(ev, "data: ")), &c); err != nil {
			t.Fatalf("event %q: %v", ev, err)
		}
		if c.Object != "chat.completion.chunk" {
			t.Errorf("object = %q", c.Object)
		}
		if c.Usage != nil {
			sawUsage = len(c.Choices) == 0 && c.Usage.TotalTokens > 0
		}
		for _, ch := range c.Choices {
			for _, tc := range ch.Delta.ToolCalls {
				args += tc.Function.Arguments
			}
			if ch.FinishReason != nil && *ch.FinishReason == "tool_calls" {
				sawFinish = true
			}
		}
	}
	if !sawUsage || !sawFinish || args != `{"a":1}` {
		t.Errorf("usage %v, finish %v, arguments %q", sawUsage, sawFinish, args)
	}
}

func TestOpenAIWithoutIncludeUsageSendsNoUsage(t *testing.T) {
	s := NewOpenAI(t)
	_, body := post(t, s.URL+"/chat/completions", `{"model":"m","stream":true,"messages":[]}`)
	if strings.Contains(body, `"total_tokens"`) {
		t.Errorf("usage sent without stream_options.include_usage: %s", body)
	}
}

func TestOpenAINonStream(t *testing.T) {
	s := NewOpenAI(t)
	s.Script(Reply{Text: []string{"Hel", "lo"}, ToolCalls: []ToolCall{{Name: "f", Arguments: `{}`}}})
	code, body := post(t, s.URL+"/chat/completions", `{"model":"m","messages":[{"role":"user","content":"x"}]}`)
	var resp struct {
		Object  string `json:"object"`
		Choices []struct {
			Message struct {
				Content   string `json:"content"`
				ToolCalls []struct {
					ID       string `json:"id"`
					Function struct{ Name, Arguments string }
				} `json:"tool_calls"`
			} `json:"message"`
			FinishReason string `json:"finish_reason"`
		} `json:"choices"`
		Usage struct {
			PromptTokens int `json:"prompt_tokens"`
		} `json:"usage"`
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil || code != 200 {
		t.Fatalf("%d %s: %v", code, body, err)
	}
	m := resp.Choices[0].Message
	if resp.Object != "chat.completion" || m.Content != "Hello" || len(m.ToolCalls) != 1 || m.ToolCalls[0].ID == "" ||
		resp.Choices[0].FinishReason != "tool_calls" || resp.Usage.PromptTokens == 0 {
		t.Errorf("response = %s", body)
	}
	req, _ := s.LastRequest()
	if c, err := req.Chat(); err != nil || c.Messages[0].Text() != "x" {
		t.Errorf("recorded request = %+v, %v", c, err)
	}
}

func TestScriptQueue(t *testing.T) {
	s := NewOpenAI(t)
	s.Script(Reply{Text: []string{"one"}}, Reply{Text: []string{"two"}})
	texts := []string{}
	for range 3 {
		_, body := post(t, s.URL+"/chat/completions", `{"model":"m","messages":[]}`)
		var r struct {
			Choices []struct{ Message struct{ Content string } }
		}
		_ = json.Unmarshal([]byte(body), &r)
		texts = append(texts, r.Choices[0].Message.Content)
	}
	if strings.Join(texts, ",") != "one,two,two" {
		t.Errorf("answers = %v", texts)
	}
	s.Script(Reply{Text: []string{"three"}})
	_, body := post(t, s.URL+"/chat/completions", `{"model":"m","messages":[]}`)
	if !strings.Contains(body, "three") {
		t.Errorf("a new script did not replace the reused reply: %s", body)
	}
	if n := len(s.Requests()); n != 4 {
		t.Errorf("recorded %d requests", n)
	}
}

func TestGeminiCompatibleToolCallsAndErrors(t *testing.T) {
	s := NewGeminiOpenAI(t)
	s.Script(Reply{ToolCalls: []ToolCall{{ID: "c1", Name: "f", Arguments: `{"a":1}`}}})
	_, body := post(t, s.URL+"/chat/completions", `{"model":"gemini-2.5-flash","stream":true,"messages":[]}`)
	if !strings.Contains(body, `"thought_signature":"sig-f"`) || strings.Contains(body, `"index":0,"type"`) ||
		!strings.Contains(body, `"arguments":"{\"a\":1}"`) || !strings.Contains(body, `"finish_reason":"stop"`) {
		t.Errorf("stream = %s", body)
	}

	s.APIKey = "right"
	code, body := post(t, s.URL+"/chat/completions", `{"model":"m","messages":[]}`)
	var errs []struct {
		Error struct {
			Code    int
			Status  string
			Details []struct{ Reason string }
		}
	}
	if err := json.Unmarshal([]byte(body), &errs); err != nil || code != 400 || errs[0].Error.Status != "INVALID_ARGUMENT" ||
		errs[0].Error.Details[0].Reason != "API_KEY_INVALID" {
		t.Errorf("wrong key: %d %s (%v)", code, body, err)
	}
}
